import { randomBytes } from 'node:crypto';
import type { Database } from '../../src/db/database.js';
import type { TestApp } from '../../test/helpers/app.js';
import { Client, type SeededAccount, seedUser } from '../../test/helpers/client.js';
import { createOrganisation } from '../../test/helpers/fixtures.js';
import { type ServerProcess, startServer } from '../../test/helpers/server-process.js';

/** The organisation and its media editor (no two-factor) that the upload benches sign in as. */
export async function seedUploader(db: Database, org: string): Promise<SeededAccount> {
  await createOrganisation(db, org);
  // seedUser needs only the database (and the master key for TOTP, which this user has not).
  return seedUser({ database: { db }, masterKey: randomBytes(32) } as unknown as TestApp, org, {
    totp: false,
    rights: { media: 'edit' },
  });
}

/**
 * Starts the built server for an upload bench (the given clamd, no demo data, no scheduler) and
 * signs the uploader in. The caller stops the server.
 */
export async function startUploadServer(
  env: Record<string, string> & { DATA_DIR: string; CLAMD_URL: string },
  org: string,
  account: SeededAccount,
  nodeArgs: readonly string[] = [],
): Promise<{ server: ServerProcess; client: Client }> {
  const server = await startServer({ ...env, DEMO: 'false', SCHEDULER_INTERVAL_MS: '0' }, { nodeArgs });
  const client = new Client(server.url);
  const login = await client.post('/api/v1/auth/login', {
    serviceCode: org,
    email: account.email,
    password: account.password,
  });
  if (login.status !== 200) {
    await server.stop();
    throw new Error(`sign-in failed: ${JSON.stringify(login.body)}`);
  }
  return { server, client };
}
