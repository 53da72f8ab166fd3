import { categoryLabel } from '../contract/categories.js';
/**
 * Interface texts of the public site in every site language. Each entry is a tuple in the order
 * of SITE_LANGUAGES, so a missing translation is a type error rather than a blank on the page.
 */
export const SITE_LANGUAGES = ['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko', 'th'] as const;
export type SiteLanguage = (typeof SITE_LANGUAGES)[number];

type Texts = readonly [ja: string, en: string, zhHans: string, zhHant: string, ko: string, th: string];

/** The language's own name, for the language switcher. */
export const LANGUAGE_NAMES: Record<SiteLanguage, string> = {
  ja: '日本語',
  en: 'English',
  'zh-Hans': '简体中文',
  'zh-Hant': '繁體中文',
  ko: '한국어',
  th: 'ไทย',
};

/** BCP 47 tags for Open Graph (og:locale) — underscores and a region, as Facebook reads them. */
export const OG_LOCALES: Record<SiteLanguage, string> = {
  ja: 'ja_JP',
  en: 'en_US',
  'zh-Hans': 'zh_CN',
  'zh-Hant': 'zh_TW',
  ko: 'ko_KR',
  th: 'th_TH',
};

const UI = {
  stampRally: [
    'スタンプラリー開催中',
    'Stamp rally now on',
    '集章活动进行中',
    '集章活動進行中',
    '스탬프 랠리 진행 중',
    'แรลลี่สะสมแสตมป์กำลังจัดอยู่',
  ],
  skipToMain: [
    '本文へ移動',
    'Skip to main content',
    '跳至正文',
    '跳至主要內容',
    '본문으로 건너뛰기',
    'ข้ามไปยังเนื้อหาหลัก',
  ],
  previewNotice: [
    'プレビュー：公開前の下書きです。この表示は一般には公開されていません。',
    'Preview: an unpublished draft. This page is not public.',
    '预览：尚未发布的草稿。此页面未公开。',
    '預覽：尚未發布的草稿。此頁面未公開。',
    '미리보기: 공개 전 초안입니다. 이 페이지는 공개되지 않았습니다.',
    'ตัวอย่าง: ฉบับร่างที่ยังไม่เผยแพร่ หน้านี้ไม่เปิดเผยต่อสาธารณะ',
  ],
  previewExpiredTitle: [
    'プレビューの有効期限が切れました',
    'This preview link has expired',
    '预览链接已过期',
    '預覽連結已過期',
    '미리보기 링크가 만료되었습니다',
    'ลิงก์ตัวอย่างหมดอายุแล้ว',
  ],
  previewExpiredBody: [
    '管理画面で新しいプレビューリンクを作成してください。',
    'Create a new preview link in the console.',
    '请在管理后台重新创建预览链接。',
    '請在管理後台重新建立預覽連結。',
    '관리 화면에서 새 미리보기 링크를 만드세요.',
    'โปรดสร้างลิงก์ตัวอย่างใหม่ในคอนโซล',
  ],
  siteSuffix: ['観光情報', 'Travel Guide', '旅游指南', '旅遊指南', '관광 안내', 'คู่มือท่องเที่ยว'],
  mainMenu: ['メインメニュー', 'Main menu', '主菜单', '主選單', '주 메뉴', 'เมนูหลัก'],
  language: ['言語', 'Language', '语言', '語言', '언어', 'ภาษา'],
  home: ['ホーム', 'Home', '首页', '首頁', '홈', 'หน้าแรก'],
  spots: ['観光スポット', 'Sights', '景点', '景點', '관광지', 'สถานที่ท่องเที่ยว'],
  events: ['イベント', 'Events', '活动', '活動', '이벤트', 'กิจกรรม'],
  courses: ['モデルコース', 'Model courses', '推荐路线', '推薦路線', '추천 코스', 'เส้นทางแนะนำ'],
  articles: ['特集記事', 'Features', '专题文章', '專題文章', '특집 기사', 'บทความพิเศษ'],
  search: ['検索', 'Search', '搜索', '搜尋', '검색', 'ค้นหา'],
  privacy: ['プライバシーについて', 'Privacy', '隐私说明', '隱私說明', '개인정보 보호', 'ความเป็นส่วนตัว'],
  homeLead: [
    '{org}の観光スポット、イベント、モデルコースをご紹介します。',
    'Sights, events and model courses in {org}.',
    '为您介绍{org}的景点、活动和推荐路线。',
    '為您介紹{org}的景點、活動與推薦路線。',
    '{org}의 관광지, 이벤트, 추천 코스를 소개합니다.',
    'แนะนำสถานที่ท่องเที่ยว กิจกรรม และเส้นทางแนะนำใน{org}',
  ],
  featuredSpots: [
    'おすすめの観光スポット',
    'Featured sights',
    '推荐景点',
    '推薦景點',
    '추천 관광지',
    'สถานที่ท่องเที่ยวแนะนำ',
  ],
  upcomingEvents: [
    'これからのイベント',
    'Upcoming events',
    '近期活动',
    '近期活動',
    '예정된 이벤트',
    'กิจกรรมที่กำลังจะมาถึง',
  ],
  seeAll: ['一覧を見る', 'See all', '查看全部', '查看全部', '모두 보기', 'ดูทั้งหมด'],
  none: [
    '現在、掲載している情報はありません。',
    'Nothing to show at the moment.',
    '目前没有可显示的信息。',
    '目前沒有可顯示的資訊。',
    '현재 게재된 정보가 없습니다.',
    'ขณะนี้ยังไม่มีข้อมูล',
  ],
  category: ['カテゴリ', 'Category', '类别', '類別', '카테고리', 'หมวดหมู่'],
  allCategories: ['すべて', 'All', '全部', '全部', '전체', 'ทั้งหมด'],
  applyFilter: ['絞り込む', 'Apply', '筛选', '篩選', '적용', 'กรอง'],
  resultCount: ['{n}件', '{n} results', '共{n}条', '共{n}筆', '{n}건', '{n} รายการ'],
  pagination: ['ページ送り', 'Pages', '分页', '分頁', '페이지 이동', 'การแบ่งหน้า'],
  nextPage: ['次のページ', 'Next page', '下一页', '下一頁', '다음 페이지', 'หน้าถัดไป'],
  firstPage: ['最初のページ', 'First page', '第一页', '第一頁', '첫 페이지', 'หน้าแรกของรายการ'],
  map: ['地図', 'Map', '地图', '地圖', '지도', 'แผนที่'],
  mapLabel: ['{name}の地図', 'Map of {name}', '{name}的地图', '{name}的地圖', '{name} 지도', 'แผนที่ของ{name}'],
  placesOnMap: [
    '地図に示す場所',
    'Places on the map',
    '地图上的地点',
    '地圖上的地點',
    '지도에 표시된 장소',
    'สถานที่บนแผนที่',
  ],
  openInMap: ['地図で開く', 'Open in a map', '在地图中打开', '在地圖中開啟', '지도에서 열기', 'เปิดในแผนที่'],
  mapAttribution: ['地図データ', 'Map data', '地图数据', '地圖資料', '지도 데이터', 'ข้อมูลแผนที่'],
  address: ['所在地', 'Address', '地址', '地址', '주소', 'ที่อยู่'],
  hours: ['営業時間', 'Opening hours', '开放时间', '開放時間', '운영 시간', 'เวลาทำการ'],
  fees: ['料金', 'Fees', '费用', '費用', '요금', 'ค่าบริการ'],
  free: ['無料', 'Free', '免费', '免費', '무료', 'ฟรี'],
  access: ['アクセス', 'Getting there', '交通指南', '交通指南', '오시는 길', 'การเดินทาง'],
  parking: ['駐車場', 'Parking', '停车场', '停車場', '주차장', 'ที่จอดรถ'],
  barrierFree: [
    'バリアフリー情報',
    'Accessibility',
    '无障碍信息',
    '無障礙資訊',
    '배리어프리 정보',
    'สิ่งอำนวยความสะดวกสำหรับผู้พิการ',
  ],
  contact: ['お問い合わせ', 'Contact', '咨询', '洽詢', '문의', 'ติดต่อสอบถาม'],
  website: ['公式サイト', 'Official website', '官方网站', '官方網站', '공식 웹사이트', 'เว็บไซต์ทางการ'],
  notes: ['ご注意', 'Please note', '注意事项', '注意事項', '유의 사항', 'ข้อควรทราบ'],
  nearby: ['近くの観光スポット', 'Nearby sights', '附近景点', '附近景點', '주변 관광지', 'สถานที่ใกล้เคียง'],
  distance: ['約{km} km', '{km} km away', '约{km}公里', '約{km}公里', '약 {km}km', 'ห่างออกไป {km} กม.'],
  photos: ['写真', 'Photos', '照片', '照片', '사진', 'รูปภาพ'],
  details: ['基本情報', 'Details', '基本信息', '基本資訊', '기본 정보', 'ข้อมูลพื้นฐาน'],
  date: ['開催日', 'Date', '日期', '日期', '날짜', 'วันที่'],
  time: ['時間', 'Time', '时间', '時間', '시간', 'เวลา'],
  allDay: ['終日', 'All day', '全天', '全天', '종일', 'ตลอดวัน'],
  venue: ['会場', 'Venue', '会场', '會場', '장소', 'สถานที่จัดงาน'],
  organiser: ['主催', 'Organiser', '主办方', '主辦單位', '주최', 'ผู้จัด'],
  schedule: ['日程について', 'About the schedule', '日程说明', '日程說明', '일정 안내', 'เกี่ยวกับกำหนดการ'],
  nextDates: [
    '今後の開催日',
    'Next dates',
    '今后的举办日期',
    '今後的舉辦日期',
    '다음 개최일',
    'วันจัดงานครั้งต่อไป',
  ],
  capacity: ['定員', 'Capacity', '名额', '名額', '정원', 'จำนวนที่รับ'],
  application: ['申し込み', 'How to apply', '报名方式', '報名方式', '신청 방법', 'วิธีสมัคร'],
  deadline: ['締め切り', 'Deadline', '截止日期', '截止日期', '마감', 'วันปิดรับสมัคร'],
  people: ['{n}人', '{n} people', '{n}人', '{n}人', '{n}명', '{n} คน'],
  statusCancelled: ['中止', 'Cancelled', '已取消', '已取消', '취소', 'ยกเลิก'],
  statusPostponed: ['延期', 'Postponed', '延期', '延期', '연기', 'เลื่อนออกไป'],
  statusRescheduled: ['日程変更', 'Rescheduled', '日程变更', '日程變更', '일정 변경', 'เปลี่ยนวันจัดงาน'],
  previousDate: [
    '変更前の日程：{date}',
    'Originally {date}',
    '原定日期：{date}',
    '原定日期：{date}',
    '변경 전 일정: {date}',
    'กำหนดเดิม: {date}',
  ],
  monthView: ['カレンダー表示', 'Calendar', '日历视图', '月曆檢視', '달력 보기', 'ปฏิทิน'],
  listView: ['一覧表示', 'List', '列表视图', '列表檢視', '목록 보기', 'รายการ'],
  viewChoice: ['表示方法', 'View', '显示方式', '顯示方式', '보기 방식', 'รูปแบบการแสดงผล'],
  prevMonth: ['前の月', 'Previous month', '上个月', '上個月', '이전 달', 'เดือนก่อนหน้า'],
  nextMonth: ['次の月', 'Next month', '下个月', '下個月', '다음 달', 'เดือนถัดไป'],
  monthNav: ['月の切り替え', 'Change month', '切换月份', '切換月份', '월 이동', 'เปลี่ยนเดือน'],
  noEventsMonth: [
    'この月のイベントはありません。',
    'No events this month.',
    '本月没有活动。',
    '本月沒有活動。',
    '이번 달에는 이벤트가 없습니다.',
    'ไม่มีกิจกรรมในเดือนนี้',
  ],
  calendarCaption: [
    '{month}のイベント',
    'Events in {month}',
    '{month}的活动',
    '{month}的活動',
    '{month} 이벤트',
    'กิจกรรมใน{month}',
  ],
  stops: ['立ち寄り先', 'Stops', '途经地点', '途經地點', '방문지', 'จุดแวะพัก'],
  totalTime: ['所要時間', 'Total time', '所需时间', '所需時間', '소요 시간', 'เวลาที่ใช้ทั้งหมด'],
  stay: ['滞在 約{t}', 'Stay about {t}', '停留约{t}', '停留約{t}', '체류 약 {t}', 'แวะพักประมาณ {t}'],
  travelTo: [
    '次の立ち寄り先まで {mode}で約{t}',
    'To the next stop: about {t} by {mode}',
    '前往下一站：{mode}约{t}',
    '前往下一站：{mode}約{t}',
    '다음 방문지까지 {mode}(으)로 약 {t}',
    'ไปจุดถัดไป: {mode} ประมาณ {t}',
  ],
  hoursMinutes: [
    '{h}時間{m}分',
    '{h} h {m} min',
    '{h}小时{m}分钟',
    '{h}小時{m}分鐘',
    '{h}시간 {m}분',
    '{h} ชม. {m} นาที',
  ],
  hoursOnly: ['{h}時間', '{h} h', '{h}小时', '{h}小時', '{h}시간', '{h} ชม.'],
  minutes: ['{m}分', '{m} min', '{m}分钟', '{m}分鐘', '{m}분', '{m} นาที'],
  relatedSpots: [
    '関連する観光スポット',
    'Related sights',
    '相关景点',
    '相關景點',
    '관련 관광지',
    'สถานที่ที่เกี่ยวข้อง',
  ],
  searchLabel: ['キーワード', 'Keywords', '关键词', '關鍵字', '키워드', 'คำค้นหา'],
  searchButton: ['検索する', 'Search', '搜索', '搜尋', '검색', 'ค้นหา'],
  searchResults: [
    '「{q}」の検索結果：{n}件',
    'Results for “{q}”: {n}',
    '“{q}”的搜索结果：{n}条',
    '「{q}」的搜尋結果：{n}筆',
    "'{q}' 검색 결과: {n}건",
    'ผลการค้นหา “{q}”: {n} รายการ',
  ],
  searchEmpty: [
    '該当する情報が見つかりませんでした。別のキーワードでお試しください。',
    'Nothing matched. Please try other keywords.',
    '未找到相关信息，请尝试其他关键词。',
    '找不到相關資訊，請嘗試其他關鍵字。',
    '검색 결과가 없습니다. 다른 키워드로 검색해 주세요.',
    'ไม่พบข้อมูลที่ตรงกัน โปรดลองใช้คำค้นหาอื่น',
  ],
  searchHint: [
    'スポット名、地名、イベント名などで検索できます。',
    'Search by the name of a sight, a place or an event.',
    '可按景点名、地名或活动名搜索。',
    '可依景點名稱、地名或活動名稱搜尋。',
    '관광지명, 지명, 이벤트명으로 검색할 수 있습니다.',
    'ค้นหาได้ด้วยชื่อสถานที่ ชื่อพื้นที่ หรือชื่อกิจกรรม',
  ],
  kindSpot: ['観光スポット', 'Sight', '景点', '景點', '관광지', 'สถานที่ท่องเที่ยว'],
  kindEvent: ['イベント', 'Event', '活动', '活動', '이벤트', 'กิจกรรม'],
  kindCourse: ['モデルコース', 'Model course', '推荐路线', '推薦路線', '추천 코스', 'เส้นทางแนะนำ'],
  kindArticle: ['特集記事', 'Feature', '专题文章', '專題文章', '특집 기사', 'บทความพิเศษ'],
  notFoundTitle: [
    'ページが見つかりません',
    'Page not found',
    '找不到页面',
    '找不到網頁',
    '페이지를 찾을 수 없습니다',
    'ไม่พบหน้าที่ต้องการ',
  ],
  notFoundBody: [
    'お探しのページは、削除されたか、アドレスが変わった可能性があります。',
    'The page you are looking for may have been removed, or its address may have changed.',
    '您要查找的页面可能已被删除或地址已更改。',
    '您要找的網頁可能已被刪除或網址已變更。',
    '찾으시는 페이지가 삭제되었거나 주소가 변경되었을 수 있습니다.',
    'หน้าที่คุณกำลังค้นหาอาจถูกลบหรือเปลี่ยนที่อยู่แล้ว',
  ],
  backHome: [
    'トップページへ戻る',
    'Back to the home page',
    '返回首页',
    '返回首頁',
    '홈으로 돌아가기',
    'กลับไปหน้าแรก',
  ],
  footerLinks: ['関連リンク', 'Links', '相关链接', '相關連結', '관련 링크', 'ลิงก์ที่เกี่ยวข้อง'],
  externalLink: [
    '（外部サイト）',
    '(external site)',
    '（外部网站）',
    '（外部網站）',
    '(외부 사이트)',
    '(เว็บไซต์ภายนอก)',
  ],
  privacyLead: [
    'このサイトでは、サービス改善のため、個人を特定しない形で閲覧状況を集計しています。',
    'To improve this site we count page views in a way that never identifies you.',
    '为改进本网站，我们以不识别个人身份的方式统计浏览情况。',
    '為改善本網站，我們以不識別個人身分的方式統計瀏覽情況。',
    '이 사이트는 서비스 개선을 위해 개인을 식별하지 않는 방식으로 열람 현황을 집계합니다.',
    'เพื่อปรับปรุงเว็บไซต์นี้ เราจะนับจำนวนการเข้าชมหน้าเว็บด้วยวิธีที่ไม่สามารถระบุตัวตนของคุณได้',
  ],
  privacyCookiesTitle: [
    'Cookie（クッキー）は使いません',
    'No cookies',
    '不使用 Cookie',
    '不使用 Cookie',
    '쿠키를 사용하지 않습니다',
    'ไม่ใช้คุกกี้',
  ],
  privacyCookies: [
    'このサイトは、閲覧者を識別するための Cookie やそれに類する技術を一切使用していません。',
    'This site sets no cookies and uses no similar technique to recognise visitors.',
    '本网站不使用 Cookie 或任何类似技术来识别访问者。',
    '本網站不使用 Cookie 或任何類似技術來識別訪客。',
    '이 사이트는 방문자를 식별하기 위한 쿠키나 이와 유사한 기술을 일절 사용하지 않습니다.',
    'เว็บไซต์นี้ไม่ใช้คุกกี้หรือเทคนิคที่คล้ายกันเพื่อระบุผู้เข้าชม',
  ],
  privacyDataTitle: [
    '集計する内容',
    'What we count',
    '统计的内容',
    '統計的內容',
    '집계하는 내용',
    'ข้อมูลที่เรานับ',
  ],
  privacyData: [
    '閲覧されたページ、表示言語、参照元サイトのドメイン名、端末の種類（パソコン・スマートフォンなど）、日付のみを、日ごとの合計として記録します。IP アドレスや閲覧者を識別できる情報は保存しません。',
    'Only the page viewed, its language, the domain of the referring site, the kind of device (computer, phone and so on) and the date, added up per day. IP addresses and anything else that could identify you are never stored.',
    '仅按日汇总记录浏览的页面、显示语言、来源网站的域名、设备类型（电脑、手机等）和日期。不保存 IP 地址或任何可识别访问者的信息。',
    '僅按日彙總記錄瀏覽的網頁、顯示語言、來源網站的網域名稱、裝置類型（電腦、手機等）及日期。不保存 IP 位址或任何可識別訪客的資訊。',
    '열람한 페이지, 표시 언어, 참조 사이트의 도메인, 기기 종류(PC, 스마트폰 등), 날짜만을 일별 합계로 기록합니다. IP 주소나 방문자를 식별할 수 있는 정보는 저장하지 않습니다.',
    'เราบันทึกเฉพาะหน้าที่เข้าชม ภาษา โดเมนของเว็บไซต์ที่ลิงก์มา ประเภทอุปกรณ์ (คอมพิวเตอร์ โทรศัพท์ ฯลฯ) และวันที่ โดยรวมเป็นยอดรายวัน ไม่มีการเก็บที่อยู่ IP หรือข้อมูลใดที่ระบุตัวตนของคุณได้',
  ],
  privacyDntTitle: [
    'トラッキング拒否の設定を尊重します',
    'We honour “do not track”',
    '尊重“请勿追踪”设置',
    '尊重「請勿追蹤」設定',
    '추적 거부 설정을 존중합니다',
    'เราเคารพการตั้งค่า “ไม่ติดตาม”',
  ],
  privacyDnt: [
    'ブラウザで「トラッキング拒否（Do Not Track）」または「グローバル・プライバシー・コントロール（GPC）」を有効にしている場合、閲覧は集計に含めません。',
    'If your browser sends “Do Not Track” or “Global Privacy Control”, your visit is not counted at all.',
    '如果您的浏览器启用了“请勿追踪（Do Not Track）”或“全球隐私控制（GPC）”，您的访问将完全不计入统计。',
    '如果您的瀏覽器啟用了「請勿追蹤（Do Not Track）」或「全球隱私控制（GPC）」，您的瀏覽將完全不列入統計。',
    '브라우저에서 "추적 안 함(Do Not Track)" 또는 "글로벌 프라이버시 컨트롤(GPC)"을 설정한 경우 방문은 집계에 포함되지 않습니다.',
    'หากเบราว์เซอร์ของคุณส่งสัญญาณ “Do Not Track” หรือ “Global Privacy Control” การเข้าชมของคุณจะไม่ถูกนับเลย',
  ],
  privacyVisitorsTitle: [
    '訪問者数の推定方法',
    'How visitors are estimated',
    '访问人数的估算方法',
    '訪客人數的估算方式',
    '방문자 수 추정 방법',
    'วิธีประมาณจำนวนผู้เข้าชม',
  ],
  privacyVisitors: [
    '1日あたりの訪問者数は、その日限りの値から作る識別できない符号で推定します。この値は日付が変わると破棄されるため、日をまたいで同じ閲覧者を結び付けることはできません。',
    'The number of visitors per day is estimated from a code that cannot identify anyone, made with a value that is thrown away at the end of each day, so no visit can be linked to another day’s.',
    '每日访问人数通过一个无法识别个人的代码来估算。生成该代码所用的值在每天结束时销毁，因此无法将不同日期的访问联系起来。',
    '每日訪客人數透過一個無法識別個人的代碼來估算。產生該代碼所用的值會在每天結束時銷毀，因此無法將不同日期的瀏覽連結起來。',
    '하루 방문자 수는 개인을 식별할 수 없는 부호로 추정합니다. 이 부호를 만드는 값은 매일 폐기되므로 다른 날의 방문과 연결할 수 없습니다.',
    'จำนวนผู้เข้าชมต่อวันประมาณจากรหัสที่ไม่สามารถระบุตัวบุคคลได้ ซึ่งสร้างจากค่าที่ถูกทิ้งเมื่อสิ้นวัน จึงไม่สามารถเชื่อมโยงการเข้าชมข้ามวันได้',
  ],
  privacyMapTitle: ['地図について', 'About the maps', '关于地图', '關於地圖', '지도에 대하여', 'เกี่ยวกับแผนที่'],
  privacyMap: [
    '地図を表示するときは、地図画像を地図配信サービスから読み込みます。その際、お使いの端末から地図配信サービスへ通信が行われます。',
    'Maps load their images from a map tile service, so your device connects to that service when a map is shown.',
    '显示地图时，地图图像从地图服务加载，届时您的设备会与该服务通信。',
    '顯示地圖時，地圖影像會從地圖服務載入，屆時您的裝置會與該服務連線。',
    '지도를 표시할 때 지도 이미지를 지도 제공 서비스에서 불러오므로, 이때 기기가 해당 서비스와 통신합니다.',
    'แผนที่จะโหลดภาพจากบริการแผนที่ อุปกรณ์ของคุณจึงเชื่อมต่อกับบริการนั้นเมื่อแสดงแผนที่',
  ],
  poweredBy: [
    '観光情報サイト',
    'Tourism site',
    '旅游信息网站',
    '旅遊資訊網站',
    '관광 정보 사이트',
    'เว็บไซต์การท่องเที่ยว',
  ],
  logoAlt: ['{org} ロゴ', '{org} logo', '{org}标志', '{org}標誌', '{org} 로고', 'โลโก้{org}'],
  fallbackNote: ['日本語のみ', 'Japanese only', '仅日语', '僅日語', '일본어만', 'ภาษาญี่ปุ่นเท่านั้น'],
  fallbackNotice: [
    'この文章は日本語のみです。',
    'This text is only available in Japanese.',
    '此内容仅提供日语版本。',
    '此內容僅提供日語版本。',
    '이 내용은 일본어로만 제공됩니다.',
    'ข้อความนี้มีเฉพาะภาษาญี่ปุ่นเท่านั้น',
  ],
  maintenanceNote: [
    '{window}（日本時間）にメンテナンスのため一時的にご利用いただけません。',
    'This site will be temporarily unavailable for maintenance on {window} (Japan time).',
    '{window}（日本时间）因维护将暂时无法使用。',
    '{window}（日本時間）因維護將暫時無法使用。',
    '{window}(일본 시간)에 점검으로 인해 일시적으로 이용하실 수 없습니다.',
    'เว็บไซต์จะไม่สามารถใช้งานได้ชั่วคราวเนื่องจากการบำรุงรักษาในวันที่ {window} (เวลาญี่ปุ่น)',
  ],
  errorTitle: [
    'ただいま表示できません',
    'This page cannot be shown right now',
    '暂时无法显示此页面',
    '暫時無法顯示此網頁',
    '지금은 페이지를 표시할 수 없습니다',
    'ไม่สามารถแสดงหน้านี้ได้ในขณะนี้',
  ],
  errorBody: [
    '申し訳ありません。しばらくしてから、もう一度お試しください。',
    'Sorry, something went wrong on our side. Please try again in a moment.',
    '非常抱歉，请稍后再试。',
    '非常抱歉，請稍後再試。',
    '죄송합니다. 잠시 후 다시 시도해 주세요.',
    'ขออภัย โปรดลองอีกครั้งในภายหลัง',
  ],
  nextDate: ['次回', 'Next', '下次', '下次', '다음', 'ครั้งถัดไป'],
  pauseSlideshow: [
    'スライドショーを一時停止',
    'Pause the slideshow',
    '暂停幻灯片',
    '暫停輪播',
    '슬라이드쇼 일시 정지',
    'หยุดสไลด์โชว์ชั่วคราว',
  ],
  playSlideshow: [
    'スライドショーを再生',
    'Play the slideshow',
    '播放幻灯片',
    '播放輪播',
    '슬라이드쇼 재생',
    'เล่นสไลด์โชว์',
  ],
  phone: ['電話', 'Phone', '电话', '電話', '전화', 'โทรศัพท์'],
  email: ['メール', 'E-mail', '电子邮件', '電子郵件', '이메일', 'อีเมล'],
  socialAccounts: ['公式SNS', 'Follow us', '官方社交媒体', '官方社群', '공식 SNS', 'โซเชียลมีเดีย'],
  zoomIn: ['拡大', 'Zoom in', '放大', '放大', '확대', 'ซูมเข้า'],
  zoomOut: ['縮小', 'Zoom out', '缩小', '縮小', '축소', 'ซูมออก'],
} as const satisfies Record<string, Texts>;

