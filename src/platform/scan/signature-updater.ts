import { createHash, randomBytes } from 'node:crypto';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fetchOutbound, type OutboundResponse } from '../http/outbound-url.js';
import type { ClamdClient } from './clamd.js';

/**
 * Supplemental virus signatures from our own feed (CLD.9.5.2: automatic definition updates).
 * The official databases are kept current by freshclam next to clamd; this adds signatures we
 * publish ourselves (SIGNATURE_FEED_URL) to the same DatabaseDirectory, so it must run where that
 * directory is (the clamd host, or a volume shared with it).
 *
 * The feed is a JSON manifest: { version, files: [{ name, sha256, url }] }, url absolute or
 * relative to the manifest. An update downloads every changed file, checks its SHA-256, moves it
 * into place atomically, asks clamd to RELOAD, and then proves the new databases are active by
 * scanning a canary that only they detect. clamd keeps its old engine when a reload fails, so if
 * the canary does not show up the files are put back as they were: a bad download, hash or
 * signature file never changes what clamd uses now or after its next restart.
 */

export interface SignatureUpdaterLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SignatureUpdaterOptions {
  feedUrl: string;
  /** clamd's DatabaseDirectory. */
  databaseDir: string;
  clamd: ClamdClient;
  /** How often start() checks the feed. */
  intervalMinutes: number;
  log: SignatureUpdaterLog;
  /** How long clamd may take to load the databases after RELOAD (default 120 s). */
  activationTimeoutMs?: number;
  /**
   * Feed or mirror hosts that may be on loopback or the private network; every other host must
   * resolve to public addresses only (no server-side request forgery through the feed).
   */
  allowedPrivateHosts?: readonly string[];
}

export interface SignatureStatus {
  /** Version of the feed whose signatures clamd has loaded. */
  version: string | null;
  /** When that version was installed. */
  updatedAt: Date | null;
  /** When the feed was last checked successfully. */
  checkedAt: Date | null;
  lastError: string | null;
}

interface FeedFile {
  name: string;
  sha256: string;
  url: string;
}

interface FeedManifest {
  version: string;
  files: FeedFile[];
}

interface InstalledState {
  version: string;
  updatedAt: string;
  files: Record<string, string>;
}

const FILE_NAME = /^[a-z0-9._-]+$/;
const SIGNATURE_EXTENSION = /\.(?:ndb|hdb|hsb|ldb|cdb|ign2)$/;
const MAX_FILE_BYTES = 50 * 1024 * 1024;
const MAX_MANIFEST_BYTES = 1024 * 1024;
const MAX_FILES = 100;
const FETCH_TIMEOUT_MS = 60_000;
// Names clamd never loads (no database extension): our state, staged downloads and backups.
const STATE_FILE = '.mitte-signatures.json';
const SCRATCH_PREFIX = '.mitte-';
const CANARY_FILE = 'mitte-canary.hdb';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** The manifest and every file come over HTTPS (plain HTTP only on loopback, for tests). */
function checkedUrl(raw: string, base?: string): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new Error(`signature feed: not a URL: ${raw}`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw new Error(`signature feed: ${url.origin} must use https`);
  }
  return url;
}

function parseManifest(text: string): FeedManifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('signature feed: the manifest is not JSON');
  }
  const manifest = data as Partial<FeedManifest>;
  if (typeof manifest.version !== 'string' || !/^[\x21-\x7e]{1,100}$/.test(manifest.version)) {
    throw new Error('signature feed: the manifest has no valid version');
  }
  if (!Array.isArray(manifest.files) || manifest.files.length > MAX_FILES) {
    throw new Error(`signature feed: the manifest needs a list of at most ${MAX_FILES} files`);
  }
  const names = new Set<string>();
  const files = manifest.files.map((entry: Partial<FeedFile>) => {
    const { name, sha256, url } = entry ?? {};
    if (
      typeof name !== 'string' ||
      !FILE_NAME.test(name) ||
      !SIGNATURE_EXTENSION.test(name) ||
      name.startsWith('.') ||
      name === CANARY_FILE
    ) {
      throw new Error(`signature feed: file name ${JSON.stringify(name)} is not allowed`);
    }
    if (names.has(name)) throw new Error(`signature feed: file ${name} is listed twice`);
    names.add(name);
    if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) {
      throw new Error(`signature feed: file ${name} has no valid sha256`);
    }
    if (typeof url !== 'string') throw new Error(`signature feed: file ${name} has no url`);
    return { name, sha256, url };
  });
  return { version: manifest.version, files };
}

