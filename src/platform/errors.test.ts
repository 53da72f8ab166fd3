import { describe, expect, it } from 'vitest';
import { AppError, found } from './errors.js';

describe('found', () => {
  it('answers the value when there is one, falsy values included', () => {
    const row = { id: 'a' };
    expect(found(row)).toBe(row);
    expect(found(0)).toBe(0);
    expect(found('')).toBe('');
  });

  it('throws "not found" (404) for undefined and null', () => {
    for (const missing of [undefined, null]) {
      try {
        found(missing);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).status).toBe(404);
      }
    }
  });
});
