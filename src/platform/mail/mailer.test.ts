import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from './mailer.js';
import {
  accountLockedMail,
  invitationMail,
  operatorInvitationMail,
  passwordChangedMail,
  passwordResetMail,
} from './templates.js';

const FROM = 'mitte-C <no-reply@mitte.example>';

function recordingLog() {
  const entries: { level: string; obj: object; msg: string }[] = [];
  return {
    entries,
    info: (obj: object, msg: string) => entries.push({ level: 'info', obj, msg }),
    warn: (obj: object, msg: string) => entries.push({ level: 'warn', obj, msg }),
  };
}

let dir: string;
let mailer: Mailer | undefined;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mitte-mail-'));
});

afterEach(async () => {
  await mailer?.close();
  mailer = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('outbox mailer (no SMTP URL)', () => {
  it('writes a parseable UTF-8 .eml, mode 0600, in a 0700 directory, and logs no body', async () => {
    const log = recordingLog();
    const outboxDir = path.join(dir, 'outbox');
    mailer = createMailer({ from: FROM, outboxDir, log });
    expect(mailer.transport).toBe('outbox');

    const secretLink = 'https://mitte.example/reset/s3cr3t-t0ken';
    await mailer.send({
      to: 'hanako@city.example.lg.jp',
      subject: '【mitte-C】パスワード再設定のご案内 / Resetting your password',
      text: `京都市の観光情報です。\n${secretLink}\n`,
      serviceCode: 'kyoto-city',
    });

    const files = (await readdir(outboxDir)).filter((name) => !name.startsWith('.'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{12}\.eml$/);
    const file = path.join(outboxDir, files[0]!);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(outboxDir)).mode & 0o777).toBe(0o700);

    const parsed = await simpleParser(await readFile(file));
    expect(parsed.subject).toBe('【mitte-C】パスワード再設定のご案内 / Resetting your password');
    expect(parsed.text).toContain('京都市の観光情報です。');
    expect(parsed.text).toContain(secretLink);
    const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
    expect(to?.value[0]?.address).toBe('hanako@city.example.lg.jp');
    expect(parsed.headers.get('x-mitte-service-code')).toBe('kyoto-city');
    expect(parsed.headers.get('content-type')).toMatchObject({
      value: 'text/plain',
      params: { charset: 'utf-8' },
    });

    expect(log.entries).toEqual([
      {
        level: 'info',
        obj: { file, to: 'hanako@city.example.lg.jp' },
        msg: 'mail written to outbox (no SMTP_URL)',
      },
    ]);
    expect(JSON.stringify(log.entries)).not.toContain('s3cr3t');
  });

  it('omits the service-code header when none is given', async () => {
    mailer = createMailer({ from: FROM, outboxDir: dir, log: recordingLog() });
    await mailer.send({ to: 'a@example.jp', subject: 'x', text: 'y' });
    const [name] = await readdir(dir);
    const parsed = await simpleParser(await readFile(path.join(dir, name!)));
    expect(parsed.headers.has('x-mitte-service-code')).toBe(false);
  });

  it('checks that the outbox directory is writable', async () => {
    mailer = createMailer({ from: FROM, outboxDir: path.join(dir, 'new'), log: recordingLog() });
    expect(await mailer.check()).toEqual({ ok: true, transport: 'outbox' });

    // A path under a regular file can never be created.
    const blocked = path.join(dir, 'file');
    await writeFile(blocked, 'x');
    const broken = createMailer({ from: FROM, outboxDir: path.join(blocked, 'outbox'), log: recordingLog() });
    const result = await broken.check();
    expect(result.ok).toBe(false);
    expect(result.error).toBeTruthy();
  });
});

describe('SMTP mailer', () => {
  it('delivers to a real SMTP server', async () => {
    const received: { rcpt: string[]; raw: Buffer }[] = [];
    const server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({ rcpt: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.server.address() as { port: number }).port;
    try {
      const log = recordingLog();
      mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM, outboxDir: dir, log });
      expect(mailer.transport).toBe('smtp');
      expect(await mailer.check()).toEqual({ ok: true, transport: 'smtp' });

      await mailer.send({
        to: 'taro@town.example.lg.jp',
        subject: '【mitte-C】テスト / Test',
        text: '観光スポットを公開しました。',
        serviceCode: 'biei-town',
      });

      expect(received).toHaveLength(1);
      expect(received[0]!.rcpt).toEqual(['taro@town.example.lg.jp']);
      const parsed = await simpleParser(received[0]!.raw);
      expect(parsed.subject).toBe('【mitte-C】テスト / Test');
      expect(parsed.text?.trim()).toBe('観光スポットを公開しました。');
      expect(parsed.headers.get('x-mitte-service-code')).toBe('biei-town');
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await mailer?.close();
      mailer = undefined;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('fails check() with an error when nothing listens on the port', async () => {
    // Take a free port, then release it so nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    mailer = createMailer({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: FROM,
      outboxDir: dir,
      log: recordingLog(),
    });
    const result = await mailer.check();
    expect(result.ok).toBe(false);
    expect(result.transport).toBe('smtp');
    expect(result.error).toMatch(/ECONNREFUSED|connect/i);
  });

  it('refuses a URL that is not smtp:// or smtps://', () => {
    expect(() =>
      createMailer({
        smtpUrl: 'http://user:pw@mail.example',
        from: FROM,
        outboxDir: dir,
        log: recordingLog(),
      }),
    ).toThrow(/smtp:\/\/ or smtps:\/\//);
  });
});

describe('templates', () => {
  // 2026-11-28 12:00 UTC is 21:00 in Japan.
  const at = new Date('2026-11-28T12:00:00Z');
  const org = { orgNameJa: '美瑛町', orgNameEn: 'Biei Town' };
  const link = 'https://console.mitte.example/invitations/abc123';

  function expectBilingual(mail: { subject: string; text: string }) {
    expect(mail.subject).toMatch(/^【mitte-C】.+ \/ .+$/);
    const [ja, en] = mail.text.split('---- English ----');
    expect(ja).toMatch(/[ぁ-んァ-ヶ一-龠]/);
    expect(en).toBeDefined();
    expect(en).not.toMatch(/[ぁ-んァ-ヶ]/);
    return { ja: ja!, en: en! };
  }

  it('invitation: link, 72 hours, JST expiry, both languages', () => {
    const mail = invitationMail({ ...org, inviteeName: '山田 花子', link, expiresAt: at });
    const { ja, en } = expectBilingual(mail);
    expect(mail.subject).toContain('美瑛町');
    expect(mail.subject).toContain('Biei Town');
    expect(ja).toContain('山田 花子 様');
    expect(ja).toContain(link);
    expect(ja).toContain('72 時間');
    expect(ja).toContain('2026年11月28日 21:00 (JST)');
    expect(en).toContain(link);
    expect(en).toContain('72 hours');
    expect(en).toContain('28 November 2026, 21:00 (JST)');
  });

  it('password reset: link, 30 minutes, JST expiry, unchanged-password note', () => {
    const mail = passwordResetMail({ ...org, link, expiresAt: at });
    const { ja, en } = expectBilingual(mail);
    expect(ja).toContain(link);
    expect(ja).toContain('30 分');
    expect(ja).toContain('2026年11月28日 21:00 (JST)');
    expect(ja).toContain('パスワードは変更されていません');
    expect(en).toContain(link);
    expect(en).toContain('30 minutes');
    expect(en).toContain('your password is unchanged');
  });

  it('account locked: until (JST) and IP', () => {
    const mail = accountLockedMail({ ...org, until: at, ip: '203.0.113.7' });
    const { ja, en } = expectBilingual(mail);
    expect(ja).toContain('2026年11月28日 21:00 (JST)');
    expect(ja).toContain('203.0.113.7');
    expect(en).toContain('28 November 2026, 21:00 (JST)');
    expect(en).toContain('203.0.113.7');
  });

  it('password changed: time in JST', () => {
    const mail = passwordChangedMail({ ...org, at });
    const { ja, en } = expectBilingual(mail);
    expect(ja).toContain('美瑛町');
    expect(ja).toContain('2026年11月28日 21:00 (JST)');
    expect(en).toContain('Biei Town');
    expect(en).toContain('28 November 2026, 21:00 (JST)');
  });

  it('operator invitation: link and JST expiry', () => {
    const mail = operatorInvitationMail({ inviteeName: 'Alex Smith', link, expiresAt: at });
    const { ja, en } = expectBilingual(mail);
    expect(ja).toContain('Alex Smith 様');
    expect(ja).toContain(link);
    expect(ja).toContain('2026年11月28日 21:00 (JST)');
    expect(en).toContain('Dear Alex Smith,');
    expect(en).toContain(link);
  });

  it('rolls the JST date over midnight', () => {
    const mail = passwordChangedMail({ ...org, at: new Date('2026-12-31T15:30:00Z') });
    expect(mail.text).toContain('2027年1月1日 00:30 (JST)');
  });
});
