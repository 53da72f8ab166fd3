import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type AppDeps, buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import { openTestDatabase, type TestDatabase } from './database.js';

export interface TestApp {
  app: FastifyInstance;
  masterKey: Buffer;
  url: string;
  config: Config;
  database: TestDatabase;
  dataDir: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  database?: TestDatabase;
  /** Register extra routes before the app starts listening (platform tests). */
  before?: (app: FastifyInstance, deps: AppDeps) => void | Promise<void>;
  deps?: Partial<AppDeps>;
}

/** Builds the real app on a fresh database and listens on a random loopback port. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-test-'));
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, PORT: '0', ...options.env });
  const database = options.database ?? (await openTestDatabase());
  const masterKey = options.deps?.masterKey ?? randomBytes(32);
  const deps: AppDeps = { config, db: database.db, masterKey, ...options.deps };
  const app = await buildApp(deps);
  await options.before?.(app, deps);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    app,
    masterKey,
    url: `http://127.0.0.1:${address.port}`,
    config,
    database,
    dataDir,
    async close() {
      await app.close();
      if (!options.database) await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
