import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../db/database.js';
import { type Tx, withScope } from '../../db/scope.js';
import {
  destroyKeys,
  findKey,
  firstKeyVersion,
  insertDestroyedKey,
  insertKey,
  type KeyRow,
  latestKey,
  listKeyVersions,
  liveKeysForUpdate,
  lockOrganisationKeys,
  otherWrappingMasterKeyIds,
  updateWrapping,
} from './data-keys.repo.js';
import { SecretBox } from './secret-box.js';

/**
 * Envelope keys per organisation (A.10.1.1). Each organisation has numbered data keys: 32 random
 * bytes, stored only wrapped with AES-256-GCM under the master key (associated data: organisation
 * and version, so a wrapped key cannot be moved to another row). New data uses the newest
 * version; older versions stay readable until the organisation's keys are destroyed at contract
 * end (CLD.8.1.5), which makes everything encrypted under them unreadable.
 *
 * Calls open their own provider-scope transaction: on PGlite (one connection) do not call them
 * while holding another transaction, or they wait for it forever.
 */

export const DATA_KEY_BYTES = 32;
// Long enough that reading a file costs no database round trip per segment or per request; short
// enough that a rotation or destruction on another node takes effect here soon.
const DEFAULT_CACHE_TTL_MS = 60_000;
const WRAP_PURPOSE = 'organisation-data-keys';

/** The organisation's keys were destroyed (crypto-shredding): its encrypted data is gone for good. */
export class KeyDestroyedError extends Error {
  override name = 'KeyDestroyedError';
  constructor(
    readonly org: string,
    readonly version?: number,
  ) {
    super(
      version === undefined
        ? `the data keys of ${org} have been destroyed`
        : `data key ${version} of ${org} has been destroyed`,
    );
  }
}

/** A data key is wrapped under a master key this process does not have. */
export class MasterKeyMismatchError extends Error {
  override name = 'MasterKeyMismatchError';
}

/**
 * Start-up check: every live data key must be wrapped under this master key, so a node started
 * with the wrong MASTER_KEY_FILE (e.g. the old one after a rotation) refuses to serve rather than
 * failing on the first upload.
 */
export async function assertMasterKeyFits(db: Database, masterKey: Buffer): Promise<void> {
  const id = masterKeyId(masterKey);
  const others = await withScope(db, { kind: 'provider' }, (tx) => otherWrappingMasterKeyIds(tx, id));
  if (others.length > 0) {
    throw new MasterKeyMismatchError(
      `MASTER_KEY_FILE holds master key ${id}, but the database's data keys are wrapped under ${others.join(
        ', ',
      )}: start with the master key the database uses (after "mitte rotate-master-key", the new one)`,
    );
  }
}

/** Names a master key without revealing it: the first 16 hex digits of its SHA-256. */
export function masterKeyId(masterKey: Buffer): string {
  return createHash('sha256').update(masterKey).digest('hex').slice(0, 16);
}

interface Master {
  id: string;
  box: SecretBox;
}

function master(key: Buffer): Master {
  if (key.length !== 32) throw new TypeError('the master key must be 32 bytes');
  return { id: masterKeyId(key), box: new SecretBox(key, WRAP_PURPOSE) };
}

const wrapAad = (org: string, version: number) => `${org}:${version}`;

export interface KeyRingOptions {
  /** How long unwrapped keys stay in memory (default 60 s). */
  cacheTtlMs?: number;
  /**
   * Master keys being rotated away from: still accepted for unwrapping, never used to wrap. Lets
   * every node run with both keys while rewrapAll() moves the database to the new one.
   */
  previousMasterKeys?: Buffer[];
}

export class KeyRing {
  private master: Master;
  private readonly previous: Master[];
  private readonly ttlMs: number;
  private readonly keys = new Map<string, { key: Buffer; expires: number }>();
  private readonly current = new Map<string, { version: number; expires: number }>();

  constructor(
    private readonly db: Database,
    masterKey: Buffer,
    options: KeyRingOptions = {},
  ) {
    this.master = master(masterKey);
    this.previous = (options.previousMasterKeys ?? []).map(master);
    this.ttlMs = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
  }

  /** The id of the master key new wraps use. */
  get masterKeyId(): string {
    return this.master.id;
  }

  /** The version and key for new data; creates version 1 on first use. */
  async currentKey(org: string): Promise<{ version: number; key: Buffer }> {
    const cached = this.current.get(org);
    if (cached && cached.expires > Date.now()) {
      return { version: cached.version, key: await this.keyByVersion(org, cached.version) };
    }
    const row = await withScope(this.db, { kind: 'provider' }, async (tx) => {
      const latest = await latestKey(tx, org);
      if (latest) return latest;
      await lockOrganisationKeys(tx, org);
      // Another node may have created it while we waited for the lock.
      return (await latestKey(tx, org)) ?? (await this.insertKey(tx, org, await firstKeyVersion(tx, org)));
    });
    if (row.wrapped_key === null) throw new KeyDestroyedError(org);
    const key = this.unwrap(row);
    this.remember(row, key);
    return { version: row.version, key: Buffer.from(key) };
  }

