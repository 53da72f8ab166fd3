import type { FastifyInstance } from 'fastify';
import { Errors } from './errors.js';

/** The path of the first string holding a NUL character, which PostgreSQL text cannot store. */
export function findNul(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'body' : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findNul(item, path ? `${path}.${i}` : String(i));
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = findNul(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

/** Refuses JSON bodies with NUL characters as a 400 naming the field, instead of a database error. */
export function installNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined || Buffer.isBuffer(request.body)) return;
    const field = findNul(request.body);
    if (field) {
      throw Errors.invalidField(field, {
        ja: '使用できない制御文字（NUL）が含まれています。',
        en: 'contains a NUL control character, which is not allowed.',
      });
    }
  });
}
