import fs from 'node:fs';
import path from 'node:path';
import { fileRefused } from './file-refusal.js';
import type { MediaDeps } from './media.service.js';
import { storeEncrypted, type UploadToKeep } from './media-images.js';
import { runTool, withPlaintextCopy } from './media-tools.js';

const PROBE_TIMEOUT_MS = 60_000;
// A remux copies the packets without decoding them: disk speed, seconds for 500 MB.
const REMUX_TIMEOUT_MS = 10 * 60_000;

/** What ffprobe must find for each accepted video type, and what ffmpeg writes it back as. */
const CONTAINERS: Record<string, { formatNames: string[]; muxer: string }> = {
  'video/mp4': { formatNames: ['mp4', 'mov'], muxer: 'mp4' },
  'video/webm': { formatNames: ['webm', 'matroska'], muxer: 'webm' },
};

export interface StoredVideo {
  blobKey: string;
  sizeBytes: number;
  sha256: string;
  width: number;
  height: number;
  durationMs: number;
}

interface Probe {
  format?: { format_name?: string; duration?: string };
  streams?: {
    codec_type?: string;
    width?: number;
    height?: number;
    disposition?: { attached_pic?: number };
    side_data_list?: { rotation?: number }[];
  }[];
}

function unreadable(cause?: unknown) {
  return fileRefused(
    422,
    'video_unreadable',
    '動画として読み込めませんでした（壊れているか、動画以外のデータです）。元のアプリケーションから書き出し直してください。',
    'The file could not be read as a video (it is damaged or is not a video). Export it again from the application that made it.',
    { cause },
  );
}

/** Duration and display size from ffprobe's answer, or why it is not a video of the declared type. */
export function videoFacts(
  probe: Probe,
  mime: string,
): { width: number; height: number; durationMs: number } {
  const container = CONTAINERS[mime];
  const names = (probe.format?.format_name ?? '').split(',');
  if (!container || !container.formatNames.some((name) => names.includes(name))) {
    throw unreadable(new Error(`ffprobe read ${probe.format?.format_name}, expected ${mime}`));
  }
  const video = probe.streams?.find(
    (s) => s.codec_type === 'video' && !s.disposition?.attached_pic && s.width && s.height,
  );
  const seconds = Number(probe.format?.duration);
  if (!video?.width || !video.height || !Number.isFinite(seconds) || seconds <= 0) {
    throw unreadable(new Error('no video stream with a size and a duration'));
  }
  // A phone's portrait video is stored landscape with a rotation: report what a viewer sees.
  const rotation = Math.abs(video.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? 0);
  const turned = rotation % 180 === 90;
  return {
    width: turned ? video.height : video.width,
    height: turned ? video.width : video.height,
    durationMs: Math.round(seconds * 1000),
  };
}

/**
 * Turns a scanned video upload (an encrypted temporary blob) into what is kept: the container
 * parsed by ffprobe (anything it cannot read as a video of the declared type is refused), then
 * remuxed by ffmpeg without re-encoding and without any metadata (the GPS position phones write
 * as ©xyz or com.apple.quicktime.location, the device make and model, creation times), keeping
 * only video and audio streams (a data stream can be a GPS track) and moving the index to the
 * front so playback starts before the download ends. The caller removes the temporary blob.
 */
export async function storeVideo(deps: MediaDeps, file: UploadToKeep): Promise<StoredVideo> {
  const { org, key, upload, stem, extension } = file;
  const container = CONTAINERS[upload.mime];
  if (!container || upload.size === 0) throw unreadable();
  return withPlaintextCopy(deps, org, { ...upload, extension }, async (file, dir) => {
    const probed = await runTool(
      'ffprobe',
      ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file],
      { timeoutMs: PROBE_TIMEOUT_MS },
    );
    if (probed.code !== 0) throw unreadable(new Error(probed.stderr.slice(0, 2000)));
    let probe: Probe;
    try {
      probe = JSON.parse(probed.stdout) as Probe;
    } catch (error) {
      throw unreadable(error);
    }
    const facts = videoFacts(probe, upload.mime);
    const output = path.join(dir, `remuxed.${extension}`);
    const remuxed = await runTool(
      'ffmpeg',
      [
        ...['-nostdin', '-v', 'error', '-i', file],
        // Video (not cover pictures) and audio only; no chapters; no global or stream metadata.
        ...['-map', '0:V', '-map', '0:a?', '-map_chapters', '-1'],
        ...['-map_metadata', '-1', '-map_metadata:s:v', '-1', '-map_metadata:s:a', '-1'],
        // No "Lavf" version tag and no creation time from the muxer itself.
        ...['-c', 'copy', '-fflags', '+bitexact', '-flags:v', '+bitexact', '-flags:a', '+bitexact'],
        ...(container.muxer === 'mp4' ? ['-movflags', '+faststart'] : []),
        ...['-f', container.muxer, output],
      ],
      { timeoutMs: REMUX_TIMEOUT_MS },
    );
    if (remuxed.code !== 0 || !fs.existsSync(output) || fs.statSync(output).size === 0) {
      throw unreadable(new Error(remuxed.stderr.slice(0, 2000) || 'ffmpeg wrote nothing'));
    }
    const blobKey = `${stem}.${extension}`;
    try {
      const stored = await storeEncrypted(deps, key, blobKey, fs.createReadStream(output));
      return { blobKey, ...stored, ...facts };
    } catch (error) {
      await deps.blobs.delete(blobKey).catch(() => {});
      throw error;
    }
  });
}
