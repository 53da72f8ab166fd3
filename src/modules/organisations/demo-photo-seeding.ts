/**
 * The demo town's photos: painted (demo-photos.ts), added to the demo organisation's media library
 * through the upload pipeline (scanned where a scanner is configured, encrypted, re-encoded with
 * derivatives, audited), then attached to its spots, events, courses and articles and to the
 * site's main visual, which are published again. Runs after the server is listening, so the
 * first start is not held up by some forty images (the site shows its designed placeholders for
 * the minute or so it takes).
 */
import type { Permission } from '../../platform/access/permissions.js';
import { lazySystemContext, runAsSystem } from '../../platform/access/system-context.js';
import { type ContentKind, getItem, permissionFor, transitionItem, updateItem } from '../content/index.js';
import { addGeneratedImage, type MediaDeps } from '../media/index.js';
import { getSiteSettings, updateSiteSettings } from '../site-settings/index.js';
import type { DemoItems } from './demo.js';
import { DEMO_ARTICLES, DEMO_COURSES, DEMO_SPOTS, demoEvents } from './demo-content.js';
import { type DemoScene, renderDemoPhoto } from './demo-photos.js';

/** What each demo spot's photo shows, and what its alt text says of the scene. */
const SPOT_SCENES: Record<string, DemoScene> = {
  'castle-ruins': 'castle',
  'otemachi-street': 'town',
  'history-museum': 'town',
  'wakihonjin-komeya': 'town',
  hachimangu: 'torii',
  'sagiya-sweets': 'food',
  'kominka-cafe': 'food',
  'sake-brewery': 'town',
  'otegura-shop': 'market',
  'station-footbath': 'onsen',
  'shirasagi-bridge': 'river',
  'pottery-studio': 'food',
  'tsukimigaoka-park': 'blossom',
  'tsukuyomi-shrine': 'torii',
  'tsukimigaoka-observatory': 'night',
  'tsukimi-no-yu': 'onsen',
  'tsukimi-an-soba': 'food',
  'firefly-village': 'night',
  'kasumi-rice-terraces': 'terraces',
  'hakuun-ji': 'temple',
  'shirasagi-falls': 'falls',
  sagigamine: 'mountains',
  'seseragi-no-yu': 'onsen',
  'canyon-campground': 'mountains',
  'ayu-yana': 'river',
  'washi-village': 'town',
  'michi-no-eki': 'market',
  'sunflower-hill': 'sunflowers',
  'fruit-farm': 'orchard',
  'cycling-road': 'river',
};

const EVENT_SCENES: Record<string, DemoScene> = {
  'saturday-morning-market': 'market',
  'castle-guided-walk': 'castle',
  'castle-town-festival': 'lanterns',
  fireworks: 'fireworks',
  'cherry-blossom-festival': 'blossom',
  'autumn-leaves-illumination': 'autumn',
  'stargazing-night': 'night',
  'fresh-green-trekking': 'mountains',
  'soba-making-class': 'food',
  'brewery-open-day': 'town',
};

const SCENE_ALT: Record<DemoScene, { ja: string; en: string }> = {
  castle: { ja: '桜に囲まれた石垣と白壁の天守', en: 'a white castle keep on stone walls among cherry trees' },
  town: { ja: '瓦屋根の町家が並ぶ通り', en: 'a street of tile-roofed townhouses' },
  torii: { ja: '杜の参道に立つ朱色の鳥居', en: 'a vermilion torii gate on a path through the woods' },
  temple: { ja: '木立の奥に建つ寺の本堂', en: 'a temple hall among trees' },
  onsen: {
    ja: '湯けむりの立つ岩風呂と山並み',
    en: 'steam rising from a rock-lined hot spring below the hills',
  },
  river: { ja: '山あいを流れる川と朱塗りの橋', en: 'a river through the hills with a red bridge' },
  falls: { ja: '緑の山から流れ落ちる滝', en: 'a waterfall dropping from green hills' },
  mountains: { ja: '霞のかかった山並みと森', en: 'layers of misty mountains above the forest' },
  terraces: { ja: '山すそに広がる棚田', en: 'rice terraces spreading below the hills' },
  sunflowers: { ja: '一面に咲くひまわり畑', en: 'a field full of sunflowers' },
  blossom: { ja: '満開の桜並木と小道', en: 'a path under cherry trees in full bloom' },
  autumn: { ja: '紅葉した木々と小道', en: 'a path under trees in autumn colours' },
  orchard: { ja: '実をつけた果樹園', en: 'an orchard with ripe fruit' },
  night: { ja: '星空と月に照らされた夜の山里', en: 'a mountain village at night under the moon and stars' },
  fireworks: { ja: '川面に映る夜空の花火', en: 'fireworks over the river at night' },
  lanterns: { ja: '提灯が灯る夜の屋台', en: 'festival stalls lit by paper lanterns at night' },
  food: { ja: '木のテーブルに置かれた料理の器', en: 'a bowl of food on a wooden table' },
  market: { ja: '色とりどりの店が並ぶ市', en: 'a market with colourful stalls' },
};

