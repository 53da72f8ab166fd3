import fs from 'node:fs';
import autocannon from 'autocannon';
import { DURATION } from './setup.js';

/** What one workload measured: answered requests per second, p99, errors, and the machine's CPU. */
export interface Figure {
  rps: number;
  p99: number;
  errors: number;
  /** Busy share of all cores while the workload ran (every process on the machine counts). */
  cpu: number;
}

export interface MeasureOptions {
  connections: number;
  /** Signed-in requests send this cookie. */
  cookie?: string;
  /** A cold walk: each path once (no warm-up); otherwise BENCH_SECONDS after a 2 s warm-up. */
  amount?: number;
  /** Print the non-2xx answers by status, errors and timeouts when there were any. */
  reportFailures?: true;
  /** Each measured request's latency (ms, as autocannon times it) is pushed here: to pool runs. */
  latencies?: number[];
}

/** Busy share of all cores between two readings of /proc/stat. */
function cpuMeter(): () => number {
  const read = () => {
    const fields = fs
      .readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const idle = fields[3]! + fields[4]!;
    return { idle, total: fields.reduce((a, b) => a + b, 0) };
  };
  const start = read();
  return () => {
    const end = read();
    return 1 - (end.idle - start.idle) / Math.max(1, end.total - start.total);
  };
}

/** The system's pages read in (KB) and major faults so far. */
function vmstat(): { pgpgin: number; pgmajfault: number } {
  const text = fs.readFileSync('/proc/vmstat', 'utf8');
  const value = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return { pgpgin: value('pgpgin'), pgmajfault: value('pgmajfault') };
}

/** CPU ticks (1/100 s) of every process by pid, named by command (node processes by pid). */
function processTimes(): Map<string, { name: string; ticks: number }> {
  const times = new Map<string, { name: string; ticks: number }>();
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name =
        comm === 'node' || comm === 'MainThread'
          ? `node:${pid === String(process.pid) ? 'bench' : pid}`
          : comm;
      times.set(pid, { name, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // gone meanwhile
    }
  }
  return times;
}

function statusCounts(result: autocannon.Result): Record<string, number> {
  return Object.fromEntries(
    (['1xx', '2xx', '3xx', '4xx', '5xx'] as const)
      .map((k) => [k, result[k]])
      .filter(([, n]) => Number(n) > 0),
  );
}

/**
 * Times a run of a fixed number of requests from the first one sent to the last answer: autocannon
 * ends such a run, and its `duration`, on its one-second tick (a 10.5 s burst read 11.0 s), and
 * its per-second average counts the last, partial second as a whole one. Call `sent` from
 * setupRequest and `answered` from onResponse.
 */
export function burstClock() {
  let first = 0;
  let last = 0;
  return {
    sent() {
      if (first === 0) first = performance.now();
    },
    answered() {
      last = performance.now();
    },
    seconds: () => (last - first) / 1000,
    /** From the first request sent to the last answer on monotonicUs' clock, once one was answered. */
    window: () =>
      last > 0
        ? { from: PERFORMANCE_ORIGIN_US + usOf(first), to: PERFORMANCE_ORIGIN_US + usOf(last) }
        : undefined,
  };
}

/** The monotonic clock in µs: the clock of a server's --cpu-prof samples. */
export function monotonicUs(): bigint {
  return process.hrtime.bigint() / 1000n;
}

const usOf = (ms: number) => BigInt(Math.round(ms * 1000));
/** performance.now()'s zero on monotonicUs' clock (both count from the same monotonic source). */
const PERFORMANCE_ORIGIN_US = monotonicUs() - usOf(performance.now());

/**
 * Prints a measured run's window on monotonicUs' clock and its first path, so a server's --cpu-prof
 * profile can be cut to it (BENCH_MARK_WINDOWS=1): the burst's, first request to last answer, when
 * there is one (autocannon returns up to a second after the last answer, on its tick: that tail
 * counted as idle server time), else from `from` to now.
 */
export function markWindow(
  from: bigint,
  first: string | undefined,
  burst?: { from: bigint; to: bigint },
): void {
  process.stdout.write(`  window ${burst?.from ?? from} ${burst?.to ?? monotonicUs()} ${first}\n`);
}

/** Loads `base` with autocannon over `paths` in turn and returns the figures. */
export async function measure(base: string, paths: string[], options: MeasureOptions): Promise<Figure> {
  let next = 0;
  const clock = burstClock();
  const run = (extra: { duration?: number; amount?: number }, latencies?: number[]) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: base,
          connections: options.connections,
          ...extra,
          headers: options.cookie ? { cookie: options.cookie } : {},
          requests: [
            {
              setupRequest: (req) => {
                clock.sent();
                return { ...req, path: paths[next++ % paths.length]! };
              },
              onResponse: clock.answered,
            },
          ],
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
      if (latencies) instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
    });
  if (!options.amount) await run({ duration: 2 });
  // With the windows, the server's event-loop delay over the run too (its /metrics resets the
  // histogram at each read: one read before, one after).
  const loopDelay = async () => {
    const text = await (await fetch(`${base}/metrics`)).text().catch(() => '');
    return ['max', 'p99']
      .map(
        (name) =>
          `${name} ${(1000 * Number(new RegExp(`^\\w+_eventloop_lag_${name}_seconds (\\S+)$`, 'm').exec(text)?.[1])).toFixed(1)}`,
      )
      .join(', ');
  };
  if (process.env.BENCH_MARK_WINDOWS) await loopDelay().catch(() => '');
  const cpu = cpuMeter();
  // BENCH_MARK_WINDOWS=1: the measured window on the monotonic clock in µs, the clock of a
  // server's --cpu-prof samples, so a profile can be cut to one run.
  const from = monotonicUs();
  const before = process.env.BENCH_MARK_WINDOWS ? processTimes() : undefined;
  const beforeIo = before && vmstat();
  const result = await run(
    options.amount ? { amount: options.amount } : { duration: DURATION },
    options.latencies,
  );
  if (before) {
    // A burst's own window (the clock also timed a duration run's warm-up, so not for those).
    markWindow(from, paths[0], options.amount ? clock.window() : undefined);
    const after = processTimes();
    const used = new Map<string, number>();
    for (const [pid, { name, ticks }] of after)
      used.set(name, (used.get(name) ?? 0) + ticks - (before.get(pid)?.ticks ?? 0));
    const top = [...used].sort((a, b) => b[1] - a[1]).slice(0, 4);
    const io = vmstat();
    process.stdout.write(
      `  cpu s: ${top.map(([n, t]) => `${n} ${(t / 100).toFixed(1)}`).join(', ')}; read from disk ${((io.pgpgin - beforeIo!.pgpgin) / 1024).toFixed(1)} MB, major faults ${io.pgmajfault - beforeIo!.pgmajfault}; event loop delay ms ${await loopDelay().catch(() => '?')}\n`,
    );
  }
  if (options.reportFailures && (result.non2xx > 0 || result.errors > 0))
    process.stdout.write(
      `  (${result.non2xx} non-2xx: ${JSON.stringify(statusCounts(result))}, ${result.errors} errors, ${result.timeouts} timeouts)\n`,
    );
  return {
    // Answered requests only: a 503 from an overloaded node is not throughput.
    rps: result['2xx'] / ((options.amount ? clock.seconds() : result.duration) || 1),
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    cpu: cpu(),
  };
}
