import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  publicOrganisationRefreshes,
  publicOrganisationRefreshWindow,
  resolvedPublicOrganisation,
} from '../src/platform/http/route.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { createOrganisation } from './helpers/fixtures.js';

/**
 * The public side remembers each organisation's look-up for 5 s and then serves it while it is
 * refreshed in the background; refreshes due together go in one statement (issue 13: one
 * transaction per organisation every 5 s kept the database busy at 1,000 organisations).
 */
const ORGS = ['lookup-a', 'lookup-b', 'lookup-c', 'lookup-d'];
const productWindowMs = publicOrganisationRefreshWindow.ms;
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0', PUBLIC_CACHE_MB: '0' } });
  for (const org of ORGS) await createOrganisation(t.database.db, org);
});
afterAll(() => {
  publicOrganisationRefreshWindow.ms = productWindowMs;
  return t?.close();
});

const status = async (org: string) => (await fetch(`${t.url}/api/v1/public/${org}/spots?limit=1`)).status;

describe(`the public organisation look-up on ${process.env.TEST_DB ?? 'pglite'}`, () => {
  it('sees a change made without an invalidation after its TTL, refreshing the organisations due in one statement', async () => {
    for (const org of ORGS) expect(await status(org)).toBe(200);
    const unchanged = resolvedPublicOrganisation(t.database.db, 'lookup-c');
    const renamed = resolvedPublicOrganisation(t.database.db, 'lookup-d');
    expect(unchanged?.nameJa).toBe('lookup-c 町');
    // Suspended behind the app's back (no invalidation): remembered, so still served for now.
    await t.database.superuser.query(
      "UPDATE provider.organisations SET status = 'suspended' WHERE service_code = ANY ($1)",
      [ORGS.slice(0, 2)],
    );
    await t.database.superuser.query(
      "UPDATE provider.organisations SET name_ja = '改名町' WHERE service_code = 'lookup-d'",
    );
    for (const org of ORGS) expect(await status(org)).toBe(200);
    await new Promise((r) => setTimeout(r, 5100));
    const before = { ...publicOrganisationRefreshes };
    // Past the TTL each read is served as remembered and queues its refresh. The batch's window is
    // widened so that four reads of a loaded machine (50 ms apart on CI once) still fall in it.
    publicOrganisationRefreshWindow.ms = 1000;
    expect(await Promise.all(ORGS.map(status))).toEqual([200, 200, 200, 200]);
    for (let i = 0; i < 100 && (await status(ORGS[0]!)) !== 503; i += 1)
      await new Promise((r) => setTimeout(r, 20));
    expect(await Promise.all(ORGS.map(status))).toEqual([503, 503, 200, 200]);
    // All four in one statement (test files in this worker run one at a time).
    expect(publicOrganisationRefreshes).toEqual({
      statements: before.statements + 1,
      organisations: before.organisations + 4,
    });
    // An unchanged look-up keeps its object (what is built per reference, a page's key, stays
    // built); a changed one is a new object with the new name.
    expect(resolvedPublicOrganisation(t.database.db, 'lookup-c')).toBe(unchanged);
    const now = resolvedPublicOrganisation(t.database.db, 'lookup-d');
    expect(now).not.toBe(renamed);
    expect(now?.nameJa).toBe('改名町');
  });
});
