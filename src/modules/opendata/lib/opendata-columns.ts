/**
 * Columns of the municipal standard open data sets (推奨データセット / 自治体標準オープンデータセット)
 * 観光施設一覧 and イベント一覧, and how headers found in real files map onto them.
 */

export type OpenDataSet = 'tourism' | 'events';

/** Where a column's value goes in a parsed row. */
export type FieldKey =
  | 'municipalityCode'
  | 'externalId'
  | 'prefecture'
  | 'municipality'
  /** 地方公共団体名 of the newer standard: prefecture and municipality in one cell. */
  | 'localGovernmentName'
  | 'corporateNumber'
  | 'name.ja'
  | 'name.en'
  | 'kana'
  | 'poiCode'
  | 'address'
  /** The newer standard splits the address; the parts are joined into `address`. */
  | 'address.prefecture'
  | 'address.city'
  | 'address.town'
  | 'address.number'
  | 'addressDetail'
  | 'lat'
  | 'lng'
  | 'hours.days'
  | 'hours.opens'
  | 'hours.closes'
  | 'hours.note'
  | 'fees.basic'
  | 'fees.detail'
  | 'description.ja'
  | 'description.en'
  | 'access'
  | 'parking'
  | 'barrierFree'
  | 'contact.name'
  | 'contact.phone'
  | 'contact.extension'
  | 'image'
  | 'imageLicense'
  | 'url'
  | 'notes'
  | 'startDate'
  | 'endDate'
  | 'startTime'
  | 'endTime'
  /** 開始日時 / 終了日時: date and time in one cell. */
  | 'startDateTime'
  | 'endDateTime'
  | 'scheduleNote'
  | 'organiser'
  | 'venue.name'
  | 'capacity'
  | 'application.deadlineDate'
  | 'application.deadlineTime'
  | 'application.method';

export interface OpenDataColumn {
  /** The header exactly as the standard writes it; used verbatim on export. */
  header: string;
  field: FieldKey;
}

/** 観光施設一覧, in the standard's order. These are the export headers. */
export const TOURISM_COLUMNS: readonly OpenDataColumn[] = [
  { header: '都道府県コード又は市区町村コード', field: 'municipalityCode' },
  { header: 'NO', field: 'externalId' },
  { header: '都道府県名', field: 'prefecture' },
  { header: '市区町村名', field: 'municipality' },
  { header: '名称', field: 'name.ja' },
  { header: '名称_カナ', field: 'kana' },
  { header: '名称_英語', field: 'name.en' },
  { header: 'POIコード', field: 'poiCode' },
  { header: '住所', field: 'address' },
  { header: '方書', field: 'addressDetail' },
  { header: '緯度', field: 'lat' },
  { header: '経度', field: 'lng' },
  { header: '利用可能曜日', field: 'hours.days' },
  { header: '開始時間', field: 'hours.opens' },
  { header: '終了時間', field: 'hours.closes' },
  { header: '利用可能日時特記事項', field: 'hours.note' },
  { header: '料金（基本）', field: 'fees.basic' },
  { header: '料金（詳細）', field: 'fees.detail' },
  { header: '説明', field: 'description.ja' },
  { header: '説明_英語', field: 'description.en' },
  { header: 'アクセス方法', field: 'access' },
  { header: '駐車場情報', field: 'parking' },
  { header: 'バリアフリー情報', field: 'barrierFree' },
  { header: '連絡先名称', field: 'contact.name' },
  { header: '連絡先電話番号', field: 'contact.phone' },
  { header: '連絡先内線番号', field: 'contact.extension' },
  { header: '画像', field: 'image' },
  { header: '画像_ライセンス', field: 'imageLicense' },
  { header: 'URL', field: 'url' },
  { header: '備考', field: 'notes' },
];

/** イベント一覧, in the standard's order. These are the export headers. */
export const EVENT_COLUMNS: readonly OpenDataColumn[] = [
  { header: '都道府県コード又は市区町村コード', field: 'municipalityCode' },
  { header: 'NO', field: 'externalId' },
  { header: '都道府県名', field: 'prefecture' },
  { header: '市区町村名', field: 'municipality' },
  { header: 'イベント名', field: 'name.ja' },
  { header: 'イベント名_カナ', field: 'kana' },
  { header: 'イベント名_英語', field: 'name.en' },
  { header: '開始日', field: 'startDate' },
  { header: '終了日', field: 'endDate' },
  { header: '開始時間', field: 'startTime' },
  { header: '終了時間', field: 'endTime' },
  { header: '開始日時特記事項', field: 'scheduleNote' },
  { header: '説明', field: 'description.ja' },
  { header: '料金(基本)', field: 'fees.basic' },
  { header: '料金(詳細)', field: 'fees.detail' },
  { header: '連絡先名称', field: 'contact.name' },
  { header: '連絡先電話番号', field: 'contact.phone' },
  { header: '連絡先内線番号', field: 'contact.extension' },
  { header: '主催者', field: 'organiser' },
  { header: '場所名称', field: 'venue.name' },
  { header: '住所', field: 'address' },
  { header: '方書', field: 'addressDetail' },
  { header: '緯度', field: 'lat' },
  { header: '経度', field: 'lng' },
  { header: 'アクセス方法', field: 'access' },
  { header: '駐車場情報', field: 'parking' },
  { header: '定員', field: 'capacity' },
  { header: '参加申込終了日', field: 'application.deadlineDate' },
  { header: '参加申込終了時間', field: 'application.deadlineTime' },
  { header: '参加申込方法', field: 'application.method' },
  { header: 'URL', field: 'url' },
  { header: '備考', field: 'notes' },
];

