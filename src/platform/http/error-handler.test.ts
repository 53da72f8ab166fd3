import type { FastifyError } from 'fastify';
import { describe, expect, it } from 'vitest';
import { toAppError } from './error-handler.js';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code }) as FastifyError;

describe('toAppError for database errors', () => {
  it('a deadlock or serialization failure is a 409 write_conflict saying to try again, in ja and en', () => {
    for (const code of ['40P01', '40001']) {
      const error = toAppError(pgError(code), 1024);
      expect(error.status).toBe(409);
      expect(error.code).toBe('write_conflict');
      expect(error.headers).toEqual({ 'retry-after': '1' });
      expect(error.text.ja).toContain('もう一度お試しください');
      expect(error.text.en).toContain('try again');
    }
  });

  it('a wait limit is a 503 with Retry-After; any other database error stays a 500', () => {
    expect(toAppError(pgError('55P03'), 1024)).toMatchObject({ status: 503, code: 'unavailable' });
    expect(toAppError(pgError('23505'), 1024)).toMatchObject({ status: 500, code: 'internal_error' });
  });
});
