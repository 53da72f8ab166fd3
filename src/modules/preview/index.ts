// What the app and the module list may use of previews (signed links to drafts).

export { registerPreviewRoutes } from './preview.routes.js';
export { type OpenedPreview, type PreviewGrant, PreviewTokens } from './preview-tokens.js';
