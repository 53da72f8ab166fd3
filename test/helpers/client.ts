import http from 'node:http';
import { asOrganisation, withProvider } from '../../src/db/scope.js';
import { createOperator } from '../../src/modules/operators/operators.service.js';
import { hashPassword } from '../../src/platform/auth/passwords.js';
import { currentTotp, newTotpSecret } from '../../src/platform/auth/totp.js';
import { SecretBox } from '../../src/platform/crypto/secret-box.js';
import type { TestApp } from './app.js';

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** A browser-like HTTP client: keeps cookies, echoes the CSRF cookie in x-csrf-token. */
export class Client {
  readonly cookies = new Map<string, string>();
  csrf = true;

  constructor(
    readonly base: string,
    readonly extraHeaders: Record<string, string> = {},
  ) {}

  get sessionCookie(): string | undefined {
    return this.cookies.get('mitte_session') ?? this.cookies.get('__Host-mitte_session');
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const h: Record<string, string> = { ...this.extraHeaders, ...headers };
    if (this.cookies.size > 0) h.cookie = cookieHeader(this);
    const csrf = this.cookies.get('mitte_csrf') ?? this.cookies.get('__Host-mitte_csrf');
    if (this.csrf && csrf && method !== 'GET' && !('x-csrf-token' in h)) h['x-csrf-token'] = csrf;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      const expired = attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: res.status, headers: res.headers, body: parsed };
  }

  get = (path: string, headers?: Record<string, string>) => this.request('GET', path, undefined, headers);
  post = (path: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('POST', path, body ?? {}, headers);
  patch = (path: string, body: unknown) => this.request('PATCH', path, body);
  put = (path: string, body: unknown) => this.request('PUT', path, body);
  delete = (path: string) => this.request('DELETE', path);
}

export function errorCode(answer: Answer): string | undefined {
  return (answer.body as { error?: { code?: string } } | undefined)?.error?.code;
}

export interface SeededAccount {
  id: string;
  email: string;
  password: string;
  totpSecret: string | null;
}

let counter = 0;

/** Inserts an active account directly (bypassing invitation), optionally with two-factor set up. */
export async function seedUser(
  t: TestApp,
  org: string,
  options: {
    role?: 'admin' | 'general';
    rights?: Record<string, string>;
    totp?: boolean;
    email?: string;
  } = {},
): Promise<SeededAccount> {
  counter += 1;
  const email = options.email ?? `user${counter}-${Date.now()}@${org}.example.jp`;
  const password = `Correct horse ${counter} battery staple`;
  const role = options.role ?? 'general';
  const totp = options.totp ?? role === 'admin';
  const secret = totp ? newTotpSecret() : null;
  const box = new SecretBox(t.masterKey, 'totp-secrets');
  const passwordHash = await hashPassword(password);
  const id = await withProvider(t.database.db, (tx) =>
    asOrganisation(tx, org, async () => {
      const row = await tx
        .insertInto('tenant.users')
        .values({
          org,
          email,
          name: `利用者 ${counter}`,
          role,
          status: 'active',
          rights: JSON.stringify(options.rights ?? {}),
          password_hash: passwordHash,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (secret) {
        await tx
          .updateTable('tenant.users')
          .set({ totp_secret: box.seal(secret, `totp:${org}:${row.id}`), totp_enabled: true })
          .where('org', '=', org)
          .where('id', '=', row.id)
          .execute();
      }
      return row.id;
    }),
  );
  return { id, email, password, totpSecret: secret };
}

/** A code for the next 30-second step, so it is never refused as a replay of the current one. */
export function nextTotp(secret: string): Promise<string> {
  return currentTotp(secret, Math.floor(Date.now() / 1000) + 30);
}

/** Signs in fully (password, then TOTP when set up); returns the client holding the session. */
export async function signedIn(t: TestApp, org: string, account: SeededAccount): Promise<Client> {
  const client = new Client(t.url);
  const login = await client.post('/api/v1/auth/login', {
    serviceCode: org,
    email: account.email,
    password: account.password,
  });
  if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
  const status = (login.body as { status: string }).status;
  if (status === 'totp_required') {
    const code = await currentTotp(account.totpSecret!);
    const second = await client.post('/api/v1/auth/totp', { code });
    if (second.status !== 200) throw new Error(`totp failed: ${JSON.stringify(second.body)}`);
  } else if (status !== 'signed_in') {
    throw new Error(`unexpected sign-in status ${status}`);
  }
  return client;
}

/** Creates an operator and signs in fully (password, then the forced two-factor enrolment). */
export async function signedInOperator(t: TestApp, email: string): Promise<Client> {
  const account = await createOperator(t.database.db, { email, name: '運営' });
  const client = new Client(t.url);
  const login = await client.post('/api/v1/ops/auth/login', {
    email: account.email,
    password: account.password,
  });
  if (login.status !== 200) throw new Error(`operator login failed: ${JSON.stringify(login.body)}`);
  const enrol = await client.get('/api/v1/auth/totp/enrolment');
  const secret = (enrol.body as { secret: string }).secret;
  const done = await client.post('/api/v1/auth/totp/enrolment', { code: await currentTotp(secret) });
  if (done.status !== 200) throw new Error(`operator enrolment failed: ${JSON.stringify(done.body)}`);
  return client;
}

/** A request with the Host header of our choosing (fetch does not let one set it). */
export function requestOnHost(
  t: TestApp,
  host: string,
  path: string,
  method = 'GET',
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const { port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method, headers: { ...headers, host } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The Cookie header a browser holding the client's cookies would send. */
export function cookieHeader(client: Client): string {
  return [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** Uploads one file as the console does (multipart field "file", CSRF header). */
export function postFile(
  client: Client,
  name: string,
  bytes: Buffer | string,
  type = 'application/octet-stream',
  headers: Record<string, string> = {},
): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), name);
  return fetch(`${client.base}/api/v1/media`, {
    method: 'POST',
    headers: { cookie: cookieHeader(client), 'x-csrf-token': client.cookies.get('mitte_csrf')!, ...headers },
    body: form,
  });
}
