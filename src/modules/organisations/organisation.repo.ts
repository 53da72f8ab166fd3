// The registry's SQL lives in src/platform/tenancy/organisations.repo.ts. This re-export keeps
// media.service.ts and demo.ts compiling until the branches converting them (repos-b, core;
// issue 11) are merged; delete it then.
export { findOrganisation } from '../../platform/tenancy/organisations.repo.js';
