import { SURVEY_PRESETS } from '../../contract/rally.js';
import type { TenantContext } from '../../platform/access/context.js';
import type { CheckpointInput, SurveyQuestion } from './rally.schema.js';
import { addCheckpoint, createCampaign, getCampaign, transitionCampaign } from './rally.service.js';
import { setPrizes } from './rally-applications.service.js';
import type { RallyKeys } from './rally-tokens.js';

/** What seeding the demo campaign needs: create, set prizes and publish campaigns. */
export const DEMO_RALLY_GRANTS = ['campaigns:view', 'campaigns:edit', 'campaigns:publish'] as const;

/** The sample campaign's address under the demo site (linked from its home page). */
export const DEMO_CAMPAIGN_SLUG = 'castle-town';

const METHODS: CheckpointInput['method'][] = ['qr', 'qr', 'location', 'staff_code', 'qr_location'];

/**
 * The demo organisation's sample stamp rally (issue 16, item 9): five checkpoints over demo spots
 * with every check-in method, two prize tiers and a short survey, published for half a year — so
 * the first start shows a rally end to end. Through the same operations as the console.
 */
export async function seedDemoCampaign(
  ctx: TenantContext,
  keys: RallyKeys,
  spotIds: string[],
): Promise<string> {
  const day = 86_400_000;
  const campaign = await createCampaign(ctx, keys, {
    slug: DEMO_CAMPAIGN_SLUG,
    texts: {
      name: { ja: 'みってし城下町スタンプラリー', en: 'Mitte Castle Town Stamp Rally' },
      description: {
        ja: '城跡や城下町の見どころ5か所を巡ってスタンプを集めよう。3つ集めると抽選で、5つ全部で先着で記念品がもらえます。',
        en: 'Visit five sights of the castle town and collect stamps: three enter a prize draw, all five win a souvenir while stocks last.',
      },
      rules: {
        ja: 'ポスターの QR コードを読み取るか、現地で位置情報を使ってスタンプを押します。お店のチェックポイントではスタッフにコードをお尋ねください。',
        en: 'Scan the QR code on the poster, or use your location on site. At the shop, ask the staff for the code.',
      },
    },
    startsAt: new Date(Date.now() - day).toISOString(),
    endsAt: new Date(Date.now() + 180 * day).toISOString(),
    retentionDays: 90,
  });
  const checkpointIds: string[] = [];
  for (const [i, spotId] of spotIds.slice(0, 5).entries()) {
    const checkpoint = await addCheckpoint(ctx, campaign.id, {
      spotId,
      method: METHODS[i] ?? 'qr',
      radiusM: 150,
    });
    checkpointIds.push(checkpoint.id);
  }
  // Each checkpoint made a new version of the campaign.
  const { version } = await getCampaign(ctx, campaign.id);
  const current = await setPrizes(ctx, campaign.id, {
    version,
    prizeTiers: [
      {
        id: 'three',
        name: { ja: '3か所達成賞（抽選）', en: 'Three stamps (prize draw)' },
        minStamps: 3,
        quantity: 20,
        award: 'lottery',
      },
      {
        id: 'all-five',
        name: { ja: '全制覇賞（先着）', en: 'All five (while stocks last)' },
        requiredCheckpointIds: checkpointIds,
        quantity: 50,
        award: 'first_come',
      },
    ],
    // Copies: the schema's types are mutable, the presets are not.
    survey: [SURVEY_PRESETS.residence, SURVEY_PRESETS.age, SURVEY_PRESETS.heard].map(
      (q) => structuredClone(q) as SurveyQuestion,
    ),
  });
  await transitionCampaign(ctx, current.id, 'published');
  return campaign.id;
}
