// What other parts of mitte-C may use of the lifecycle module (suspension, termination, purge).
export { type CertificateCheck, verifyCertificate } from './certificate.js';
export { registerLifecycleRoutes } from './lifecycle.routes.js';
export type { Lifecycle } from './lifecycle.schema.js';
export {
  getDeletionCertificate,
  type LifecycleDeps,
  lifecycleDepsOf,
  resumeOrganisation,
  runLifecycleJob,
  runPurge,
  startPurge,
  suspendOrganisation,
  terminateOrganisation,
} from './lifecycle.service.js';
export { lifecycleSystemContext, startLifecycleJob } from './lifecycle-job.js';
