import type { MediaUsage } from '../media/index.js';
import { itemsUsingMedia, liveItemShowsMedia } from './content.repo.js';
import { detachMedia } from './content.service.js';

function itemTitle(data: Record<string, unknown> | null): string | undefined {
  const name = (data?.name ?? data?.title) as Record<string, string> | undefined;
  return name?.ja ?? (name ? Object.values(name)[0] : undefined);
}

/**
 * Content's part of media's where-used port: items whose working or live copy shows a file
 * (in imageIds, or as an article's hero image). Only a published item's live copy makes a file
 * public; drafts and unpublished items never do.
 */
export const contentMediaUsage: Pick<MediaUsage, 'whereUsed' | 'detach' | 'isPublic'> = {
  async whereUsed(tx, org, mediaId) {
    const rows = await itemsUsingMedia(tx, org, mediaId);
    return rows.map((row) => ({
      kind: row.kind,
      id: row.id,
      title: itemTitle(row.data) ?? itemTitle(row.published_data) ?? row.id,
    }));
  },
  detach: detachMedia,
  isPublic: liveItemShowsMedia,
};
