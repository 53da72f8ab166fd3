/**
 * The names of the standard categories in every content language: the one source of category
 * labels for the console and the public site (plain constants: the console bundles this file).
 * An organisation's own categories carry their names in the database (modules/content/categories).
 */
import { type CategoryCode, type ContentKind, EVENT_CATEGORIES, SPOT_CATEGORIES } from './content.js';
import type { Language, LocalizedText } from './languages.js';

type Names = Record<Language, string>;

const names = (ja: string, en: string, zhHans: string, zhHant: string, ko: string, th: string): Names => ({
  ja,
  en,
  'zh-Hans': zhHans,
  'zh-Hant': zhHant,
  ko,
  th,
});

export const STANDARD_CATEGORY_NAMES: Record<CategoryCode, Names> = {
  nature: names(
    '自然・景勝地',
    'Nature and scenery',
    '自然风光',
    '自然風光',
    '자연·경승지',
    'ธรรมชาติและทิวทัศน์',
  ),
  'park-garden': names(
    '公園・庭園',
    'Parks and gardens',
    '公园·庭园',
    '公園·庭園',
    '공원·정원',
    'สวนสาธารณะและสวน',
  ),
  history: names(
    '歴史・史跡',
    'History and historic sites',
    '历史古迹',
    '歷史古蹟',
    '역사·사적',
    'ประวัติศาสตร์และโบราณสถาน',
  ),
  'temple-shrine': names(
    '神社・寺院',
    'Shrines and temples',
    '神社·寺庙',
    '神社·寺廟',
    '신사·사찰',
    'ศาลเจ้าและวัด',
  ),
  castle: names('城・城跡', 'Castles', '城堡·城址', '城堡·城址', '성·성터', 'ปราสาท'),
  museum: names(
    '博物館・美術館',
    'Museums and galleries',
    '博物馆·美术馆',
    '博物館·美術館',
    '박물관·미술관',
    'พิพิธภัณฑ์และหอศิลป์',
  ),
  onsen: names('温泉', 'Hot springs', '温泉', '溫泉', '온천', 'ออนเซ็น'),
  food: names(
    'グルメ・飲食店',
    'Food and restaurants',
    '美食·餐厅',
    '美食·餐廳',
    '음식·음식점',
    'อาหารและร้านอาหาร',
  ),
  shopping: names(
    '買い物・特産品',
    'Shopping and local products',
    '购物·特产',
    '購物·特產',
    '쇼핑·특산품',
    'ช้อปปิ้งและสินค้าท้องถิ่น',
  ),
  activity: names(
    '体験・アクティビティ',
    'Experiences and activities',
    '体验活动',
    '體驗活動',
    '체험·액티비티',
    'กิจกรรมและประสบการณ์',
  ),
  outdoor: names(
    'アウトドア・スポーツ',
    'Outdoors and sports',
    '户外运动',
    '戶外運動',
    '아웃도어·스포츠',
    'กิจกรรมกลางแจ้งและกีฬา',
  ),
  'scenic-view': names(
    '展望・夜景',
    'Viewpoints and night views',
    '观景·夜景',
    '觀景·夜景',
    '전망·야경',
    'จุดชมวิวและวิวกลางคืน',
  ),
  accommodation: names('宿泊', 'Accommodation', '住宿', '住宿', '숙박', 'ที่พัก'),
  'tourist-info': names(
    '観光案内所',
    'Tourist information',
    '旅游咨询处',
    '旅遊服務中心',
    '관광안내소',
    'ศูนย์บริการนักท่องเที่ยว',
  ),
  other: names('その他', 'Other', '其他', '其他', '기타', 'อื่นๆ'),
  festival: names(
    '祭り・伝統行事',
    'Festivals and traditions',
    '节庆·传统活动',
    '節慶·傳統活動',
    '축제·전통 행사',
    'เทศกาลและประเพณี',
  ),
  fireworks: names('花火大会', 'Fireworks', '烟花大会', '煙火大會', '불꽃놀이', 'งานดอกไม้ไฟ'),
  seasonal: names(
    '季節の行事（花見・紅葉など）',
    'Seasonal events (cherry blossoms, autumn leaves, …)',
    '季节活动（赏樱·红叶等）',
    '季節活動（賞櫻·紅葉等）',
    '계절 행사(벚꽃·단풍 등)',
    'กิจกรรมตามฤดูกาล (ชมซากุระ ใบไม้เปลี่ยนสี ฯลฯ)',
  ),
  exhibition: names('展示・展覧会', 'Exhibitions', '展览', '展覽', '전시회', 'นิทรรศการ'),
  performance: names(
    '音楽・芸能・公演',
    'Music and performances',
    '音乐·演出',
    '音樂·表演',
    '음악·공연',
    'ดนตรีและการแสดง',
  ),
  'food-event': names(
    '食のイベント・物産展',
    'Food events and fairs',
    '美食活动·物产展',
    '美食活動·物產展',
    '음식 행사·물산전',
    'งานอาหารและงานแสดงสินค้า',
  ),
  market: names(
    '朝市・マルシェ',
    'Markets',
    '早市·集市',
    '早市·市集',
    '아침 시장·마르셰',
    'ตลาดเช้าและตลาดนัด',
  ),
  'sports-event': names(
    'スポーツ大会',
    'Sports events',
    '体育赛事',
    '運動賽事',
    '스포츠 대회',
    'การแข่งขันกีฬา',
  ),
  workshop: names(
    '体験教室・ワークショップ',
    'Workshops',
    '体验课程·工作坊',
    '體驗課程·工作坊',
    '체험 교실·워크숍',
    'เวิร์กช็อป',
  ),
  'event-other': names('その他のイベント', 'Other events', '其他活动', '其他活動', '기타 행사', 'กิจกรรมอื่นๆ'),
};

/** The kinds that have categories, with their standard lists. */
export const CATEGORY_KINDS = ['spot', 'event'] as const satisfies readonly ContentKind[];
export type CategoryKind = (typeof CATEGORY_KINDS)[number];

export function standardCategories(kind: ContentKind): readonly CategoryCode[] {
  if (kind === 'spot') return SPOT_CATEGORIES;
  if (kind === 'event') return EVENT_CATEGORIES;
  return [];
}

export function isStandardCategory(code: string): code is CategoryCode {
  return Object.hasOwn(STANDARD_CATEGORY_NAMES, code);
}

/**
 * A category's name in a language: the organisation's own names when given (falling back to
 * its Japanese name), else the standard name, else the code as written (an imported value).
 */
export function categoryLabel(code: string, lang: Language, own?: LocalizedText | null): string {
  if (own) return own[lang] || own.ja;
  return isStandardCategory(code) ? STANDARD_CATEGORY_NAMES[code][lang] : code;
}
