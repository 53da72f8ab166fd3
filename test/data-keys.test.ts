import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../src/db/scope.js';
import {
  KeyDestroyedError,
  KeyRing,
  MasterKeyMismatchError,
  masterKeyId,
} from '../src/platform/crypto/data-keys.js';
import { openTestDatabase, type TestDatabase } from './helpers/database.js';
import { createOrganisation } from './helpers/fixtures.js';

let t: TestDatabase;
const master = randomBytes(32);

beforeAll(async () => {
  t = await openTestDatabase();
  for (const org of ['north', 'south', 'east', 'west', 'shred', 'empty', 'race']) {
    await createOrganisation(t.db, org);
  }
});
afterAll(() => t?.close());

async function rows(org: string) {
  const { rows } = await t.superuser.query<{
    version: number;
    wrapped_key: string | null;
    master_key_id: string;
    destroyed_at: Date | null;
  }>(
    'SELECT version, wrapped_key, master_key_id, destroyed_at FROM provider.organisation_keys WHERE org = $1 ORDER BY version',
    [org],
  );
  return rows;
}

describe(`organisation data keys on ${process.env.TEST_DB ?? 'pglite'}`, () => {
  it('creates version 1 on first use and stores it only wrapped under the master key', async () => {
    const ring = new KeyRing(t.db, master);
    const first = await ring.currentKey('north');
    expect(first.version).toBe(1);
    expect(first.key.length).toBe(32);
    expect(await ring.currentKey('north')).toEqual(first);
    const stored = await rows('north');
    expect(stored).toHaveLength(1);
    expect(stored[0]!.master_key_id).toBe(masterKeyId(master));
    expect(stored[0]!.master_key_id).toMatch(/^[0-9a-f]{16}$/);
    expect(stored[0]!.wrapped_key).not.toContain(first.key.toString('base64'));
    expect(stored[0]!.wrapped_key).not.toContain(first.key.toString('base64url').slice(0, 20));
    // Another node (another ring) reads the same key from the database.
    expect(await new KeyRing(t.db, master).keyByVersion('north', 1)).toEqual(first.key);
    // Each organisation has its own key.
    expect((await ring.currentKey('south')).key.equals(first.key)).toBe(false);
  });

  it('creates exactly one first key when two nodes ask at once', async () => {
    const [a, b, c] = await Promise.all([
      new KeyRing(t.db, master).currentKey('race'),
      new KeyRing(t.db, master).currentKey('race'),
      new KeyRing(t.db, master).currentKey('race'),
    ]);
    expect(a).toEqual(b);
    expect(a).toEqual(c);
    expect(await rows('race')).toHaveLength(1);
  });

  it('rotates: new data gets a new version, older versions stay readable', async () => {
    const ring = new KeyRing(t.db, master);
    const v1 = await ring.currentKey('east');
    expect(await ring.rotateOrganisationKey('east')).toBe(2);
    const v2 = await ring.currentKey('east');
    expect(v2.version).toBe(2);
    expect(v2.key.equals(v1.key)).toBe(false);
    expect(await ring.keyByVersion('east', 1)).toEqual(v1.key);
    expect(await new KeyRing(t.db, master).currentKey('east')).toEqual(v2);
    await expect(ring.keyByVersion('east', 9)).rejects.toThrow(/no data key version 9/);
  });

  it('hands out copies: a caller changing its buffer does not change the key', async () => {
    const ring = new KeyRing(t.db, master);
    const { key } = await ring.currentKey('north');
    const copy = Buffer.from(key);
    key.fill(0);
    expect(await ring.keyByVersion('north', 1)).toEqual(copy);
  });

  it('serves a key from memory without a database round trip', async () => {
    const ring = new KeyRing(t.db, master);
    const key = await ring.keyByVersion('south', 1);
    const fresh = new KeyRing(t.db, master, { cacheTtlMs: 0 });
    const original = (await rows('south'))[0]!.wrapped_key;
    // Break the row: only a ring that asks the database notices.
    const north = (await rows('north'))[0]!.wrapped_key;
    await t.superuser.query('UPDATE provider.organisation_keys SET wrapped_key = $1 WHERE org = $2', [
      north,
      'south',
    ]);
    try {
      expect(await ring.keyByVersion('south', 1)).toEqual(key);
      // A wrapped key moved to another organisation's row fails its associated data.
      await expect(fresh.keyByVersion('south', 1)).rejects.toThrow(/failed authentication/);
    } finally {
      await t.superuser.query('UPDATE provider.organisation_keys SET wrapped_key = $1 WHERE org = $2', [
        original,
        'south',
      ]);
    }
    expect(await fresh.keyByVersion('south', 1)).toEqual(key);
  });

  it('reports a wrong master key clearly', async () => {
    const wrong = new KeyRing(t.db, randomBytes(32));
    await expect(wrong.keyByVersion('north', 1)).rejects.toBeInstanceOf(MasterKeyMismatchError);
    await expect(wrong.currentKey('north')).rejects.toThrow(
      /wrapped under master key [0-9a-f]{16}.*MASTER_KEY_FILE/,
    );
  });

  it('keeps the keys out of every organisation scope', async () => {
    const visible = await withTenant(t.db, 'north', (tx) =>
      tx.selectFrom('provider.organisation_keys').select('org').execute(),
    );
    expect(visible).toEqual([]);
  });

  it('crypto-shreds an organisation: keys gone for good, rows kept as evidence', async () => {
    const ring = new KeyRing(t.db, master);
    await ring.currentKey('shred');
    await ring.rotateOrganisationKey('shred');
    await ring.keyByVersion('shred', 1);
    await ring.destroyOrganisationKeys('shred');
    const stored = await rows('shred');
    expect(stored).toHaveLength(2);
    for (const row of stored) {
      expect(row.wrapped_key).toBeNull();
      expect(row.destroyed_at).toBeInstanceOf(Date);
    }
    // The same ring had them cached: destruction clears its cache.
    await expect(ring.keyByVersion('shred', 1)).rejects.toBeInstanceOf(KeyDestroyedError);
    await expect(ring.currentKey('shred')).rejects.toBeInstanceOf(KeyDestroyedError);
    await expect(ring.rotateOrganisationKey('shred')).rejects.toBeInstanceOf(KeyDestroyedError);
    await expect(new KeyRing(t.db, master).keyByVersion('shred', 2)).rejects.toBeInstanceOf(
      KeyDestroyedError,
    );
    // Destroying twice is harmless; the database refuses to bring a key back.
    await ring.destroyOrganisationKeys('shred');
    await expect(
      t.superuser.query(
        "UPDATE provider.organisation_keys SET wrapped_key = 'v1.a.b.c', destroyed_at = NULL WHERE org = 'shred'",
      ),
    ).rejects.toThrow(/cannot be restored/);
    // Other organisations are untouched.
    expect((await ring.currentKey('north')).version).toBe(1);
  });

  it('records the destruction for an organisation that never had a key', async () => {
    const ring = new KeyRing(t.db, master);
    await ring.destroyOrganisationKeys('empty');
    expect(await rows('empty')).toMatchObject([{ version: 1, wrapped_key: null }]);
    await expect(ring.currentKey('empty')).rejects.toBeInstanceOf(KeyDestroyedError);
  });

  describe('master key rotation', () => {
    it('re-wraps every live key in one go; the data keys stay the same', async () => {
      const ring = new KeyRing(t.db, master);
      const before = {
        north: await ring.keyByVersion('north', 1),
        east1: await ring.keyByVersion('east', 1),
        east2: await ring.keyByVersion('east', 2),
      };
      const live = (
        await t.superuser.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM provider.organisation_keys WHERE wrapped_key IS NOT NULL',
        )
      ).rows[0]!.n;
      const next = randomBytes(32);
      await expect(ring.rewrapAll(next, 'ffffffffffffffff')).rejects.toThrow(/not the id/);

      // A node that already knows the new key accepts the old one while the rotation runs.
      const transitional = new KeyRing(t.db, next, { previousMasterKeys: [master] });
      expect(await transitional.keyByVersion('north', 1)).toEqual(before.north);

      expect(await ring.rewrapAll(next, masterKeyId(next))).toBe(live);
      expect(ring.masterKeyId).toBe(masterKeyId(next));
      const ids = await t.superuser.query<{ master_key_id: string }>(
        'SELECT DISTINCT master_key_id FROM provider.organisation_keys WHERE wrapped_key IS NOT NULL',
      );
      expect(ids.rows).toEqual([{ master_key_id: masterKeyId(next) }]);

      const after = new KeyRing(t.db, next);
      expect(await after.keyByVersion('north', 1)).toEqual(before.north);
      expect(await after.keyByVersion('east', 1)).toEqual(before.east1);
      expect(await after.currentKey('east')).toEqual({ version: 2, key: before.east2 });
      await expect(new KeyRing(t.db, master).keyByVersion('east', 2)).rejects.toBeInstanceOf(
        MasterKeyMismatchError,
      );
      // The rotating ring itself goes on working, and new keys are wrapped under the new master.
      expect(await ring.rotateOrganisationKey('west')).toBe(1);
      expect((await rows('west'))[0]!.master_key_id).toBe(masterKeyId(next));
      // Running it again finds nothing left to do.
      expect(await new KeyRing(t.db, next).rewrapAll(next, masterKeyId(next))).toBe(0);
    });
  });
});
