import { systemActor } from '../../platform/access/actor.js';
import { type ActorContext, permissionChecks } from '../../platform/access/context.js';
import { type ReportingJobLog, runPeriodically } from '../../platform/jobs/periodic.js';
import { type LifecycleDeps, runLifecycleJob } from './lifecycle.service.js';

/** The system actor of the lifecycle job: it holds the one permission its operations require. */
export function lifecycleSystemContext(id = 'lifecycle'): ActorContext {
  return {
    actor: systemActor(id),
    ip: null,
    requestId: null,
    ...permissionChecks((permission) => permission === 'ops:organisations'),
  };
}

/**
 * Every node runs the job; each termination and purge step is claimed once (row locks), and a
 * purge a crash interrupted is finished by the first pass after a restart.
 */
export function startLifecycleJob(deps: LifecycleDeps, intervalMs: number, log: ReportingJobLog): () => void {
  const runOnce = async () => {
    const result = await runLifecycleJob(lifecycleSystemContext(), deps);
    if (result.terminated.length + result.purged.length > 0) log.info({ lifecycle: result }, 'lifecycle job');
  };
  const onError = (error: unknown) => log.error({ err: error }, 'lifecycle job failed');
  // A purge a crash interrupted is finished now, not a period later.
  runOnce().catch(onError);
  return runPeriodically(intervalMs, runOnce, onError);
}