/** The seeding's rights: add generated images and edit media, and edit and publish content and the site. */
const DEMO_PHOTO_GRANTS: Permission[] = [
  'media:view',
  'media:edit',
  'system:generated-media',
  ...(['spot', 'event', 'course', 'article'] as const).flatMap((kind) => [
    permissionFor(kind, 'view'),
    permissionFor(kind, 'edit'),
    permissionFor(kind, 'publish'),
  ]),
  'site:view',
  'site:edit',
];

type Named = { key: string; name: { ja: string; en: string }; scene: DemoScene };

/** Paints and adds one photo per spot and per event; returns the media ids by `spot:key` / `event:key`. */
async function addPhotos(deps: MediaDeps, org: string, named: Named[]): Promise<Map<string, string>> {
  const ctx = lazySystemContext(deps.db, { kind: 'tenant', org }, 'demo-setup', DEMO_PHOTO_GRANTS);
  const ids = new Map<string, string>();
  for (const { key, name, scene } of named) {
    const alt = SCENE_ALT[scene];
    const item = await addGeneratedImage(deps, ctx, {
      filename: `${key.replace(':', '-')}.jpg`,
      bytes: await renderDemoPhoto(scene, key),
      alt: { ja: `${name.ja}：${alt.ja}（イラスト）`, en: `${name.en}: ${alt.en} (illustration)` },
    });
    ids.set(key, item.id);
  }
  return ids;
}

/** Every item's images: its own photo, an event's venue too, a course's stops', an article's spots'. */
function imagesOf(photos: Map<string, string>, items: DemoItems, today: string) {
  const photo = (key: string) => photos.get(key);
  const present = (list: (string | undefined)[]) => [...new Set(list.filter((id): id is string => !!id))];
  const out: { kind: ContentKind; id: string; data: Record<string, unknown> }[] = [];
  for (const spot of DEMO_SPOTS) {
    const id = items.spot.get(spot.key);
    const image = photo(`spot:${spot.key}`);
    if (id && image) out.push({ kind: 'spot', id, data: { imageIds: [image] } });
  }
  for (const event of demoEvents(today)) {
    const id = items.event.get(event.key);
    const venue = event.venueSpotKey ? photo(`spot:${event.venueSpotKey}`) : undefined;
    const imageIds = present([photo(`event:${event.key}`), venue]);
    if (id && imageIds.length) out.push({ kind: 'event', id, data: { imageIds } });
  }
  for (const course of DEMO_COURSES) {
    const id = items.course.get(course.key);
    const imageIds = present(course.stops.map((s) => photo(`spot:${s.spotKey}`))).slice(0, 6);
    if (id && imageIds.length) out.push({ kind: 'course', id, data: { imageIds } });
  }
  for (const article of DEMO_ARTICLES) {
    const id = items.article.get(article.key);
    const hero = article.relatedSpotKeys.map((k) => photo(`spot:${k}`)).find(Boolean);
    if (id && hero) out.push({ kind: 'article', id, data: { heroImageId: hero } });
  }
  return out;
}

/**
 * Adds the photos and republishes what shows them (the events are those of the day the content
 * was seeded). Returns how many photos were added.
 */
export async function addDemoPhotos(deps: MediaDeps, org: string, items: DemoItems): Promise<number> {
  const { today } = items;
  const named: Named[] = [
    ...DEMO_SPOTS.map((s) => ({
      key: `spot:${s.key}`,
      name: s.data.name as Named['name'],
      scene: SPOT_SCENES[s.key] ?? 'mountains',
    })),
    ...demoEvents(today).map((e) => ({
      key: `event:${e.key}`,
      name: e.data.name as Named['name'],
      scene: EVENT_SCENES[e.key] ?? 'lanterns',
    })),
  ];
  const photos = await addPhotos(deps, org, named);
  await runAsSystem(deps.db, { kind: 'tenant', org }, 'demo-setup', DEMO_PHOTO_GRANTS, async (ctx) => {
    for (const { kind, id, data } of imagesOf(photos, items, today)) {
      const item = await getItem(ctx, kind, id);
      const updated = await updateItem(ctx, kind, id, {
        version: item.version,
        data: { ...item.data, ...data },
      });
      await transitionItem(ctx, kind, id, 'publish', updated.version);
    }
    const heroImageIds = ['castle-ruins', 'shirasagi-bridge', 'kasumi-rice-terraces']
      .map((k) => photos.get(`spot:${k}`))
      .filter((id): id is string => !!id);
    const { updatedAt: _updated, ...settings } = await getSiteSettings(ctx);
    await updateSiteSettings(ctx, { ...settings, heroImageIds });
  });
  return photos.size;
}
