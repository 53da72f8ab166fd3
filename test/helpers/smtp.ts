// A real SMTP listener on loopback that keeps what it receives, for tests that follow a mail
// (invitation, password reset) through to the link inside it.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createMailer, type Mailer } from '../../src/platform/mail/mailer.js';
import type { TestApp } from './app.js';

export interface CaughtMail {
  /** The envelope recipients (RCPT TO), i.e. who the mail was actually delivered to. */
  to: string[];
  subject: string;
  text: string;
  /** Parsed headers, keys in lower case (e.g. 'x-mitte-service-code'). */
  headers: Map<string, unknown>;
}

export interface SmtpCatcher {
  /** smtp://127.0.0.1:PORT */
  url: string;
  messages: CaughtMail[];
  waitFor(predicate: (m: CaughtMail) => boolean, timeoutMs?: number): Promise<CaughtMail>;
  clear(): void;
  close(): Promise<void>;
}

export async function startSmtpCatcher(): Promise<SmtpCatcher> {
  const messages: CaughtMail[] = [];
  const waiters = new Set<(mail: CaughtMail) => void>();

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const mail: CaughtMail = {
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            headers: parsed.headers,
          };
          messages.push(mail);
          for (const waiter of [...waiters]) waiter(mail);
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(predicate, timeoutMs = 5_000) {
      const already = messages.find(predicate);
      if (already) return Promise.resolve(already);
      return new Promise<CaughtMail>((resolve, reject) => {
        const waiter = (mail: CaughtMail) => {
          if (!predicate(mail)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(mail);
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const seen = messages.map((m) => `${m.to.join(',')}: ${m.subject}`).join('; ') || 'none';
          reject(new Error(`no matching mail within ${timeoutMs} ms (received: ${seen})`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    clear() {
      messages.length = 0;
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The first URL in the mail's text whose path starts with `pathPrefix` (e.g. '/invitations/'). */
export function linkIn(mail: CaughtMail, pathPrefix: string): string {
  // Stop at whitespace and at the brackets and punctuation that surround a link in Japanese text.
  for (const [candidate] of mail.text.matchAll(/https?:\/\/[^\s<>"'()（）「」『』、。]+/g)) {
    try {
      if (new URL(candidate).pathname.startsWith(pathPrefix)) return candidate;
    } catch {
      // Not a URL after all; keep looking.
    }
  }
  throw new Error(`no link with path ${pathPrefix} in mail "${mail.subject}"`);
}

/** How long a mail job's claim on a message lasts in the tests (mailJobDeps). */
export const MAIL_JOB_LEASE_SECONDS = 60;

/** A quiet mailer of the test app that sends to `smtpUrl` (a catcher, or a port where none listens). */
export function testMailer(t: TestApp, smtpUrl: string): Mailer {
  return createMailer({
    smtpUrl,
    from: 'x@mitte-c.invalid',
    outboxDir: t.dataDir,
    log: { info() {}, warn() {} },
  });
}

/** What the mail jobs (notices, support replies) get, sending to a catcher's SMTP URL. */
export function mailJobDeps(t: TestApp, smtpUrl: string, mailer: Mailer = testMailer(t, smtpUrl)) {
  return {
    db: t.database.db,
    mailer,
    from: t.config.supportMailFrom,
    baseUrl: t.config.baseUrl,
    leaseSeconds: MAIL_JOB_LEASE_SECONDS,
    log: { error() {} },
  };
}
