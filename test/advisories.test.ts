import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertOutboundUrl, fetchOutbound, isPublicAddress } from '../src/platform/http/outbound-url.js';
import { ClamdClient } from '../src/platform/scan/clamd.js';
import { SignatureUpdater } from '../src/platform/scan/signature-updater.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { startClamd, type TestClamd } from './helpers/clamd.js';
import {
  Client,
  errorCode,
  nextTotp,
  postFile,
  type SeededAccount,
  seedUser,
  signedIn,
} from './helpers/client.js';
import { eventData, spotData } from './helpers/content.js';
import { createOrganisation } from './helpers/fixtures.js';
import { linkIn, type SmtpCatcher, startSmtpCatcher } from './helpers/smtp.js';

// Regression tests named after the advisories of other headless CMSs (issue 10): each attack,
// tried through HTTP against the real parts on this database.

const ORG = 'advisory';
const OTHER = 'advisory-b';
let t: TestApp;
let smtp: SmtpCatcher;
let clamd: TestClamd;
let admin: Client;
let adminAccount: SeededAccount;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  clamd = await startClamd();
  t = await startTestApp({
    env: {
      SMTP_URL: smtp.url,
      CLAMD_URL: clamd.url,
      LOGIN_DELAY_BASE_MS: '0',
      LOGIN_LOCK_THRESHOLD: '10',
      SCHEDULER_INTERVAL_MS: '0',
    },
  });
  await createOrganisation(t.database.db, ORG);
  await createOrganisation(t.database.db, OTHER);
  adminAccount = await seedUser(t, ORG, { role: 'admin' });
  admin = await signedIn(t, ORG, adminAccount);
}, 90_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
  await clamd?.dispose();
});

function login(client: Client, org: string, email: string, password: string) {
  return client.post('/api/v1/auth/login', { serviceCode: org, email, password });
}

async function created(kind: string, data: unknown, as = admin): Promise<{ id: string; version: number }> {
  const res = await as.post(`/api/v1/${kind}`, data);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; version: number };
}

/** A body each collection accepts, so only the id decides the answer. */
function validData(kind: string, spotIds: string[]): unknown {
  if (kind === 'spots') return spotData('乗っ取り');
  if (kind === 'events') return eventData('乗っ取り');
  if (kind === 'courses')
    return { name: { ja: '乗っ取り' }, stops: spotIds.map((spotId) => ({ spotId, stayMinutes: 5 })) };
  return { title: { ja: '乗っ取り' }, body: { ja: '乗っ取り' } };
}

