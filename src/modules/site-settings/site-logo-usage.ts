import type { MediaUsage } from '../media/index.js';
import { clearSiteImage, isSiteImage } from './site-settings.repo.js';

/**
 * The site settings' part of media's where-used port: the logo and the main-visual images are
 * public as soon as they are chosen, and deleting a file simply removes it from the settings.
 */
export const siteLogoMediaUsage: Pick<MediaUsage, 'isPublic' | 'release'> = {
  isPublic: isSiteImage,
  release: (ctx, mediaId) => clearSiteImage(ctx.tx, ctx.scope.org, mediaId),
};
