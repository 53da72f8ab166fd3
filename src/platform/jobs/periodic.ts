/**
 * Runs `task` every `intervalMs` until stopped, never two passes at once on this node; a failed
 * pass is logged and the next one tries again. The timer does not keep the process alive.
 */
export function runPeriodically(
  intervalMs: number,
  task: () => Promise<unknown>,
  onError: (error: unknown) => void,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    task()
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Where a background job reports a pass that failed. */
export interface JobLog {
  error(obj: object, msg: string): void;
}

/** Where a background job also reports what a pass did, when it did anything. */
export interface ReportingJobLog extends JobLog {
  info(obj: object, msg: string): void;
}

/**
 * A background job's passes every `intervalMs` (as `runPeriodically`): a pass that fails is logged
 * as `failure` with its error, and the next one runs on time.
 */
export function runJobPeriodically(
  intervalMs: number,
  log: JobLog,
  failure: string,
  pass: () => Promise<unknown>,
): () => void {
  return runPeriodically(intervalMs, pass, (error) => log.error({ err: error }, failure));
}
