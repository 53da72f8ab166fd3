/**
 * Demo content of the fictional みってし町 (Mitte Town): 30 spots, 10 events, 2 model courses and 2
 * feature articles. Every place, name and text is invented. References between items use stable
 * keys; the caller creates the spots first and turns the keys into spot ids (see the `demo…Data`
 * helpers). Event dates are computed from the day the demo is created, so it never looks stale.
 */
import type { ArticleData, CourseData, EventData, SpotData } from '../content/index.js';

export interface DemoSpot {
  key: string;
  data: SpotData;
}

export interface DemoEvent {
  key: string;
  /** The demo spot the event takes place at; `data.venue.spotId` is left unset. */
  venueSpotKey?: string;
  data: EventData;
}

type CourseStop = CourseData['stops'][number];
export type DemoCourseStop = Omit<CourseStop, 'spotId'> & { spotKey: string };

export interface DemoCourse {
  key: string;
  /** The stops in order; all but the last say how to get to the next one. */
  stops: DemoCourseStop[];
  data: Omit<CourseData, 'stops'>;
}

export interface DemoArticle {
  key: string;
  relatedSpotKeys: string[];
  data: Omit<ArticleData, 'relatedSpotIds'>;
}

type Day = NonNullable<SpotData['openingHours']>[number]['days'][number];

export const DEMO_SITE = 'https://www.mitte-town.example.jp';

const ALL_DAYS: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'holiday'];
const except = (...closed: Day[]): Day[] => ALL_DAYS.filter((d) => !closed.includes(d));

const TOURISM = { name: 'みってし町観光協会', phone: '0584-00-1234' };
const TOWN_TOURISM = { name: 'みってし町 商工観光課', phone: '0584-00-1111', extension: '231' };
const TOWN_EDUCATION = { name: 'みってし町教育委員会 生涯学習課', phone: '0584-00-1111', extension: '305' };

const spot = (key: string, data: Omit<SpotData, 'url'>): DemoSpot => ({
  key,
  data: { ...data, url: `${DEMO_SITE}/spots/${key}` },
});

