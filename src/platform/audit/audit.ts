import type { Database } from '../../db/database.js';
import { asOrganisation, type Scope, type Tx, withScope } from '../../db/scope.js';
import { type Actor, actorId } from '../access/actor.js';
import { redactSecrets } from '../observability/redact.js';
import { appendEvents, lockChainHead } from './audit.repo.js';
import { type AuditPayload, auditHash, chainOf } from './chain.js';

export type AuditOutcome = 'success' | 'failure' | 'denied';

/** What happened. `details` may hold anything; secrets in it are removed before storing. */
export interface AuditEntry {
  action: string;
  outcome?: AuditOutcome;
  target?: { type: string; id?: string | null };
  details?: Record<string, unknown>;
}

/** Who and from where; taken from the request context. */
export interface AuditSource {
  actor: Actor;
  ip: string | null;
  requestId: string | null;
}

/** The slice of a request/job context that auditing needs. */
export interface AuditContext extends AuditSource {
  tx: Tx;
  scope: Scope;
}

const ACTION = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

async function appendInScope(
  tx: Tx,
  org: string | null,
  source: AuditSource,
  entries: AuditEntry[],
): Promise<void> {
  for (const entry of entries)
    if (!ACTION.test(entry.action))
      throw new Error(`audit action "${entry.action}" is not dotted lower case`);
  const chain = chainOf(org);
  // Serialise appends per chain: the head row is locked until this transaction ends.
  const head = await lockChainHead(tx, chain, org);
  const at = new Date().toISOString();
  let prevHash = head.hash;
  const events = entries.map((entry, i) => {
    const details = JSON.parse(JSON.stringify(redactSecrets(entry.details ?? {}))) as Record<string, unknown>;
    const payload: AuditPayload = {
      chain,
      seq: head.seq + 1 + i,
      at,
      org,
      actorType: source.actor.type,
      actorId: actorId(source.actor),
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      ip: source.ip,
      outcome: entry.outcome ?? 'success',
      requestId: source.requestId,
      details,
    };
    const event = { payload, prevHash, hash: auditHash(prevHash, payload) };
    prevHash = event.hash;
    return event;
  });
  await appendEvents(tx, events);
}

/**
 * The one audit call. Appends to the chain of the context's organisation (or the provider's),
 * inside the context's transaction, so the record commits or rolls back with the change.
 * From the provider scope, `onOrganisation` also writes the event into that organisation's
 * chain, so its admins see what the provider did to it.
 */
export async function audit(
  ctx: AuditContext,
  entry: AuditEntry,
  options: { onOrganisation?: string } = {},
): Promise<void> {
  if (ctx.scope.kind === 'tenant') {
    await appendInScope(ctx.tx, ctx.scope.org, ctx, [entry]);
    return;
  }
  if (ctx.scope.kind !== 'provider') throw new Error('audit() needs a tenant or provider scope');
  const org = options.onOrganisation;
  // The provider chain's copy names the organisation too: the operators' work log filters by it.
  const recorded = org ? { ...entry, details: { ...entry.details, organisation: org } } : entry;
  await appendInScope(ctx.tx, null, ctx, [recorded]);
  if (org) await asOrganisation(ctx.tx, org, () => appendInScope(ctx.tx, org, ctx, [recorded]));
}

/**
 * Many changes of one operation (an import of thousands of rows), one event each, appended to the
 * organisation's chain in one go: the same records as one audit() per change, a few statements.
 */
export async function auditEach(
  ctx: AuditContext & { scope: { kind: 'tenant'; org: string } },
  entries: AuditEntry[],
) {
  if (entries.length > 0) await appendInScope(ctx.tx, ctx.scope.org, ctx, entries);
}

/**
 * Records a security event in a transaction of its own, for outcomes whose request is being
 * rolled back or never opened one (denied access, failed sign-in).
 */
export async function recordSecurityEvent(
  db: Database,
  org: string | null,
  source: AuditSource,
  entry: AuditEntry,
): Promise<void> {
  const scope: Scope = org ? { kind: 'tenant', org } : { kind: 'provider' };
  // Security events must not be lost with the request's rolled-back transaction.
  await withScope(db, scope, (tx) => appendInScope(tx, org, source, [entry]));
}
