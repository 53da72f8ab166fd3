import { startTestApp, type TestApp } from './app.js';
import { type Client, seedUser, signedIn } from './client.js';
import { createOrganisation } from './fixtures.js';

/**
 * Signed-in clients of an organisation at each level of the content rights (spots and events,
 * and courses and articles), plus one of another organisation with the publish right.
 */
export async function contentClients(t: TestApp, org: string, otherOrg: string) {
  const as = async (code: string, level: string) =>
    signedIn(
      t,
      code,
      await seedUser(t, code, {
        totp: false,
        rights: { spots: level, events: level, courses: level, articles: level },
      }),
    );
  const clients: Record<'viewer' | 'editor' | 'publisher' | 'other', Client> = {
    viewer: await as(org, 'view'),
    editor: await as(org, 'edit'),
    publisher: await as(org, 'publish'),
    other: await as(otherOrg, 'publish'),
  };
  return clients;
}

/**
 * A test app (scheduler off) with the organisation `org` and a neighbour, `tonari`, and the
 * clients of {@link contentClients}: the set-up of the content API's tests.
 */
export async function startContentApp(org: string, name: string) {
  const t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(t.database.db, org, name);
  await createOrganisation(t.database.db, 'tonari', '隣町');
  return { t, ...(await contentClients(t, org, 'tonari')) };
}
