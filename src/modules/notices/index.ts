// What other parts of mitte-C may use of the notices module (the provider's お知らせ).
export { type NoticeDeliveryDeps, runNoticesPass, startNoticesJob } from './notice-delivery.js';
export { registerNoticeRoutes } from './notices.routes.js';
export { OrganisationNotice } from './notices.schema.js';
export {
  checkOrganisations,
  issueNotice,
  type NoticeContent,
  noticesCard,
  siteMaintenanceWindows,
  upcomingMaintenance,
} from './notices.service.js';