export const DEMO_SPOTS: DemoSpot[] = [
  // ── 城下町（大手町・本町・城山） ─────────────────────────────
  spot('castle-ruins', {
    name: { ja: 'みってし城跡', en: 'Mitte Castle Ruins' },
    kana: 'みってしじょうあと',
    category: 'history',
    tags: ['城跡', '石垣', '桜', '眺望'],
    description: {
      ja: '町の中心にある城山（標高98m）に築かれた山城の跡です。戦国時代、白鷺川の舟運を見守る拠点として整えられたと伝わり、本丸を囲む野面積みの石垣や空堀が今もよく残っています。本丸跡からは城下町の瓦屋根と広々とした平野を一望でき、春には約200本の桜が石垣を彩ります。',
      en: 'The ruins of a hilltop castle on Shiroyama, the 98-metre hill at the heart of town. Legend has it that the castle was fortified in the Warring States period to guard boat traffic on the Shirasagi River, and the rough-stone walls and dry moats around the main enclosure still stand today. The summit looks out over the tiled roofs of the old castle town and the wide plain beyond, and in spring some 200 cherry trees frame the stone walls.',
    },
    address: { ja: 'みってし町城山1', en: '1 Shiroyama, Mitte Town' },
    lat: 35.3512,
    lng: 136.7628,
    openingHours: [
      {
        days: ALL_DAYS,
        opens: null,
        closes: null,
        note: {
          ja: '見学自由です。園路に照明はありませんので、日没後の散策はお控えください。',
          en: 'Open at all times. The paths are not lit, so please avoid walking here after dark.',
        },
      },
    ],
    fees: { basicYen: 0, detail: { ja: '無料', en: 'Free' } },
    access: {
      ja: 'みってし鉄道 みってし駅から徒歩15分で大手門跡へ。大手門跡から本丸跡までは山道を歩いて約10分です。',
      en: 'A 15-minute walk from Mitte Station (Mitte Railway) to the site of the Main Gate, then about 10 minutes up a hillside path to the main enclosure.',
    },
    parking: {
      ja: '城山駐車場（無料・30台）。桜の見頃の週末は大変混み合いますので、公共交通機関をご利用ください。',
      en: 'Shiroyama car park (free, 30 spaces). It fills up quickly on weekends in cherry blossom season, so please come by public transport.',
    },
    barrierFree: ['accessible_toilet', 'accessible_parking'],
    barrierFreeNote: {
      ja: '本丸跡までの園路には坂道と石段があり、車いすでの通行は困難です。多目的トイレと車いす用駐車区画は城山駐車場にあります。',
      en: 'The path to the main enclosure has slopes and stone steps and is not suitable for wheelchairs. An accessible toilet and accessible parking spaces are at Shiroyama car park.',
    },
    contact: TOWN_EDUCATION,
    notes: {
      ja: '石垣に登ったり、石を持ち帰ったりしないでください。',
      en: 'Please do not climb the stone walls or take any stones away.',
    },
  }),
  spot('otemachi-street', {
    name: { ja: '城下町 大手通り', en: 'Ote-dori Castle Town Street' },
    kana: 'じょうかまち おおてどおり',
    category: 'history',
    tags: ['町並み', '散策', '食べ歩き', '写真映え'],
    description: {
      ja: '大手門跡から白鷺川へと続く約600mの通りに、格子戸と白壁の商家が軒を連ねています。江戸時代には川湊と城を結ぶ商いの道としてにぎわい、今も老舗の和菓子店や酒蔵、雑貨店が並びます。夕暮れ時には軒先の行灯に明かりがともり、しっとりとした雰囲気に包まれます。',
      en: 'For some 600 metres from the site of the castle’s Main Gate down to the Shirasagi River, merchant houses with latticed doors and white plaster walls line the street. In the Edo period this was the trading road between the river port and the castle, and it is still home to long-established sweet shops, a sake brewery and craft stores. At dusk, paper lanterns glow under the eaves and the street takes on a quiet, gentle charm.',
    },
    address: { ja: 'みってし町大手町1丁目〜3丁目', en: 'Otemachi 1-chome to 3-chome, Mitte Town' },
    lat: 35.3478,
    lng: 136.7655,
    fees: { basicYen: 0, detail: { ja: '散策自由', en: 'Free to stroll' } },
    access: {
      ja: 'みってし駅から徒歩8分です。',
      en: 'An 8-minute walk from Mitte Station.',
    },
    parking: {
      ja: '大手町観光駐車場（普通車1日500円・50台）をご利用ください。',
      en: 'Use the Otemachi visitor car park (500 yen per day for cars, 50 spaces).',
    },
    barrierFree: ['wheelchair_access', 'accessible_toilet'],
    barrierFreeNote: {
      ja: '通りは石畳風の舗装ですが段差はほとんどありません。多目的トイレは大手町観光駐車場にあります。',
      en: 'The street is paved to look like cobblestones but is nearly step-free. There is an accessible toilet at the Otemachi visitor car park.',
    },
    contact: TOURISM,
    notes: {
      ja: '多くのお店は水曜定休です。住宅もありますので、撮影の際はお住まいの方へのご配慮をお願いします。',
      en: 'Many shops close on Wednesdays. People live along the street, so please be considerate when taking photos.',
    },
  }),
  spot('history-museum', {
    name: { ja: 'みってし町歴史民俗資料館', en: 'Mitte Town Museum of History and Folklore' },
    kana: 'みってしちょう れきしみんぞくしりょうかん',
    category: 'museum',
    tags: ['博物館', '歴史', '雨の日', '子ども向け'],
    description: {
      ja: '城山のふもとにある資料館です。みってし城の復元模型や城下町の古地図、白鷺川を行き来した川舟の実物などを展示し、町の歩みを分かりやすく紹介しています。2階では昔の農具や暮らしの道具に実際に触れることができ、お子さま連れにも人気です。',
      en: 'A museum at the foot of Shiroyama that tells the story of the town, with a scale model of Mitte Castle as it once stood, old maps of the castle town and a real riverboat that once plied the Shirasagi River. On the first floor visitors can handle old farm tools and household items, which makes it popular with families.',
    },
    address: { ja: 'みってし町城山2-5', en: '2-5 Shiroyama, Mitte Town' },
    lat: 35.3495,
    lng: 136.7611,
    openingHours: [
      {
        days: except('mon'),
        opens: '09:00',
        closes: '17:00',
        note: {
          ja: '入館は16:30まで。月曜休館（祝日の場合は翌平日）、年末年始（12月28日〜1月4日）休館。',
          en: 'Last admission 16:30. Closed on Mondays (or the next weekday when Monday is a public holiday) and from 28 December to 4 January.',
        },
      },
    ],
    fees: {
      basicYen: 300,
      detail: {
        ja: '一般300円、高校生以下無料。20名以上の団体は240円。',
        en: 'Adults 300 yen; free for high school students and younger. Groups of 20 or more: 240 yen each.',
      },
    },
    access: { ja: 'みってし駅から徒歩12分です。', en: 'A 12-minute walk from Mitte Station.' },
    parking: { ja: '無料駐車場あり（20台）。', en: 'Free car park (20 spaces).' },
    barrierFree: [
      'wheelchair_access',
      'accessible_toilet',
      'elevator',
      'accessible_parking',
      'wheelchair_rental',
    ],
    barrierFreeNote: {
      ja: '館内はエレベーターで2階へ移動できます。車いすの貸し出し（2台）は受付でお申し出ください。',
      en: 'A lift serves the first floor. Two wheelchairs are available on loan at reception.',
    },
    contact: { name: 'みってし町歴史民俗資料館', phone: '0584-00-2345' },
  }),
  spot('wakihonjin-komeya', {
    name: { ja: '旧脇本陣 米屋', en: 'Former Komeya Sub-Inn' },
    kana: 'きゅうわきほんじん こめや',
    category: 'history',
    tags: ['町並み', '建築', '歴史'],
    description: {
      ja: '江戸時代、参勤交代の武士や旅人が泊まった脇本陣の建物を修復し、公開しています。通り土間や帳場、上段の間が当時のまま残り、奥座敷からは手入れの行き届いた坪庭を眺めることができます。ボランティアガイドが常駐しており、建物にまつわる話を楽しく聞かせてくれます。',
      en: 'This restored Edo-period sub-inn once lodged samurai travelling to and from the capital, along with other wayfarers. The earthen passage, the front office and the raised reception room remain as they were, and the inner rooms look onto a carefully tended courtyard garden. Volunteer guides are always on hand and love to share stories about the house.',
    },
    address: { ja: 'みってし町大手町2丁目8-3', en: '2-8-3 Otemachi, Mitte Town' },
    lat: 35.3471,
    lng: 136.7661,
    openingHours: [
      {
        days: except('wed'),
        opens: '10:00',
        closes: '16:00',
        note: {
          ja: '水曜休館（祝日の場合は開館）、年末年始休館。',
          en: 'Closed on Wednesdays (open when Wednesday is a public holiday) and over the New Year holidays.',
        },
      },
    ],
    fees: {
      basicYen: 200,
      detail: {
        ja: '一般200円、中学生以下無料。',
        en: 'Adults 200 yen; free for junior high school students and younger.',
      },
    },
    access: { ja: 'みってし駅から徒歩7分です。', en: 'A 7-minute walk from Mitte Station.' },
    parking: {
      ja: '専用駐車場はありません。大手町観光駐車場をご利用ください。',
      en: 'No parking on site; please use the Otemachi visitor car park.',
    },
    barrierFreeNote: {
      ja: '伝統的な建物のため、玄関や座敷に段差があります。土間部分は車いすで見学できます。',
      en: 'As a traditional building it has steps at the entrance and between rooms. Wheelchair users can view the house from the earthen passage.',
    },
    contact: TOURISM,
  }),
  spot('hachimangu', {
    name: { ja: 'みってし八幡宮', en: 'Mitte Hachimangu Shrine' },
    kana: 'みってしはちまんぐう',
    category: 'temple-shrine',
    tags: ['神社', '大イチョウ', '紅葉', 'パワースポット'],
    description: {
      ja: '城下町の総鎮守として古くから町の人々に親しまれてきた神社です。境内の大イチョウは樹齢約400年とされ、11月下旬には参道一面が黄金色のじゅうたんのようになります。10月の城下町まつりでは、この神社から神輿が出発します。',
      en: 'For centuries this shrine has watched over the castle town as its guardian shrine. The great ginkgo tree in the grounds is said to be about 400 years old, and in late November its leaves turn the approach into a golden carpet. During the Castle Town Festival in October, the portable shrine sets out from here.',
    },
    address: { ja: 'みってし町本町3丁目1', en: '3-1 Honmachi, Mitte Town' },
    lat: 35.346,
    lng: 136.7702,
    openingHours: [
      {
        days: ALL_DAYS,
        opens: '09:00',
        closes: '16:30',
        note: {
          ja: '境内は終日参拝できます。時間は社務所（御朱印・授与品）の受付時間です。',
          en: 'The grounds are open at all times; the hours are those of the shrine office (seal stamps and amulets).',
        },
      },
    ],
    fees: { basicYen: 0, detail: { ja: '参拝無料', en: 'Free to visit' } },
    access: { ja: 'みってし駅から徒歩6分です。', en: 'A 6-minute walk from Mitte Station.' },
    parking: { ja: '参拝者用駐車場あり（無料・15台）。', en: 'Free car park for visitors (15 spaces).' },
    barrierFree: ['ramp'],
    barrierFreeNote: {
      ja: '鳥居脇のスロープから拝殿前まで車いすで進めます。',
      en: 'A ramp beside the torii gate leads up to the front of the worship hall.',
    },
    contact: { name: 'みってし八幡宮 社務所', phone: '0584-00-3456' },
  }),
  spot('sagiya-sweets', {
    name: { ja: '菓子処 鷺屋', en: 'Sagiya Confectionery' },
    kana: 'かしどころ さぎや',
    category: 'food',
    tags: ['和菓子', 'おみやげ', '食べ歩き'],
    description: {
      ja: '大手通りで百年以上続く和菓子店です。名物の「月見まんじゅう」は、ふんわりした薄皮で甘さ控えめのこしあんを包んだ素朴な味わい。店先のベンチでは、できたての草もちや季節の上生菓子を味わうこともできます。',
      en: 'A sweet shop that has stood on Ote-dori for more than a century. Its signature Tsukimi Manju wraps lightly sweetened smooth bean paste in a soft, thin skin, a simple and comforting treat. You can also enjoy freshly made mugwort rice cakes or seasonal handmade sweets on the bench out front.',
    },
    address: { ja: 'みってし町大手町2丁目4-6', en: '2-4-6 Otemachi, Mitte Town' },
    lat: 35.3482,
    lng: 136.7648,
    openingHours: [
      {
        days: except('wed'),
        opens: '09:00',
        closes: '18:00',
        note: {
          ja: '水曜定休。月見まんじゅうは売り切れ次第終了です。',
          en: 'Closed on Wednesdays. Tsukimi Manju are sold until they run out.',
        },
      },
    ],
    fees: {
      basicYen: null,
      detail: {
        ja: '月見まんじゅう 1個150円、6個入り950円',
        en: 'Tsukimi Manju: 150 yen each, 950 yen for a box of six',
      },
    },
    access: { ja: 'みってし駅から徒歩8分です。', en: 'An 8-minute walk from Mitte Station.' },
    parking: {
      ja: '専用駐車場はありません。大手町観光駐車場をご利用ください。',
      en: 'No parking on site; please use the Otemachi visitor car park.',
    },
    contact: { name: '菓子処 鷺屋', phone: '0584-00-4567' },
  }),
  spot('kominka-cafe', {
    name: { ja: '古民家カフェ 灯り', en: 'Akari Old House Café' },
    kana: 'こみんかかふぇ あかり',
    category: 'food',
    tags: ['カフェ', '古民家', 'ランチ', 'スイーツ'],
    description: {
      ja: '築120年の町家を改装したカフェです。地元の野菜をたっぷり使った日替わりランチや、町内の茶園で摘まれた和紅茶とともにいただく手作りのケーキが評判です。縁側の席からは小さな中庭を眺めながら、ゆったりとした時間を過ごせます。',
      en: 'A café in a 120-year-old townhouse. It is known for its daily lunch, generous with local vegetables, and homemade cakes served with black tea from a tea garden in town. From the seats on the veranda you can look out over a small courtyard and let the time slip by.',
    },
    address: { ja: 'みってし町大手町1丁目6-2', en: '1-6-2 Otemachi, Mitte Town' },
    lat: 35.349,
    lng: 136.766,
    openingHours: [
      {
        days: ['thu', 'fri', 'sat', 'sun', 'holiday'],
        opens: '11:00',
        closes: '17:00',
        note: {
          ja: 'ランチは14:00まで（ラストオーダー16:30）。月〜水曜定休。',
          en: 'Lunch until 14:00 (last orders 16:30). Closed Monday to Wednesday.',
        },
      },
    ],
    fees: {
      basicYen: null,
      detail: {
        ja: '日替わりランチ 1,300円、ケーキセット 900円',
        en: 'Daily lunch 1,300 yen; cake and drink set 900 yen',
      },
    },
    access: { ja: 'みってし駅から徒歩10分です。', en: 'A 10-minute walk from Mitte Station.' },
    parking: { ja: '店舗裏に3台分あります。', en: 'Three spaces behind the café.' },
    barrierFreeNote: {
      ja: '入口に一段の段差があります。お手伝いが必要な方はお声がけください。',
      en: 'There is a single step at the entrance. Just ask if you need a hand.',
    },
    contact: { name: '古民家カフェ 灯り', phone: '0584-00-4678' },
  }),
  spot('sake-brewery', {
    name: { ja: '白鷺酒造', en: 'Shirasagi Sake Brewery' },
    kana: 'しらさぎしゅぞう',
    category: 'food',
    tags: ['酒蔵', '日本酒', '試飲', 'おみやげ'],
    description: {
      ja: '白鷺川の伏流水で酒を仕込み続けて二百年余りの酒蔵です。売店では定番の純米酒「白鷺」をはじめ、季節限定の生原酒や酒粕を使ったお菓子が並び、有料で利き酒もお楽しみいただけます。冬の仕込みの時期には、蔵の中から甘い米の香りが通りまで漂ってきます。',
      en: 'For more than two hundred years this brewery has made its sake with water that flows underground from the Shirasagi River. The shop stocks its flagship junmai “Shirasagi”, seasonal unpasteurised sake and sweets made with sake lees, and you can try a tasting flight for a small fee. In the winter brewing season, the sweet scent of steamed rice drifts out into the street.',
    },
    address: { ja: 'みってし町大手町3丁目2-1', en: '3-2-1 Otemachi, Mitte Town' },
    lat: 35.3469,
    lng: 136.7672,
    openingHours: [
      {
        days: ALL_DAYS,
        opens: '09:30',
        closes: '17:30',
        note: {
          ja: '売店の営業時間です。年始（1月1日〜3日）休業。蔵の見学は土日のみ、要予約です。',
          en: 'Shop hours. Closed from 1 to 3 January. Brewery tours on weekends only, by reservation.',
        },
      },
    ],
    fees: {
      basicYen: 0,
      detail: {
        ja: '入店無料。利き酒セット（3種）500円、蔵見学 1人500円（試飲付き）。',
        en: 'Free entry. Tasting flight of three sakes: 500 yen. Brewery tour: 500 yen per person, tasting included.',
      },
    },
    access: { ja: 'みってし駅から徒歩5分です。', en: 'A 5-minute walk from Mitte Station.' },
    parking: { ja: '無料駐車場あり（10台）。', en: 'Free car park (10 spaces).' },
    barrierFree: ['wheelchair_access', 'assistance_dog'],
    barrierFreeNote: {
      ja: '売店は段差なく入れます。蔵の内部は段差が多く、車いすでの見学は難しい箇所があります。',
      en: 'The shop is step-free. Inside the brewery there are many steps, and some areas cannot be reached by wheelchair.',
    },
    contact: { name: '白鷺酒造', phone: '0584-00-5678' },
    notes: {
      ja: '20歳未満の方、お車を運転される方への試飲の提供はいたしません。',
      en: 'Tastings are not offered to anyone under 20 or to drivers.',
    },
  }),
  spot('otegura-shop', {
    name: { ja: '地酒と工芸の店 大手蔵', en: 'Otegura Local Crafts and Sake Shop' },
    kana: 'じざけとこうげいのみせ おおてぐら',
    category: 'shopping',
    tags: ['おみやげ', '工芸品', '地酒', '雑貨'],
    description: {
      ja: '明治時代の米蔵を活かした物産店です。みってし焼の器や手すき和紙の小物、町内の酒蔵の地酒など、町の手仕事と味を一度に選べます。2階のギャラリーでは、地元の作家による作品展を毎月入れ替えで開いています。',
      en: 'A local products shop in a Meiji-era rice storehouse. Here you can choose from Mitte-yaki pottery, small handmade washi paper goods and local sake, a taste of the town’s craftsmanship all under one roof. The gallery upstairs hosts a new exhibition by local artists every month.',
    },
    address: { ja: 'みってし町大手町2丁目1-9', en: '2-1-9 Otemachi, Mitte Town' },
    lat: 35.3474,
    lng: 136.7644,
    openingHours: [
      {
        days: except('wed'),
        opens: '10:00',
        closes: '17:00',
        note: { ja: '水曜定休（祝日の場合は営業）。', en: 'Closed on Wednesdays (open on public holidays).' },
      },
    ],
    access: { ja: 'みってし駅から徒歩9分です。', en: 'A 9-minute walk from Mitte Station.' },
    parking: {
      ja: '大手町観光駐車場をご利用ください（お買い上げ2,000円以上で1時間無料）。',
      en: 'Use the Otemachi visitor car park (one hour free with purchases of 2,000 yen or more).',
    },
    barrierFree: ['wheelchair_access', 'ramp'],
    barrierFreeNote: {
      ja: '1階はスロープから入れます。2階ギャラリーへは階段のみです。',
      en: 'The ground floor is reached by a ramp. The upstairs gallery is by stairs only.',
    },
    contact: { name: '大手蔵', phone: '0584-00-4789' },
  }),
  spot('station-footbath', {
    name: { ja: 'みってし駅前 足湯「ほっとひと息」', en: 'Hotto Hitoiki Footbath at Mitte Station' },
    kana: 'みってしえきまえ あしゆ ほっとひといき',
    category: 'onsen',
    tags: ['足湯', '無料', '駅近'],
    description: {
      ja: '駅を出てすぐの広場にある無料の足湯です。月見の湯から運んだ源泉を使っており、散策の始まりや帰りの電車を待つ間のひと休みにぴったりです。タオルは駅前観光案内所で販売しています。',
      en: 'A free footbath in the square right outside the station, filled with spring water brought from Tsukimi-no-Yu. It is just the place for a short rest before setting out, or while you wait for your train home. Towels are sold at the tourist information office next door.',
    },
    address: { ja: 'みってし町駅前1-1', en: '1-1 Ekimae, Mitte Town' },
    lat: 35.3442,
    lng: 136.7731,
    openingHours: [
      {
        days: ALL_DAYS,
        opens: '09:00',
        closes: '18:00',
        note: {
          ja: '毎月第3木曜日は清掃のため休止します。',
          en: 'Closed for cleaning on the third Thursday of each month.',
        },
      },
    ],
    fees: { basicYen: 0, detail: { ja: '無料（タオル 200円）', en: 'Free (towels 200 yen)' } },
    access: { ja: 'みってし駅から徒歩1分です。', en: 'A 1-minute walk from Mitte Station.' },
    parking: {
      ja: '駅前町営駐車場（最初の30分無料）をご利用ください。',
      en: 'Use the town car park in front of the station (first 30 minutes free).',
    },
    barrierFree: ['wheelchair_access', 'accessible_toilet', 'ostomate'],
    barrierFreeNote: {
      ja: '足湯の一角は車いすのまま足を浸せる高さになっています。駅に多目的トイレ（オストメイト対応）があります。',
      en: 'One corner of the footbath is built so you can soak your feet without leaving your wheelchair. The station has an accessible toilet with ostomate facilities.',
    },
    contact: TOURISM,
  }),
  spot('shirasagi-bridge', {
    name: { ja: '白鷺大橋', en: 'Shirasagi Ohashi Bridge' },
    kana: 'しらさぎおおはし',
    category: 'scenic-view',
    tags: ['夕日', '川', '写真映え', '野鳥'],
    description: {
      ja: '白鷺川に架かる町のシンボルの橋です。晴れた日の夕方には、西の山並みに沈む夕日が川面を茜色に染め、カメラを手にした人が集まります。川原では名前の由来となったシラサギが羽を休める姿もよく見られます。',
      en: 'This bridge over the Shirasagi River is a symbol of the town. On clear evenings the sun sets behind the western hills and turns the water a deep red, drawing photographers to the railings. Down on the riverbanks you will often see the white egrets that gave the river its name.',
    },
    address: { ja: 'みってし町川端', en: 'Kawabata, Mitte Town' },
    lat: 35.3362,
    lng: 136.7798,
    fees: { basicYen: 0, detail: { ja: '無料', en: 'Free' } },
    access: { ja: 'みってし駅から徒歩12分です。', en: 'A 12-minute walk from Mitte Station.' },
    parking: {
      ja: '橋の東詰に河川敷駐車場（無料・20台）があります。増水時は閉鎖します。',
      en: 'Free riverside car park at the east end of the bridge (20 spaces), closed when the river is high.',
    },
    barrierFree: ['wheelchair_access'],
    barrierFreeNote: {
      ja: '歩道は幅が広く段差がありません。',
      en: 'The pavement is wide and step-free.',
    },
    contact: TOWN_TOURISM,
  }),

  spot('pottery-studio', {
    name: { ja: 'みってし焼 陶芸工房「土の音」', en: 'Tsuchi-no-Oto Mitte-yaki Pottery Studio' },
    kana: 'みってしやき とうげいこうぼう つちのおと',
    category: 'activity',
    tags: ['陶芸', '体験', '手仕事', '雨の日'],
    description: {
      ja: '白鷺川の川土を使った素朴な焼き物「みってし焼」の工房です。電動ろくろや手びねりで、湯のみや小皿づくりを気軽に体験できます。作品は釉薬をかけて焼き上げ、約1か月後にご自宅へお届けします。',
      en: 'The studio of Mitte-yaki, a rustic pottery made with clay from the Shirasagi River. Try making a teacup or small plate, either on the potter’s wheel or by hand. The studio glazes and fires your piece and sends it to your home about a month later.',
    },
    address: { ja: 'みってし町本町5丁目12', en: '5-12 Honmachi, Mitte Town' },
    lat: 35.356,
    lng: 136.782,
    openingHours: [
      {
        days: ['fri', 'sat', 'sun', 'holiday'],
        opens: '10:00',
        closes: '16:00',
        note: {
          ja: '体験は10:00と13:30の2回（各回約2時間、要予約）。',
          en: 'Workshops at 10:00 and 13:30 (about two hours each; reservation required).',
        },
      },
    ],
    fees: {
      basicYen: 2500,
      detail: {
        ja: '手びねり体験 2,500円、電動ろくろ体験 3,500円（送料別）。',
        en: 'Hand-building 2,500 yen; potter’s wheel 3,500 yen (shipping extra).',
      },
    },
    access: { ja: 'みってし駅から徒歩15分です。', en: 'A 15-minute walk from Mitte Station.' },
    parking: { ja: '無料駐車場あり（6台）。', en: 'Free car park (6 spaces).' },
    barrierFree: ['wheelchair_access'],
    barrierFreeNote: {
      ja: '手びねり体験は車いすのまま作業台をご利用いただけます。',
      en: 'Wheelchair users can take part in hand-building at the worktable without transferring.',
    },
    contact: { name: '陶芸工房 土の音', phone: '0584-00-9234' },
  }),

  // ── 月見・白鷺地区（町の北側の丘） ──────────────────────────
  spot('tsukimigaoka-park', {
    name: { ja: '月見ヶ丘公園', en: 'Tsukimigaoka Park' },
    kana: 'つきみがおかこうえん',
    category: 'park-garden',
    tags: ['桜', '花見', '子ども向け', 'ピクニック'],
    description: {
      ja: '町を見下ろす丘に広がる公園で、約800本の桜が植えられた町内随一のお花見の名所です。春のさくらまつりの期間中は夜桜のライトアップも行われます。芝生広場や大型遊具があり、季節を問わず家族連れでにぎわいます。',
      en: 'This park spreads across a hill overlooking the town, and its 800 or so cherry trees make it the best place in Mitte for cherry blossom viewing. During the spring Cherry Blossom Festival the trees are lit up at night. With a lawn and big play equipment, it is busy with families all year round.',
    },
    address: { ja: 'みってし町月見2-10', en: '2-10 Tsukimi, Mitte Town' },
    lat: 35.3655,
    lng: 136.759,
    fees: { basicYen: 0, detail: { ja: '入園無料', en: 'Free admission' } },
    access: {
      ja: 'みってし駅から町営バス「さぎりん号」月見線で10分、「月見ヶ丘公園前」下車すぐです。',
      en: 'Take the Sagirin town bus (Tsukimi line) from Mitte Station for 10 minutes and get off at Tsukimigaoka Koen-mae; the park is right there.',
    },
    parking: {
      ja: '無料駐車場あり（120台）。さくらまつり期間中の土日は臨時駐車場を開設します。',
      en: 'Free car park (120 spaces). Overflow parking opens on weekends during the Cherry Blossom Festival.',
    },
    barrierFree: ['wheelchair_access', 'accessible_toilet', 'accessible_parking', 'nursing_room'],
    barrierFreeNote: {
      ja: '管理棟に多目的トイレと授乳室があります。芝生広場までの園路は舗装されています。',
      en: 'The park office has an accessible toilet and a nursing room. The path to the lawn is paved.',
    },
    contact: { name: '月見ヶ丘公園 管理事務所', phone: '0584-00-6789' },
  }),
  spot('tsukuyomi-shrine', {
    name: { ja: '月読神社', en: 'Tsukuyomi Shrine' },
    kana: 'つくよみじんじゃ',
    category: 'temple-shrine',
    tags: ['神社', '縁結び', '月見', '御朱印'],
    description: {
      ja: '月見ヶ丘の中腹に鎮まる、月の神さまをまつる神社です。かつてこの丘で殿さまが観月の宴を開いたという言い伝えがあり、「月見」という地名の由来にもなりました。満月の夜に限って授与される月の形の御朱印が人気を集めています。',
      en: 'Halfway up Tsukimigaoka hill stands this shrine to the deity of the moon. Legend says the lords of the castle once held moon-viewing banquets on this hill, which is how the district came to be called Tsukimi, “moon viewing”. Its moon-shaped seal stamp, given out only on full-moon nights, has become a favourite with visitors.',
    },
    address: { ja: 'みってし町月見2-3', en: '2-3 Tsukimi, Mitte Town' },
    lat: 35.3672,
    lng: 136.7578,
    openingHours: [
      {
        days: ALL_DAYS,
        opens: '09:00',
        closes: '16:00',
        note: {
          ja: '授与所の受付時間です。満月の夜は20:00まで受け付けます。',
          en: 'Hours of the amulet office, which stays open until 20:00 on full-moon nights.',
        },
      },
    ],
    fees: {
      basicYen: 0,
      detail: { ja: '参拝無料（御朱印 500円）', en: 'Free to visit (seal stamp 500 yen)' },
    },
    access: {
      ja: '月見ヶ丘公園から遊歩道を徒歩5分です。',
      en: 'A 5-minute walk along the footpath from Tsukimigaoka Park.',
    },
    parking: {
      ja: '月見ヶ丘公園の駐車場をご利用ください。',
      en: 'Please use the Tsukimigaoka Park car park.',
    },
    barrierFreeNote: {
      ja: '拝殿までは石段（約60段）があります。',
      en: 'There are about 60 stone steps up to the worship hall.',
    },
    contact: { name: '月読神社 授与所', phone: '0584-00-6890' },
  }),
  spot('tsukimigaoka-observatory', {
    name: { ja: '月見ヶ丘展望台', en: 'Tsukimigaoka Observation Deck' },
    kana: 'つきみがおかてんぼうだい',
    category: 'scenic-view',
    tags: ['夜景', '星空', '眺望', 'デート'],
    description: {
      ja: '月見ヶ丘の頂上にある展望台です。昼間は城山と城下町、白鷺川の流れを見渡すことができ、夜には町の灯りと満天の星空が広がります。展望デッキには月の満ち欠けを示す案内板があり、月の出の時刻を確かめてから訪れるのがおすすめです。',
      en: 'An observation deck at the top of Tsukimigaoka hill. By day you can take in Shiroyama, the castle town and the winding Shirasagi River; by night the lights of the town meet a sky full of stars. A panel on the deck shows the phases of the moon, so check the time of moonrise before you go.',
    },
    address: { ja: 'みってし町月見3-1', en: '3-1 Tsukimi, Mitte Town' },
    lat: 35.3688,
    lng: 136.7562,
    openingHours: [
      {
        days: ALL_DAYS,
        opens: null,
        closes: null,
        note: {
          ja: '終日開放。冬季の路面凍結時は車両通行止めになることがあります。',
          en: 'Open at all times. The access road may be closed to cars when it is icy in winter.',
        },
      },
    ],
    fees: { basicYen: 0, detail: { ja: '無料', en: 'Free' } },
    access: {
      ja: '月見ヶ丘公園から遊歩道を徒歩15分、または車で5分です。',
      en: 'A 15-minute walk along the footpath from Tsukimigaoka Park, or 5 minutes by car.',
    },
    parking: { ja: '展望台駐車場（無料・25台）。', en: 'Observation deck car park (free, 25 spaces).' },
    barrierFree: ['wheelchair_access', 'accessible_parking'],
    barrierFreeNote: {
      ja: '駐車場から展望デッキまで段差のない通路でつながっています。',
      en: 'A step-free path leads from the car park to the deck.',
    },
    contact: TOWN_TOURISM,
    notes: {
      ja: '夜間は照明を最小限にしています。懐中電灯をお持ちください。',
      en: 'Lighting is kept to a minimum at night, so please bring a torch.',
    },
  }),
  spot('tsukimi-no-yu', {
    name: { ja: '月見の湯', en: 'Tsukimi-no-Yu Hot Spring' },
    kana: 'つきみのゆ',
    category: 'onsen',
    tags: ['温泉', '日帰り入浴', '露天風呂', '雨の日'],
    description: {
      ja: '月見ヶ丘のふもとに湧く、とろりとした肌ざわりの日帰り温泉です。丘の斜面に張り出した露天風呂からは、天気のよい夜にお月さまを眺めながら湯浴みが楽しめます。館内には食事処と休憩用の広間があり、一日ゆっくり過ごせます。',
      en: 'A day-use hot spring at the foot of Tsukimigaoka hill, with water that feels silky on the skin. On clear nights you can soak in the open-air bath that juts out over the hillside and gaze up at the moon. There is a restaurant and a large lounge, so you can easily spend the whole day.',
    },
    address: { ja: 'みってし町月見1-8', en: '1-8 Tsukimi, Mitte Town' },
    lat: 35.3702,
    lng: 136.7485,
    openingHours: [
      {
        days: except('tue'),
        opens: '10:00',
        closes: '21:00',
        note: {
          ja: '最終受付20:30。火曜定休（祝日の場合は翌日）。',
          en: 'Last entry 20:30. Closed on Tuesdays (or the next day when Tuesday is a public holiday).',
        },
      },
    ],
    fees: {
      basicYen: 700,
      detail: {
        ja: '大人700円、小学生350円、未就学児無料。タオルセット300円。',
        en: 'Adults 700 yen, elementary school children 350 yen, younger children free. Towel set 300 yen.',
      },
    },
    access: {
      ja: 'みってし駅から町営バス「さぎりん号」月見線で15分、「月見の湯」下車すぐです。',
      en: 'Take the Sagirin town bus (Tsukimi line) from Mitte Station for 15 minutes to the Tsukimi-no-Yu stop.',
    },
    parking: { ja: '無料駐車場あり（80台）。', en: 'Free car park (80 spaces).' },
    barrierFree: [
      'wheelchair_access',
      'accessible_toilet',
      'ramp',
      'accessible_parking',
      'wheelchair_rental',
    ],
    barrierFreeNote: {
      ja: '内湯に手すり付きの入浴用階段があります。入浴用車いすの貸し出しもあります（要事前連絡）。',
      en: 'The indoor bath has steps with handrails, and a bathing wheelchair can be borrowed if you call ahead.',
    },
    contact: { name: '月見の湯', phone: '0584-00-7890' },
    notes: {
      ja: 'タトゥー・入れ墨のある方は、カバーシールで覆っていただければ入浴できます（受付で販売）。',
      en: 'Guests with tattoos are welcome to bathe if they cover them with cover patches, sold at reception.',
    },
  }),
  spot('tsukimi-an-soba', {
    name: { ja: '手打ちそば 月見庵', en: 'Tsukimi-an Handmade Soba' },
    kana: 'てうちそば つきみあん',
    category: 'food',
    tags: ['そば', 'ランチ', '地元の味'],
    description: {
      ja: '月見の湯のすぐ隣にあるそば店です。町内の畑で育てたそば粉を石臼でひき、毎朝店主が打つ二八そばは、香り高くのど越しのよい仕上がりです。冬には冷たい清流にそばの実をさらした名物「寒ざらしそば」が登場します。',
      en: 'A soba shop right next to Tsukimi-no-Yu. Buckwheat grown in the town’s fields is stone-ground and made into noodles by the owner every morning, fragrant and smooth. In winter, look out for the speciality kanzarashi soba, made from buckwheat soaked in the ice-cold river.',
    },
    address: { ja: 'みってし町月見1-10', en: '1-10 Tsukimi, Mitte Town' },
    lat: 35.3712,
    lng: 136.747,
    openingHours: [
      {
        days: except('tue', 'wed'),
        opens: '11:00',
        closes: '15:00',
        note: {
          ja: 'そばがなくなり次第終了します。火・水曜定休。',
          en: 'Closes early when the day’s soba runs out. Closed on Tuesdays and Wednesdays.',
        },
      },
    ],
    fees: {
      basicYen: null,
      detail: { ja: 'ざるそば 900円、天ざる 1,600円', en: 'Chilled soba 900 yen; with tempura 1,600 yen' },
    },
    access: { ja: '月見の湯から徒歩1分です。', en: 'A 1-minute walk from Tsukimi-no-Yu.' },
    parking: { ja: '月見の湯の駐車場を共用しています。', en: 'Shares the Tsukimi-no-Yu car park.' },
    barrierFree: ['wheelchair_access'],
    barrierFreeNote: {
      ja: 'テーブル席は車いすのままご利用いただけます。',
      en: 'Wheelchair users can stay in their chairs at the table seating.',
    },
    contact: { name: '手打ちそば 月見庵', phone: '0584-00-7901' },
  }),
  spot('firefly-village', {
    name: { ja: 'ほたるの里', en: 'Firefly Village' },
    kana: 'ほたるのさと',
    category: 'nature',
    tags: ['ホタル', '初夏', '水辺', '夜'],
    description: {
      ja: '白鷺川の支流・小月川沿いに、地域の皆さんが守り育ててきたホタルの生息地です。6月上旬から中旬の夜には、川面の上をゲンジボタルの淡い光が舞い、幻想的な光景が広がります。ホタルは光や音に敏感ですので、静かに観賞をお楽しみください。',
      en: 'Along the Kozuki, a tributary of the Shirasagi River, local residents have long protected and nurtured a firefly habitat. On evenings from early to mid June, the soft glow of Genji fireflies drifts above the water in a dreamlike display. Fireflies are sensitive to light and noise, so please watch them quietly.',
    },
    address: { ja: 'みってし町奥鷺地内', en: 'Okusagi, Mitte Town' },
    lat: 35.381,
    lng: 136.738,
    openingHours: [
      {
        days: ALL_DAYS,
        opens: '19:30',
        closes: '21:30',
        note: {
          ja: 'ホタルの見頃は6月上旬〜中旬の19:30〜21:30ごろです。',
          en: 'Fireflies are best seen in early to mid June, from about 19:30 to 21:30.',
        },
      },
    ],
    fees: { basicYen: 0, detail: { ja: '無料', en: 'Free' } },
    access: {
      ja: 'みってし駅から車で15分です。シーズン中の夜は駅から臨時シャトルバスが運行します。',
      en: '15 minutes by car from Mitte Station. In the firefly season, a shuttle bus runs from the station in the evenings.',
    },
    parking: { ja: '臨時駐車場（無料・40台）。', en: 'Temporary car park (free, 40 spaces).' },
    contact: TOURISM,
    notes: {
      ja: 'ホタルの捕獲、懐中電灯やスマートフォンのライト、フラッシュ撮影はご遠慮ください。',
      en: 'Please do not catch the fireflies or use torches, phone lights or camera flash.',
    },
  }),
  spot('kasumi-rice-terraces', {
    name: { ja: 'かすみの棚田', en: 'Kasumi Rice Terraces' },
    kana: 'かすみのたなだ',
    category: 'scenic-view',
    tags: ['棚田', '里山', '写真映え', '絶景'],
    description: {
      ja: '山あいの斜面に大小およそ300枚の田んぼが重なる棚田です。水を張った5月には空を映す鏡のように、9月には黄金色の稲穂が波打つように、季節ごとに違う表情を見せてくれます。朝霧に包まれる秋の早朝の眺めは格別です。',
      en: 'Some 300 paddies, large and small, climb the slopes of this mountain valley. In May the flooded fields mirror the sky; in September the golden rice ripples in the wind. The terraces change with every season, and the view on an autumn morning wrapped in mist is simply unforgettable.',
    },
    address: { ja: 'みってし町霞地内', en: 'Kasumi, Mitte Town' },
    lat: 35.388,
    lng: 136.742,
    fees: { basicYen: 0, detail: { ja: '見学無料', en: 'Free to view' } },
    access: { ja: 'みってし駅から車で20分です。', en: '20 minutes by car from Mitte Station.' },
    parking: { ja: '見学者用駐車場（無料・15台）。', en: 'Visitor car park (free, 15 spaces).' },
    contact: TOURISM,
    notes: {
      ja: '田んぼは農家の皆さんの大切な仕事場です。あぜ道には入らず、展望スペースからご覧ください。',
      en: 'The paddies are where local farmers work. Please stay off the narrow paths between them and enjoy the view from the viewing area.',
    },
  }),

  spot('hakuun-ji', {
    name: { ja: '白雲寺', en: 'Hakuun-ji Temple' },
    kana: 'はくうんじ',
    category: 'temple-shrine',
    tags: ['寺院', '紅葉', '庭園', '座禅'],
    description: {
      ja: '山すそにたたずむ禅寺で、本堂裏の池泉回遊式庭園は「もみじ寺」の名で親しまれています。11月中旬から下旬には約300本のもみじが庭を真紅に染め、期間限定の夜間ライトアップも行われます。毎週日曜日の朝には、どなたでも参加できる座禅会を開いています。',
      en: 'A Zen temple at the foot of the mountains, affectionately known as the “maple temple” for the strolling pond garden behind its main hall. From mid to late November some 300 maples turn the garden crimson, and the garden is lit up at night for a limited time. Every Sunday morning the temple holds a zazen meditation session that anyone can join.',
    },
    address: { ja: 'みってし町白鷺1-45', en: '1-45 Shirasagi, Mitte Town' },
    lat: 35.3583,
    lng: 136.754,
    openingHours: [
      {
        days: ALL_DAYS,
        opens: '09:00',
        closes: '16:00',
        note: {
          ja: '庭園の拝観時間です。紅葉ライトアップ期間中は20:30まで。',
          en: 'Garden visiting hours, extended to 20:30 while the autumn leaves are lit up.',
        },
      },
    ],
    fees: {
      basicYen: 400,
      detail: {
        ja: '庭園拝観料 大人400円、中学生以下無料。座禅会 1人500円。',
        en: 'Garden: adults 400 yen; free for junior high school students and younger. Zazen session: 500 yen per person.',
      },
    },
    access: {
      ja: 'みってし駅から町営バス「さぎりん号」月見線で8分、「白雲寺口」下車徒歩5分です。',
      en: 'Take the Sagirin town bus (Tsukimi line) from Mitte Station for 8 minutes to Hakuunji-guchi, then walk 5 minutes.',
    },
    parking: { ja: '参拝者用駐車場あり（無料・30台）。', en: 'Free car park for visitors (30 spaces).' },
    barrierFreeNote: {
      ja: '山門と本堂の間に石段があります。庭園の園路は一部が砂利道です。',
      en: 'There are stone steps between the gate and the main hall, and some of the garden paths are gravel.',
    },
    contact: { name: '白雲寺', phone: '0584-00-3567' },
  }),

  // ── 奥鷺地区（北部の山あい） ───────────────────────────────
  spot('shirasagi-falls', {
    name: { ja: '白鷺の滝', en: 'Shirasagi Falls' },
    kana: 'しらさぎのたき',
    category: 'nature',
    tags: ['滝', '新緑', '紅葉', 'マイナスイオン'],
    description: {
      ja: '奥鷺渓谷の奥にかかる落差約18mの滝です。白い筋となって流れ落ちる姿が、翼を広げたシラサギのように見えることからその名がつきました。滝つぼまでは渓流沿いの遊歩道を歩いて約20分、新緑や紅葉の季節には多くのハイカーが訪れます。',
      en: 'An 18-metre waterfall deep in the Okusagi Gorge. It takes its name from the way its white streams of water fall like the spread wings of an egret. The plunge pool is a 20-minute walk along a trail beside the stream, and the falls draw many hikers when the leaves are fresh green in spring and ablaze in autumn.',
    },
    address: { ja: 'みってし町奥鷺地内', en: 'Okusagi, Mitte Town' },
    lat: 35.3921,
    lng: 136.7215,
    fees: { basicYen: 0, detail: { ja: '無料', en: 'Free' } },
    access: {
      ja: 'みってし駅から車で25分、奥鷺渓谷駐車場から遊歩道を徒歩20分です。',
      en: '25 minutes by car from Mitte Station, then a 20-minute walk along the trail from the Okusagi Gorge car park.',
    },
    parking: { ja: '奥鷺渓谷駐車場（無料・40台）。', en: 'Okusagi Gorge car park (free, 40 spaces).' },
    barrierFree: ['accessible_toilet'],
    barrierFreeNote: {
      ja: '遊歩道は未舗装で岩場や階段があります。多目的トイレは駐車場にあります。',
      en: 'The trail is unpaved, with rocky stretches and steps. There is an accessible toilet at the car park.',
    },
    contact: TOURISM,
    notes: {
      ja: '大雨の後は遊歩道が通行止めになることがあります。歩きやすい靴でお出かけください。冬季（12月〜3月）は積雪のため閉鎖します。',
      en: 'The trail may be closed after heavy rain. Wear sturdy shoes. Closed in winter (December to March) because of snow.',
    },
  }),
  spot('sagigamine', {
    name: { ja: '鷺ヶ峰', en: 'Mount Sagigamine' },
    kana: 'さぎがみね',
    category: 'nature',
    tags: ['登山', 'ハイキング', '眺望', '紅葉'],
    description: {
      ja: '町の最高峰、標高612mの山です。登山口から山頂までは約1時間半で、ブナの森を抜けた先の山頂からは、白鷺川が平野へと流れ出していく様子を一望できます。初心者にも歩きやすいコースで、秋の紅葉シーズンが特におすすめです。',
      en: 'At 612 metres, this is the highest peak in town. The climb from the trailhead takes about an hour and a half, and after passing through beech woods you reach a summit that looks out over the Shirasagi River as it flows out onto the plain. The trail suits beginners and is at its finest when the leaves turn in autumn.',
    },
    address: { ja: 'みってし町奥鷺地内（鷺ヶ峰登山口）', en: 'Sagigamine trailhead, Okusagi, Mitte Town' },
    lat: 35.3985,
    lng: 136.711,
    fees: { basicYen: 0, detail: { ja: '無料', en: 'Free' } },
    access: {
      ja: 'みってし駅から車で30分で鷺ヶ峰登山口へ。',
      en: '30 minutes by car from Mitte Station to the Sagigamine trailhead.',
    },
    parking: { ja: '登山口駐車場（無料・20台）。', en: 'Trailhead car park (free, 20 spaces).' },
    contact: TOURISM,
    notes: {
      ja: '山頂にトイレはありません。登山届は登山口のポストへ。クマよけの鈴の携帯をおすすめします。',
      en: 'There are no toilets at the summit. Please leave a hiking plan in the box at the trailhead, and we recommend carrying a bear bell.',
    },
  }),
  spot('seseragi-no-yu', {
    name: { ja: '奥鷺温泉 せせらぎの湯', en: 'Seseragi-no-Yu, Okusagi Hot Spring' },
    kana: 'おくさぎおんせん せせらぎのゆ',
    category: 'onsen',
    tags: ['温泉', '渓谷', '露天風呂', '宿泊'],
    description: {
      ja: '奥鷺渓谷の川辺に建つ一軒宿の温泉です。渓流の音を間近に聞きながら入る露天風呂は、ハイキングで疲れた体をやさしくほぐしてくれます。日帰り入浴も受け付けており、山菜や川魚を使った昼食付きのプランも人気です。',
      en: 'A single inn on the riverside in the Okusagi Gorge. Its open-air bath, right beside the rushing stream, gently soothes legs tired from hiking. Day visitors are welcome, and plans that include a lunch of mountain vegetables and river fish are popular.',
    },
    address: { ja: 'みってし町奥鷺1280', en: '1280 Okusagi, Mitte Town' },
    lat: 35.3905,
    lng: 136.729,
    openingHours: [
      {
        days: except('thu'),
        opens: '11:00',
        closes: '15:00',
        note: {
          ja: '日帰り入浴の受付時間です（木曜は日帰り入浴休止）。',
          en: 'Hours for day visitors (no day bathing on Thursdays).',
        },
      },
    ],
    fees: {
      basicYen: 800,
      detail: {
        ja: '日帰り入浴 大人800円、小学生400円。昼食付きプラン 3,500円（要予約）。',
        en: 'Day bathing: adults 800 yen, elementary school children 400 yen. Bath and lunch plan: 3,500 yen (reservation required).',
      },
    },
    access: {
      ja: 'みってし駅から車で25分。宿泊の方は駅まで送迎します（要予約）。',
      en: '25 minutes by car from Mitte Station. Overnight guests can be picked up at the station (reservation required).',
    },
    parking: { ja: '無料駐車場あり（30台）。', en: 'Free car park (30 spaces).' },
    barrierFree: ['accessible_toilet', 'accessible_parking'],
    barrierFreeNote: {
      ja: '露天風呂へは階段があります。バリアフリー対応の客室が1室あります。',
      en: 'There are steps down to the open-air bath. One guest room is barrier-free.',
    },
    contact: { name: '奥鷺温泉 せせらぎの湯', phone: '0584-00-8012' },
  }),
  spot('canyon-campground', {
    name: { ja: '奥鷺渓谷キャンプ場', en: 'Okusagi Gorge Campground' },
    kana: 'おくさぎけいこくきゃんぷじょう',
    category: 'activity',
    tags: ['キャンプ', '川遊び', 'アウトドア', '子ども向け'],
    description: {
      ja: '清流のほとりにあるキャンプ場です。テントサイトのほかにバンガローやバーベキュー棟があり、手ぶらでも楽しめるレンタル用品もそろっています。夏は浅瀬での川遊びや魚のつかみ取りが子どもたちに大人気です。',
      en: 'A campground on the banks of a clear mountain stream. Along with tent pitches there are cabins and a covered barbecue area, and everything you need can be rented, so you can come empty-handed. In summer, children love splashing in the shallows and catching fish with their bare hands.',
    },
    address: { ja: 'みってし町奥鷺1150', en: '1150 Okusagi, Mitte Town' },
    lat: 35.3948,
    lng: 136.726,
    openingHours: [
      {
        days: ALL_DAYS,
        opens: '08:30',
        closes: '17:00',
        note: {
          ja: '管理棟の受付時間です。4月〜11月の営業で、チェックインは13:00から、チェックアウトは翌11:00までです。',
          en: 'Office hours. Open April to November; check-in from 13:00, check-out by 11:00 the next day.',
        },
      },
    ],
    fees: {
      basicYen: 3000,
      detail: {
        ja: 'テントサイト 1区画3,000円、バンガロー 1棟8,000円、デイキャンプ 1人500円。',
        en: 'Tent pitch 3,000 yen; cabin 8,000 yen; day camping 500 yen per person.',
      },
    },
    access: { ja: 'みってし駅から車で25分です。', en: '25 minutes by car from Mitte Station.' },
    parking: { ja: '無料駐車場あり（50台）。', en: 'Free car park (50 spaces).' },
    barrierFree: ['accessible_toilet'],
    barrierFreeNote: {
      ja: '管理棟に多目的トイレがあります。サイトは砂利敷きです。',
      en: 'The office building has an accessible toilet. The pitches are gravel.',
    },
    contact: { name: '奥鷺渓谷キャンプ場 管理棟', phone: '0584-00-8123' },
    notes: {
      ja: '予約は利用日の3か月前の1日から受け付けます。直火は禁止です。',
      en: 'Bookings open on the 1st of the month three months before your stay. Open fires on the ground are not allowed.',
    },
  }),
  spot('ayu-yana', {
    name: { ja: '白鷺川観光やな', en: 'Shirasagi River Ayu Weir' },
    kana: 'しらさぎがわかんこうやな',
    category: 'food',
    tags: ['鮎', '川魚', '夏', '食事'],
    description: {
      ja: '竹で組んだ「やな」に川を下る鮎がかかる様子を見物しながら、鮎料理を味わえる川辺の食事処です。炭火でじっくり焼き上げた塩焼きは、頭から丸ごと食べられるほどこんがりと香ばしく仕上がります。鮎の甘露煮や鮎ずしもおみやげに人気です。',
      en: 'A riverside restaurant where you can watch sweetfish (ayu) swimming downriver into a trap woven from bamboo while you enjoy them cooked. Grilled slowly over charcoal with salt, they come out so crisp and fragrant that you can eat them whole, head and all. Sweet-simmered ayu and ayu sushi are popular gifts to take home.',
    },
    address: { ja: 'みってし町奥鷺820', en: '820 Okusagi, Mitte Town' },
    lat: 35.379,
    lng: 136.7395,
    openingHours: [
      {
        days: ALL_DAYS,
        opens: '10:00',
        closes: '17:00',
        note: {
          ja: '7月上旬〜10月上旬の営業です。増水時は休業します。',
          en: 'Open from early July to early October; closed when the river is high.',
        },
      },
    ],
    fees: {
      basicYen: null,
      detail: {
        ja: '鮎の塩焼き 1尾700円、鮎づくし定食 2,800円',
        en: 'Salt-grilled ayu 700 yen each; ayu set meal 2,800 yen',
      },
    },
    access: { ja: 'みってし駅から車で15分です。', en: '15 minutes by car from Mitte Station.' },
    parking: { ja: '無料駐車場あり（60台）。', en: 'Free car park (60 spaces).' },
    barrierFree: ['wheelchair_access', 'accessible_toilet'],
    contact: { name: '白鷺川観光やな', phone: '0584-00-8234' },
  }),
  spot('washi-village', {
    name: { ja: '和紙の里 工芸館', en: 'Washi Paper Village Craft Museum' },
    kana: 'わしのさと こうげいかん',
    category: 'museum',
    tags: ['和紙', '手仕事', '体験', '雨の日'],
    description: {
      ja: '奥鷺地区で三百年以上続く手すき和紙の技と歴史を伝える工芸館です。職人が紙をすく様子を間近で見学できるほか、押し花を漉き込んだはがき作りを体験できます。売店では、障子紙から便箋、ランプシェードまで、暮らしに取り入れやすい和紙製品を販売しています。',
      en: 'This craft museum passes on the techniques and history of the handmade washi paper produced in Okusagi for more than three centuries. You can watch the craftspeople at work up close and try making your own postcards with pressed flowers set into the paper. The shop sells washi for everyday life, from paper for sliding screens to writing paper and lampshades.',
    },
    address: { ja: 'みってし町奥鷺560', en: '560 Okusagi, Mitte Town' },
    lat: 35.387,
    lng: 136.733,
    openingHours: [
      {
        days: except('mon'),
        opens: '09:30',
        closes: '16:30',
        note: {
          ja: '月曜休館（祝日の場合は翌日）。紙すき体験の受付は15:30まで。',
          en: 'Closed on Mondays (or the next day when Monday is a public holiday). Last entry for the paper-making workshop is 15:30.',
        },
      },
    ],
    fees: {
      basicYen: 300,
      detail: {
        ja: '入館料 一般300円、小中学生150円。はがき作り体験 1人1,000円（入館料込み）。',
        en: 'Admission: adults 300 yen, schoolchildren 150 yen. Postcard-making workshop: 1,000 yen per person, admission included.',
      },
    },
    access: { ja: 'みってし駅から車で20分です。', en: '20 minutes by car from Mitte Station.' },
    parking: {
      ja: '無料駐車場あり（30台、大型バス可）。',
      en: 'Free car park (30 spaces; coaches welcome).',
    },
    barrierFree: ['wheelchair_access', 'accessible_toilet', 'ramp', 'accessible_parking', 'braille'],
    barrierFreeNote: {
      ja: '全館段差なく見学できます。展示の解説に点字のパネルがあります。',
      en: 'The whole museum is step-free, and the exhibition has braille information panels.',
    },
    contact: { name: '和紙の里 工芸館', phone: '0584-00-8345' },
  }),
  // ── 南野地区（南部の田園）と白鷺川沿い ─────────────────────
  spot('michi-no-eki', {
    name: { ja: '道の駅 みってし', en: 'Roadside Station Mitte' },
    kana: 'みちのえき みってし',
    category: 'shopping',
    tags: ['道の駅', '地元野菜', 'おみやげ', '朝市'],
    description: {
      ja: '町の玄関口にある道の駅です。朝どれの野菜や果物、地酒や和紙製品などの特産品がそろい、フードコートでは名物の「みってし焼きそば」が味わえます。毎週土曜日の朝には、東側の広場で朝市が開かれます。',
      en: 'A roadside station at the gateway to the town. You will find vegetables and fruit picked that morning, local sake, washi paper goods and other specialities, and the food court serves the famous Mitte yakisoba. Every Saturday morning a market is held in the square on the east side.',
    },
    address: { ja: 'みってし町南野2000', en: '2000 Minamino, Mitte Town' },
    lat: 35.3275,
    lng: 136.789,
    openingHours: [
      {
        days: ALL_DAYS,
        opens: '09:00',
        closes: '18:00',
        note: {
          ja: '売店の営業時間です（フードコートは10:00〜17:00）。1月1日休業。',
          en: 'Shop hours (food court 10:00–17:00). Closed on 1 January.',
        },
      },
    ],
    access: {
      ja: 'みってしICから車で3分。みってし駅から町営バス「さぎりん号」南野線で12分です。',
      en: '3 minutes by car from Mitte IC. From Mitte Station, 12 minutes on the Sagirin town bus (Minamino line).',
    },
    parking: {
      ja: '無料駐車場（普通車150台、大型車20台）。24時間利用できます。',
      en: 'Free car park (150 cars, 20 large vehicles), open 24 hours.',
    },
    barrierFree: [
      'wheelchair_access',
      'accessible_toilet',
      'accessible_parking',
      'nursing_room',
      'ostomate',
      'assistance_dog',
    ],
    barrierFreeNote: {
      ja: '多目的トイレ（オストメイト対応）と授乳室は24時間利用できます。',
      en: 'The accessible toilet (with ostomate facilities) and the nursing room are open 24 hours.',
    },
    contact: { name: '道の駅 みってし', phone: '0584-00-5500' },
  }),
  spot('sunflower-hill', {
    name: { ja: 'ひまわりの丘', en: 'Sunflower Hill' },
    kana: 'ひまわりのおか',
    category: 'park-garden',
    tags: ['花畑', 'ひまわり', 'コスモス', '写真映え'],
    description: {
      ja: 'なだらかな丘一面に花畑が広がる公園です。7月下旬から8月上旬には約10万本のひまわりが、10月には色とりどりのコスモスが咲きそろいます。丘の上の見晴らし台からは、花畑の向こうに鷺ヶ峰の山並みを望めます。',
      en: 'A park whose gentle slopes are covered in flowers. From late July to early August around 100,000 sunflowers bloom, followed in October by cosmos in every colour. From the lookout at the top, you can see the peaks around Mount Sagigamine beyond the fields of flowers.',
    },
    address: { ja: 'みってし町南野3500', en: '3500 Minamino, Mitte Town' },
    lat: 35.321,
    lng: 136.805,
    openingHours: [
      {
        days: ALL_DAYS,
        opens: '09:00',
        closes: '17:00',
        note: {
          ja: '花の見頃の時期は18:00まで開園します。',
          en: 'Open until 18:00 while the flowers are at their best.',
        },
      },
    ],
    fees: {
      basicYen: 0,
      detail: {
        ja: '入園無料（ひまわり摘み取り 1本100円）',
        en: 'Free admission (pick-your-own sunflowers 100 yen a stem)',
      },
    },
    access: { ja: '道の駅 みってしから車で5分です。', en: '5 minutes by car from Roadside Station Mitte.' },
    parking: { ja: '無料駐車場あり（100台）。', en: 'Free car park (100 spaces).' },
    barrierFree: ['wheelchair_access', 'accessible_toilet', 'accessible_parking'],
    barrierFreeNote: {
      ja: '花畑の中を通る園路の一部が舗装されており、車いすでも花の間を散策できます。',
      en: 'Some of the paths through the flower fields are paved, so wheelchair users can enjoy a stroll among the blooms.',
    },
    contact: TOWN_TOURISM,
  }),
  spot('fruit-farm', {
    name: { ja: 'みなみの果樹園', en: 'Minami Fruit Farm' },
    kana: 'みなみのかじゅえん',
    category: 'activity',
    tags: ['果物狩り', 'いちご', 'ぶどう', '子ども向け'],
    description: {
      ja: '季節ごとに果物狩りが楽しめる観光農園です。1月から5月はいちご、8月から10月はぶどう狩りができ、ハウス栽培のいちごは雨の日でも快適に摘み取れます。直売所の果物を使ったパフェやジェラートも人気です。',
      en: 'A farm where you can pick fruit in every season: strawberries from January to May, and grapes from August to October. The strawberries grow in greenhouses, so picking is comfortable even on rainy days. Parfaits and gelato made with fruit from the farm shop are favourites too.',
    },
    address: { ja: 'みってし町南野1420', en: '1420 Minamino, Mitte Town' },
    lat: 35.316,
    lng: 136.795,
    openingHours: [
      {
        days: except('thu'),
        opens: '10:00',
        closes: '16:00',
        note: {
          ja: '木曜定休。果物がなくなり次第、受付を終了します。6月・7月・11月・12月は直売所のみ営業。',
          en: 'Closed on Thursdays. Picking ends when the day’s fruit runs out. In June, July, November and December only the farm shop is open.',
        },
      },
    ],
    fees: {
      basicYen: 1800,
      detail: {
        ja: 'いちご狩り（30分食べ放題）大人1,800〜2,200円、ぶどう狩り 大人1,500円。時期により変わります。',
        en: 'Strawberry picking (all you can eat for 30 minutes): adults 1,800–2,200 yen. Grape picking: adults 1,500 yen. Prices vary with the season.',
      },
    },
    access: { ja: '道の駅 みってしから車で5分です。', en: '5 minutes by car from Roadside Station Mitte.' },
    parking: { ja: '無料駐車場あり（40台）。', en: 'Free car park (40 spaces).' },
    barrierFree: ['wheelchair_access', 'accessible_toilet'],
    barrierFreeNote: {
      ja: 'いちごハウスは通路が広く、高設栽培のため車いすのまま摘み取りができます。',
      en: 'The strawberry greenhouses have wide aisles and raised beds, so you can pick from a wheelchair.',
    },
    contact: { name: 'みなみの果樹園', phone: '0584-00-9123' },
    notes: {
      ja: '土日祝日は予約優先です。電話またはホームページからご予約ください。',
      en: 'Reservations take priority on weekends and public holidays; book by phone or on the farm’s website.',
    },
  }),
  spot('cycling-road', {
    name: { ja: '白鷺川サイクリングロード', en: 'Shirasagi River Cycling Road' },
    kana: 'しらさぎがわさいくりんぐろーど',
    category: 'activity',
    tags: ['サイクリング', 'レンタサイクル', '川', '散策'],
    description: {
      ja: 'みってし駅前から白鷺川の堤防沿いに、道の駅 みってしまで続く全長約9kmの自転車道です。平坦で車の通らない道なので、お子さま連れでも安心して走れます。駅前観光案内所では電動アシスト付き自転車を貸し出しており、道の駅で乗り捨てることもできます。',
      en: 'A nine-kilometre cycle path that runs along the Shirasagi River embankment from Mitte Station down to Roadside Station Mitte. It is flat and free of cars, so it is safe for families with children. E-bikes can be rented at the tourist information office by the station and dropped off at the roadside station.',
    },
    address: { ja: 'みってし町駅前〜南野', en: 'From Ekimae to Minamino, Mitte Town' },
    lat: 35.34,
    lng: 136.78,
    openingHours: [
      {
        days: ALL_DAYS,
        opens: '09:00',
        closes: '17:00',
        note: {
          ja: 'レンタサイクルの貸出時間です（返却は17:00まで）。自転車道は終日通行できます。',
          en: 'Bike rental hours (bikes must be returned by 17:00). The path itself is open at all times.',
        },
      },
    ],
    fees: {
      basicYen: 500,
      detail: {
        ja: 'レンタサイクル 1日500円、電動アシスト付き 1日1,000円。',
        en: 'Bike rental 500 yen per day; e-bikes 1,000 yen per day.',
      },
    },
    access: {
      ja: 'みってし駅前観光案内所（駅から徒歩1分）で自転車を借りられます。',
      en: 'Rent bikes at the tourist information office, a minute’s walk from Mitte Station.',
    },
    parking: {
      ja: '駅前町営駐車場または道の駅 みってしの駐車場をご利用ください。',
      en: 'Use the town car park in front of the station or the car park at Roadside Station Mitte.',
    },
    contact: { name: 'みってし駅前観光案内所', phone: '0584-00-1235' },
  }),
];

