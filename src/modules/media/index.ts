/**
 * What other modules may use of media: the image checks content needs, the where-used port they
 * implement (media imports none of them), and what the app wires (routes, dependencies, recovery).
 */
export { imageAltTexts, ownImageIds } from './media.repo.js';
export { acceptingUploads, PUBLIC_VARIANTS, registerMediaRoutes, sendMediaFile } from './media.routes.js';
export {
  findImageFileUnchecked,
  findPublicMediaFile,
  listMedia,
  type MediaDeps,
  type MediaFile,
  type MediaItem,
} from './media.service.js';
export { configureImageLibrary, imageLibrary, type Variant } from './media-images.js';
export { settlePendingBlobs } from './media-recovery.js';
export {
  ALLOWED_TYPES,
  addGeneratedImage,
  MAX_UPLOAD_BYTES,
  type ScannedFile,
  type StorageUsage,
  scanFileForKeeping,
  storageUsage,
  uploadMedia,
} from './media-upload.js';
export { combineMediaUsages, type MediaUsage, type MediaUse } from './media-usage.js';
export { registerQuarantineRoutes } from './quarantine.routes.js';
