import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { openEncryptedRange } from '../../platform/crypto/segmented-aead.js';
import { Errors } from '../../platform/errors.js';
import type { MediaDeps } from './media.service.js';

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs a command-line tool (qpdf, ffprobe, ffmpeg) without a shell, bounded in time and in what
 * it may print. The tools come from Debian (scripts/lib.sh); a missing one is an operator error.
 */
export function runTool(
  command: string,
  args: string[],
  options: { timeoutMs: number; maxOutputBytes?: number },
): Promise<ToolResult> {
  const max = options.maxOutputBytes ?? 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > max) child.kill('SIGKILL');
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      // Only the start of the diagnostics is kept: enough to tell what went wrong.
      if (errBytes < 64 * 1024) err.push(chunk);
      errBytes += chunk.length;
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      // Not installed (scripts/lib.sh installs them): the upload cannot be checked, so it waits.
      reject(Errors.unavailable({ ja: 'ファイル検査ツール', en: 'File checking tools' }, error));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code: outBytes > max ? null : code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
      });
    });
  });
}

/**
 * Runs `work` with a plaintext copy of a scanned upload (an encrypted staged blob) in a private
 * 0700 scratch directory: the tools need a seekable file. The directory is removed afterwards,
 * whatever happens; one a crash leaves is removed at the next start (cleanTemporaryFiles).
 */
export async function withPlaintextCopy<T>(
  deps: MediaDeps,
  org: string,
  upload: { blobKey: string; size: number; extension: string },
  work: (file: string, dir: string) => Promise<T>,
): Promise<T> {
  const dir = await deps.blobs.scratchDir();
  try {
    const file = path.join(dir, `upload.${upload.extension}`);
    if (upload.size > 0) {
      const plain = await openEncryptedRange(
        deps.blobs.stagedPath(upload.blobKey),
        (version) => deps.keys.keyByVersion(org, version),
        upload.blobKey,
        0,
        upload.size - 1,
      );
      await pipeline(plain, fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    } else {
      fs.writeFileSync(file, '', { flag: 'wx', mode: 0o600 });
    }
    return await work(file, dir);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
