import type { MediaUsage } from '../media/index.js';
import { clearSiteLogo, isSiteLogo } from './site-settings.repo.js';

/**
 * The site settings' part of media's where-used port: the logo is public as soon as it is chosen,
 * and deleting its file simply removes it from the settings (no confirmation needed).
 */
export const siteLogoMediaUsage: Pick<MediaUsage, 'isPublic' | 'release'> = {
  isPublic: isSiteLogo,
  release: (ctx, mediaId) => clearSiteLogo(ctx.tx, ctx.scope.org, mediaId),
};