export type UiKey = keyof typeof UI;
/** Every interface text, for the completeness test. */
export const UI_TEXTS: Readonly<Record<UiKey, Texts>> = UI;

/** Interface text in `lang`, with `{name}` placeholders filled in. */
export function ui(lang: SiteLanguage, key: UiKey, vars: Record<string, string | number> = {}): string {
  const text = UI[key][SITE_LANGUAGES.indexOf(lang)] ?? UI[key][0];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
}

const DAYS = {
  mon: ['月', 'Mon', '周一', '週一', '월', 'จ.'],
  tue: ['火', 'Tue', '周二', '週二', '화', 'อ.'],
  wed: ['水', 'Wed', '周三', '週三', '수', 'พ.'],
  thu: ['木', 'Thu', '周四', '週四', '목', 'พฤ.'],
  fri: ['金', 'Fri', '周五', '週五', '금', 'ศ.'],
  sat: ['土', 'Sat', '周六', '週六', '토', 'ส.'],
  sun: ['日', 'Sun', '周日', '週日', '일', 'อา.'],
  holiday: ['祝日', 'Holidays', '节假日', '國定假日', '공휴일', 'วันหยุดนักขัตฤกษ์'],
} as const satisfies Record<string, Texts>;
export type DayKey = keyof typeof DAYS;
export const dayName = (lang: SiteLanguage, day: DayKey) => DAYS[day][SITE_LANGUAGES.indexOf(lang)]!;

