import type { Database } from '../../src/db/database.js';
import {
  addCheckpoint,
  checkpointCredentials,
  createCampaign,
  joinCampaign,
  type RallyKeys,
  transitionCampaign,
} from '../../src/modules/rally/index.js';
import { runAsSystem } from '../../src/platform/access/system-context.js';

export interface BurstRally {
  campaignId: string;
  checkpoints: string[];
  /** Each checkpoint's QR token, in the same order. */
  tokens: string[];
  /** Each participant's cookie value (`<id>.<secret>`) and id, in the same order. */
  cookies: string[];
  participants: string[];
}

/**
 * A published campaign of QR checkpoints 100 m apart (walking distance: no speed flag) and joined
 * participants, written straight to the database: what burst benches and crash tests stamp with.
 * The keys must be the ones of the server that will answer the check-ins.
 */
export async function seedBurstRally(
  db: Database,
  keys: RallyKeys,
  options: { org: string; slug: string; checkpoints: number; participants: number },
): Promise<BurstRally> {
  const rights = ['campaigns:view', 'campaigns:edit', 'campaigns:publish'] as const;
  return runAsSystem(db, { kind: 'tenant', org: options.org }, 'seed', [...rights], async (ctx) => {
    const campaign = await createCampaign(ctx, keys, {
      slug: options.slug,
      texts: { name: { ja: 'バーストラリー' } },
      startsAt: new Date(Date.now() - 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const checkpoints: string[] = [];
    for (let i = 0; i < options.checkpoints; i += 1) {
      const c = await addCheckpoint(ctx, campaign.id, {
        name: { ja: `地点${i}` },
        lat: 35 + i * 0.001,
        lng: 135,
        method: 'qr',
      });
      checkpoints.push(c.id);
    }
    await transitionCampaign(ctx, campaign.id, 'published');
    const tokens: string[] = [];
    const deps = { baseUrl: 'http://seed', font: { file: '', name: undefined } };
    for (const id of checkpoints) {
      const { url } = await checkpointCredentials(ctx, keys, deps, campaign.id, id);
      tokens.push(new URL(url).searchParams.get('t')!);
    }
    const cookies: string[] = [];
    const participants: string[] = [];
    for (let i = 0; i < options.participants; i += 1) {
      const joined = await joinCampaign(ctx, options.slug, 'ja');
      cookies.push(joined.cookie);
      participants.push(joined.participantId);
    }
    return { campaignId: campaign.id, checkpoints, tokens, cookies, participants };
  });
}
