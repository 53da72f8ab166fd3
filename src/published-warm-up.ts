/**
 * Start-up warming of the per-node published cache (issue 13): after a deploy or a restart, the
 * organisations visitors actually read (those with views over the analytics range) get their whole
 * published model, or while it has no room their most viewed items, one statement per
 * organisation, before the first visitors ask for them. Runs in the background
 * after the server listens; stops at half the cache budget, when the app closes, or on an error
 * (logged: a cold cache is slower, never wrong).
 */
import type { Database } from './db/database.js';
import { mostViewedContent } from './modules/analytics/index.js';
import type { PublishedReads } from './modules/content/index.js';
import { runAsSystem } from './platform/access/system-context.js';
import { listServiceCodes } from './platform/tenancy/organisations.repo.js';

export interface WarmUpResult {
  organisations: number;
  items: number;
  bytes: number;
  ms: number;
}

export async function warmPublishedCache(
  db: Database,
  reads: PublishedReads,
  options: { perOrganisation: number; stopped: () => boolean },
): Promise<WarmUpResult> {
  const started = performance.now();
  const result = { organisations: 0, items: 0, bytes: 0, ms: 0 };
  const orgs = await runAsSystem(db, { kind: 'provider' }, 'cache-warm-up', [], (ctx) =>
    listServiceCodes(ctx.tx, { status: 'active' }),
  );
  for (const org of orgs) {
    if (options.stopped()) break;
    const modelFull = !reads.model.enabled || reads.model.bytes >= reads.model.maxBytes / 2;
    if (modelFull && reads.bytes >= reads.maxBytes / 2) break;
    const ids = await runAsSystem(db, { kind: 'tenant', org }, 'cache-warm-up', ['analytics:view'], (ctx) =>
      mostViewedContent(ctx, options.perOrganisation),
    );
    if (ids.length === 0) continue;
    result.organisations += 1;
    // An organisation with traffic: its whole published model, while the model has room.
    const model = reads.model;
    if (model.enabled && model.bytes < model.maxBytes / 2) {
      await model.load(org);
      if (model.holds(org)) continue;
    }
    result.items += await reads.warm(org, ids);
  }
  return { ...result, bytes: reads.bytes, ms: Math.round(performance.now() - started) };
}