/** Headers both data sets accept besides their own standard headers. */
const COMMON_ALIASES: Partial<Record<FieldKey, string[]>> = {
  municipalityCode: [
    '全国地方公共団体コード',
    '都道府県コードまたは市区町村コード',
    '都道府県コード又は市町村コード',
    '都道府県コードまたは市町村コード',
    '市区町村コード',
    '地方公共団体コード',
    '団体コード',
  ],
  externalId: ['ID', 'No', 'No.', '番号', '通し番号'],
  localGovernmentName: ['地方公共団体名'],
  corporateNumber: ['法人番号'],
  address: ['所在地', '所在地_連結表記', '所在地(連結表記)', '住所_連結表記'],
  'address.prefecture': ['所在地_都道府県'],
  'address.city': ['所在地_市区町村'],
  'address.town': ['所在地_町字'],
  'address.number': ['所在地_番地以下'],
  addressDetail: ['建物名等(方書)', '建物名等', '方書き', '建物名'],
  // 井戸 and 軽度 are what the IME offers for いど / けいど; both turn up in real files.
  lat: ['緯度(世界測地系)', '井戸', '偉度', '緯度_10進数', 'latitude', 'lat'],
  lng: ['経度(世界測地系)', '軽度', '経度_10進数', 'longitude', 'lng', 'lon'],
  'fees.basic': ['料金_基本', '基本料金', '料金'],
  'fees.detail': ['料金_詳細', '料金詳細'],
  'description.ja': ['説明文', '概要'],
  'description.en': ['説明(英語)', '説明英語', '説明_英', '概要_英語', '概要(英語)'],
  access: ['アクセス', '交通アクセス', '交通手段'],
  parking: ['駐車場', '駐車場の有無'],
  barrierFree: ['バリアフリー'],
  'contact.name': ['連絡先', '問い合わせ先', 'お問い合わせ先', '問合せ先'],
  'contact.phone': ['電話番号', '電話', 'TEL', '連絡先電話', '問い合わせ先電話番号'],
  'contact.extension': ['内線番号', '内線', '連絡先内線'],
  image: ['画像URL', '画像ファイル'],
  imageLicense: ['画像ライセンス', '画像(ライセンス)', '画像_ライセンス'],
  url: ['ホームページ', 'ウェブサイト', 'WEBサイト', 'HP', '参考URL', '関連URL'],
  notes: ['その他'],
};

const TOURISM_ALIASES: Partial<Record<FieldKey, string[]>> = {
  'name.ja': ['施設名', '施設名称', '名前'],
  kana: [
    '名称カナ',
    '名称(カナ)',
    '名称_かな',
    '名称(かな)',
    '名称_フリガナ',
    '名称(フリガナ)',
    '名称_ふりがな',
    '名称(ふりがな)',
    'フリガナ',
    'ふりがな',
    'よみがな',
    '読み仮名',
  ],
  'name.en': ['名称(英語)', '名称英語', '名称_英字', '名称(英字)', '名称_英', '英語名称', '英語名'],
  poiCode: ['POI', 'POI_コード'],
  'hours.days': ['曜日', '利用可能日', '開館曜日', '営業曜日'],
  'hours.opens': ['開始時刻', '開館時間', '営業開始時間', '利用開始時間'],
  'hours.closes': ['終了時刻', '閉館時間', '営業終了時間', '利用終了時間'],
  'hours.note': ['利用可能日時特記', '特記事項', '営業時間特記事項'],
};