// ── Events ──────────────────────────────────────────────────────

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (year: number, month: number, day: number): string => {
  const d = new Date(Date.UTC(year, month - 1, day));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};
const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const parts = (date: string): [number, number, number] => {
  const [y = 0, m = 0, d = 0] = date.split('-').map(Number);
  return [y, m, d];
};
const maxDate = (a: string, b: string): string => (a > b ? a : b);

/** The last day of the demo's window: the day before the same date a year later. */
function windowEnd(today: string): string {
  const [y, m, d] = parts(today);
  return addDays(ymd(y + 1, m, d), -1);
}

/** The nth (1–5) weekday (0 = Sunday … 6 = Saturday) of a month. */
function nthWeekday(year: number, month: number, n: number, weekday: number): string {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  return ymd(year, month, 1 + ((weekday - first + 7) % 7) + 7 * (n - 1));
}

/** The first date on or after `today` that falls on the weekday. */
function nextWeekday(today: string, weekday: number): string {
  const current = new Date(`${today}T00:00:00Z`).getUTCDay();
  return addDays(today, (weekday - current + 7) % 7);
}

/** The next nth weekday of a month on or after `today`. */
function nextMonthlyNth(today: string, n: number, weekday: number): string {
  const [y, m] = parts(today);
  const thisMonth = nthWeekday(y, m, n, weekday);
  return thisMonth >= today ? thisMonth : nthWeekday(y, m + 1, n, weekday);
}

