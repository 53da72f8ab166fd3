import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random secret for cookies and mailed links: 32 bytes, base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Only hashes of tokens are stored; the tokens themselves are high-entropy, so SHA-256 suffices. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * A mailed single-use link token names its organisation (`<service code>.<secret>`), so the
 * lookup runs in that organisation's row-level-security scope. The service code is not secret.
 */
export function organisationToken(serviceCode: string): string {
  return `${serviceCode}.${randomToken()}`;
}

export function parseOrganisationToken(token: string): { serviceCode: string; hash: string } | null {
  const match = /^([a-z][a-z0-9-]{2,31})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  return { serviceCode: match[1]!, hash: tokenHash(token) };
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
