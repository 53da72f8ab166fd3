/**
 * The third server (issue 13): node:http with better-sqlite3 answering the list of 50 and
 * the detail by id, each with one prepared statement on a local file. Not a dependency of the
 * project (a native addon built at install, and the product never reads SQLite): install it in a
 * directory of your choice and name it, e.g.
 *   mkdir /tmp/sqlite && cd /tmp/sqlite && npm init -y && npm install better-sqlite3@12
 *   BENCH_SQLITE_DIR=/tmp/sqlite node dist/bench/public-reads.js
 * It gets the same rows as Directus (each spot's published read-model row as JSON, under its id).
 */
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export interface SqliteRow {
  id: string;
  org: string;
  /** The row's JSON text, as the detail answers it. */
  json: string;
  /** Newest first in the list, as the published model orders. */
  orderAt: number;
}

interface Statement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
interface SqliteDatabase {
  prepare(sql: string): Statement;
  exec(sql: string): void;
  pragma(text: string): unknown;
  transaction(fn: () => void): () => void;
  close(): void;
}
type SqliteConstructor = new (file: string, options?: { readonly?: boolean }) => SqliteDatabase;

function openSqlite(dir: string): SqliteConstructor {
  const require = createRequire(path.join(dir, 'package.json'));
  try {
    return require('better-sqlite3') as SqliteConstructor;
  } catch (error) {
    throw new Error(
      `BENCH_SQLITE_DIR: no better-sqlite3 under ${dir} (see bench/lib/sqlite.ts): ${(error as Error).message}`,
    );
  }
}

/** Writes the rows to a new SQLite file (WAL, an index per look-up) and returns its path. */
export function seedSqlite(dir: string, rows: SqliteRow[]): { file: string; cleanup(): void } {
  const Database = openSqlite(dir);
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-bench-sqlite-'));
  const file = path.join(data, 'spots.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE spots (org TEXT NOT NULL, id TEXT NOT NULL, order_at REAL NOT NULL, data TEXT NOT NULL,
                               PRIMARY KEY (org, id));
           CREATE INDEX spots_list ON spots (org, order_at DESC, id)`);
  const insert = db.prepare('INSERT INTO spots (org, id, order_at, data) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (const r of rows) insert.run(r.org, r.id, r.orderAt, r.json);
  })();
  db.exec('ANALYZE');
  db.close();
  return { file, cleanup: () => fs.rmSync(data, { recursive: true, force: true }) };
}

/**
 * The server: `/{org}/spots` (the 50 newest rows' JSON in `{"items":[…]}`) and
 * `/{org}/spots/{id}` (the row's JSON), one statement each, no framework.
 */
export function sqliteServer(dir: string, file: string): http.Server {
  const Database = openSqlite(dir);
  const db = new Database(file, { readonly: true });
  const detail = db.prepare('SELECT data FROM spots WHERE org = ? AND id = ?');
  const list = db.prepare('SELECT data FROM spots WHERE org = ? ORDER BY order_at DESC, id LIMIT 50');
  return http.createServer((req, res) => {
    const match = /^\/(?<org>[a-z0-9-]+)\/spots(?:\/(?<id>[0-9a-f-]{36}))?/.exec(req.url ?? '');
    if (!match?.groups) {
      res.writeHead(404).end();
      return;
    }
    const { org, id } = match.groups as { org: string; id?: string };
    if (id) {
      const row = detail.get(org, id) as { data: string } | undefined;
      if (!row) res.writeHead(404).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end(row.data);
      return;
    }
    const rows = list.all(org) as { data: string }[];
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(`{"items":[${rows.map((r) => r.data).join(',')}]}`);
  });
}
