import { describe, expect, it } from 'vitest';
import { bodyEtag, etagMatches, ResponseCache } from './response-cache.js';

function answer(text: string, vary: [string, string][] = []) {
  const body = Buffer.from(text);
  return { body, headers: { 'content-type': 'text/plain' }, etag: bodyEtag(body), vary };
}

const noHeaders = () => undefined;

describe('ResponseCache', () => {
  it('returns what was stored until the TTL runs out', () => {
    let now = 1000;
    const cache = new ResponseCache({ maxBytes: 1_000_000, ttlMs: 60_000, now: () => now });
    expect(cache.set('k', 'org-a', cache.generation('org-a'), answer('hello'))).toBe(true);
    expect(cache.get('k', noHeaders)?.body.toString()).toBe('hello');
    now += 59_999;
    expect(cache.get('k', noHeaders)).toBeDefined();
    now += 1;
    expect(cache.get('k', noHeaders)).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.totalBytes).toBe(0);
  });

  it('evicts the least recently used entries once the byte budget is spent', () => {
    let evicted = 0;
    // Each entry takes about 1.1 KB: eight fit in the budget, the ninth pushes one out.
    const cache = new ResponseCache({ maxBytes: 9600, ttlMs: 60_000, onEvict: () => (evicted += 1) });
    const big = 'x'.repeat(800);
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    for (const key of keys) cache.set(key, 'org', cache.generation('org'), answer(big));
    expect(cache.size).toBe(8);
    expect(evicted).toBe(0);
    // Reading 'a' makes it the most recent, so 'b' is now the oldest.
    expect(cache.get('a', noHeaders)).toBeDefined();
    cache.set('i', 'org', cache.generation('org'), answer(big));
    expect(evicted).toBe(1);
    expect(cache.get('b', noHeaders)).toBeUndefined();
    for (const key of ['a', 'c', 'd', 'e', 'f', 'g', 'h', 'i'])
      expect(cache.get(key, noHeaders)).toBeDefined();
    expect(cache.totalBytes).toBeLessThanOrEqual(9600);
  });

  it('counts what an entry gains later (its compressed copies) in the budget, only while it holds that body', () => {
    let evicted = 0;
    const cache = new ResponseCache({ maxBytes: 9600, ttlMs: 60_000, onEvict: () => (evicted += 1) });
    const big = 'x'.repeat(800);
    for (const key of ['a', 'b', 'c']) cache.set(key, 'org', cache.generation('org'), answer(big));
    const before = cache.totalBytes;
    const a = cache.get('a', noHeaders)!.body;
    cache.grow('a', a, 500);
    expect(cache.totalBytes).toBe(before + 500);
    // Another body under the key (the entry was replaced), or no entry: nothing is counted.
    cache.grow('b', a, 500);
    cache.grow('gone', a, 500);
    expect(cache.totalBytes).toBe(before + 500);
    // Growing past the budget drops the least recently used entries ('b', then 'c').
    cache.grow('a', a, 7000);
    expect(evicted).toBe(2);
    expect(cache.get('b', noHeaders)).toBeUndefined();
    expect(cache.get('a', noHeaders)).toBeDefined();
    expect(cache.totalBytes).toBeLessThanOrEqual(9600);
  });

  it('refuses an answer larger than an eighth of the budget', () => {
    const cache = new ResponseCache({ maxBytes: 8000, ttlMs: 60_000 });
    expect(cache.set('big', 'org', 0, answer('x'.repeat(1000)))).toBe(false);
    expect(cache.size).toBe(0);
  });

  it('drops exactly one organisation on invalidation', () => {
    const cache = new ResponseCache({ maxBytes: 1_000_000, ttlMs: 60_000 });
    cache.set('a1', 'org-a', 0, answer('a1'));
    cache.set('a2', 'org-a', 0, answer('a2'));
    cache.set('b1', 'org-b', 0, answer('b1'));
    expect(cache.invalidate('org-a')).toBe(2);
    expect(cache.get('a1', noHeaders)).toBeUndefined();
    expect(cache.get('a2', noHeaders)).toBeUndefined();
    expect(cache.get('b1', noHeaders)?.body.toString()).toBe('b1');
    expect(cache.invalidate('org-a')).toBe(0);
  });

  it('does not store what was read before an invalidation of its organisation', () => {
    const cache = new ResponseCache({ maxBytes: 1_000_000, ttlMs: 60_000 });
    const before = cache.generation('org-a');
    const other = cache.generation('org-b');
    cache.invalidate('org-a');
    expect(cache.set('a', 'org-a', before, answer('stale'))).toBe(false);
    expect(cache.set('b', 'org-b', other, answer('fine'))).toBe(true);
    const cleared = cache.generation('org-b');
    cache.clear();
    expect(cache.set('b2', 'org-b', cleared, answer('stale'))).toBe(false);
    expect(cache.size).toBe(0);
  });

  it('matches only requests with the same values of the headers the answer varies on', () => {
    const cache = new ResponseCache({ maxBytes: 1_000_000, ttlMs: 60_000 });
    cache.set('k', 'org', 0, answer('ja', [['accept-language', 'ja']]));
    expect(cache.get('k', (name) => (name === 'accept-language' ? 'ja' : undefined))).toBeDefined();
    expect(cache.get('k', (name) => (name === 'accept-language' ? 'en' : undefined))).toBeUndefined();
    expect(cache.get('k', noHeaders)).toBeUndefined();
  });

  it('a budget of 0 stores nothing', () => {
    const cache = new ResponseCache({ maxBytes: 0, ttlMs: 60_000 });
    expect(cache.enabled).toBe(false);
    expect(cache.set('k', 'org', 0, answer('x'))).toBe(false);
  });
});

