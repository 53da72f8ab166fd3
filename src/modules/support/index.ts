// What other parts of mitte-C may use of the support desk (サポート窓口).

export { registerSupportRoutes } from './support.routes.js';
export { supportTicketOrganisation } from './support.service.js';
export { deliverSupportReplies, type SupportMailDeps, startSupportRepliesJob } from './support-mail.js';
