import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { access, mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** The organisation the mail concerns; sent as the X-Mitte-Service-Code header. */
  serviceCode?: string;
  /** Another sender than the default (the support address for the provider's notices). */
  from?: string;
  /** A stable Message-ID, so a mail sent again after a crash is recognisably the same mail. */
  messageId?: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface Mailer {
  readonly transport: 'smtp' | 'outbox';
  send(message: MailMessage): Promise<void>;
  check(): Promise<{ ok: boolean; transport: string; error?: string }>;
  close(): Promise<void>;
}

export interface MailerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface MailerOptions {
  /** smtp:// or smtps://, may carry user:pass. Without it mail goes to the outbox directory. */
  smtpUrl?: string;
  from: string;
  outboxDir: string;
  log: MailerLog;
}

export const SERVICE_CODE_HEADER = 'X-Mitte-Service-Code';

// A mail server that stops answering must not hold a request or a job for minutes.
const SMTP_TIMEOUT_MS = 10_000;

function envelope(from: string, message: MailMessage) {
  return {
    from: message.from ?? from,
    to: message.to,
    ...(message.messageId ? { messageId: message.messageId } : {}),
    subject: message.subject,
    text: message.text,
    headers: message.serviceCode === undefined ? {} : { [SERVICE_CODE_HEADER]: message.serviceCode },
    ...(message.attachments ? { attachments: message.attachments } : {}),
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The one way the platform sends mail: SMTP when SMTP_URL is configured, otherwise an outbox
 * directory of .eml files (development, demos, and hosts without a relay).
 */
export function createMailer(options: MailerOptions): Mailer {
  return options.smtpUrl ? smtpMailer(options, options.smtpUrl) : outboxMailer(options);
}

function smtpMailer(options: MailerOptions, smtpUrl: string): Mailer {
  const protocol = new URL(smtpUrl).protocol;
  if (protocol !== 'smtp:' && protocol !== 'smtps:') {
    // Do not echo the URL: it may carry a password.
    throw new Error(`SMTP URL must start with smtp:// or smtps:// (got ${protocol})`);
  }
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
    ...(protocol === 'smtps:' ? { tls: { minVersion: 'TLSv1.2' as const } } : {}),
  });

  return {
    transport: 'smtp',
    async send(message) {
      try {
        await transporter.sendMail(envelope(options.from, message));
      } catch (error) {
        options.log.warn(
          { to: message.to, serviceCode: message.serviceCode, error: errorMessage(error) },
          'mail could not be sent',
        );
        throw error;
      }
      options.log.info({ to: message.to, serviceCode: message.serviceCode }, 'mail sent');
    },
    async check() {
      try {
        await transporter.verify();
        return { ok: true, transport: 'smtp' };
      } catch (error) {
        return { ok: false, transport: 'smtp', error: errorMessage(error) };
      }
    },
    async close() {
      transporter.close();
    },
  };
}

function outboxMailer(options: MailerOptions): Mailer {
  // Renders the complete RFC 822 message without sending it anywhere.
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  let ready: Promise<unknown> | undefined;
  // The outbox holds invitation and reset links: only the service's own user may read it.
  const ensureDir = () => {
    ready ??= mkdir(options.outboxDir, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };

  return {
    transport: 'outbox',
    async send(message) {
      await ensureDir();
      const info = await composer.sendMail(envelope(options.from, message));
      const raw = info.message;
      if (!Buffer.isBuffer(raw)) throw new Error('mail composer did not return a buffer');

      // ISO 8601 basic format: sorts by time and has no ':' (awkward in file names).
      const stamp = new Date().toISOString().replace(/[-:]/g, '');
      const name = `${stamp}-${randomBytes(6).toString('hex')}.eml`;
      const file = path.join(options.outboxDir, name);
      // Written under a temporary name, then renamed: a reader never sees half a message.
      const temp = path.join(options.outboxDir, `.${name}.tmp`);
      try {
        await writeFile(temp, raw, { mode: 0o600, flag: 'wx' });
        await rename(temp, file);
      } catch (error) {
        await unlink(temp).catch(() => {});
        throw error;
      }
      options.log.info({ file, to: message.to }, 'mail written to outbox (no SMTP_URL)');
    },
    async check() {
      try {
        await ensureDir();
        await access(options.outboxDir, fsConstants.W_OK);
        return { ok: true, transport: 'outbox' };
      } catch (error) {
        return { ok: false, transport: 'outbox', error: errorMessage(error) };
      }
    },
    async close() {
      composer.close();
    },
  };
}
