import { AppError } from '../../platform/errors.js';

/**
 * A refusal of the uploaded file. It names the `file` field, so the console shows it beside the
 * file picker; every check of an upload (name, type, size, quota, scan, decoding) refuses through it.
 */
export function fileRefused(
  status: number,
  code: string,
  ja: string,
  en: string,
  more: { cause?: unknown; details?: Record<string, unknown> } = {},
): AppError {
  return new AppError(status, code, { ja, en }, { field: 'file', ...more });
}