  /** A key by the version recorded with the data (header of an encrypted file). */
  async keyByVersion(org: string, version: number): Promise<Buffer> {
    const cached = this.keys.get(`${org}\0${version}`);
    if (cached && cached.expires > Date.now()) return Buffer.from(cached.key);
    const row = await withScope(this.db, { kind: 'provider' }, (tx) => findKey(tx, org, version));
    if (!row) throw new Error(`${org} has no data key version ${version}`);
    const key = this.unwrap(row);
    this.keys.set(`${org}\0${version}`, { key, expires: Date.now() + this.ttlMs });
    return Buffer.from(key);
  }

  /** A new key version for new data; the older versions stay readable. */
  async rotateOrganisationKey(org: string): Promise<number> {
    const row = await withScope(this.db, { kind: 'provider' }, async (tx) => {
      await lockOrganisationKeys(tx, org);
      const latest = await latestKey(tx, org);
      if (latest && latest.wrapped_key === null) throw new KeyDestroyedError(org);
      return this.insertKey(tx, org, latest ? latest.version + 1 : await firstKeyVersion(tx, org));
    });
    this.forget(org);
    this.remember(row, this.unwrap(row));
    return row.version;
  }

  /**
   * Master key rotation: re-wraps every live data key under the new master key in one
   * transaction, then uses the new key. newMasterId must be masterKeyId(newMaster) (a check
   * against passing the wrong file). Keys already under the new master are left alone.
   */
  async rewrapAll(newMaster: Buffer, newMasterId: string): Promise<number> {
    const count = await withScope(this.db, { kind: 'provider' }, (tx) =>
      this.rewrapWithin(tx, newMaster, newMasterId),
    );
    this.previous.unshift(this.master);
    this.master = master(newMaster);
    return count;
  }

  /**
   * rewrapAll's work inside the caller's provider transaction (the rotation command re-seals
   * other secrets in the same one). This ring keeps using the old master key.
   */
  async rewrapWithin(tx: Tx, newMaster: Buffer, newMasterId: string): Promise<number> {
    const next = master(newMaster);
    if (next.id !== newMasterId)
      throw new Error(`newMasterId ${newMasterId} is not the id of the new master key`);
    const rows = await liveKeysForUpdate(tx);
    let rewrapped = 0;
    for (const row of rows) {
      if (row.master_key_id === next.id) continue;
      const key = this.unwrap(row);
      await updateWrapping(
        tx,
        row,
        next.box.seal(key.toString('base64'), wrapAad(row.org, row.version)),
        next.id,
      );
      rewrapped++;
    }
    return rewrapped;
  }

  /**
   * Crypto-shredding at contract end: every key of the organisation loses its key material.
   * Other nodes may keep a cached key for up to the cache lifetime (60 s by default).
   */
  async destroyOrganisationKeys(org: string): Promise<number[]> {
    const versions = await withScope(this.db, { kind: 'provider' }, (tx) =>
      this.destroyOrganisationKeysWithin(tx, org),
    );
    this.forgetOrganisation(org);
    return versions;
  }

  /**
   * destroyOrganisationKeys' work inside the caller's provider transaction (the purge records the
   * step in the same one); call forgetOrganisation after it commits. Answers every key version
   * the organisation had, all destroyed now.
   */
  async destroyOrganisationKeysWithin(tx: Tx, org: string): Promise<number[]> {
    await lockOrganisationKeys(tx, org);
    await destroyKeys(tx, org);
    // No key yet: record the destruction anyway, so no key can be created for it later.
    if (!(await latestKey(tx, org))) await insertDestroyedKey(tx, org, this.master.id);
    return listKeyVersions(tx, org);
  }

  /** Drops this node's cached keys of the organisation (after a destruction elsewhere). */
  forgetOrganisation(org: string): void {
    this.forget(org);
  }

  private async insertKey(tx: Tx, org: string, version: number): Promise<KeyRow> {
    const key = randomBytes(DATA_KEY_BYTES);
    const row = {
      org,
      version,
      wrapped_key: this.master.box.seal(key.toString('base64'), wrapAad(org, version)),
      master_key_id: this.master.id,
    };
    await insertKey(tx, row);
    return row;
  }

  private unwrap(row: KeyRow): Buffer {
    if (row.wrapped_key === null) throw new KeyDestroyedError(row.org, row.version);
    const wrapper = [this.master, ...this.previous].find((m) => m.id === row.master_key_id);
    if (!wrapper) {
      throw new MasterKeyMismatchError(
        `data key ${row.version} of ${row.org} is wrapped under master key ${row.master_key_id}, ` +
          `but this process has master key ${this.master.id}: check MASTER_KEY_FILE`,
      );
    }
    let key: Buffer;
    try {
      key = Buffer.from(wrapper.box.open(row.wrapped_key, wrapAad(row.org, row.version)), 'base64');
    } catch {
      throw new Error(
        `data key ${row.version} of ${row.org} failed authentication (altered in the database)`,
      );
    }
    if (key.length !== DATA_KEY_BYTES) throw new Error(`data key ${row.version} of ${row.org} is malformed`);
    return key;
  }

  private remember(row: KeyRow, key: Buffer): void {
    const expires = Date.now() + this.ttlMs;
    this.keys.set(`${row.org}\0${row.version}`, { key, expires });
    this.current.set(row.org, { version: row.version, expires });
  }

  private forget(org: string): void {
    this.current.delete(org);
    for (const name of this.keys.keys()) if (name.startsWith(`${org}\0`)) this.keys.delete(name);
  }
}
