import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type Transaction } from 'kysely';
import { type Database, withBeginPreamble } from './database.js';
import { loadOrganisationRefs } from './organisation-ref.js';
import { APP_ROLE } from './roles.js';
import type { DB } from './schema.js';

export type Tx = Transaction<DB>;

/**
 * Where a transaction may read: one organisation's customer data, or the provider's operating
 * data. No scope sees every organisation's customer data; the 'auth' scope sees only sessions
 * and sign-in throttles, for the session lookup and the limiter.
 */
export type Scope = { kind: 'tenant'; org: string } | { kind: 'provider' } | { kind: 'auth' };

export const SERVICE_CODE_PATTERN = /^[a-z][a-z0-9-]{2,31}$/;

/** The scope's row-level-security settings, as one statement (set with is_local = true). */
function scopeSettingsSql(scope: Scope): string {
  // Written as literals so that they can travel with BEGIN (no parameters there): the service code
  // is checked against its pattern (letters, digits, hyphens) and the realm is one of three words.
  if (scope.kind === 'tenant' && !SERVICE_CODE_PATTERN.test(scope.org))
    throw new Error('tenant scope needs a valid service code');
  const org = scope.kind === 'tenant' ? scope.org : '';
  return `SELECT set_config('app.org', '${org}', true), set_config('app.realm', '${scope.kind}', true)`;
}

/** Settings a transaction carries for row-level security, unless they went with its BEGIN. */
async function enterScope(tx: Tx, db: Database, settings: string, sentWithBegin: boolean): Promise<void> {
  // PGlite's session is superuser, which RLS ignores: drop to the app role for the transaction.
  if (db.kind === 'pglite') await sql.raw(`SET LOCAL ROLE ${APP_ROLE}`).execute(tx);
  if (!sentWithBegin) await sql.raw(settings).execute(tx);
}

/**
 * A transaction opened while the same async context already holds one on the same database. On
 * PGlite (one connection) the inner one would wait for the outer one forever and hang the whole
 * service; on PostgreSQL it takes a second connection and can exhaust the pool the same way. It
 * is a programming error: finish the outer transaction first (look up, commit, then stream).
 */
export class NestedTransactionError extends Error {
  override name = 'NestedTransactionError';
  constructor() {
    super(
      'a transaction was opened while this request (async context) already holds one on the same database: ' +
        'commit the first one before opening another (and never stream inside one)',
    );
  }
}

// The transaction the current async context holds; `open` turns false at its end, because work
// started inside it (a stream, a timer) keeps the context after the transaction is over.
const heldTransaction = new AsyncLocalStorage<{ db: Database; open: boolean }>();

/** Runs fn in one transaction limited to the scope; rolls back when fn throws. */
export async function withScope<T>(db: Database, scope: Scope, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const held = heldTransaction.getStore();
  if (held?.open && held.db === db) throw new NestedTransactionError();
  const mine = { db, open: true };
  const settings = scopeSettingsSql(scope);
  try {
    return await heldTransaction.run(mine, () =>
      withBeginPreamble(db, settings, (sentWithBegin) =>
        db.kysely.transaction().execute(async (tx) => {
          await enterScope(tx, db, settings, sentWithBegin());
          return fn(tx);
        }),
      ),
    );
  } finally {
    mine.open = false;
  }
}

/** Runs fn outside any transaction this async context holds (work that outlives the request's). */
export function outsideTransaction<T>(fn: () => T): T {
  return heldTransaction.exit(fn);
}

export function withTenant<T>(db: Database, org: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withScope(db, { kind: 'tenant', org }, fn);
}

export function withProvider<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withScope(db, { kind: 'provider' }, fn);
}

/**
 * Inside a provider (or auth) transaction, runs fn with one organisation's scope switched on,
 * then switches back. Used only where the provider must write into an organisation's chain (its
 * audit events) or provision its first rows, and where the session lookup checks the account.
 */
export async function asOrganisation<T>(tx: Tx, org: string, fn: () => Promise<T>): Promise<T> {
  if (!SERVICE_CODE_PATTERN.test(org)) throw new Error('asOrganisation needs a valid service code');
  return switchScope(tx, ['provider', 'auth'], { org, realm: 'tenant' }, fn);
}

