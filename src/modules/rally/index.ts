/**
 * What other parts may use of the stamp rally: its routes, the QR keys, and the visitors'
 * operations the public site renders. Import from here, never from a file inside the module.
 */
export {
  applyByRequest,
  checkInByRequest,
  participantCookieName,
  readParticipantCookie,
  registerRallyRoutes,
  setParticipantCookie,
} from './rally.routes.js';
export type { ApplicationInput, PrizeTier, SurveyQuestion } from './rally.schema.js';
export { addCheckpoint, createCampaign, transitionCampaign } from './rally.service.js';
export type { ApplicationRow } from './rally-applications.repo.js';
export {
  confirmApplication,
  openPersonal as openApplicantsPersonalData,
  qualifyingTiers,
} from './rally-applications.service.js';
export { DEMO_CAMPAIGN_SLUG, DEMO_RALLY_GRANTS, seedDemoCampaign } from './rally-demo.js';
export { runApplicantDeletion, startApplicantDeletion } from './rally-jobs.js';
export { campaignJsonLd, campaignManifest, checkpointsGeoJson } from './rally-open-data.js';
export { checkpointCredentials } from './rally-posters.js';
export { REFUSALS, type RefusalReason, refusalText } from './rally-refusals.js';
export { AGE_BANDS, PREFECTURES } from './rally-survey.js';
export { RallyKeys } from './rally-tokens.js';
export {
  type CheckInOutcome,
  checkIn,
  distanceMetres,
  joinCampaign,
  type NextCheckpoint,
  nextCheckpoint,
  type PublicCampaign,
  recoverCard,
  runningCampaigns,
  type StampCard,
  stampCard,
  visibleCampaign,
} from './rally-visitor.service.js';
