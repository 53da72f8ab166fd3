import { createHmac, hkdfSync } from 'node:crypto';

/**
 * A MAC over a scope and a text, under a key derived from the master key for one purpose
 * (HMAC-SHA-256, base64url): every node derives the same key, so each accepts what another signed,
 * and what was signed for one scope (an organisation, a list) does not verify under another.
 */
export function keyedMac(masterKey: Buffer, purpose: string): (scope: string, text: string) => string {
  const key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `mitte-c:${purpose}`, 32));
  return (scope, text) => createHmac('sha256', key).update(`${scope}\n${text}`).digest('base64url');
}
