// What other modules may use of the users module (accounts of an organisation).
export {
  consumeUserRecoveryCode,
  deleteSpentTokens,
  findAccountSettings,
  findUserCredentials,
  insertDefaultAccountSettings,
  listUserTotpSeeds,
  recordUserSignIn,
  replaceUserRecoveryCodes,
  setUserTotp,
  setUserTotpStep,
  updateUserTotpSeed,
} from './users.repo.js';
export type { User } from './users.schema.js';
export {
  type AccountMail,
  acceptInvitation,
  confirmPasswordReset,
  describeInvitation,
  inviteFirstAdmin,
  requestPasswordReset,
} from './users.service.js';