const BARRIER_FREE = {
  wheelchair_access: [
    '車いすで利用できます',
    'Wheelchair accessible',
    '轮椅可通行',
    '輪椅可通行',
    '휠체어 이용 가능',
    'รถเข็นเข้าถึงได้',
  ],
  accessible_toilet: [
    '多目的トイレ',
    'Accessible toilet',
    '无障碍卫生间',
    '無障礙廁所',
    '다목적 화장실',
    'ห้องน้ำสำหรับผู้พิการ',
  ],
  ramp: ['スロープ', 'Ramp', '坡道', '坡道', '경사로', 'ทางลาด'],
  elevator: ['エレベーター', 'Lift', '电梯', '電梯', '엘리베이터', 'ลิฟต์'],
  accessible_parking: [
    '車いす用駐車区画',
    'Accessible parking',
    '无障碍停车位',
    '無障礙停車位',
    '장애인 전용 주차',
    'ที่จอดรถสำหรับผู้พิการ',
  ],
  nursing_room: ['授乳室', 'Nursing room', '哺乳室', '哺乳室', '수유실', 'ห้องให้นมบุตร'],
  ostomate: [
    'オストメイト対応',
    'Ostomate facilities',
    '造口人士设施',
    '造口人士設施',
    '오스토메이트 대응',
    'สิ่งอำนวยความสะดวกสำหรับผู้มีทวารเทียม',
  ],
  braille: ['点字案内', 'Braille guidance', '盲文指引', '點字指引', '점자 안내', 'ป้ายอักษรเบรลล์'],
  wheelchair_rental: [
    '車いすの貸し出し',
    'Wheelchairs on loan',
    '轮椅出借',
    '輪椅出借',
    '휠체어 대여',
    'ให้ยืมรถเข็น',
  ],
  assistance_dog: [
    '補助犬同伴可',
    'Assistance dogs welcome',
    '可携带辅助犬',
    '可攜帶輔助犬',
    '보조견 동반 가능',
    'อนุญาตสุนัขช่วยเหลือ',
  ],
} as const satisfies Record<string, Texts>;
/** The text of `code` in a table, in the language; undefined for a code the table lacks. */
function lookup(
  table: Readonly<Record<string, Texts>>,
  code: string,
  lang: SiteLanguage,
): string | undefined {
  return Object.hasOwn(table, code) ? table[code]?.[SITE_LANGUAGES.indexOf(lang)] : undefined;
}