/**
 * The next yearly occurrence of an event lasting `spanDays` after its start, wholly inside the
 * window [today, today + 1 year). When neither this year's nor next year's fits, this year's is
 * under way: unless `keepWhole`, it is shown from today to its end. Otherwise next year's is moved
 * a week at a time (keeping the weekday) until it ends inside the window; so it is too when next
 * year's weekday falls a few days past the window.
 */
function nextAnnual(
  today: string,
  startIn: (year: number) => string,
  spanDays = 0,
  keepWhole = false,
): { start: string; end: string } {
  const last = windowEnd(today);
  const [year] = parts(today);
  for (const y of [year, year + 1]) {
    const start = startIn(y);
    const end = addDays(start, spanDays);
    if (start >= today && end <= last) return { start, end };
  }
  const current = addDays(startIn(year), spanDays);
  if (!keepWhole && current >= today) return { start: today, end: current };
  let start = startIn(year + 1);
  while (addDays(start, spanDays) > last) start = addDays(start, -7);
  return { start, end: addDays(start, spanDays) };
}

const SUN = 0;
const SAT = 6;
const MON = 1;

const eventUrl = (key: string) => `${DEMO_SITE}/events/${key}`;

/**
 * The demo events, dated from `today` (YYYY-MM-DD, Asia/Tokyo) over the following 12 months.
 */
