export { registerExportRoutes } from './export.routes.js';
export {
  type ExportDeps,
  exportOrganisationToFile,
  systemExportReader,
  writeOrganisationExport,
} from './export.service.js';
export { verifyExportFile } from './verify-export.js';
