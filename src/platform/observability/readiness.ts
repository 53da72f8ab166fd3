export interface CheckResult {
  ok: boolean;
  [detail: string]: unknown;
}

/** A dependency /readyz reports on by name (database, migrations, clock; later scanner, mail). */
export interface ReadinessCheck {
  name: string;
  check(): Promise<CheckResult>;
}

const CHECK_TIMEOUT_MS = 2000;

async function runCheck(check: ReadinessCheck): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, error: `no answer within ${CHECK_TIMEOUT_MS} ms` }),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([
      check.check().catch((error: unknown) => ({ ok: false, error: (error as Error).message })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function runReadinessChecks(
  checks: ReadinessCheck[],
): Promise<{ ready: boolean; checks: Record<string, CheckResult> }> {
  const results = await Promise.all(checks.map(async (c) => [c.name, await runCheck(c)] as const));
  return { ready: results.every(([, r]) => r.ok), checks: Object.fromEntries(results) };
}

export type ReadinessResult = Awaited<ReturnType<typeof runReadinessChecks>>;

/**
 * The checks run at most once per `ttlMs`: probes and scrapers calling /readyz often cost one
 * round trip per dependency per second, not one per call (concurrent callers share one run).
 */
export function cachedReadiness(checks: ReadinessCheck[], ttlMs = 1000): () => Promise<ReadinessResult> {
  let last: { result: Promise<ReadinessResult>; at: number } | undefined;
  return () => {
    if (!last || Date.now() - last.at >= ttlMs) last = { result: runReadinessChecks(checks), at: Date.now() };
    return last.result;
  };
}
