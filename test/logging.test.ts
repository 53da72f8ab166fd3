import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Client, seedUser, signedIn } from './helpers/client.js';
import { createOrganisation } from './helpers/fixtures.js';

const lines: string[] = [];
let t: TestApp;

beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  t = await startTestApp({ env: { LOG_LEVEL: 'info' }, deps: { logStream: stream } });
  await createOrganisation(t.database.db, 'hotaru');
});
afterAll(() => t.close());

describe('logs', () => {
  it('are JSON lines with UTC time, request id and service code, and never carry secrets', async () => {
    const account = await seedUser(t, 'hotaru', { totp: false });
    const client = await signedIn(t, 'hotaru', account);
    await client.get('/api/v1/me', { authorization: 'Bearer super-secret-bearer' });
    await new Client(t.url).post('/api/v1/auth/login', {
      serviceCode: 'hotaru',
      email: account.email,
      password: 'Wrong but secret pw 123',
    });
    await fetch(`${t.url}/s/hotaru/`);

    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed.length).toBeGreaterThan(5);
    for (const entry of parsed) {
      expect(String(entry.time)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
    expect(parsed.some((e) => typeof e.reqId === 'string' && e.serviceCode === 'hotaru')).toBe(true);
    // The access line: one per request (ACCESS_LOG_SAMPLE_PERCENT defaults to 100), labelled too.
    const access = parsed.find(
      (e) => e.msg === 'request completed' && (e.req as { url?: string } | undefined)?.url === '/api/v1/me',
    );
    expect(access).toMatchObject({ serviceCode: 'hotaru', res: { statusCode: 200 } });
    expect(typeof access?.responseTime).toBe('number');
    const all = lines.join('\n');
    const session = client.sessionCookie!;
    for (const secret of [
      account.password,
      'Wrong but secret pw 123',
      session,
      'super-secret-bearer',
      client.cookies.get('mitte_csrf')!,
    ]) {
      expect(all).not.toContain(secret);
    }
  });
});
