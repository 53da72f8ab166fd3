/**
 * Open data (自治体標準オープンデータセット): import and export of 観光施設一覧 and イベント一覧 CSV,
 * and the public files (CSV, GeoJSON, iCalendar). It reads and writes content only through
 * content's operations and public read models (modules/content/index.ts).
 */

export { IMPORT_BODY_LIMIT, registerOpenDataRoutes } from './opendata.routes.js';
export {
  applyImport,
  type Dataset,
  datasetCsvChunks,
  exportDataset,
  type ImportPlan,
  type PageReader,
  planImport,
  publicPlan,
} from './opendata.service.js';