describe('admission', () => {
  it('with admitAfter 2 a URL is stored from its second storable answer, each URL counted on its own', () => {
    const cache = new ResponseCache({ maxBytes: 1_000_000, ttlMs: 60_000, admitAfter: 2 });
    expect(cache.admit('a')).toBe(false);
    expect(cache.admit('b')).toBe(false);
    expect(cache.admit('a')).toBe(true);
    // Counted again from zero once stored (after an invalidation it must be asked for twice again).
    expect(cache.admit('a')).toBe(false);
    expect(cache.admit('b')).toBe(true);
  });

  it('admits every answer with admitAfter 1 (or unset)', () => {
    for (const cache of [
      new ResponseCache({ maxBytes: 1_000_000, ttlMs: 60_000, admitAfter: 1 }),
      new ResponseCache({ maxBytes: 1_000_000, ttlMs: 60_000 }),
    ])
      expect(cache.admit('a')).toBe(true);
  });

  it('forgets what it has seen once 20,000 URLs wait, so a walk of one-time URLs cannot grow it without bound', () => {
    const cache = new ResponseCache({ maxBytes: 1_000_000, ttlMs: 60_000, admitAfter: 2 });
    expect(cache.admit('popular')).toBe(false);
    for (let i = 0; i < 19_999; i++) cache.admit(`once-${i}`);
    // 20,000 wait: the next new URL starts the memory again, and 'popular' counts from zero.
    cache.admit('one-more');
    expect(cache.admit('popular')).toBe(false);
    expect(cache.admit('popular')).toBe(true);
  });

  it('forgets what it has seen once the URLs waiting take 4 MB, so long unique queries cannot grow it either', () => {
    const cache = new ResponseCache({ maxBytes: 1_000_000, ttlMs: 60_000, admitAfter: 2 });
    expect(cache.admit('popular')).toBe(false);
    // 8 KB URLs (about 16 KB counted each): 250 of them stay under 4 MB with 'popular' …
    const long = (i: number) => `/s/town/ja/?q=${String(i).padStart(8192, 'x')}`;
    for (let i = 0; i < 250; i++) cache.admit(long(i));
    expect(cache.admit('popular')).toBe(true);
    expect(cache.admit('popular')).toBe(false);
    // … and a few more pass it: everything seen is forgotten.
    for (let i = 250; i < 260; i++) cache.admit(long(i));
    expect(cache.admit('popular')).toBe(false);
  });
});

describe('ETags', () => {
  it('are weak, stable for the same body and differ for another', () => {
    const a = bodyEtag(Buffer.from('one'));
    expect(a).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    expect(bodyEtag(Buffer.from('one'))).toBe(a);
    expect(bodyEtag(Buffer.from('two'))).not.toBe(a);
  });

  it('If-None-Match matches weakly, in lists, and with *', () => {
    const etag = 'W/"abc"';
    expect(etagMatches('W/"abc"', etag)).toBe(true);
    expect(etagMatches('"abc"', etag)).toBe(true);
    expect(etagMatches('"x", W/"abc"', etag)).toBe(true);
    expect(etagMatches('*', etag)).toBe(true);
    expect(etagMatches('"abd"', etag)).toBe(false);
    expect(etagMatches(undefined, etag)).toBe(false);
  });
});
