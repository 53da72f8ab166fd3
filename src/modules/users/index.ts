// What other modules may use of the users module (accounts of an organisation).
export {
  activeUserEmails,
  consumeUserRecoveryCode,
  deleteSpentTokens,
  findAccountSettings,
  findLiveToken,
  findUserCredentials,
  findUserRow,
  insertDefaultAccountSettings,
  insertToken,
  listActiveAdmins,
  listAdminEmails,
  listNoticeRecipients,
  listUserRows,
  listUserTotpSeeds,
  markTokenUsed,
  recentPasswordResetExists,
  recordUserSignIn,
  replaceUserRecoveryCodes,
  revokeTokens,
  setUserTotp,
  setUserTotpStep,
  type UserRow,
  updateUserTotpSeed,
} from './users.repo.js';
export { registerUserRoutes, type UserRouteDeps } from './users.routes.js';
export type { User } from './users.schema.js';
/** An account's name as every route takes it (the organisation's first admin's too). */
export { Name as AccountName } from './users.schema.js';
export {
  type AccountMail,
  createFirstAdminWithPassword,
  inviteFirstAdmin,
  refuseWeakPassword,
  storePassword,
} from './users.service.js';
