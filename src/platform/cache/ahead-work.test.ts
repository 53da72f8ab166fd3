import { describe, expect, it } from 'vitest';
import { AheadWork } from './ahead-work.js';

/** Lets queued work and its bookkeeping run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

/** Work that notes `label` in `runs` when it runs and resolves to `kept`. */
const noting =
  (runs: string[], label: string, kept = true) =>
  async () => {
    runs.push(label);
    return kept;
  };

describe('AheadWork', () => {
  it('runs the work at the after-th request for a language on an object, not before', async () => {
    const ahead = new AheadWork<object>(3, () => {});
    const model = {};
    const runs: string[] = [];
    ahead.count(model, 'en', 'org/en', noting(runs, 'en'));
    ahead.count(model, 'en', 'org/en', noting(runs, 'en'));
    ahead.count(model, 'ko', 'org/ko', noting(runs, 'ko'));
    await settle();
    expect(runs).toEqual([]);
    ahead.count(model, 'en', 'org/en', noting(runs, 'en'));
    await settle();
    expect(runs).toEqual(['en']);
  });

  it('queues a job once while it is queued or running, one job at a time', async () => {
    const ahead = new AheadWork<object>(1, () => {});
    const model = {};
    let running = 0;
    let most = 0;
    let runs = 0;
    const work = async () => {
      runs += 1;
      running += 1;
      most = Math.max(most, running);
      await settle();
      running -= 1;
      return true;
    };
    for (let i = 0; i < 5; i += 1) ahead.count(model, 'en', 'org/en', work);
    ahead.count(model, 'ko', 'org/ko', work);
    await settle();
    await settle();
    await settle();
    expect([runs, most]).toEqual([2, 1]);
  });

  it('does not try a refused language again on that object; other languages and a new object still run', async () => {
    const ahead = new AheadWork<object>(1, () => {});
    const [model, next] = [{}, {}];
    const runs: string[] = [];
    ahead.count(model, 'en', 'org/en', noting(runs, 'en refused', false));
    await settle();
    ahead.count(model, 'en', 'org/en', noting(runs, 'en again'));
    ahead.count(model, 'ko', 'org/ko', noting(runs, 'ko'));
    ahead.count(next, 'en', 'org/en', noting(runs, 'en on the new model'));
    await settle();
    expect(runs).toEqual(['en refused', 'ko', 'en on the new model']);
  });

  it('reports a failure, does not count it as refused, and never runs with after 0', async () => {
    const errors: unknown[] = [];
    const ahead = new AheadWork<object>(1, (error) => errors.push(error));
    const model = {};
    let runs = 0;
    const run = async () => {
      runs += 1;
      return true;
    };
    ahead.count(model, 'en', 'org/en', async () => {
      runs += 1;
      throw new Error('boom');
    });
    await settle();
    ahead.count(model, 'en', 'org/en', run);
    await settle();
    expect([runs, errors.map((e) => (e as Error).message)]).toEqual([2, ['boom']]);
    const off = new AheadWork<object>(0, () => {});
    off.count(model, 'en', 'org/en', run);
    await settle();
    expect(runs).toBe(2);
  });
});
