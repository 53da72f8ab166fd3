import { AppError } from '../errors.js';

/**
 * The one byte range of a `Range: bytes=…` header against a file of `size` bytes: null without
 * the header, 'invalid' for what cannot be satisfied (answer 416). Multiple ranges are refused.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null | 'invalid' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return 'invalid';
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start > end || start >= size) return 'invalid';
  return { start, end };
}

/** 416 for a range parseRange called invalid (the caller sets `Content-Range: bytes *\/size`). */
export function rangeNotSatisfiable(): AppError {
  return new AppError(416, 'range_not_satisfiable', {
    ja: '指定された範囲が正しくありません。',
    en: 'The requested range is not satisfiable.',
  });
}
