import { describe, expect, it } from 'vitest';
import { OrgLru } from './org-lru.js';

describe('OrgLru', () => {
  /** A full store: eight entries of 20 bytes in 160 (an entry may take an eighth), k0 the oldest. */
  const full = (now = () => 0) => {
    const lru = new OrgLru<string>({ maxBytes: 160, ttlMs: 1000, now });
    for (let i = 0; i < 8; i += 1) lru.set(`k${i}`, `org${i}`, lru.generation(`org${i}`), `v${i}`, 20);
    return lru;
  };
  const add = (lru: OrgLru<string>) => lru.set('k8', 'org8', lru.generation('org8'), 'v8', 20);

  it('makes room by pushing out the least recently got entry; a get makes an entry recent', () => {
    const lru = full();
    expect(lru.get('k0')?.value).toBe('v0');
    add(lru);
    expect([lru.peek('k0')?.value, lru.peek('k1'), lru.peek('k8')?.value]).toEqual(['v0', undefined, 'v8']);
  });

  it('peek gives the live entry without making it recent: it is still the first to go', () => {
    const lru = full();
    expect(lru.peek('k0')?.value).toBe('v0');
    add(lru);
    expect([lru.peek('k0'), lru.peek('k1')?.value, lru.peek('k8')?.value]).toEqual([undefined, 'v1', 'v8']);
  });

  it('peek gives nothing for an entry past its TTL', () => {
    let now = 0;
    const lru = full(() => now);
    now = 999;
    expect(lru.peek('k0')?.value).toBe('v0');
    now = 1000;
    expect(lru.peek('k0')).toBeUndefined();
  });
});
