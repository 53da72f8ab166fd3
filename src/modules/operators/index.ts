// What other modules may use of the operators module (the provider's accounts).

export { rotateMasterKey } from './master-key-rotation.js';
export {
  consumeOperatorRecoveryCode,
  findLiveOperatorToken,
  findOperator,
  markOperatorTokenUsed,
  recordOperatorSignIn,
  replaceOperatorRecoveryCodes,
  setOperatorTotp,
  setOperatorTotpStep,
  updateOperatorPassword,
} from './operators.repo.js';
export { registerOperatorRoutes } from './operators.routes.js';
export { createOperator } from './operators.service.js';
export { registerScannerStatusRoute } from './scanner.routes.js';