export function demoEvents(today: string): DemoEvent[] {
  const festival = nextAnnual(today, (y) => addDays(nthWeekday(y, 10, 2, MON), -2), 2);
  const fireworks = nextAnnual(today, (y) => nthWeekday(y, 8, 1, SAT));
  const sakura = nextAnnual(today, (y) => ymd(y, 4, 1), 9);
  const autumn = nextAnnual(today, (y) => ymd(y, 11, 15), 15);
  const stars = nextAnnual(today, (y) => ymd(y, 8, 12));
  // Moved two weeks later: both the old and the new date lie in the window.
  const trekking = nextAnnual(today, (y) => nthWeekday(y, 5, 3, SUN), 14, true);
  const soba = nextAnnual(today, (y) => nthWeekday(y, 1, 4, SUN));
  const brewery = nextAnnual(today, (y) => nthWeekday(y, 2, 3, SAT));

  return [
    {
      key: 'saturday-morning-market',
      venueSpotKey: 'michi-no-eki',
      data: {
        name: { ja: 'みってし土曜朝市', en: 'Mitte Saturday Morning Market' },
        kana: 'みってしどようあさいち',
        category: 'market',
        tags: ['朝市', '地元野菜', 'グルメ'],
        description: {
          ja: '町内の農家さんが朝どれの野菜や果物、手作りのお漬物やお餅を持ち寄る朝市です。生産者の方と会話をしながらお買い物ができるのが朝市ならではの楽しみ。毎月最終土曜日には、温かい豚汁のふるまいもあります。',
          en: 'Local farmers bring vegetables and fruit picked that morning, along with homemade pickles and rice cakes. Chatting with the growers while you shop is half the fun. On the last Saturday of each month, warm bowls of pork miso soup are handed out free.',
        },
        startDate: nextWeekday(today, SAT),
        startTime: '07:00',
        endTime: '10:00',
        allDay: false,
        recurrence: 'FREQ=WEEKLY;BYDAY=SA',
        scheduleNote: {
          ja: '毎週土曜日 7:00〜10:00（年末年始を除く）。売り切れ次第終了するお店もあります。',
          en: 'Every Saturday, 7:00–10:00 (except over the New Year holidays). Some stalls close early when they sell out.',
        },
        eventStatus: 'scheduled',
        venue: { addressDetail: { ja: '東側イベント広場', en: 'Event square on the east side' } },
        fees: { basicYen: 0, detail: { ja: '入場無料', en: 'Free entry' } },
        organiser: { ja: 'みってし朝市実行委員会', en: 'Mitte Morning Market Committee' },
        access: {
          ja: 'みってし駅から町営バス「さぎりん号」南野線で12分です。',
          en: '12 minutes on the Sagirin town bus (Minamino line) from Mitte Station.',
        },
        parking: {
          ja: '道の駅 みってしの無料駐車場をご利用ください。',
          en: 'Free parking at Roadside Station Mitte.',
        },
        contact: { name: '道の駅 みってし', phone: '0584-00-5500' },
        url: eventUrl('saturday-morning-market'),
        notes: {
          ja: 'エコバッグをお持ちください。',
          en: 'Please bring your own shopping bag.',
        },
      },
    },
    {
      key: 'castle-guided-walk',
      venueSpotKey: 'castle-ruins',
      data: {
        name: { ja: 'みってし城跡 ガイドウォーク', en: 'Mitte Castle Ruins Guided Walk' },
        kana: 'みってしじょうあと がいどうぉーく',
        category: 'event-other',
        tags: ['ガイドツアー', '城跡', '歴史', '散策'],
        description: {
          ja: '地元のボランティアガイドと一緒に城山を歩き、石垣の積み方や空堀の役割、城にまつわる言い伝えをご案内します。ふだんは見過ごしてしまう石垣の刻印探しも好評です。歴史に詳しくない方も気軽にご参加ください。',
          en: 'Walk Shiroyama with a local volunteer guide, who will explain how the stone walls were built, what the dry moats were for, and the legends surrounding the castle. Hunting for the masons’ marks carved into the stones, which most visitors walk straight past, is always a highlight. No knowledge of history needed: everyone is welcome.',
        },
        startDate: nextMonthlyNth(today, 2, SUN),
        startTime: '10:00',
        endTime: '11:30',
        allDay: false,
        recurrence: 'FREQ=MONTHLY;BYDAY=2SU',
        scheduleNote: {
          ja: '毎月第2日曜日 10:00〜11:30。小雨決行、荒天中止。',
          en: 'Second Sunday of every month, 10:00–11:30. Goes ahead in light rain; cancelled in storms.',
        },
        eventStatus: 'scheduled',
        venue: {
          addressDetail: {
            ja: '集合：城山駐車場 案内板前',
            en: 'Meeting point: the information board at Shiroyama car park',
          },
        },
        fees: {
          basicYen: 500,
          detail: {
            ja: '1人500円（資料代）、小学生以下無料',
            en: '500 yen per person for materials; free for elementary school children and younger',
          },
        },
        organiser: { ja: 'みってし観光ボランティアガイドの会', en: 'Mitte Volunteer Guides' },
        capacity: 20,
        application: {
          method: {
            ja: '前日の17:00までに、みってし町観光協会へお電話でお申し込みください。',
            en: 'Book by phone with the Mitte Town Tourism Association by 17:00 the day before.',
          },
        },
        access: { ja: 'みってし駅から徒歩15分です。', en: 'A 15-minute walk from Mitte Station.' },
        parking: { ja: '城山駐車場（無料）をご利用ください。', en: 'Use Shiroyama car park (free).' },
        contact: TOURISM,
        url: eventUrl('castle-guided-walk'),
        notes: {
          ja: '坂道や石段を歩きます。歩きやすい靴でご参加ください。',
          en: 'The walk includes slopes and stone steps, so please wear comfortable shoes.',
        },
      },
    },
    {
      key: 'castle-town-festival',
      venueSpotKey: 'otemachi-street',
      data: {
        name: { ja: 'みってし城下町まつり', en: 'Mitte Castle Town Festival' },
        kana: 'みってしじょうかまちまつり',
        category: 'festival',
        tags: ['祭り', '武者行列', '神輿', '屋台'],
        description: {
          ja: 'みってし八幡宮の秋の例大祭にあわせて開かれる、町いちばんのお祭りです。甲冑姿の武者行列や子ども神輿が大手通りを練り歩き、通りには屋台や地元グルメの店がずらりと並びます。最終日の夜には、城山が灯籠の明かりで幻想的に浮かび上がります。',
          en: 'The biggest festival of the year, held with the autumn grand festival of Mitte Hachimangu Shrine. A procession of warriors in full armour and a children’s portable shrine parade along Ote-dori, which is lined with food stalls and local delicacies. On the last night, Shiroyama glows with the light of hundreds of lanterns.',
        },
        startDate: festival.start,
        endDate: festival.end,
        allDay: true,
        scheduleNote: {
          ja: '武者行列は2日目の13:00から、灯籠の点灯は最終日の17:30からです。',
          en: 'The warrior procession starts at 13:00 on day two; the lanterns are lit from 17:30 on the last day.',
        },
        eventStatus: 'scheduled',
        venue: {
          addressDetail: {
            ja: '大手通り一帯、みってし八幡宮、城山',
            en: 'Along Ote-dori, Mitte Hachimangu Shrine and Shiroyama',
          },
        },
        fees: { basicYen: 0, detail: { ja: '観覧無料', en: 'Free to attend' } },
        organiser: { ja: 'みってし城下町まつり実行委員会', en: 'Mitte Castle Town Festival Committee' },
        access: { ja: 'みってし駅から徒歩8分です。', en: 'An 8-minute walk from Mitte Station.' },
        parking: {
          ja: 'みってし町役場に臨時駐車場（無料）を設け、会場まで無料シャトルバスを運行します。',
          en: 'Free overflow parking at Mitte Town Hall, with a free shuttle bus to the festival.',
        },
        contact: TOWN_TOURISM,
        url: eventUrl('castle-town-festival'),
        notes: {
          ja: '期間中の10:00〜21:00、大手通りは歩行者天国になります。',
          en: 'Ote-dori is closed to traffic from 10:00 to 21:00 on all festival days.',
        },
      },
    },
    {
      key: 'fireworks',
      data: {
        name: { ja: '白鷺川 納涼花火大会', en: 'Shirasagi River Summer Fireworks' },
        kana: 'しらさぎがわ のうりょうはなびたいかい',
        category: 'fireworks',
        tags: ['花火', '夏', '浴衣'],
        description: {
          ja: '夏の夜空を約5,000発の花火が彩る、町の夏の風物詩です。川面に映る水上スターマインや、白鷺川にかかる全長300mのナイアガラは見ごたえたっぷり。浴衣でお越しの方には、会場で記念のうちわをお渡しします。',
          en: 'About 5,000 fireworks light up the summer sky in the town’s favourite summer tradition. Highlights include the rapid-fire displays reflected on the river and a 300-metre cascade of sparks across the Shirasagi. Everyone who comes in a yukata receives a souvenir fan.',
        },
        startDate: fireworks.start,
        startTime: '19:30',
        endTime: '20:45',
        allDay: false,
        scheduleNote: {
          ja: '荒天の場合は翌日に順延します。開催の可否は当日12:00に町ホームページでお知らせします。',
          en: 'Postponed to the next day in bad weather. Whether it goes ahead is announced on the town website at 12:00 on the day.',
        },
        eventStatus: 'scheduled',
        venue: {
          name: { ja: '白鷺川河川敷 特設会場', en: 'Shirasagi Riverbank Festival Grounds' },
          address: { ja: 'みってし町川端地先', en: 'Riverbank, Kawabata, Mitte Town' },
          addressDetail: { ja: '白鷺大橋の上流側', en: 'Upstream of Shirasagi Ohashi Bridge' },
          lat: 35.3368,
          lng: 136.7772,
        },
        fees: {
          basicYen: 0,
          detail: {
            ja: '観覧無料。有料観覧席（テーブル席4名 8,000円、ベンチ席1名 2,000円）あり。',
            en: 'Free to watch. Reserved seating available: table for four 8,000 yen, bench seat 2,000 yen per person.',
          },
        },
        organiser: { ja: '白鷺川花火大会実行委員会', en: 'Shirasagi River Fireworks Committee' },
        application: {
          method: {
            ja: '有料観覧席は、6月1日から町ホームページで販売します（先着順）。',
            en: 'Reserved seats go on sale on the town website from 1 June (first come, first served).',
          },
        },
        access: { ja: 'みってし駅から徒歩10分です。', en: 'A 10-minute walk from Mitte Station.' },
        parking: {
          ja: '会場周辺に駐車場はありません。道の駅 みってしから臨時シャトルバス（有料）をご利用ください。',
          en: 'There is no parking near the venue. Please park at Roadside Station Mitte and take the shuttle bus (fare applies).',
        },
        contact: TOWN_TOURISM,
        url: eventUrl('fireworks'),
      },
    },
    {
      key: 'cherry-blossom-festival',
      venueSpotKey: 'tsukimigaoka-park',
      data: {
        name: { ja: '月見ヶ丘 さくらまつり', en: 'Tsukimigaoka Cherry Blossom Festival' },
        kana: 'つきみがおか さくらまつり',
        category: 'seasonal',
        tags: ['桜', '花見', '夜桜', 'ライトアップ'],
        description: {
          ja: '約800本の桜が咲き誇る月見ヶ丘公園で、春のさくらまつりを開きます。期間中は夜桜のライトアップのほか、週末には芝生広場で地元の子どもたちによる太鼓の演奏や、みってしグルメの屋台が楽しめます。',
          en: 'Tsukimigaoka Park celebrates spring with its cherry blossom festival, when some 800 trees are in full bloom. The blossoms are lit up every evening, and at weekends local children perform taiko drumming on the lawn while stalls serve Mitte’s favourite foods.',
        },
        startDate: sakura.start,
        endDate: sakura.end,
        startTime: '10:00',
        endTime: '21:00',
        allDay: false,
        scheduleNote: {
          ja: '夜桜ライトアップは毎日18:00〜21:00。開花状況により期間を変更することがあります。',
          en: 'Evening illumination daily 18:00–21:00. The dates may change depending on when the trees bloom.',
        },
        eventStatus: 'scheduled',
        venue: {},
        fees: { basicYen: 0, detail: { ja: '入園無料', en: 'Free admission' } },
        organiser: { ja: 'みってし町観光協会', en: 'Mitte Town Tourism Association' },
        access: {
          ja: 'まつり期間中は、みってし駅から臨時バスを増発します。',
          en: 'Extra buses run from Mitte Station during the festival.',
        },
        parking: {
          ja: '公園駐車場（無料・120台）。週末は臨時駐車場を開設します。',
          en: 'Park car park (free, 120 spaces). Overflow parking opens at weekends.',
        },
        contact: TOURISM,
        url: eventUrl('cherry-blossom-festival'),
      },
    },
    {
      key: 'autumn-leaves-illumination',
      venueSpotKey: 'hakuun-ji',
      data: {
        name: { ja: '白雲寺 もみじライトアップ', en: 'Hakuun-ji Autumn Leaves Illumination' },
        kana: 'はくうんじ もみじらいとあっぷ',
        category: 'seasonal',
        tags: ['紅葉', 'ライトアップ', '寺院', '夜'],
        description: {
          ja: '紅葉の見頃にあわせ、白雲寺の庭園を夜間特別公開します。池の水面に映る「逆さもみじ」は息をのむ美しさです。本堂では、ろうそくの灯りの中で琴の演奏会も行われます（土日のみ）。',
          en: 'When the leaves are at their peak, Hakuun-ji opens its garden specially in the evenings. The maples reflected upside down in the still pond are breathtaking. On weekends, koto concerts are held by candlelight in the main hall.',
        },
        startDate: autumn.start,
        endDate: autumn.end,
        startTime: '17:00',
        endTime: '20:30',
        allDay: false,
        scheduleNote: {
          ja: '期間中毎日 17:00〜20:30（受付は20:00まで）。琴の演奏会は土日の18:00と19:00。',
          en: 'Daily 17:00–20:30 during the period (last entry 20:00). Koto concerts at 18:00 and 19:00 on weekends.',
        },
        eventStatus: 'scheduled',
        venue: {},
        fees: {
          basicYen: 600,
          detail: {
            ja: '夜間拝観料 大人600円、中学生以下無料',
            en: 'Evening admission: adults 600 yen; free for junior high school students and younger',
          },
        },
        organiser: { ja: '白雲寺', en: 'Hakuun-ji Temple' },
        access: {
          ja: '期間中は、みってし駅から臨時バス（最終20:45発）を運行します。',
          en: 'Extra buses run from Mitte Station during the period (last return bus 20:45).',
        },
        parking: { ja: '参拝者用駐車場（無料・30台）。', en: 'Free car park for visitors (30 spaces).' },
        contact: { name: '白雲寺', phone: '0584-00-3567' },
        url: eventUrl('autumn-leaves-illumination'),
        notes: {
          ja: '三脚・自撮り棒の使用はご遠慮ください。',
          en: 'Please do not use tripods or selfie sticks.',
        },
      },
    },
    {
      key: 'stargazing-night',
      venueSpotKey: 'tsukimigaoka-observatory',
      data: {
        name: { ja: '月見ヶ丘 星空観察会', en: 'Tsukimigaoka Stargazing Night' },
        kana: 'つきみがおか ほしぞらかんさつかい',
        category: 'event-other',
        tags: ['星空', '流星群', '子ども向け', '夜'],
        description: {
          ja: '流星群の極大にあわせて、展望台で星空観察会を開きます。町の天文サークルのメンバーが大型望遠鏡で月や惑星をご案内し、夏の星座の見つけ方もお話しします。',
          en: 'A stargazing evening on the observation deck, timed for the peak of a meteor shower. Members of the town astronomy club guide you to the moon and planets through large telescopes and show you how to find the summer constellations.',
        },
        startDate: stars.start,
        startTime: '20:00',
        endTime: '22:00',
        allDay: false,
        eventStatus: 'cancelled',
        venue: {},
        fees: { basicYen: 0, detail: { ja: '参加無料', en: 'Free' } },
        organiser: { ja: 'みってし町教育委員会', en: 'Mitte Town Board of Education' },
        capacity: 40,
        access: {
          ja: 'みってし駅から車で15分です。',
          en: '15 minutes by car from Mitte Station.',
        },
        parking: { ja: '展望台駐車場（無料・25台）。', en: 'Observation deck car park (free, 25 spaces).' },
        contact: TOWN_EDUCATION,
        url: eventUrl('stargazing-night'),
        notes: {
          ja: '大型望遠鏡の修理が開催日までに間に合わないため、今回の観察会は中止といたします。楽しみにしてくださっていた皆さまには、心よりおわび申し上げます。',
          en: 'Because the large telescope cannot be repaired in time, this stargazing night has been cancelled. We sincerely apologise to everyone who was looking forward to it.',
        },
      },
    },
    {
      key: 'fresh-green-trekking',
      venueSpotKey: 'shirasagi-falls',
      data: {
        name: { ja: '白鷺の滝 新緑トレッキング', en: 'Shirasagi Falls Spring Greenery Trek' },
        kana: 'しらさぎのたき しんりょくとれっきんぐ',
        category: 'sports-event',
        tags: ['トレッキング', '新緑', '滝', 'ガイド付き'],
        description: {
          ja: '山岳ガイドと一緒に、新緑に包まれた奥鷺渓谷を白鷺の滝まで歩きます。道中では山野草や野鳥の観察も楽しめます。滝の前でいただく、地元のお米で握ったおにぎりの昼食付きです。',
          en: 'Walk through the Okusagi Gorge in its fresh spring green with a mountain guide, all the way to Shirasagi Falls, spotting wildflowers and birds along the way. Lunch is rice balls made with local rice, eaten in front of the falls.',
        },
        startDate: trekking.end,
        startTime: '09:00',
        endTime: '14:00',
        allDay: false,
        eventStatus: 'rescheduled',
        previousStartDate: trekking.start,
        venue: {
          addressDetail: {
            ja: '集合：奥鷺渓谷キャンプ場 管理棟前',
            en: 'Meeting point: in front of the Okusagi Gorge Campground office',
          },
        },
        fees: {
          basicYen: 1500,
          detail: {
            ja: '1人1,500円（ガイド料・保険料・昼食代を含みます）',
            en: '1,500 yen per person, including the guide, insurance and lunch',
          },
        },
        organiser: { ja: 'みってし町観光協会', en: 'Mitte Town Tourism Association' },
        capacity: 25,
        application: {
          deadline: maxDate(today, addDays(trekking.end, -7)),
          deadlineTime: '17:00',
          method: {
            ja: '町ホームページの申込フォーム、またはお電話でお申し込みください。定員になり次第締め切ります。',
            en: 'Apply through the form on the town website or by phone. Applications close when the trek is full.',
          },
        },
        access: {
          ja: 'みってし駅から車で25分です。駅から送迎バスあり（要予約）。',
          en: '25 minutes by car from Mitte Station. A pick-up bus runs from the station (book in advance).',
        },
        parking: {
          ja: 'キャンプ場の駐車場（無料）をご利用ください。',
          en: 'Use the campground car park (free).',
        },
        contact: TOURISM,
        url: eventUrl('fresh-green-trekking'),
        notes: {
          ja: '登山道の補修工事が延びたため、開催日を2週間後に変更しました。変更前の日程でお申し込みの方には個別にご連絡しています。',
          en: 'Repairs to the trail have taken longer than planned, so the trek has been moved two weeks later. Everyone who signed up for the original date has been contacted individually.',
        },
      },
    },
    {
      key: 'soba-making-class',
      venueSpotKey: 'tsukimi-an-soba',
      data: {
        name: { ja: '寒ざらしそば 手打ち体験教室', en: 'Winter Soba-Making Class' },
        kana: 'かんざらしそば てうちたいけんきょうしつ',
        category: 'workshop',
        tags: ['そば打ち', '体験', '冬', '食'],
        description: {
          ja: '月見庵の店主に教わりながら、寒ざらしのそば粉でそば打ちに挑戦します。こね、のし、切りまでを一人ひとり丁寧にご指導しますので、初めての方でも安心です。打ったそばはその場でゆでて味わい、残りはお持ち帰りいただけます。',
          en: 'Learn to make soba from the owner of Tsukimi-an, using winter-soaked kanzarashi buckwheat flour. You will get step-by-step guidance through kneading, rolling and cutting, so beginners are very welcome. Taste your noodles freshly boiled on the spot and take the rest home.',
        },
        startDate: soba.start,
        startTime: '10:00',
        endTime: '12:30',
        allDay: false,
        eventStatus: 'scheduled',
        venue: {},
        fees: {
          basicYen: 3000,
          detail: {
            ja: '1人3,000円（材料費込み、エプロン・三角巾をお持ちください）',
            en: '3,000 yen per person, ingredients included (bring an apron and a headscarf)',
          },
        },
        organiser: { ja: '手打ちそば 月見庵', en: 'Tsukimi-an Handmade Soba' },
        capacity: 12,
        application: {
          deadline: maxDate(today, addDays(soba.start, -10)),
          method: {
            ja: '月見庵へお電話でお申し込みください。応募多数の場合は抽選とします。',
            en: 'Apply by phone to Tsukimi-an. If there are more applicants than places, a draw will be held.',
          },
        },
        access: { ja: '月見の湯から徒歩1分です。', en: 'A 1-minute walk from Tsukimi-no-Yu.' },
        parking: { ja: '月見の湯の駐車場をご利用ください。', en: 'Use the Tsukimi-no-Yu car park.' },
        contact: { name: '手打ちそば 月見庵', phone: '0584-00-7901' },
        url: eventUrl('soba-making-class'),
      },
    },
    {
      key: 'brewery-open-day',
      venueSpotKey: 'sake-brewery',
      data: {
        name: { ja: '白鷺酒造 蔵開き', en: 'Shirasagi Sake Brewery Open Day' },
        kana: 'しらさぎしゅぞう くらびらき',
        category: 'food-event',
        tags: ['日本酒', '酒蔵', '試飲', '新酒'],
        description: {
          ja: '年に一度、白鷺酒造の酒蔵をすみずみまで公開します。搾りたての新酒の試飲や、蔵人による仕込みの解説、酒粕を使った甘酒のふるまいなど、酒造りの現場を五感で楽しめる一日です。',
          en: 'Once a year, Shirasagi Sake Brewery opens every corner of its brewery to the public. Taste freshly pressed new sake, hear the brewers explain how it is made and warm up with free sweet amazake made from sake lees: a day to experience sake-making with all five senses.',
        },
        startDate: brewery.start,
        startTime: '10:00',
        endTime: '15:00',
        allDay: false,
        eventStatus: 'scheduled',
        venue: {},
        fees: {
          basicYen: 0,
          detail: {
            ja: '入場無料。試飲セット（おちょこ付き）1,000円。',
            en: 'Free entry. Tasting set, with a sake cup to keep: 1,000 yen.',
          },
        },
        organiser: { ja: '白鷺酒造', en: 'Shirasagi Sake Brewery' },
        access: { ja: 'みってし駅から徒歩5分です。', en: 'A 5-minute walk from Mitte Station.' },
        parking: {
          ja: '当日は駐車場がありません。電車・バスでお越しください。',
          en: 'No parking is available on the day; please come by train or bus.',
        },
        contact: { name: '白鷺酒造', phone: '0584-00-5678' },
        url: eventUrl('brewery-open-day'),
        notes: {
          ja: '20歳未満の方、お車を運転される方には酒類を提供いたしません。甘酒はノンアルコールです。',
          en: 'Alcohol will not be served to anyone under 20 or to drivers. The amazake is alcohol-free.',
        },
      },
    },
  ];
}