async function uploadedImage(as = admin): Promise<string> {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c33' } })
    .png()
    .toBuffer();
  const res = await postFile(as, 'photo.png', png, 'image/png');
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe(`advisory regressions on ${process.env.TEST_DB ?? 'pglite'}`, () => {
  it('Payload CVE-2026-25574: an id from a sibling collection is "not found" on every other collection, and changes nothing', async () => {
    const spot = await created('spots', spotData('IDOR 寺'));
    const second = await created('spots', spotData('IDOR 二つ目'));
    const event = await created('events', eventData('IDOR 祭'));
    const media = await uploadedImage();
    const missing = await admin.get('/api/v1/events/6b0f7d3e-2d7a-4c55-9a43-000000000000');
    expect(missing.status).toBe(404);
    const foreignIds = [spot.id, event.id, media];
    for (const kind of ['spots', 'events', 'courses', 'articles', 'media']) {
      for (const id of foreignIds) {
        const own = (kind === 'spots' && id === spot.id) || (kind === 'events' && id === event.id);
        if (own || (kind === 'media' && id === media)) continue;
        const answers = [
          await admin.get(`/api/v1/${kind}/${id}`),
          kind === 'media'
            ? await admin.patch(`/api/v1/media/${id}`, { alt: { ja: '乗っ取り' } })
            : await admin.put(`/api/v1/${kind}/${id}`, {
                version: 1,
                data: validData(kind, [spot.id, second.id]),
              }),
          ...(kind === 'media'
            ? [await admin.get(`/api/v1/media/${id}/content`)]
            : [
                await admin.post(`/api/v1/${kind}/${id}/publish`, { version: 1 }),
                await admin.get(`/api/v1/${kind}/${id}/revisions`),
                await admin.post(`/api/v1/${kind}/${id}/revisions/1/restore`, { version: 1 }),
              ]),
          await admin.delete(`/api/v1/${kind}/${id}${kind === 'media' ? '' : '?version=1'}`),
        ];
        for (const res of answers) {
          expect(res.status, `${kind}/${id}`).toBe(404);
          expect(errorCode(res)).toBe(errorCode(missing));
        }
      }
    }
    // The public API of each collection does not serve the other's ids either.
    expect((await admin.post(`/api/v1/spots/${spot.id}/publish`, { version: spot.version })).status).toBe(
      200,
    );
    for (const kind of ['events', 'courses', 'articles']) {
      expect((await new Client(t.url).get(`/api/v1/public/${ORG}/${kind}/${spot.id}`)).status).toBe(404);
    }
    // Nothing was changed by any of it.
    const after = await admin.get(`/api/v1/spots/${spot.id}`);
    expect(JSON.stringify(after.body)).not.toContain('乗っ取り');
    expect((await admin.get(`/api/v1/media/${media}`)).status).toBe(200);
    expect((await admin.get(`/api/v1/events/${event.id}`)).status).toBe(200);
  });

  it("Directus GHSA-56p6: a suspended user's session is dead at once, for reads and writes, and resuming does not revive it", async () => {
    const user = await seedUser(t, ORG, { totp: false, rights: { spots: 'edit' } });
    const session = await signedIn(t, ORG, user);
    expect((await session.get('/api/v1/spots')).status).toBe(200);
    expect((await admin.post(`/api/v1/users/${user.id}/suspend`)).status).toBe(200);
    expect((await session.get('/api/v1/me')).status).toBe(401);
    expect((await session.get('/api/v1/spots')).status).toBe(401);
    expect((await session.post('/api/v1/spots', spotData('停止中の投稿'))).status).toBe(401);
    expect((await login(new Client(t.url), ORG, user.email, user.password)).status).toBe(401);
    expect((await admin.post(`/api/v1/users/${user.id}/resume`)).status).toBe(200);
    expect((await session.get('/api/v1/me')).status).toBe(401);
    const list = await admin.get('/api/v1/spots?q=停止中の投稿');
    expect((list.body as { items: unknown[] }).items).toEqual([]);
  });

  it('Directus GHSA-wv3h: no server-side fetch reaches loopback, private or link-local addresses, however written', async () => {
    let hits = 0;
    const inside = http.createServer((_req, res) => {
      hits += 1;
      res.end('{"version":"1","files":[]}');
    });
    await new Promise<void>((resolve) => inside.listen(0, '127.0.0.1', resolve));
    const port = (inside.address() as AddressInfo).port;
    try {
      const targets = [
        `http://127.0.0.1:${port}/`,
        `http://[::ffff:127.0.0.1]:${port}/`,
        `http://[::ffff:7f00:1]:${port}/`,
        `http://[0:0:0:0:0:ffff:7f00:1]:${port}/`,
        `http://2130706433:${port}/`, // decimal
        `http://0177.0.0.1:${port}/`, // octal
        `http://0x7f.1:${port}/`,
        `http://localhost:${port}/`,
        `http://localtest.localhost:${port}/`,
        `http://[::1]:${port}/`,
        `https://169.254.169.254/latest/meta-data/`,
        `https://[::ffff:169.254.169.254]/`,
        `https://10.0.0.1/`,
        `https://192.168.1.1/`,
        `https://[fd00::1]/`,
        `https://[fe80::1]/`,
        `https://[64:ff9b::7f00:1]/`,
        `https://[::ffff:0:7f00:1]/`, // IPv4-translated
        `https://[::127.0.0.1]/`, // IPv4-compatible (deprecated)
      ];
      for (const target of targets) {
        await expect(fetchOutbound(new URL(target), { timeoutMs: 2000 }), target).rejects.toThrow(/refused/);
      }
      // A name that resolves to loopback is refused after resolution (localhost is in /etc/hosts
      // under other names too; the guard looks at the address, not the name).
      const { lookup } = await import('node:dns/promises');
      const alias = (await lookup('ip6-localhost').catch(() => null)) ? 'ip6-localhost' : null;
      if (alias) {
        await expect(fetchOutbound(new URL(`http://${alias}:${port}/`), { timeoutMs: 2000 })).rejects.toThrow(
          /refused/,
        );
      }
      // A public host that redirects inward is refused at the redirect.
      const redirector = http.createServer((_req, res) => {
        res.writeHead(302, { location: `http://[::ffff:127.0.0.1]:${port}/` }).end();
      });
      await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
      const redirectPort = (redirector.address() as AddressInfo).port;
      await expect(
        fetchOutbound(new URL(`http://127.0.0.1:${redirectPort}/`), {
          timeoutMs: 2000,
          policy: { allowedPrivateHosts: ['127.0.0.1'] },
        }),
      ).rejects.toThrow(/refused/);
      redirector.close();

      // The signature feed uses the guard: a mapped-loopback feed URL is never fetched.
      const errors: string[] = [];
      const log = {
        info() {},
        warn() {},
        error: (o: object) => errors.push(String((o as { err: Error }).err)),
      };
      const updater = new SignatureUpdater({
        feedUrl: `https://[::ffff:127.0.0.1]:${port}/manifest.json`,
        databaseDir: clamd.databaseDir,
        clamd: new ClamdClient(clamd.url),
        intervalMinutes: 60,
        log,
      });
      await expect(updater.updateNow()).rejects.toThrow(/refused/);
      expect(hits).toBe(0);
      // An operator's mirror named explicitly is allowed (the only way in).
      assertOutboundUrl(new URL(`http://127.0.0.1:${port}/`), { allowedPrivateHosts: ['127.0.0.1'] });
      expect(isPublicAddress('93.184.216.34')).toBe(true);
      expect(isPublicAddress('2606:4700::1111')).toBe(true);
    } finally {
      inside.close();
    }
  });

  it('Strapi CVE-2026-22707: a declared image type does not let HTML, SVG or a script in', async () => {
    const before = await admin.get('/api/v1/media');
    const count = (before.body as { items: unknown[] }).items.length;
    const disguised: Array<[string, string | Buffer, string]> = [
      ['photo.png', '<html><script>alert(document.cookie)</script></html>', 'image/png'],
      ['photo.jpg', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'image/jpeg'],
      ['photo.png.html', '<!doctype html><script>alert(1)</script>', 'image/png'],
      [
        'photo.svg',
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        'image/svg+xml',
      ],
      ['brochure.pdf', '#!/bin/sh\nrm -rf /\n', 'application/pdf'],
      ['clip.mp4', '<?php system($_GET["c"]); ?>', 'video/mp4'],
    ];
    for (const [name, bytes, type] of disguised) {
      const res = await postFile(admin, name, bytes, type);
      expect([400, 415, 422], name).toContain(res.status);
    }
    const after = await admin.get('/api/v1/media');
    expect((after.body as { items: unknown[] }).items.length).toBe(count);
  });

  it('Strapi CVE-2023-22894: filters and sorting on fields the caller cannot read are no oracle', async () => {
    const draft = await created(
      'spots',
      spotData('下書きの秘密スポット', { description: { ja: '秘密の説明' } }),
    );
    const published = await created('spots', spotData('公開スポット'));
    expect(
      (await admin.post(`/api/v1/spots/${published.id}/publish`, { version: published.version })).status,
    ).toBe(200);
    const visitor = new Client(t.url);
    const baseline = await visitor.get(`/api/v1/public/${ORG}/spots`);
    expect(baseline.status).toBe(200);
    const probes = [
      'status=draft',
      'status=in_review',
      'filters[status][$eq]=draft',
      'filters[password_hash][$startsWith]=$argon2',
      'where[name][ja]=下書きの秘密スポット',
      'sort=password_hash',
      'sort=status',
      'populate=*',
      'include=drafts',
      `id=${draft.id}`,
    ];
    for (const probe of probes) {
      const res = await visitor.get(`/api/v1/public/${ORG}/spots?${probe}`);
      const text = JSON.stringify(res.body);
      expect(res.status, probe).toBeLessThan(500);
      expect(text, probe).not.toContain('下書きの秘密');
      expect(text, probe).not.toContain(draft.id);
      if (res.status === 200) expect(res.body, probe).toEqual(baseline.body);
    }
    // Full-text search over draft text finds nothing (no yes/no oracle on unpublished words).
    for (const path of [
      `spots?q=秘密の説明`,
      `spots?q=下書きの秘密`,
      `search?q=秘密の説明`,
      `search?q=下書き`,
    ]) {
      const res = await visitor.get(`/api/v1/public/${ORG}/${path}`);
      expect(res.status, path).toBe(200);
      expect((res.body as { items: unknown[] }).items, path).toEqual([]);
    }
    // Staff lists do not filter on secrets either: the user list answers alike whatever the probe.
    const users = await admin.get('/api/v1/users');
    for (const probe of [
      'password_hash=$argon2id',
      'totp_secret=A',
      'filters[password_hash][$startsWith]=$',
    ]) {
      const res = await admin.get(`/api/v1/users?${probe}`);
      expect(res.status, probe).toBeLessThan(500);
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/argon2|password_hash|totp_secret|passwordHash|totpSecret/);
      if (res.status === 200) expect(res.body, probe).toEqual(users.body);
    }
  });

  it('Strapi CVE-2025-64526: e-mail case, whitespace and Unicode variants and X-Forwarded-For share one limiter', async () => {
    const victim = await seedUser(t, ORG, { totp: false });
    const [local, domain] = victim.email.split('@') as [string, string];
    // Spellings the sign-in takes for the same account: they must all count against it.
    const sameAccount = [
      victim.email.toUpperCase(),
      ` ${victim.email} `,
      `\t${victim.email}\n`,
      `${local}@${domain.toUpperCase()}`,
      victim.email.replace(/^./, (c) => c.toUpperCase()),
      // NFKC: fullwidth letters and at sign are the same name to the sign-in, so to the limiter too.
      `${local.replace(/u/g, 'ｕ')}@${domain}`,
      `${local}＠${domain}`,
    ];
    for (let i = 0; i < 10; i += 1) {
      const client = new Client(t.url, {
        'x-forwarded-for': `203.0.113.${i}`,
        'x-real-ip': `198.51.100.${i}`,
      });
      const email = sameAccount[i % sameAccount.length]!;
      const res = await login(client, ORG, email, `wrong password number ${i}`);
      expect(res.status, JSON.stringify(email)).toBe(401);
    }
    // The right password, from yet another claimed address, is now locked out in every spelling.
    for (const email of [victim.email, ...sameAccount]) {
      const res = await login(
        new Client(t.url, { 'x-forwarded-for': '192.0.2.99' }),
        ORG,
        email,
        victim.password,
      );
      expect(res.status, JSON.stringify(email)).toBe(429);
      expect(errorCode(res)).toBe('account_locked');
    }
    // Other look-alikes are other names, not a way around the lock: they never sign in as the account.
    const other = await seedUser(t, ORG, { totp: false });
    const [otherLocal, otherDomain] = other.email.split('@') as [string, string];
    for (const email of [`${otherLocal}@${otherDomain}.`, `${otherLocal}\u200b@${otherDomain}`]) {
      const res = await login(new Client(t.url), ORG, email, other.password);
      expect([400, 401], JSON.stringify(email)).toContain(res.status);
    }
  });

  it('Strapi CVE-2026-22706: a password reset ends every existing session of the account', async () => {
    const user = await seedUser(t, ORG, { totp: false });
    const laptop = await signedIn(t, ORG, user);
    const phone = await signedIn(t, ORG, user);
    smtp.clear();
    await new Client(t.url).post('/api/v1/auth/password-reset', { serviceCode: ORG, email: user.email });
    const mail = await smtp.waitFor((m) => m.to.includes(user.email));
    const token = new URL(linkIn(mail, '/console/password-reset')).searchParams.get('token')!;
    const confirm = await new Client(t.url).post('/api/v1/auth/password-reset/confirm', {
      token,
      newPassword: 'A brand new reset password 77',
    });
    expect(confirm.status).toBeLessThan(300);
    for (const session of [laptop, phone]) {
      expect((await session.get('/api/v1/me')).status).toBe(401);
      expect(
        (await session.post('/api/v1/me/password', { currentPassword: user.password, newPassword: 'x' }))
          .status,
      ).toBe(401);
    }
    expect((await login(new Client(t.url), ORG, user.email, user.password)).status).toBe(401);
    const fresh = await login(new Client(t.url), ORG, user.email, 'A brand new reset password 77');
    expect(fresh.status).toBe(200);
  });

  it('Ghost CVE-2026-22594: a password-only session cannot skip the second factor, by any path spelling', async () => {
    const user = await seedUser(t, ORG, { role: 'admin', totp: true });
    const half = new Client(t.url);
    expect((await login(half, ORG, user.email, user.password)).body).toEqual({ status: 'totp_required' });
    const spellings = [
      '/api/v1/users',
      '/api/v1/users/',
      '/API/v1/users',
      '/api/v1//users',
      '/api/v1/%75sers',
      '/api/v1/./users',
      '/api/v1/me/../users',
      '/api/v1/%2e/users',
      '/api/v1/me',
      '/api/v1/me/',
      '/api/v1/audit/events',
      '/api/v1/spots',
    ];
    for (const path of spellings) {
      const res = await half.get(path);
      expect([401, 404], path).toContain(res.status);
      expect(JSON.stringify(res.body), path).not.toContain(adminAccount.email);
    }
    // Enrolling again (to replace the factor) and a wrong code are refused; the real code works.
    expect((await half.get('/api/v1/auth/totp/enrolment')).status).toBe(401);
    expect((await half.post('/api/v1/auth/totp', { code: '000000' })).status).toBe(401);
    expect((await half.post('/api/v1/auth/totp', { code: await nextTotp(user.totpSecret!) })).status).toBe(
      200,
    );
    expect((await half.get('/api/v1/users')).status).toBe(200);
  });

  it('Ghost CVE-2026-22595: guarded routes hold for trailing slash, case, double slash, %2e and encoded paths', async () => {
    const general = await signedIn(
      t,
      ORG,
      await seedUser(t, ORG, { totp: false, rights: { spots: 'view' } }),
    );
    const visitor = new Client(t.url);
    const spellings = [
      '/api/v1/users/',
      '/API/V1/USERS',
      '/api/v1/Users',
      '//api/v1/users',
      '/api/v1//users',
      '/api/v1/%75sers',
      '/api/v1/users%2F',
      '/api/v1/%2e/users',
      '/api/v1/%2E%2E/v1/users',
      '/api/v1/spots/..%2Fusers',
      '/api/v1/users;.js',
      '/api/v1/users%00',
      '/api/v1/users?x=/../public',
      '/api/v1/audit/events/',
      '/api/v1/Audit/events',
      '/api/v1/organisation/security/',
      '/api/v1/ops/organisations/',
      '/api/v1/OPS/organisations',
    ];
    for (const path of spellings) {
      for (const [who, client] of [
        ['general', general],
        ['visitor', visitor],
      ] as const) {
        const res = await client.get(path);
        expect([400, 401, 403, 404], `${who} ${path}`).toContain(res.status);
        expect(JSON.stringify(res.body), `${who} ${path}`).not.toContain(adminAccount.email);
      }
    }
    // Writes by another spelling are refused too and change nothing.
    const target = await seedUser(t, ORG, { totp: false });
    for (const path of [`/api/v1/users/${target.id}/suspend/`, `/API/v1/users/${target.id}/suspend`]) {
      expect([401, 403, 404], path).toContain((await general.post(path)).status);
    }
    expect(((await admin.get(`/api/v1/users/${target.id}`)).body as { status: string }).status).toBe(
      'active',
    );
  });
});
