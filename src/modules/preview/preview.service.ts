import type { TenantContext } from '../../platform/access/context.js';
import { audit } from '../../platform/audit/audit.js';
import { AppError, Errors } from '../../platform/errors.js';
import type { ContentKind } from '../content/index.js';
import { findWorkingCopy, getItem, imageIdsOf, permissionFor } from '../content/index.js';
import type { Variant } from '../media/index.js';
import {
  findImageFileUnchecked,
  findPublicMediaFile,
  type MediaFile,
  type MediaUsage,
} from '../media/index.js';
import type { PreviewGrant, PreviewTokens } from './preview-tokens.js';

/** How long a preview link works unless the editor asks otherwise, and at most. */
export const PREVIEW_HOURS = { default: 72, max: 168 } as const;

/**
 * A signed link to the item's working copy as the site will show it. Whoever holds the link can
 * read the draft without signing in, so creating one needs the edit right and is audited.
 */
export async function createPreviewLink(
  ctx: TenantContext,
  tokens: PreviewTokens,
  kind: ContentKind,
  id: string,
  hours: number = PREVIEW_HOURS.default,
): Promise<{ token: string; expiresAt: string }> {
  ctx.require(permissionFor(kind, 'edit'));
  const item = await getItem(ctx, kind, id);
  const expiresAt = new Date(Date.now() + Math.min(hours, PREVIEW_HOURS.max) * 3_600_000);
  const token = tokens.seal(ctx.scope.org, { kind, id: item.id, expiresAt });
  await audit(ctx, {
    action: `content.${kind}.preview_link_created`,
    target: { type: kind, id: item.id },
    details: { expiresAt: expiresAt.toISOString(), version: item.version },
  });
  return { token, expiresAt: expiresAt.toISOString() };
}

export const previewExpired = () =>
  new AppError(410, 'preview_expired', {
    ja: 'このプレビューリンクは有効期限が切れています。管理画面で新しいリンクを作成してください。',
    en: 'This preview link has expired. Create a new one in the console.',
  });

/** The grant of a genuine, unexpired link for this organisation; anything else is refused. */
export function openPreview(ctx: TenantContext, tokens: PreviewTokens, token: string): PreviewGrant {
  const opened = tokens.open(ctx.scope.org, token);
  if (opened.ok) return opened.grant;
  throw opened.reason === 'expired' ? previewExpired() : Errors.notFound();
}

/**
 * A file a preview page shows: an image of the previewed working copy, or one the public may
 * see anyway (a nearby spot's photo). Run in a short transaction of its own: none stays open
 * while the file streams.
 */
export async function findPreviewMediaFile(
  ctx: TenantContext,
  tokens: PreviewTokens,
  usage: MediaUsage,
  token: string,
  mediaId: string,
  variant: 'original' | Variant,
): Promise<MediaFile | undefined> {
  const opened = tokens.open(ctx.scope.org, token);
  if (!opened.ok) return undefined;
  const { kind, id } = opened.grant;
  const row = await findWorkingCopy(ctx.tx, ctx.scope.org, kind, id);
  if (row && imageIdsOf(row).includes(mediaId.toLowerCase())) {
    // The signed token is the authorisation here: it names this working copy, which shows the image.
    const file = await findImageFileUnchecked(ctx, mediaId, variant);
    if (file) return file;
  }
  return findPublicMediaFile(ctx, usage, mediaId, variant);
}