/**
 * Organisations a batch writer takes through eachOrganisation in one transaction: a node serving
 * a thousand organisations wrote a transaction each (five round trips, a commit) per flush, a
 * burst of thousands of statements. On PGlite (one connection, in this thread) a transaction holds
 * every other request's statements until it ends: 20 organisations keep that to ~10 ms.
 */
export const ORGANISATIONS_PER_TRANSACTION = { postgres: 200, pglite: 20 } as const;

/**
 * Inside a provider transaction, runs fn for each organisation in its tenant scope in turn, then
 * switches back: one statement per organisation for the switch, where a transaction each (as
 * withTenant) is five round trips, for a job that writes many organisations' rows at once.
 * Organisations that no longer exist (purged since the job's data was gathered) are left out.
 */
export async function eachOrganisation(
  tx: Tx,
  orgs: readonly string[],
  fn: (org: string) => Promise<void>,
): Promise<void> {
  if (orgs.some((org) => !SERVICE_CODE_PATTERN.test(org)))
    throw new Error('eachOrganisation needs valid service codes');
  if (orgs.length === 0) return;
  const known = await loadOrganisationRefs(tx, [...orgs]);
  await switchScopes(
    tx,
    ['provider'],
    orgs.map((org) => ({ org, realm: 'tenant' as const })),
    async (to) => {
      if (known.has(to.org)) await fn(to.org);
    },
  );
}

/**
 * Inside an auth transaction, runs fn in an account realm's scope (an organisation's, or the
 * provider's for operators), then switches back. The sign-in success path uses it so that the
 * session, the throttle and the account's own writes (last sign-in, audit) commit together.
 */
export async function asAccountRealm<T>(tx: Tx, scope: Scope, fn: () => Promise<T>): Promise<T> {
  if (scope.kind === 'tenant') {
    if (!SERVICE_CODE_PATTERN.test(scope.org)) throw new Error('asAccountRealm needs a valid service code');
    return switchScope(tx, ['auth'], { org: scope.org, realm: 'tenant' }, fn);
  }
  if (scope.kind !== 'provider') throw new Error('asAccountRealm needs a tenant or provider scope');
  return switchScope(tx, ['auth'], { org: '', realm: 'provider' }, fn);
}

/** Switches the transaction's scope settings for fn, from one of the allowed realms, and back. */
async function switchScope<T>(tx: Tx, from: string[], to: ScopeSettings, fn: () => Promise<T>): Promise<T> {
  const [result] = await switchScopes(tx, from, [to], fn);
  return result as T;
}

interface ScopeSettings {
  org: string;
  realm: 'tenant' | 'provider';
}

/**
 * Switches the transaction's scope settings to each target in turn, running fn in each, from one
 * of the allowed realms; switches back once at the end (also when fn throws).
 */
async function switchScopes<T>(
  tx: Tx,
  from: string[],
  targets: readonly ScopeSettings[],
  fn: (to: ScopeSettings) => Promise<T>,
): Promise<T[]> {
  const { rows } = await sql<{ org: string | null; realm: string | null }>`
    SELECT current_setting('app.org', true) AS org, current_setting('app.realm', true) AS realm`.execute(tx);
  const realm = rows[0]?.realm;
  if (!realm || !from.includes(realm)) {
    const realms = [...new Set(targets.map((to) => to.realm))].join(' or ');
    throw new Error(`switching to the ${realms} scope is only allowed from the ${from.join(' or ')} scope`);
  }
  const back = sql`SELECT set_config('app.org', '', true), set_config('app.realm', ${realm}, true)`;
  const results: T[] = [];
  try {
    for (const to of targets) {
      await sql`SELECT set_config('app.org', ${to.org}, true), set_config('app.realm', ${to.realm}, true)`.execute(
        tx,
      );
      results.push(await fn(to));
    }
  } catch (error) {
    // After a database error the transaction is aborted and rolls back anyway.
    await back.execute(tx).catch(() => {});
    throw error;
  }
  await back.execute(tx);
  return results;
}
