import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PublishedTier, type TierRecord } from './published-tier.js';

/** readWith: a page's item and its nearest spots in as few reads of the file as their places allow. */
const dirs: string[] = [];
const tiers: PublishedTier[] = [];
afterEach(() => {
  for (const tier of tiers.splice(0)) tier.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A tier in a fresh directory, closed and removed after the test; `options` over a small budget's defaults. */
function newTier(options: Partial<ConstructorParameters<typeof PublishedTier>[0]>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-tier-unit-'));
  dirs.push(dir);
  const tier = new PublishedTier({
    dir,
    maxBytes: 64 * 1024 * 1024,
    checkMs: 60_000,
    ttlMs: 60_000,
    buildAfter: 1,
    build: async () => ({ version: 'v1', lang: 'ja', records: [], heads: [] }),
    version: async () => 'v1',
    ...options,
  });
  tiers.push(tier);
  return tier;
}

/** The page the tests keep for the spot of this place: gzipped, its ETag naming it. */
const pageOf = (i: number) => ({ gzip: zlib.gzipSync(`<p>spot ${i}</p>`), etag: `"page-${i}"` });

/**
 * A tier holding 'town' with `count` spots of about a kilobyte each (`big`: those of these places
 * about a megabyte), in the file in their order; `pages`: every `every`-th with its page (pageOf),
 * rendered for `key`; `hugeAnswer`: the spot of this place with an API answer of 17 MB.
 */
async function tierOf(
  count: number,
  big: number[] = [],
  pages?: { key: string; every: number },
  hugeAnswer?: number,
) {
  const ids = Array.from({ length: count }, () => crypto.randomUUID());
  const records: TierRecord[] = ids.map((id, i) => ({
    id,
    kind: 'spot',
    detail: Buffer.from(
      JSON.stringify({ id, n: i, pad: 'x'.repeat(i === hugeAnswer ? 17 * 1024 * 1024 : 400) }),
    ),
    etag: `"${i}"`,
    gzip: undefined,
    entry: JSON.stringify({ n: i, pad: 'y'.repeat(big.includes(i) ? 1024 * 1024 : 400) }),
    card: JSON.stringify({ card: i }),
    ...(pages && i % pages.every === 0 ? { page: pageOf(i) } : {}),
  }));
  const tier = newTier({
    maxBytes: (hugeAnswer === undefined ? 64 : 256) * 1024 * 1024,
    build: async () => ({ version: 'v1', lang: 'ja', records, heads: [], pagesKey: pages?.key }),
  });
  await tier.load('town');
  expect(tier.holds('town')).toBe(true);
  return { tier, ids };
}
const n = (entry: string) => (JSON.parse(entry) as { n: number }).n;
const card = (text: string) => (JSON.parse(text) as { card: number }).card;

describe('the published tier’s readWith', () => {
  it('reads the item and neighbours beside it in the file with one read', async () => {
    const { tier, ids } = await tierOf(40);
    const before = tier.fileReads;
    let named = '';
    const read = tier.readWith('town', 'spot', ids[20]!, (entry) => {
      named = entry;
      return [ids[21]!, ids[19]!, ids[22]!];
    });
    expect(tier.fileReads - before).toBe(1);
    // The item's entry, given to name the others, and each other's card, in the order named.
    expect(n(read!.entry)).toBe(20);
    expect(named).toBe(read!.entry);
    expect(read!.cards.map(card)).toEqual([21, 19, 22]);
  });

  it('reads the ones further away with a read per group of neighbouring records, in the order named', async () => {
    const { tier, ids } = await tierOf(200);
    const before = tier.fileReads;
    // 100 and 101 side by side, 180 on its own; 0 beside the item; one not in the file.
    const read = tier.readWith('town', 'spot', ids[1]!, () => [
      ids[180]!,
      ids[101]!,
      crypto.randomUUID(),
      ids[0]!,
      ids[100]!,
    ]);
    expect(tier.fileReads - before).toBe(3);
    expect(read!.cards.map(card)).toEqual([180, 101, 0, 100]);
  });

  it('reuses its read bytes without changing what it returned, or what read returned, and reads a record larger than them', async () => {
    const { tier, ids } = await tierOf(200, [150]);
    const detail = tier.read('town', 'spot', ids[10]!, 'answer')!.detail;
    const first = tier.readWith('town', 'spot', ids[1]!, () => [ids[180]!, ids[0]!]);
    const second = tier.readWith('town', 'spot', ids[120]!, () => [ids[60]!, ids[121]!]);
    expect(JSON.parse(detail.toString()).n).toBe(10);
    expect([n(first!.entry), ...first!.cards.map(card)]).toEqual([1, 180, 0]);
    expect([n(second!.entry), ...second!.cards.map(card)]).toEqual([120, 60, 121]);
    // A megabyte's record, its neighbours' cards around it, and a page read after it.
    const big = tier.readWith('town', 'spot', ids[150]!, () => [ids[149]!, ids[151]!, ids[3]!]);
    expect(n(big!.entry)).toBe(150);
    expect(big!.cards.map(card)).toEqual([149, 151, 3]);
    const after = tier.readWith('town', 'spot', ids[149]!, () => [ids[150]!, ids[148]!]);
    expect([n(after!.entry), ...after!.cards.map(card)]).toEqual([149, 150, 148]);
  });

  it('answers nothing for an item not in the file, of another kind, or of an organisation it does not hold', async () => {
    const { tier, ids } = await tierOf(5);
    let asked = 0;
    const others = () => {
      asked += 1;
      return [ids[0]!];
    };
    expect(tier.readWith('town', 'spot', crypto.randomUUID(), others)).toBeUndefined();
    expect(tier.readWith('town', 'event', ids[1]!, others)).toBeUndefined();
    expect(tier.readWith('village', 'spot', ids[1]!, others)).toBeUndefined();
    expect(tier.readWith('town', 'spot', 'not-an-id', others)).toBeUndefined();
    // Only the dashed form the model and the database take: no other spelling of the same digits.
    expect(tier.readWith('town', 'spot', ids[1]!.replaceAll('-', ''), others)).toBeUndefined();
    expect(tier.read('town', 'spot', ids[1]!.replace(/^(.{7})(.)-/, '$1-$2'))).toBeUndefined();
    expect(tier.read('town', 'spot', ids[1]!.toUpperCase())).toBeDefined();
    expect(asked).toBe(0);
    // The first and the last record: the bytes around them stop at the file's ends.
    expect(tier.readWith('town', 'spot', ids[0]!, () => [ids[4]!])!.cards.map(card)).toEqual([4]);
    expect(tier.readWith('town', 'spot', ids[4]!, () => [ids[0]!])!.cards.map(card)).toEqual([0]);
  });
});

describe('the published tier’s pages rendered ahead', () => {
  const text = (page: { gzip: Buffer } | undefined) => page && zlib.gunzipSync(page.gzip).toString();

  it('gives a spot’s page with its ETag for the key they were rendered for, and none for another key or a spot without one', async () => {
    const { tier, ids } = await tierOf(30, [], { key: 'site-1', every: 2 });
    const before = tier.fileReads;
    const page = tier.page('town', 'spot', ids[4]!, 'site-1');
    expect(tier.fileReads - before).toBe(1);
    expect(page?.etag).toBe('"page-4"');
    expect(text(page)).toBe('<p>spot 4</p>');
    // Equal text in another string is the same key.
    expect(text(tier.page('town', 'spot', ids[6]!, ['site', '1'].join('-')))).toBe('<p>spot 6</p>');
    expect(tier.page('town', 'spot', ids[4]!, 'site-2')).toBeUndefined();
    expect(tier.page('town', 'spot', ids[5]!, 'site-1')).toBeUndefined();
    expect(tier.page('town', 'event', ids[4]!, 'site-1')).toBeUndefined();
    expect(tier.page('town', 'spot', crypto.randomUUID(), 'site-1')).toBeUndefined();
    expect(tier.page('village', 'spot', ids[4]!, 'site-1')).toBeUndefined();
    // The records' other parts read as before with a page among them.
    expect(JSON.parse(tier.read('town', 'spot', ids[4]!, 'answer')!.detail.toString()).n).toBe(4);
    expect(n(tier.read('town', 'spot', ids[4]!)!.entry())).toBe(4);
    const read = tier.readWith('town', 'spot', ids[4]!, () => [ids[5]!, ids[3]!, ids[28]!]);
    expect([n(read!.entry), ...read!.cards.map(card)]).toEqual([4, 5, 3, 28]);
  });

  it('leaves a page it gave unchanged by the reads after it (its bytes are its own)', async () => {
    const { tier, ids } = await tierOf(200, [], { key: 'k', every: 1 });
    const first = tier.page('town', 'spot', ids[10]!, 'k');
    tier.readWith('town', 'spot', ids[150]!, () => [ids[20]!, ids[190]!]);
    tier.page('town', 'spot', ids[11]!, 'k');
    expect(text(first)).toBe('<p>spot 10</p>');
  });

  it('keeps no page when the build rendered none', async () => {
    const { tier, ids } = await tierOf(10);
    expect(tier.page('town', 'spot', ids[0]!, '')).toBeUndefined();
    expect(tier.page('town', 'spot', ids[0]!, 'undefined')).toBeUndefined();
  });

  it('finds the page of a record whose API answer is longer than the index says (17 MB)', async () => {
    const { tier, ids } = await tierOf(3, [], { key: 'k', every: 1 }, 1);
    expect(text(tier.page('town', 'spot', ids[1]!, 'k'))).toBe('<p>spot 1</p>');
    expect(text(tier.page('town', 'spot', ids[2]!, 'k'))).toBe('<p>spot 2</p>');
    expect(n(tier.read('town', 'spot', ids[1]!)!.entry())).toBe(1);
  });
});

describe('the published tier’s builds asked for by reads', () => {
  it('leaves out a queued build of an organisation memory serves by its turn, and builds it when loaded explicitly', async () => {
    const built: string[] = [];
    const tier = newTier({
      build: async (org) => {
        built.push(org);
        return { version: 'v1', lang: 'ja', records: [], heads: [] };
      },
      servedElsewhere: (org) => org === 'in-memory',
    });
    // A miss each: both queued, in this order; the second is built, the first left out.
    expect(tier.get('in-memory')).toBe(false);
    expect(tier.get('on-disk')).toBe(false);
    for (let i = 0; i < 100 && !tier.holds('on-disk'); i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(tier.holds('on-disk')).toBe(true);
    expect(tier.holds('in-memory')).toBe(false);
    expect(built).toEqual(['on-disk']);
    await tier.load('in-memory');
    expect(built).toEqual(['on-disk', 'in-memory']);
    expect(tier.holds('in-memory')).toBe(true);
  });
});

describe('the published tier closed while a build writes its file', () => {
  /** A tier whose one build waits at its file's write: `before` the write or `after` it. */
  function gatedTier(at: 'before' | 'after') {
    const errors: unknown[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let writing!: () => void;
    const written = new Promise<void>((resolve) => {
      writing = resolve;
    });
    const write = fs.promises.writeFile;
    vi.spyOn(fs.promises, 'writeFile').mockImplementation(async (...args) => {
      // `written` resolves where the build stops: before the file exists, or once it does.
      if (at === 'before') {
        writing();
        await gate;
        await write(...args);
      } else {
        await write(...args);
        writing();
        await gate;
      }
    });
    const tier = newTier({ onError: (error) => errors.push(error) });
    return { tier, errors, release, written, loading: tier.load('town') };
  }
  afterEach(() => vi.restoreAllMocks());

  it('removes its directory under a write, which then fails without an error of the tier’s', async () => {
    const { tier, errors, release, written, loading } = gatedTier('before');
    await written;
    tier.close();
    expect(fs.existsSync(tier.directory)).toBe(false);
    release();
    await loading;
    expect(tier.holds('town')).toBe(false);
    expect(errors).toEqual([]);
    expect(fs.existsSync(tier.directory)).toBe(false);
  });

  it('does not throw when the write fills the directory as it is removed, and the build removes it when it ends', async () => {
    const { tier, errors, release, written, loading } = gatedTier('after');
    await written;
    // The race: the file created while the directory's entries were being removed.
    vi.spyOn(fs, 'rmSync').mockImplementationOnce(() => {
      throw Object.assign(new Error('ENOTEMPTY: directory not empty'), { code: 'ENOTEMPTY' });
    });
    expect(() => tier.close()).not.toThrow();
    expect(fs.readdirSync(tier.directory)).toHaveLength(1);
    release();
    await loading;
    expect(errors).toEqual([]);
    expect(fs.existsSync(tier.directory)).toBe(false);
  });
});
