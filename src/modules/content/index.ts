/**
 * What other modules may use of content: the content model (schemas and types), the operations
 * (each checks its right), the public read models and JSON-LD, and what open data and media need.
 * Import from here, never from a file inside the module.
 */

export { listOwnCategories } from './categories/categories.repo.js';
export { registerCategoryRoutes } from './categories/categories.routes.js';
export { contentTitles } from './content.repo.js';
export { registerContentRoutes } from './content.routes.js';
export * from './content.schema.js';
export {
  type ContentItem,
  createItem,
  createItems,
  deleteItem,
  getItem,
  MODULE_OF,
  permissionFor,
  scheduleItem,
  type Transition,
  transitionItem,
  updateItem,
} from './content.service.js';
export { registerContentBulkRoutes } from './content-bulk.routes.js';
export {
  exportItemData,
  exportItemDataPage,
  findItemsToUpdate,
  type ItemDataCursor,
} from './content-exchange.service.js';
export { type ListQuery, listItems } from './content-list.service.js';
export { contentMediaUsage } from './content-media-usage.js';
export {
  publicJsonLd,
  publicSearch,
  publishedGet,
  publishedList,
  siteLanguages,
} from './content-public.service.js';
export { diffRevisions, listRevisions, restoreRevision } from './content-revisions.service.js';
export { runDueSchedules, startScheduler } from './content-scheduler.js';
export { parseRecurrence, type WeekdayCode } from './lib/recurrence.js';
export {
  type EventForPublishing,
  eventsICalendar,
  type SpotForPublishing,
  spotsGeoJson,
} from './lib/structured-data.js';
export { normaliseForSearch, searchTerms } from './lib/text-normalise.js';
export { findWorkingCopy } from './public/content-public.repo.js';
export { imageUrl, itemUrl, jsonLdFor, organisationName, type PublicSite } from './public/json-ld.js';
export * from './public/public-item.js';
export type { OrgModel, PreparedPages } from './public/published-model.js';
export {
  type PublishedEntry,
  PublishedReads,
  type PublishedSite,
  publishedDetail,
  publishedSpotPage,
  type SitePageReads,
  type TierPageRenderer,
} from './public/published-reads.js';
export type { TierPage } from './public/published-tier.js';
export * from './public/read-models.js';
