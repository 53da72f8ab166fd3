/**
 * Statement counts and time per statement shape, for finding where a bench's database time goes
 * (BENCH_PROFILE=1). Wraps pg.Client#query, which both PostgreSQL and PGlite queries go through;
 * the time of a trigger is part of the statement that fired it.
 */
import pg from 'pg';

interface Shape {
  count: number;
  ms: number;
}

const shapes = new Map<string, Shape>();

/** The statement with its literals and parameter numbers folded, cut to a readable length. */
function shapeOf(sql: string): string {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/\$\d+/g, '?')
    .replace(/'[^']*'/g, "'…'")
    .replace(/(\(\?(, \?)*\),? ?)+/g, '(…) ')
    .slice(0, 110);
}

export function startStatementProfile(): void {
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function profiled(this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    const sql = typeof first === 'string' ? first : (first as { text?: string })?.text;
    const result = original.apply(this, args);
    if (typeof sql !== 'string' || !(result instanceof Promise)) return result;
    const started = performance.now();
    const key = shapeOf(sql);
    return result.finally(() => {
      const s = shapes.get(key) ?? { count: 0, ms: 0 };
      s.count += 1;
      s.ms += performance.now() - started;
      shapes.set(key, s);
    });
  } as typeof pg.Client.prototype.query;
}

/** The statement shapes taking the most time, then resets the counts. */
export function printStatementProfile(title: string, top = 15): void {
  const all = [...shapes.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const total = all.reduce((sum, [, s]) => sum + s.ms, 0);
  const count = all.reduce((sum, [, s]) => sum + s.count, 0);
  console.log(`  statements (${title}): ${count} in ${(total / 1000).toFixed(1)} s`);
  for (const [sql, s] of all.slice(0, top))
    console.log(`    ${(s.ms / 1000).toFixed(2).padStart(6)} s ${String(s.count).padStart(6)}× ${sql}`);
  shapes.clear();
}