// ── Model courses ───────────────────────────────────────────────

export const DEMO_COURSES: DemoCourse[] = [
  {
    key: 'castle-town-stroll',
    stops: [
      {
        spotKey: 'history-museum',
        stayMinutes: 40,
        travelMode: 'walk',
        minutesToNext: 5,
        note: {
          ja: 'まずは資料館で城と城下町の成り立ちを予習しましょう。',
          en: 'Start at the museum to learn how the castle and its town came to be.',
        },
      },
      {
        spotKey: 'castle-ruins',
        stayMinutes: 50,
        travelMode: 'walk',
        minutesToNext: 15,
        note: {
          ja: '本丸跡から、これから歩く城下町を見下ろせます。',
          en: 'From the main enclosure you can look down on the streets you are about to explore.',
        },
      },
      {
        spotKey: 'wakihonjin-komeya',
        stayMinutes: 30,
        travelMode: 'walk',
        minutesToNext: 3,
      },
      {
        spotKey: 'sagiya-sweets',
        stayMinutes: 15,
        travelMode: 'walk',
        minutesToNext: 3,
        note: { ja: '名物の月見まんじゅうでひと休み。', en: 'Take a break with a Tsukimi Manju.' },
      },
      {
        spotKey: 'otegura-shop',
        stayMinutes: 30,
        travelMode: 'walk',
        minutesToNext: 5,
      },
      {
        spotKey: 'sake-brewery',
        stayMinutes: 40,
        travelMode: 'walk',
        minutesToNext: 4,
        note: {
          ja: '利き酒は、お車を運転しない方だけで。',
          en: 'Tasting is for those who are not driving.',
        },
      },
      {
        spotKey: 'hachimangu',
        stayMinutes: 20,
        travelMode: 'walk',
        minutesToNext: 6,
      },
      {
        spotKey: 'station-footbath',
        stayMinutes: 20,
        note: {
          ja: '歩いた足を足湯でいたわって、帰りの電車へ。',
          en: 'Soothe your tired feet in the footbath before catching your train home.',
        },
      },
    ],
    data: {
      name: { ja: '城下町さんぽ 半日コース', en: 'Castle Town Stroll: A Half-Day Walk' },
      description: {
        ja: 'みってし駅を起点に、城跡と城下町の見どころを歩いてめぐる半日コースです。資料館で歴史にふれ、城山からの眺めを楽しんだあとは、大手通りで和菓子や地酒に出会えます。最後は駅前の足湯でひと息ついてお帰りください。',
        en: 'A half-day walk from Mitte Station through the highlights of the castle ruins and the old castle town. After a dose of history at the museum and the view from Shiroyama, meet the sweets and sake of Ote-dori. Finish with a rest in the footbath by the station before you head home.',
      },
      tags: ['半日', '徒歩', '歴史', '食べ歩き'],
    },
  },
  {
    key: 'moon-and-gorge-drive',
    stops: [
      {
        spotKey: 'shirasagi-falls',
        stayMinutes: 60,
        travelMode: 'car',
        minutesToNext: 12,
        note: {
          ja: '人の少ない午前中に、滝までの遊歩道を歩きましょう。',
          en: 'Walk the trail to the falls in the morning, before the crowds arrive.',
        },
      },
      {
        spotKey: 'kasumi-rice-terraces',
        stayMinutes: 20,
        travelMode: 'car',
        minutesToNext: 5,
      },
      {
        spotKey: 'washi-village',
        stayMinutes: 60,
        travelMode: 'car',
        minutesToNext: 10,
        note: {
          ja: 'はがき作り体験は乾燥時間を含めて約40分です。',
          en: 'The postcard workshop takes about 40 minutes, including drying time.',
        },
      },
      {
        spotKey: 'tsukimi-an-soba',
        stayMinutes: 50,
        travelMode: 'walk',
        minutesToNext: 1,
        note: {
          ja: '昼食は手打ちそばで。売り切れ前の到着がおすすめです。',
          en: 'Lunch is handmade soba; arrive before it sells out.',
        },
      },
      {
        spotKey: 'tsukimi-no-yu',
        stayMinutes: 120,
        travelMode: 'car',
        minutesToNext: 8,
      },
      {
        spotKey: 'tsukimigaoka-observatory',
        stayMinutes: 40,
        note: {
          ja: '締めくくりは展望台から町の夜景と星空を。',
          en: 'End the day with the town lights and the stars from the observation deck.',
        },
      },
    ],
    data: {
      name: { ja: '渓谷と月見の湯 日帰りドライブ', en: 'Gorge and Moon-Viewing Spa: A Day by Car' },
      description: {
        ja: '北部の山あいを車でめぐる日帰りコースです。午前は白鷺の滝と棚田の景色、和紙づくりの体験を楽しみ、昼は手打ちそば。午後は月見の湯でゆっくり温まり、日が暮れたら月見ヶ丘展望台で夜景と星空をご覧ください。',
        en: 'A day trip by car through the mountain valleys in the north of town. Spend the morning at Shirasagi Falls and the rice terraces and try making washi paper, then stop for handmade soba. In the afternoon, unwind at Tsukimi-no-Yu, and after dark take in the town lights and the stars from the Tsukimigaoka Observation Deck.',
      },
      tags: ['日帰り', 'ドライブ', '自然', '温泉'],
    },
  },
];

