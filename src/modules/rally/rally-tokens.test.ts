import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OPENED_KEY_TTL_MS, RallyKeys } from './rally-tokens.js';

describe('opened campaign keys', () => {
  afterEach(() => vi.restoreAllMocks());

  const org = 'mihon';
  const campaignOf = (keys: RallyKeys, id: string) => ({
    id,
    key_version: 1,
    sealed_key: keys.newSealedKey(org, id, 1),
  });

  it('are kept for a while, then wiped and opened again from the sealed key', () => {
    const keys = new RallyKeys(randomBytes(32));
    const campaign = campaignOf(keys, '00000000-0000-4000-8000-000000000001');
    const start = Date.now();
    const clock = vi.spyOn(Date, 'now').mockReturnValue(start);
    const box = (keys as unknown as { box: { open: (sealed: string, aad: string) => string } }).box;
    const open = vi.spyOn(box, 'open');
    const token = keys.checkpointToken(org, campaign, 'checkpoint-1');
    expect(keys.openedKeys).toBe(1);
    clock.mockReturnValue(start + OPENED_KEY_TTL_MS - 1);
    expect(keys.checkToken(org, campaign, 'checkpoint-1', token)).toBe('ok');
    expect(open).toHaveBeenCalledTimes(1);

    clock.mockReturnValue(start + OPENED_KEY_TTL_MS + 1);
    // Past its time the entry is replaced (not added to): still one key, still the same token.
    expect(keys.checkToken(org, campaign, 'checkpoint-1', token)).toBe('ok');
    expect(open).toHaveBeenCalledTimes(2);
    expect(keys.openedKeys).toBe(1);
  });

  it('hold at most 1,000 keys: the 1,001st empties the cache first', () => {
    const keys = new RallyKeys(randomBytes(32));
    for (let i = 0; i < 1000; i++) keys.checkpointToken(org, campaignOf(keys, `c-${i}`), 'checkpoint-1');
    expect(keys.openedKeys).toBe(1000);
    const last = campaignOf(keys, 'c-last');
    const token = keys.checkpointToken(org, last, 'checkpoint-1');
    expect(keys.openedKeys).toBe(1);
    expect(keys.checkToken(org, last, 'checkpoint-1', token)).toBe('ok');
  });

  it('remember the token each checkpoint expects, per key: a forged token stays forged, a rotated key forgets them', () => {
    const keys = new RallyKeys(randomBytes(32));
    const campaign = campaignOf(keys, '00000000-0000-4000-8000-000000000002');
    const token = keys.checkpointToken(org, campaign, 'checkpoint-1');
    const made = vi.spyOn(keys, 'checkpointToken');
    for (let i = 0; i < 3; i++) expect(keys.checkToken(org, campaign, 'checkpoint-1', token)).toBe('ok');
    expect(made).toHaveBeenCalledTimes(1);
    const forged = `1.${'A'.repeat(22)}`;
    expect(keys.checkToken(org, campaign, 'checkpoint-1', forged)).toBe('forged');
    // Another checkpoint's token is not this one's.
    expect(keys.checkToken(org, campaign, 'checkpoint-2', token)).toBe('forged');

    const rotated = { id: campaign.id, key_version: 2, sealed_key: keys.newSealedKey(org, campaign.id, 2) };
    expect(keys.checkToken(org, rotated, 'checkpoint-1', token)).toBe('rotated');
    const fresh = keys.checkpointToken(org, rotated, 'checkpoint-1');
    expect(fresh).not.toBe(token);
    expect(keys.checkToken(org, rotated, 'checkpoint-1', fresh)).toBe('ok');
  });
});
