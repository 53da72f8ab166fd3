import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { translate } from './i18n';
import {
  compactText,
  filterMedia,
  formatBytes,
  formatDuration,
  type MediaItem,
  mediaThumbnailUrl,
  needsAltWarning,
  parseTags,
  precheckFile,
  readUploadedItem,
  uploadOutcome,
  uploadOutcomeText,
  usedByOf,
} from './media';

const tJa = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
  translate('ja', key, params);

function item(id: string, kind: MediaItem['kind'], createdAt: string): MediaItem {
  return { id, kind, mime: '', originalName: `${id}`, sizeBytes: 1, sha256: '', alt: {}, createdAt };
}

function apiError(status: number, code: string, details?: Record<string, unknown>): ApiError {
  return new ApiError(status, {
    code,
    message: { ja: `${code} の説明`, en: `about ${code}` },
    ...(details ? { details } : {}),
  });
}

describe('formatDuration', () => {
  it('shows minutes:seconds, with hours when there are any', () => {
    expect(formatDuration(7_400)).toBe('0:07');
    expect(formatDuration(754_000)).toBe('12:34');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(-1)).toBe('—');
  });
});

describe('formatBytes', () => {
  it('uses B, KB, MB and GB', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.0 KB');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20.0 MB');
    expect(formatBytes(3 * 1024 * 1024 * 1024)).toBe('3.0 GB');
  });
  it('answers a dash for nonsense', () => {
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('precheckFile', () => {
  it('accepts the listed types within their limits', () => {
    expect(precheckFile({ type: 'image/jpeg', size: 20 * 1024 * 1024 })).toBeUndefined();
    expect(precheckFile({ type: 'video/mp4', size: 400 * 1024 * 1024 })).toBeUndefined();
    expect(precheckFile({ type: 'application/pdf', size: 1000 })).toBeUndefined();
  });
  it('refuses other types and oversized files, and leaves unknown types to the server', () => {
    expect(precheckFile({ type: 'image/svg+xml', size: 10 })).toBe('type');
    expect(precheckFile({ type: 'image/png', size: 20 * 1024 * 1024 + 1 })).toBe('size');
    expect(precheckFile({ type: 'application/pdf', size: 51 * 1024 * 1024 })).toBe('size');
    expect(precheckFile({ type: '', size: 10 })).toBeUndefined();
  });
});

describe('uploadOutcome and its text', () => {
  it('201: virus-scanned and stored', () => {
    const outcome = uploadOutcome({ item: item('a', 'image', '2025-01-01T00:00:00Z') }, 'ja');
    expect(outcome.kind).toBe('stored');
    expect(uploadOutcomeText(outcome, tJa)).toBe('ウイルス検査済み・登録しました');
  });
  it('422 infected: names the signature and keeps the server message', () => {
    const outcome = uploadOutcome(apiError(422, 'infected', { signature: 'Eicar-Test-Signature' }), 'ja');
    expect(outcome).toEqual({
      kind: 'infected',
      signature: 'Eicar-Test-Signature',
      message: 'infected の説明',
    });
    expect(uploadOutcomeText(outcome, tJa)).toBe(
      'ウイルスが検出されたため受け付けませんでした（Eicar-Test-Signature） infected の説明',
    );
  });
  it('422 infected without a signature', () => {
    const outcome = uploadOutcome(apiError(422, 'infected'), 'en');
    expect(uploadOutcomeText(outcome, (k, p) => translate('en', k, p))).toBe(
      'Refused because a virus was detected (unnamed) about infected',
    );
  });
  it.each([
    [415, 'unsupported_file_type'],
    [415, 'extension_mismatch'],
    [413, 'file_too_large'],
    [413, 'quota_exceeded'],
    [503, 'scanner_unavailable'],
  ])('%i %s: the server message in the chosen language', (status, code) => {
    const ja = uploadOutcome(apiError(status, code), 'ja');
    expect(ja).toEqual({ kind: 'refused', code, message: `${code} の説明` });
    expect(uploadOutcomeText(ja, tJa)).toBe(`${code} の説明`);
    expect(uploadOutcome(apiError(status, code), 'en')).toMatchObject({ message: `about ${code}` });
  });
});

describe('other helpers', () => {
  it('filters by kind, newest first', () => {
    const items = [
      item('a', 'image', '2025-01-01T00:00:00Z'),
      item('b', 'pdf', '2025-02-01T00:00:00Z'),
      item('c', 'image', '2025-03-01T00:00:00Z'),
    ];
    expect(filterMedia(items, 'all').map((i) => i.id)).toEqual(['c', 'b', 'a']);
    expect(filterMedia(items, 'image').map((i) => i.id)).toEqual(['c', 'a']);
    expect(filterMedia(items, 'video')).toEqual([]);
  });
  it('parses tags and compacts texts', () => {
    expect(parseTags(' 紅葉、寺社,紅葉 , ,夜景')).toEqual(['紅葉', '寺社', '夜景']);
    expect(compactText({ ja: ' 五重塔 ', en: '  ', ko: '' })).toEqual({ ja: '五重塔' });
  });
  it('warns about missing Japanese alt text on images only', () => {
    expect(needsAltWarning({ kind: 'image' }, { en: 'Pagoda' })).toBe(true);
    expect(needsAltWarning({ kind: 'image' }, { ja: '五重塔' })).toBe(false);
    expect(needsAltWarning({ kind: 'pdf' }, {})).toBe(false);
  });
  it('reads the uploaded item at the top level or under `item`', () => {
    const stored = item('m1', 'video', '2025-01-01T00:00:00Z');
    expect(readUploadedItem(stored)?.id).toBe('m1');
    expect(readUploadedItem({ item: stored })?.id).toBe('m1');
    expect(readUploadedItem({ id: 1 })).toBeUndefined();
    expect(readUploadedItem(undefined)).toBeUndefined();
  });
});

describe('derivatives and where-used', () => {
  it('grids show the 320 px derivative of an image, the file itself otherwise', () => {
    const photo = {
      ...item('p1', 'image', '2026-01-01T00:00:00Z'),
      derivatives: [{ variant: 'w320', width: 320, height: 200, sizeBytes: 9 }],
    };
    expect(mediaThumbnailUrl(photo)).toMatch(/\/media\/p1\/content\?variant=w320$/);
    expect(mediaThumbnailUrl(item('v1', 'video', '2026-01-01T00:00:00Z'))).toMatch(/\/media\/v1\/content$/);
  });

  it('reads the where-used list of a 409 media_in_use answer and nothing else', () => {
    const usedBy = [{ kind: 'spot', id: 's1', title: '白鷺の滝' }];
    expect(usedByOf(apiError(409, 'media_in_use', { usedBy }))).toEqual(usedBy);
    expect(usedByOf(apiError(409, 'version_conflict', { usedBy }))).toBeUndefined();
    expect(usedByOf(undefined)).toBeUndefined();
  });
});