/** GET through the outbound guard: HTTPS (or loopback HTTP) on every hop, public addresses only. */
async function fetchChecked(url: URL, allowedPrivateHosts: readonly string[]): Promise<OutboundResponse> {
  const response = await fetchOutbound(url, {
    policy: { allowedPrivateHosts },
    timeoutMs: FETCH_TIMEOUT_MS,
    // A redirect must not lead off HTTPS either.
    checkUrl: (next) => checkedUrl(next.href),
  });
  if (response.status < 200 || response.status > 299) {
    await response.body.cancel();
    throw new Error(`signature feed: ${url.href} answered HTTP ${response.status}`);
  }
  return response;
}

/** Hours since the given date (a database's build date or our last update), for /readyz. */
export function signatureAgeHours(date: Date | null | undefined, now = new Date()): number | null {
  if (!date) return null;
  return Math.max(0, (now.getTime() - date.getTime()) / 3_600_000);
}

export class SignatureUpdater {
  private readonly feedUrl: URL;
  private readonly dir: string;
  private readonly activationTimeoutMs: number;
  private installed: InstalledState | null;
  private checkedAt: Date | null = null;
  private lastError: string | null = null;
  private running: Promise<{ changed: boolean; version: string }> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SignatureUpdaterOptions) {
    this.feedUrl = checkedUrl(options.feedUrl);
    this.dir = path.resolve(options.databaseDir);
    this.activationTimeoutMs = options.activationTimeoutMs ?? 120_000;
    this.installed = this.readState();
  }

  status(): SignatureStatus {
    return {
      version: this.installed?.version ?? null,
      updatedAt: this.installed ? new Date(this.installed.updatedAt) : null,
      checkedAt: this.checkedAt,
      lastError: this.lastError,
    };
  }

  /** Checks the feed now and installs what changed. One update runs at a time. */
  updateNow(): Promise<{ changed: boolean; version: string }> {
    this.running ??= this.update().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  start(): void {
    if (this.timer) return;
    const tick = () => {
      // Failures are logged and kept in status(); the next tick tries again.
      this.updateNow().catch(() => {});
    };
    tick();
    this.timer = setInterval(tick, Math.max(1, this.options.intervalMinutes) * 60_000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private readState(): InstalledState | null {
    try {
      const state = JSON.parse(
        fsSync.readFileSync(path.join(this.dir, STATE_FILE), 'utf8'),
      ) as InstalledState;
      return typeof state.version === 'string' && state.files ? state : null;
    } catch {
      return null;
    }
  }

  private async update(): Promise<{ changed: boolean; version: string }> {
    const log = this.options.log;
    try {
      const response = await fetchChecked(this.feedUrl, this.options.allowedPrivateHosts ?? []);
      const manifest = parseManifest(
        (await this.download(response, MAX_MANIFEST_BYTES)).data.toString('utf8'),
      );
      const previous = this.installed?.files ?? {};
      const present = (name: string) => fsSync.existsSync(path.join(this.dir, name));
      const changed = manifest.files.filter((f) => previous[f.name] !== f.sha256 || !present(f.name));
      const removed = Object.keys(previous).filter((name) => !manifest.files.some((f) => f.name === name));
      if (this.installed?.version === manifest.version && changed.length === 0 && removed.length === 0) {
        this.checkedAt = new Date();
        this.lastError = null;
        return { changed: false, version: manifest.version };
      }

      await this.removeScratch();
      const staged: Array<{ name: string; tmp: string }> = [];
      try {
        for (const file of changed) {
          const url = checkedUrl(file.url, this.feedUrl.href);
          const { tmp, sha256 } = await this.download(
            await fetchChecked(url, this.options.allowedPrivateHosts ?? []),
            MAX_FILE_BYTES,
            true,
          );
          staged.push({ name: file.name, tmp: tmp! });
          if (sha256 !== file.sha256) {
            throw new Error(
              `signature feed: ${file.name} has sha256 ${sha256}, the manifest says ${file.sha256}`,
            );
          }
        }
        await this.install(staged, removed);
      } finally {
        await Promise.all(staged.map((s) => fs.rm(s.tmp, { force: true })));
      }

      const state: InstalledState = {
        version: manifest.version,
        updatedAt: new Date().toISOString(),
        files: Object.fromEntries(manifest.files.map((f) => [f.name, f.sha256])),
      };
      await this.writeAtomically(STATE_FILE, Buffer.from(JSON.stringify(state, null, 2)));
      this.installed = state;
      this.checkedAt = new Date();
      this.lastError = null;
      log.info(
        { version: state.version, files: changed.map((f) => f.name), removed },
        'supplemental virus signatures updated',
      );
      return { changed: true, version: state.version };
    } catch (error) {
      this.lastError = message(error);
      log.error({ err: error, feed: this.feedUrl.href }, 'virus signature update failed');
      throw error;
    }
  }

  /** Reads a response up to max bytes; into a scratch file in the database directory if asked. */
  private async download(
    response: OutboundResponse,
    max: number,
    toFile = false,
  ): Promise<{ data: Buffer; tmp?: string; sha256: string }> {
    const declared = Number(response.headers.get('content-length'));
    if (declared > max) {
      await response.body.cancel();
      throw new Error(`signature feed: ${response.url} is larger than ${max} bytes`);
    }
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    const tmp = toFile ? this.scratchName() : undefined;
    // Readable by clamd, which usually runs as another user; signatures are not secret.
    const file = tmp ? await fs.open(tmp, 'wx', 0o644) : undefined;
    let bytes = 0;
    try {
      for await (const chunk of Readable.fromWeb(response.body as WebReadableStream<Uint8Array>)) {
        const data = chunk as Buffer;
        bytes += data.length;
        if (bytes > max) throw new Error(`signature feed: ${response.url} is larger than ${max} bytes`);
        hash.update(data);
        if (file) await file.write(data);
        else chunks.push(data);
      }
      await file?.sync();
    } catch (error) {
      await file?.close();
      if (tmp) await fs.rm(tmp, { force: true });
      throw error;
    }
    await file?.close();
    return { data: Buffer.concat(chunks), ...(tmp ? { tmp } : {}), sha256: hash.digest('hex') };
  }

  private scratchName(): string {
    return path.join(this.dir, `${SCRATCH_PREFIX}${randomBytes(8).toString('hex')}.part`);
  }

  private async writeAtomically(name: string, data: Buffer): Promise<void> {
    const tmp = this.scratchName();
    await fs.writeFile(tmp, data, { mode: 0o644, flag: 'wx' });
    await fs.rename(tmp, path.join(this.dir, name));
  }

  /** Leftovers of an update that was interrupted (staged downloads, backups). */
  private async removeScratch(): Promise<void> {
    for (const name of await fs.readdir(this.dir)) {
      if (name.startsWith(SCRATCH_PREFIX) && name.endsWith('.part')) {
        await fs.rm(path.join(this.dir, name), { force: true });
      }
    }
  }

  /** Moves the staged files in, reloads clamd and waits for the canary; puts everything back on failure. */
  private async install(staged: Array<{ name: string; tmp: string }>, removed: string[]): Promise<void> {
    const canary = randomBytes(32);
    const canaryName = `Mitte.Canary.${randomBytes(6).toString('hex')}`;
    const canaryTmp = this.scratchName();
    await fs.writeFile(
      canaryTmp,
      `${createHash('md5').update(canary).digest('hex')}:${canary.length}:${canaryName}\n`,
      { mode: 0o644, flag: 'wx' },
    );
    const moves = [...staged, { name: CANARY_FILE, tmp: canaryTmp }];
    const backups: Array<{ name: string; backup: string }> = [];
    const added: string[] = [];
    try {
      for (const { name, tmp } of moves) {
        const target = path.join(this.dir, name);
        if (fsSync.existsSync(target)) {
          const backup = this.scratchName();
          await fs.copyFile(target, backup);
          backups.push({ name, backup });
        } else {
          added.push(name);
        }
        await fs.rename(tmp, target);
      }
      for (const name of removed) {
        const target = path.join(this.dir, name);
        if (!fsSync.existsSync(target)) continue;
        const backup = this.scratchName();
        await fs.rename(target, backup);
        backups.push({ name, backup });
      }
      await this.options.clamd.reload();
      await this.waitForCanary(canary, canaryName);
    } catch (error) {
      for (const name of added) await fs.rm(path.join(this.dir, name), { force: true });
      for (const { name, backup } of backups) await fs.rename(backup, path.join(this.dir, name));
      await fs.rm(canaryTmp, { force: true });
      await this.options.clamd.reload().catch(() => {});
      throw error;
    }
    for (const { backup } of backups) await fs.rm(backup, { force: true });
  }

  private async waitForCanary(canary: Buffer, canaryName: string): Promise<void> {
    const deadline = Date.now() + this.activationTimeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      try {
        const result = await this.options.clamd.scan(Readable.from([canary]));
        if (result.infected && result.signature.startsWith(canaryName)) return;
        last = result.infected ? `canary matched ${result.signature}` : 'canary not detected yet';
      } catch (error) {
        last = message(error);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(
      `clamd did not activate the new signatures within ${this.activationTimeoutMs} ms (${last}); ` +
        'a signature file may be malformed — see the clamd log',
    );
  }
}
