import { startTestApp } from './app.js';
import { startClamd } from './clamd.js';
import { seedUser, signedIn } from './client.js';
import { createOrganisation } from './fixtures.js';

/**
 * A real clamd, a test app (scheduler off) that scans uploads with it, the organisation `org` and
 * a signed-in editor of its media: the set-up of the upload tests. Close the app, then clamd.
 */
export async function startMediaApp(org: string) {
  const clamd = await startClamd();
  try {
    const t = await startTestApp({ env: { CLAMD_URL: clamd.url, SCHEDULER_INTERVAL_MS: '0' } });
    await createOrganisation(t.database.db, org);
    const editor = await signedIn(t, org, await seedUser(t, org, { totp: false, rights: { media: 'edit' } }));
    return { clamd, t, editor };
  } catch (error) {
    await clamd.dispose();
    throw error;
  }
}
