import { describe, expect, it } from 'vitest';
import { WorkQueue } from './work-queue.js';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe('WorkQueue', () => {
  it('runs at most `concurrency` jobs at once and the rest in arrival order', async () => {
    const queue = new WorkQueue(2);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    let peak = 0;
    const jobs = gates.map((g, i) =>
      queue.run(`k${i}`, async () => {
        started.push(i);
        peak = Math.max(peak, queue.stats().running);
        await g.opened;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(queue.place('k0')).toEqual({ state: 'running' });
    expect(queue.place('k2')).toEqual({ state: 'waiting', ahead: 0 });
    expect(queue.place('k3')).toEqual({ state: 'waiting', ahead: 1 });
    gates[1]?.open();
    await jobs[1];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    expect(queue.place('k3')).toEqual({ state: 'waiting', ahead: 0 });
    for (const g of gates) g.open();
    expect(await Promise.all(jobs)).toEqual([0, 1, 2, 3]);
    expect(peak).toBe(2);
    expect(queue.stats()).toEqual({ running: 0, waiting: 0, concurrency: 2 });
    expect(queue.place('k0')).toBeNull();
  });

  it('releases the slot when a job fails, and later jobs keep their arrival order', async () => {
    const queue = new WorkQueue(1);
    const first = gate();
    const failing = queue.run('a', async () => {
      await first.opened;
      throw new Error('boom');
    });
    const order: string[] = [];
    const waiting = queue.run('b', async () => {
      order.push('b');
    });
    first.open();
    await expect(failing).rejects.toThrow('boom');
    const late = queue.run('c', async () => {
      order.push('c');
    });
    await Promise.all([waiting, late]);
    expect(order).toEqual(['b', 'c']);
    expect(queue.stats().running).toBe(0);
  });

  it('refuses a limit below one', () => {
    expect(() => new WorkQueue(0)).toThrow(RangeError);
  });
});
