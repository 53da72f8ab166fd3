/**
 * Publishing a notice to every organisation through a real SMTP listener: the time to publish
 * (organisations fixed, one receipt per admin queued, both audit chains written, in one
 * transaction), then the time to deliver every mail, and whether any recipient got one twice.
 *
 *   BENCH_ORGS=1000 BENCH_ADMINS=3 npx tsx bench/notices.ts     # PGlite in memory
 *
 * Defaults: 1,000 organisations, 3 admins each. Prints figures; asserts nothing.
 */
import os from 'node:os';
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { asOrganisation, withProvider } from '../src/db/scope.js';
import { runNoticesPass } from '../src/modules/notices/index.js';
import { createNotice } from '../src/modules/notices/notices.service.js';
import { provisionOrganisation } from '../src/modules/organisations/organisation.service.js';
import { runAsSystem } from '../src/platform/access/system-context.js';
import { createMailer } from '../src/platform/mail/mailer.js';
import { startSmtpCatcher } from '../test/helpers/smtp.js';

const ORGS = Number(process.env.BENCH_ORGS ?? 1000);
const ADMINS = Number(process.env.BENCH_ADMINS ?? 3);

const db = await openDatabase({ pgliteDir: 'memory://' });
await migrate(db);
const seedStart = performance.now();
for (let i = 0; i < ORGS; i++) {
  const org = `bench-${String(i).padStart(4, '0')}`;
  await runAsSystem(db, { kind: 'provider' }, 'bench', ['ops:organisations'], (ctx) =>
    provisionOrganisation(ctx, { serviceCode: org, nameJa: `町 ${i}`, nameEn: `Town ${i}` }),
  );
  await withProvider(db, (tx) =>
    asOrganisation(tx, org, () =>
      tx
        .insertInto('tenant.users')
        .values(
          Array.from({ length: ADMINS }, (_, a) => ({
            org,
            email: `admin${a}@${org}.example.jp`,
            name: `管理者 ${a}`,
            role: 'admin' as const,
            status: 'active' as const,
            rights: '{}',
            password_hash: 'x',
          })),
        )
        .execute(),
    ),
  );
}
console.log(
  `seeded ${ORGS} organisations × ${ADMINS} admins in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
);

const smtp = await startSmtpCatcher();
const mailer = createMailer({
  smtpUrl: smtp.url,
  from: 'bench@mitte-c.invalid',
  outboxDir: os.tmpdir(),
  log: { info() {}, warn() {} },
});

const publishStart = performance.now();
const notice = await runAsSystem(db, { kind: 'provider' }, 'bench', ['ops:notices'], (ctx) =>
  createNotice(ctx, {
    category: 'maintenance',
    title: { ja: '定期メンテナンス', en: 'Scheduled maintenance' },
    body: { ja: '本文', en: 'Text' },
    window: { start: '2026-12-10T15:00:00Z', end: '2026-12-10T17:00:00Z' },
    audience: 'all',
  }),
);
const publishMs = performance.now() - publishStart;
console.log(
  `published to ${notice.organisations} organisations, ${notice.recipients} mails queued: ${(publishMs / 1000).toFixed(2)} s`,
);

const sendStart = performance.now();
const result = await runNoticesPass({
  db,
  mailer,
  from: 'mitte-C サポート <support@mitte-c.invalid>',
  baseUrl: 'http://127.0.0.1',
  leaseSeconds: 300,
  log: console,
});
const sendMs = performance.now() - sendStart;
const recipients = smtp.messages.map((m) => m.to[0]);
console.log(
  `delivered ${result.sent} mails (${result.failed} failed) in ${(sendMs / 1000).toFixed(1)} s = ${Math.round(result.sent / (sendMs / 1000))} mails/s; ` +
    `received ${recipients.length}, distinct recipients ${new Set(recipients).size}`,
);
await mailer.close();
await smtp.close();
await db.close();