// ── Feature articles ────────────────────────────────────────────

export const DEMO_ARTICLES: DemoArticle[] = [
  {
    key: 'spring-cherry-blossoms',
    relatedSpotKeys: [
      'castle-ruins',
      'tsukimigaoka-park',
      'tsukuyomi-shrine',
      'otemachi-street',
      'sagiya-sweets',
    ],
    data: {
      title: {
        ja: '春のみってし町 ─ 城跡と月見ヶ丘の桜めぐり',
        en: 'Spring in Mitte: Cherry Blossoms from the Castle Ruins to Tsukimigaoka',
      },
      summary: {
        ja: '石垣を彩る城跡の桜から、800本が咲き誇る月見ヶ丘まで。みってし町の春を一日で楽しむ、おすすめの歩き方をご紹介します。',
        en: 'From the blossoms framing the castle walls to the 800 trees of Tsukimigaoka: our favourite way to enjoy spring in Mitte in a single day.',
      },
      body: {
        ja: `## 朝は城跡から

桜の季節のみってし町は、朝がいちばん静かで美しい時間です。まずは**みってし城跡**へ。本丸跡に続く石段を上ると、苔むした石垣の上に枝を広げる桜が迎えてくれます。朝の光の中で見下ろす城下町の瓦屋根も、この季節ならではの眺めです。

## 大手通りで、ひと休み

城山を下りたら、大手通りをぶらりと歩いてみましょう。格子戸の商家の軒先には、この時期だけ桜の枝が飾られます。

- **菓子処 鷺屋**の「桜の月見まんじゅう」（春限定）
- 古民家カフェでいただく、桜の花びらを浮かべた和紅茶
- 酒蔵の売店に並ぶ、春だけの生原酒

## 夕暮れは月見ヶ丘へ

午後は町営バスで**月見ヶ丘公園**へ向かいます。約800本の桜が丘一面を淡い桃色に染め、さくらまつりの期間中は日が暮れると夜桜のライトアップが始まります。公園から遊歩道を5分ほど上れば**月読神社**。境内から見下ろす夜桜と町の灯りは、知る人ぞ知る絶景です。

### お出かけのヒント

1. 見頃は例年4月上旬です。開花情報は観光協会のSNSでお知らせします。
2. 週末の公園駐車場は大変混み合います。臨時バスが便利です。
3. 夜は冷え込みますので、羽織るものを一枚お持ちください。

開花状況やイベントの最新情報は、[みってし町観光ホームページ](https://www.mitte-town.example.jp/)をご覧ください。`,
        en: `## Morning at the castle ruins

In cherry blossom season, the morning is Mitte’s quietest and loveliest time of day. Start at the **Mitte Castle Ruins**. As you climb the stone steps to the main enclosure, blossoming branches reach out over the mossy walls to greet you, and the tiled roofs of the castle town below glow in the early light.

## A break on Ote-dori

Back at the foot of the hill, take a wander along Ote-dori. At this time of year, the merchant houses decorate their latticed fronts with sprigs of cherry blossom.

- A cherry blossom Tsukimi Manju from **Sagiya Confectionery** (spring only)
- Local black tea with a floating cherry petal at the old house café
- Spring-only unpasteurised sake at the brewery shop

## Dusk at Tsukimigaoka

In the afternoon, hop on the town bus to **Tsukimigaoka Park**, where some 800 cherry trees blanket the hill in soft pink. During the festival, the trees are lit up as soon as the sun goes down. Five minutes up the footpath is **Tsukuyomi Shrine**, whose view over the illuminated blossoms and the lights of the town is a well-kept local secret.

### Tips for your visit

1. The blossoms usually peak in early April; the Tourism Association posts updates on social media.
2. The park car park gets very busy at weekends, so the extra festival buses are the easy option.
3. Evenings can be chilly, so bring an extra layer.

For the latest blossom reports and events, visit the [Mitte Town tourism website](https://www.mitte-town.example.jp/).`,
      },
      tags: ['春', '桜', '散策', '特集'],
    },
  },
  {
    key: 'taste-of-shirasagi-water',
    relatedSpotKeys: ['sake-brewery', 'tsukimi-an-soba', 'ayu-yana', 'shirasagi-falls', 'michi-no-eki'],
    data: {
      title: {
        ja: '白鷺川の水がはぐくむ味 ─ 酒・そば・鮎をめぐる旅',
        en: 'Flavours of the Shirasagi River: Sake, Soba and Sweetfish',
      },
      summary: {
        ja: '奥鷺の山から流れ出す清らかな水は、みってし町の食卓を支えてきました。水がつなぐ町の味をたずねます。',
        en: 'The clear water flowing down from the Okusagi mountains has always nourished Mitte’s table. Follow the water to discover the flavours it connects.',
      },
      body: {
        ja: `## 源流の滝から

みってし町の味の物語は、北部の山あいにある**白鷺の滝**から始まります。ブナの森に降った雨は長い時間をかけて地中をくぐり、冷たく澄んだ水となって白鷺川へ注ぎます。

## 水がつなぐ三つの味

### 酒 ─ 白鷺酒造

城下町の**白鷺酒造**では、二百年以上にわたって白鷺川の伏流水で酒を仕込んできました。やわらかな水から生まれる酒は、口当たりがまろやかで料理を引き立てます。

### そば ─ 月見庵

冬の冷たい清流にそばの実を浸す「寒ざらし」は、この町に古くから伝わる知恵です。えぐみが抜けて甘みが増したそばは、**月見庵**で味わえます。

### 鮎 ─ 白鷺川観光やな

夏から秋にかけては、清流で育った鮎の季節。**白鷺川観光やな**で炭火焼きの香ばしさをどうぞ。

## おみやげ選びは道の駅で

旅の最後は**道の駅 みってし**へ。次のような品がそろいます。

- 白鷺酒造の地酒と酒粕
- 月見庵監修の乾麺「寒ざらしそば」
- 鮎の甘露煮

季節ごとのおすすめは[みってし町観光ホームページ](https://www.mitte-town.example.jp/)で紹介しています。`,
        en: `## Where the water begins

The story of Mitte’s flavours begins at **Shirasagi Falls**, high in the mountain valleys to the north. Rain that falls on the beech forests seeps slowly through the ground and emerges cold and clear to feed the Shirasagi River.

## Three flavours, one river

### Sake: Shirasagi Sake Brewery

For over two hundred years, **Shirasagi Sake Brewery** in the castle town has brewed with water drawn from beneath the river. The soft water makes a mellow sake that brings out the best in food.

### Soba: Tsukimi-an

Soaking buckwheat in the icy winter river, known as *kanzarashi*, is old local wisdom: it draws out bitterness and brings out sweetness. Taste the result at **Tsukimi-an**.

### Sweetfish: the Shirasagi River ayu weir

From summer into autumn it is the season of ayu, raised in the clear river. Try them grilled over charcoal at the **Shirasagi River Ayu Weir**.

## Gifts from the roadside station

End your trip at **Roadside Station Mitte**, where you will find:

- Local sake and sake lees from Shirasagi Sake Brewery
- Dried kanzarashi soba, made to Tsukimi-an’s recipe
- Sweet-simmered ayu

Find seasonal recommendations on the [Mitte Town tourism website](https://www.mitte-town.example.jp/).`,
      },
      tags: ['グルメ', '地酒', 'そば', '特集'],
    },
  },
];

