// What other modules may use of the operators module (the provider's accounts).
export {
  consumeOperatorRecoveryCode,
  findOperator,
  recordOperatorSignIn,
  replaceOperatorRecoveryCodes,
  setOperatorTotp,
  setOperatorTotpStep,
} from './operators.repo.js';
