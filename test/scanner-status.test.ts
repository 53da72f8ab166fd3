import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { startClamd, type TestClamd } from './helpers/clamd.js';
import { Client, seedUser, signedIn, signedInOperator } from './helpers/client.js';
import { createOrganisation } from './helpers/fixtures.js';

let t: TestApp;
let clamd: TestClamd;
let operator: Client;

beforeAll(async () => {
  clamd = await startClamd();
  t = await startTestApp({ env: { CLAMD_URL: clamd.url, SCHEDULER_INTERVAL_MS: '0' } });
  operator = await signedInOperator(t, 'ops-scanner@mitte.example.jp');
});
afterAll(async () => {
  await t?.close();
  await clamd?.dispose();
});

function metric(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe('virus scanner status for operators and Prometheus', () => {
  it('operators see the engine and that uploads are accepted', async () => {
    const answer = await operator.get('/api/v1/ops/scanner');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: true, configured: true, uploads: 'accepted' });
    expect((answer.body as { engine: string }).engine).toMatch(/^\d+\.\d+/);
  });

  it('readiness warns (degraded) when clamd has only custom signatures and no official database', async () => {
    // The test clamd loads only the project's own signatures, as a scanner without freshclam would.
    const res = await fetch(`${t.url}/readyz`);
    const body = (await res.json()) as { checks: Record<string, Record<string, unknown>> };
    expect(body.checks.scanner).toMatchObject({ ok: true, databaseVersion: null, degraded: true });
    expect(String(body.checks.scanner?.warning)).toContain('only custom signatures');
  });

  it('organisation accounts are refused', async () => {
    await createOrganisation(t.database.db, 'scan-org');
    const admin = await signedIn(t, 'scan-org', await seedUser(t, 'scan-org', { role: 'admin' }));
    expect((await admin.get('/api/v1/ops/scanner')).status).toBe(403);
    expect((await new Client(t.url).get('/api/v1/ops/scanner')).status).toBe(401);
  });

  it('/metrics carries scanner up and the definitions age gauge with the engine label', async () => {
    const text = (await new Client(t.url).get('/metrics')).body as string;
    expect(metric(text, 'mitte_scanner_up')).toEqual(['mitte_scanner_up 1']);
    const age = metric(text, 'mitte_scanner_signature_age_seconds');
    expect(age).toHaveLength(1);
    expect(age[0]).toMatch(/engine="\d+\.\d+[^"]*"/);
  });

  it('a stopped clamd shows as down everywhere, and as up again once it is back', async () => {
    await clamd.stop();
    try {
      const answer = await operator.get('/api/v1/ops/scanner');
      expect(answer.body).toMatchObject({ ok: false, uploads: 'refused' });
      await new Promise((resolve) => setTimeout(resolve, 1100)); // the metrics cache one second
      const text = (await new Client(t.url).get('/metrics')).body as string;
      expect(metric(text, 'mitte_scanner_up')).toEqual(['mitte_scanner_up 0']);
    } finally {
      await clamd.start();
    }
    expect((await operator.get('/api/v1/ops/scanner')).body).toMatchObject({ ok: true });
  });
});