// ── Keys to ids ─────────────────────────────────────────────────

/** The event's data with its venue spot, once the demo spots exist. */
export function demoEventData(event: DemoEvent, spotId: (key: string) => string): EventData {
  if (!event.venueSpotKey) return event.data;
  return { ...event.data, venue: { ...event.data.venue, spotId: spotId(event.venueSpotKey) } };
}

export function demoCourseData(course: DemoCourse, spotId: (key: string) => string): CourseData {
  return {
    ...course.data,
    stops: course.stops.map(({ spotKey, ...stop }) => ({ ...stop, spotId: spotId(spotKey) })),
  };
}

export function demoArticleData(article: DemoArticle, spotId: (key: string) => string): ArticleData {
  return { ...article.data, relatedSpotIds: article.relatedSpotKeys.map(spotId) };
}

/** The demo site's tagline and footer, so the first start shows a complete site. */
export const DEMO_SITE_LOOK = {
  tagline: {
    ja: '城下町と白鷺川のまち、みってしへようこそ',
    en: 'A castle town on the Shirasagi River',
    'zh-Hans': '欢迎来到白鹭川畔的城下町',
    'zh-Hant': '歡迎來到白鷺川畔的城下町',
    ko: '시라사기강이 흐르는 성하마을',
  },
  contact: {
    phone: TOURISM.phone,
    email: 'kanko@demo.example.jp',
    address: {
      ja: 'みってし町駅前1-1 みってし町観光協会',
      en: 'Mitte Town Tourist Association, 1-1 Ekimae, Mitte Town',
    },
    hours: { ja: '9:00–17:00（年末年始を除く）', en: '9:00–17:00 (closed over the New Year)' },
  },
  socialAccounts: [
    { service: 'instagram' as const, url: 'https://social.example.jp/instagram/mitte_town' },
    { service: 'x' as const, url: 'https://social.example.jp/x/mitte_town' },
  ],
};