const EVENT_ALIASES: Partial<Record<FieldKey, string[]>> = {
  'name.ja': ['名称', 'イベント名称', '催し名'],
  kana: [
    '名称_カナ',
    'イベント名カナ',
    'イベント名(カナ)',
    'イベント名_かな',
    'イベント名_フリガナ',
    'イベント名(フリガナ)',
    'フリガナ',
    'ふりがな',
  ],
  'name.en': ['名称_英語', 'イベント名(英語)', 'イベント名英語', 'イベント名_英字', 'イベント名(英字)'],
  startDate: ['開催開始日', '開始年月日', '開催日', '開始日付'],
  endDate: ['開催終了日', '終了年月日', '終了日付'],
  startTime: ['開始時刻', '開催開始時間'],
  endTime: ['終了時刻', '開催終了時間'],
  startDateTime: ['開始日時', '開催開始日時'],
  endDateTime: ['終了日時', '開催終了日時'],
  scheduleNote: ['開催日時特記事項', '日時特記事項', '開始日時特記', '特記事項'],
  organiser: ['主催', '主催者名', '主催団体'],
  'venue.name': ['会場', '会場名', '場所', '開催場所', '場所名'],
  capacity: ['定員数', '募集人数'],
  'application.deadlineDate': ['申込締切日', '申込終了日', '参加申込締切日'],
  'application.deadlineTime': ['申込締切時間', '申込終了時間', '参加申込締切時間'],
  'application.method': ['申込方法', '参加申込'],
  image: ['画像'],
  // Not an イベント一覧 column, but files made from the 観光施設一覧 template carry it.
  'description.en': ['説明_英語'],
};

/**
 * The form headers are compared in: NFKC (full/half width, （）→ ()), no whitespace or BOM,
 * ASCII lower case, and ＿/‐ variants of the underscore unified.
 */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/[\s\uFEFF\u200B]+/g, '')
    .replace(/[‐‑－]/g, '-')
    .toLowerCase();
}

export const COLUMNS: Record<OpenDataSet, readonly OpenDataColumn[]> = {
  tourism: TOURISM_COLUMNS,
  events: EVENT_COLUMNS,
};

function buildAliasTable(dataset: OpenDataSet): Map<string, FieldKey> {
  const table = new Map<string, FieldKey>();
  const add = (alias: string, field: FieldKey) => {
    const key = normaliseHeader(alias);
    const existing = table.get(key);
    if (existing && existing !== field) throw new Error(`alias ${alias} maps to ${existing} and ${field}`);
    table.set(key, field);
  };
  for (const column of COLUMNS[dataset]) add(column.header, column.field);
  const own = dataset === 'tourism' ? TOURISM_ALIASES : EVENT_ALIASES;
  for (const aliases of [own, COMMON_ALIASES]) {
    for (const [field, list] of Object.entries(aliases) as [FieldKey, string[]][]) {
      for (const alias of list) add(alias, field);
    }
  }
  return table;
}

const ALIAS_TABLES: Record<OpenDataSet, Map<string, FieldKey>> = {
  tourism: buildAliasTable('tourism'),
  events: buildAliasTable('events'),
};

/** The standard header for a field, for messages about a column the file lacks. */
export function standardHeader(dataset: OpenDataSet, field: FieldKey): string {
  return COLUMNS[dataset].find((c) => c.field === field)?.header ?? field;
}

export interface ResolvedHeaders {
  /** For each column of the file, the field it fills, or null when ignored. */
  mapping: (FieldKey | null)[];
  /** Non-empty headers that match nothing; their columns are ignored. */
  unknown: string[];
  /** Standard headers of required columns the file lacks. */
  missingRequired: string[];
  /** Headers naming a field an earlier column already fills (their columns are ignored). */
  duplicate: string[];
}

export function resolveHeaders(headers: string[], dataset: OpenDataSet): ResolvedHeaders {
  const table = ALIAS_TABLES[dataset];
  const seen = new Set<FieldKey>();
  const unknown: string[] = [];
  const duplicate: string[] = [];
  const mapping = headers.map((header) => {
    const key = normaliseHeader(header);
    if (key === '') return null;
    const field = table.get(key);
    if (!field) {
      unknown.push(header);
      return null;
    }
    if (seen.has(field)) {
      duplicate.push(header);
      return null;
    }
    seen.add(field);
    return field;
  });

  const missingRequired: string[] = [];
  if (!seen.has('name.ja')) missingRequired.push(standardHeader(dataset, 'name.ja'));
  if (dataset === 'events' && !seen.has('startDate') && !seen.has('startDateTime')) {
    missingRequired.push(standardHeader(dataset, 'startDate'));
  }
  // Half a coordinate is useless: each of the pair requires the other.
  if (seen.has('lat') && !seen.has('lng')) missingRequired.push(standardHeader(dataset, 'lng'));
  if (seen.has('lng') && !seen.has('lat')) missingRequired.push(standardHeader(dataset, 'lat'));
  return { mapping, unknown, missingRequired, duplicate };
}
