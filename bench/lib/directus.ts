/**
 * Directus beside the app in one run (issue 13 measured mitte-C against Directus 11.3.5 on SQLite
 * with its cache off). Not a dependency of the project (a CMS of its own, ~700 packages): install
 * it in a directory of your choice and name it, e.g.
 *   mkdir /tmp/directus && cd /tmp/directus && npm init -y && npm install directus@11.3.5
 *   BENCH_DIRECTUS_DIR=/tmp/directus node dist/bench/public-reads.js
 * It gets the same spots under the same ids (each its published read-model row as JSON) in a
 * collection `spots` that the public may read; its own SQLite file in a new directory per run.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface DirectusRow {
  id: string;
  org: string;
  data: unknown;
}

export interface Directus {
  /** A new Directus process on the seeded database (as each of the bench's servers is new). */
  start(): Promise<{ child: ChildProcess; base: string }>;
  cleanup(): void;
}

const PORT = 8055;
const ADMIN = { email: 'bench@example.com', password: 'bench-password-0123' };

/** Bootstraps Directus in a new directory, seeds it once, and stops it; start() runs it again. */
export async function seedDirectus(dir: string, rows: DirectusRow[]): Promise<Directus> {
  const cli = path.join(dir, 'node_modules', 'directus', 'cli.js');
  if (!fs.existsSync(cli))
    throw new Error(`BENCH_DIRECTUS_DIR: no Directus at ${cli} (see bench/lib/directus.ts)`);
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-bench-directus-'));
  const env = {
    ...process.env,
    KEY: 'bench-key-0123456789abcdef',
    SECRET: 'bench-secret-0123456789abcdef',
    DB_CLIENT: 'sqlite3',
    DB_FILENAME: path.join(data, 'data.db'),
    STORAGE_LOCAL_ROOT: data,
    EXTENSIONS_PATH: data,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    // As the issue measured it: its cache off; and no rate limiter between it and the load.
    CACHE_ENABLED: 'false',
    RATE_LIMITER_ENABLED: 'false',
    HOST: '127.0.0.1',
    PORT: String(PORT),
    PUBLIC_URL: `http://127.0.0.1:${PORT}`,
    TELEMETRY: 'false',
    WEBSOCKETS_ENABLED: 'false',
    LOG_LEVEL: 'warn',
  };
  const boot = spawnSync(process.execPath, [cli, 'bootstrap'], { cwd: dir, env, encoding: 'utf8' });
  if (boot.status !== 0) throw new Error(`directus bootstrap failed: ${boot.stderr}`);
  const start = async () => {
    const child = spawn(process.execPath, [cli, 'start'], { cwd: dir, env, stdio: 'ignore' });
    const base = `http://127.0.0.1:${PORT}`;
    for (let i = 0; i < 300; i += 1) {
      const up = await fetch(`${base}/server/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return { child, base };
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    throw new Error('directus did not start');
  };
  const { child, base } = await start();
  try {
    const api = async (method: string, url: string, body: unknown, token?: string) => {
      const res = await fetch(`${base}${url}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`directus ${method} ${url}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { data: unknown };
    };
    const login = (await api('POST', '/auth/login', ADMIN)).data as { access_token: string };
    const token = login.access_token;
    await api(
      'POST',
      '/collections',
      {
        collection: 'spots',
        schema: {},
        meta: {},
        fields: [
          { field: 'id', type: 'uuid', meta: { special: ['uuid'] }, schema: { is_primary_key: true } },
          { field: 'org', type: 'string', schema: { is_indexed: true } },
          { field: 'data', type: 'json' },
        ],
      },
      token,
    );
    const policies = (await api('GET', '/policies?fields=id,name', undefined, token)).data as {
      id: string;
      name: string;
    }[];
    const publicPolicy = policies.find((p) => p.name === '$t:public_label');
    if (!publicPolicy) throw new Error('directus: no public policy');
    await api(
      'POST',
      '/permissions',
      { policy: publicPolicy.id, collection: 'spots', action: 'read', fields: ['*'] },
      token,
    );
    for (let i = 0; i < rows.length; i += 500)
      await api('POST', '/items/spots', rows.slice(i, i + 500), token);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
  }
  return { start, cleanup: () => fs.rmSync(data, { recursive: true, force: true }) };
}
