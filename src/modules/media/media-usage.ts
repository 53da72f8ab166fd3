import type { Tx } from '../../db/scope.js';
import type { TenantContext } from '../../platform/access/context.js';

/** Something that shows a media file (a content item), for the where-used list. */
export interface MediaUse {
  kind: string;
  id: string;
  title: string;
}

/**
 * Where other modules show a media file. Media takes this port and imports none of them (they
 * import media, to check the images they are given); the app wires their implementations in, so
 * the module graph has no cycle. Every part is optional: a module implements what applies to it.
 */
export interface MediaUsage {
  /** What shows the file. Deleting a file in use needs a confirmation (detach). */
  whereUsed(tx: Tx, org: string, mediaId: string): Promise<MediaUse[]>;
  /** Takes the file out of everything that shows it, in the caller's transaction (audited edits). */
  detach(ctx: TenantContext, mediaId: string): Promise<{ kind: string; id: string }[]>;
  /** Whether the public site shows the file, so that its public URL may serve it. */
  isPublic(tx: Tx, org: string, mediaId: string): Promise<boolean>;
  /** Drops references that simply go with the file (the site logo); true when one did. */
  release(ctx: TenantContext, mediaId: string): Promise<boolean>;
}

/** One MediaUsage over several modules' parts: lists are joined, and any one makes a file public. */
export function combineMediaUsages(parts: readonly Partial<MediaUsage>[]): MediaUsage {
  return {
    async whereUsed(tx, org, mediaId) {
      const uses: MediaUse[] = [];
      for (const part of parts) if (part.whereUsed) uses.push(...(await part.whereUsed(tx, org, mediaId)));
      return uses;
    },
    async detach(ctx, mediaId) {
      const detached: { kind: string; id: string }[] = [];
      for (const part of parts) if (part.detach) detached.push(...(await part.detach(ctx, mediaId)));
      return detached;
    },
    async isPublic(tx, org, mediaId) {
      for (const part of parts) if (await part.isPublic?.(tx, org, mediaId)) return true;
      return false;
    },
    async release(ctx, mediaId) {
      let released = false;
      for (const part of parts) if (await part.release?.(ctx, mediaId)) released = true;
      return released;
    },
  };
}
