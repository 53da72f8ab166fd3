import { describe, expect, it } from 'vitest';
import type { Tx } from '../../db/scope.js';
import type { TenantContext } from '../../platform/access/context.js';
import { combineMediaUsages, type MediaUsage } from './media-usage.js';

// The parts only look at the media id; no transaction or context is used.
const tx = {} as Tx;
const ctx = {} as TenantContext;

const content: Partial<MediaUsage> = {
  whereUsed: async (_tx, _org, id) => (id === 'shown' ? [{ kind: 'spot', id: 's1', title: '清水寺' }] : []),
  detach: async (_ctx, id) => (id === 'shown' ? [{ kind: 'spot', id: 's1' }] : []),
  isPublic: async (_tx, _org, id) => id === 'shown',
};
const logo: Partial<MediaUsage> = {
  isPublic: async (_tx, _org, id) => id === 'logo',
  release: async (_ctx, id) => id === 'logo',
};

describe('combineMediaUsages', () => {
  const usage = combineMediaUsages([content, logo]);

  it('lists and detaches through the parts that implement them', async () => {
    expect(await usage.whereUsed(tx, 'kiyomizu', 'shown')).toEqual([
      { kind: 'spot', id: 's1', title: '清水寺' },
    ]);
    expect(await usage.detach(ctx, 'shown')).toEqual([{ kind: 'spot', id: 's1' }]);
    expect(await usage.whereUsed(tx, 'kiyomizu', 'logo')).toEqual([]);
  });

  it('makes a file public when any part shows it publicly, and only then', async () => {
    expect(await usage.isPublic(tx, 'kiyomizu', 'shown')).toBe(true);
    expect(await usage.isPublic(tx, 'kiyomizu', 'logo')).toBe(true);
    expect(await usage.isPublic(tx, 'kiyomizu', 'draft-only')).toBe(false);
  });

  it('releases what simply goes with the file and says whether anything did', async () => {
    expect(await usage.release(ctx, 'logo')).toBe(true);
    expect(await usage.release(ctx, 'shown')).toBe(false);
  });

  it('with no parts, nothing uses a file and nothing is public', async () => {
    const none = combineMediaUsages([]);
    expect(await none.whereUsed(tx, 'kiyomizu', 'x')).toEqual([]);
    expect(await none.isPublic(tx, 'kiyomizu', 'x')).toBe(false);
  });
});
