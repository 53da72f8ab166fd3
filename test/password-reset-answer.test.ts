import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { type SeededAccount, seedUser } from './helpers/client.js';
import { createOrganisation } from './helpers/fixtures.js';

/**
 * A reset request must not tell, by how long it takes, whether the address has an account: it
 * answers before any mail is sent. The mail server here accepts connections and never greets, so
 * a request that waited for it would not answer within the deadline.
 */
const ANSWER_WITHIN_MS = 5_000;

let silentSmtp: net.Server;
const sockets = new Set<net.Socket>();
let t: TestApp;
let user: SeededAccount;

beforeAll(async () => {
  silentSmtp = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silentSmtp.listen(0, '127.0.0.1', resolve));
  const { port } = silentSmtp.address() as AddressInfo;
  t = await startTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
  await createOrganisation(t.database.db, 'osoimail');
  user = await seedUser(t, 'osoimail', { totp: false });
}, 120_000);

afterAll(async () => {
  await t?.close();
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => silentSmtp.close(() => resolve()));
});

async function requestReset(email: string) {
  const res = await fetch(`${t.url}/api/v1/auth/password-reset`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceCode: 'osoimail', email }),
    signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
  });
  return { status: res.status, body: await res.json() };
}

describe('password reset request', () => {
  it('answers a known and an unknown address alike without waiting for the mail server', async () => {
    const known = await requestReset(user.email);
    const unknown = await requestReset('nobody@osoimail.example.jp');
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    // The mail is on its way (the server was contacted) after the answer.
    await expect.poll(() => sockets.size, { timeout: 10_000 }).toBeGreaterThan(0);
  });
});
