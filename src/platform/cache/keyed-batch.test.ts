import { describe, expect, it } from 'vitest';
import { KeyedBatch } from './keyed-batch.js';

describe('KeyedBatch', () => {
  it('sends the keys asked for within the window in one load, each once, and answers every caller', async () => {
    const loads: string[][] = [];
    const batch = new KeyedBatch<number>({
      windowMs: 20,
      max: 100,
      load: async (keys) => {
        loads.push(keys);
        return new Map(keys.filter((k) => k !== 'none').map((k) => [k, k.length]));
      },
    });
    const answers = await Promise.all([batch.get('a'), batch.get('bb'), batch.get('a'), batch.get('none')]);
    expect(answers).toEqual([1, 2, 1, undefined]);
    expect(loads).toEqual([['a', 'bb', 'none']]);
    // A key asked after the batch went waits for the next one.
    expect(await batch.get('ccc')).toBe(3);
    expect(loads).toEqual([['a', 'bb', 'none'], ['ccc']]);
  });

  it('sends a full batch at once, without waiting for the window', async () => {
    const loads: string[][] = [];
    const batch = new KeyedBatch<string>({
      windowMs: 60_000,
      max: 2,
      load: async (keys) => {
        loads.push(keys);
        return new Map(keys.map((k) => [k, k.toUpperCase()]));
      },
    });
    expect(await Promise.all([batch.get('x'), batch.get('y')])).toEqual(['X', 'Y']);
    expect(loads).toEqual([['x', 'y']]);
  });

  it('rejects every caller of a failed load, and the next batch loads again', async () => {
    let fail = true;
    const batch = new KeyedBatch<number>({
      windowMs: 5,
      max: 100,
      load: async (keys) => {
        if (fail) throw new Error('database down');
        return new Map(keys.map((k) => [k, 1]));
      },
    });
    const results = await Promise.allSettled([batch.get('a'), batch.get('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await batch.get('a')).toBe(1);
  });
});
