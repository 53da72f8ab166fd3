import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Expression, expressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';

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

/**
 * The columns both tables of mailed links have (accounts' `tenant.user_tokens`, operators'
 * `provider.operator_tokens`). The owners' repos run the queries; the conditions are written once here.
 */
interface LinkTokenColumns {
  token_hash: string;
  purpose: 'invitation' | 'password_reset';
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}
const link = expressionBuilder<{ link: LinkTokenColumns }, 'link'>();

/** Neither used nor revoked (a new link revokes these; a live one is also unexpired). For a select or an update. */
export function outstandingLinks() {
  return <Q extends { where(condition: Expression<SqlBool>): Q }>(query: Q) =>
    query.where(link('used_at', 'is', null)).where(link('revoked_at', 'is', null));
}

/** The live (unexpired, unused, unrevoked) link of this hash and purpose, locked so it is used once. */
export function liveLink(hash: string, purpose: LinkTokenColumns['purpose']) {
  return <DB, TB extends keyof DB, O>(select: SelectQueryBuilder<DB, TB, O>) =>
    select
      .where(link('token_hash', '=', hash))
      .where(link('purpose', '=', purpose))
      .$call(outstandingLinks())
      .where(link('expires_at', '>', new Date()))
      .forUpdate();
}