export const barrierFreeName = (lang: SiteLanguage, code: string) => lookup(BARRIER_FREE, code, lang) ?? code;

const TRAVEL = {
  walk: ['徒歩', 'on foot', '步行', '步行', '도보', 'เดินเท้า'],
  bicycle: ['自転車', 'bicycle', '骑自行车', '騎自行車', '자전거', 'จักรยาน'],
  car: ['車', 'car', '开车', '開車', '자동차', 'รถยนต์'],
  bus: ['バス', 'bus', '乘公交车', '搭公車', '버스', 'รถบัส'],
  train: ['鉄道', 'train', '乘火车', '搭火車', '철도', 'รถไฟ'],
  taxi: ['タクシー', 'taxi', '乘出租车', '搭計程車', '택시', 'แท็กซี่'],
  ferry: ['船', 'ferry', '乘船', '搭船', '배', 'เรือ'],
  other: ['移動', 'other transport', '其他方式', '其他方式', '기타 교통수단', 'การเดินทางอื่น'],
} as const satisfies Record<string, Texts>;
export const travelName = (lang: SiteLanguage, mode: string) =>
  lookup(TRAVEL, mode, lang) ?? TRAVEL.other[SITE_LANGUAGES.indexOf(lang)]!;

/** A standard category's name from the one list the console shares; unknown codes show as they are. */
export const categoryName = (lang: SiteLanguage, code: string) => categoryLabel(code, lang);

/** Accept-Language → the best enabled site language, or null when none matches. */
export function negotiateLanguage(header: string | undefined, enabled: readonly string[]): string | null {
  if (!header) return null;
  const wanted = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((w) => w.tag && Number.isFinite(w.q) && w.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of wanted) {
    const lang = siteLanguageFor(tag);
    if (lang && enabled.includes(lang)) return lang;
  }
  return null;
}

/** A path segment that names a site language, or null. */
export const siteLanguageOf = (segment: string | undefined): SiteLanguage | null =>
  SITE_LANGUAGES.find((l) => l === segment) ?? null;

function siteLanguageFor(tag: string): SiteLanguage | null {
  if (tag.startsWith('zh')) {
    // Traditional script: explicit Hant, or the regions that write it.
    return /hant|-tw|-hk|-mo/.test(tag) ? 'zh-Hant' : 'zh-Hans';
  }
  const primary = tag.split('-')[0];
  return SITE_LANGUAGES.find((l) => l === primary) ?? null;
}
