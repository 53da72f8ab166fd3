/**
 * The stamp rally's pages on the public site: campaign top, joined (recovery code shown once),
 * stamp card, check-in and its result, privacy. Server-rendered; only the location check-in needs
 * JavaScript (rally.js reads the position into the form), everything else is plain links and forms.
 */
import type { Language } from '../contract/languages.js';
import {
  AGE_BANDS,
  type ApplicationInput,
  nextCheckpoint,
  PREFECTURES,
  type PrizeTier,
  type PublicCampaign,
  qualifyingTiers,
  type StampCard,
  type SurveyQuestion,
} from '../modules/rally/index.js';
import { html, type Raw } from './html.js';
import { assetUrl } from './site-assets.js';
import type { SiteLanguage } from './site-i18n.js';
import { href, mapBlock, mapLink, primaryColour, renderShell, type SitePage } from './site-layout.js';

type Texts = readonly [ja: string, en: string, zhHans: string, zhHant: string, ko: string, th: string];
const ORDER: SiteLanguage[] = ['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko', 'th'];

const RALLY_UI = {
  rally: ['スタンプラリー', 'Stamp rally', '集章活动', '集章活動', '스탬프 랠리', 'แรลลี่สะสมแสตมป์'],
  period: ['開催期間', 'Dates', '活动期间', '活動期間', '기간', 'ช่วงเวลา'],
  rules: [
    '参加方法・ルール',
    'How to take part',
    '参加方法与规则',
    '參加方法與規則',
    '참가 방법·규칙',
    'วิธีเข้าร่วม',
  ],
  checkpoints: ['チェックポイント', 'Checkpoints', '打卡点', '打卡點', '체크포인트', 'จุดเช็กอิน'],
  join: [
    '参加する（登録不要）',
    'Join (no sign-up)',
    '参加（无需注册）',
    '參加（無需註冊）',
    '참가하기(가입 불필요)',
    'เข้าร่วม (ไม่ต้องสมัคร)',
  ],
  myCard: [
    'スタンプカードを見る',
    'See my stamp card',
    '查看我的集章卡',
    '查看我的集章卡',
    '내 스탬프 카드 보기',
    'ดูบัตรสะสมแสตมป์',
  ],
  card: ['スタンプカード', 'Stamp card', '集章卡', '集章卡', '스탬프 카드', 'บัตรสะสมแสตมป์'],
  progress: [
    '{n} / {total} 個のスタンプを集めました',
    'You have {n} of {total} stamps',
    '已收集 {n} / {total} 个印章',
    '已收集 {n} / {total} 個印章',
    '스탬프 {total}개 중 {n}개를 모았습니다',
    'สะสมแล้ว {n} จาก {total} แสตมป์',
  ],
  stamped: ['スタンプ済み', 'Stamped', '已盖章', '已蓋章', '스탬프 완료', 'ได้แสตมป์แล้ว'],
  notYet: ['未取得', 'Not yet', '未获得', '未獲得', '미획득', 'ยังไม่ได้'],
  map: ['地図で見る', 'Open in a map', '在地图中查看', '在地圖中查看', '지도에서 보기', 'ดูในแผนที่'],
  joinedTitle: ['参加しました', 'You have joined', '已参加', '已參加', '참가했습니다', 'เข้าร่วมแล้ว'],
  recoveryLead: [
    '機種変更やブラウザを変えたときにスタンプカードを引き継ぐための復元コードです。この画面でしか表示されません。メモするか、スクリーンショットを保存してください。',
    'This recovery code takes your stamp card to another phone or browser. It is shown only here: write it down or take a screenshot.',
    '此恢复码用于在其他手机或浏览器上继续使用集章卡，仅在此处显示一次，请记下或截图保存。',
    '此復原碼用於在其他手機或瀏覽器上繼續使用集章卡，僅在此處顯示一次，請記下或截圖保存。',
    '이 복원 코드로 다른 휴대폰이나 브라우저에서 스탬프 카드를 이어 쓸 수 있습니다. 이 화면에서만 표시되니 메모하거나 스크린샷을 저장하세요.',
    'รหัสกู้คืนนี้ใช้ย้ายบัตรสะสมแสตมป์ไปยังโทรศัพท์หรือเบราว์เซอร์อื่น แสดงเพียงครั้งเดียว กรุณาจดหรือบันทึกภาพหน้าจอ',
  ],
  recoveryCode: ['復元コード', 'Recovery code', '恢复码', '復原碼', '복원 코드', 'รหัสกู้คืน'],
  recover: ['復元する', 'Restore my card', '恢复', '復原', '복원하기', 'กู้คืนบัตร'],
  recoverTitle: [
    '別の端末で参加した方',
    'Joined on another device?',
    '在其他设备上参加过？',
    '在其他裝置上參加過？',
    '다른 기기에서 참가하셨나요?',
    'เคยเข้าร่วมจากอุปกรณ์อื่น?',
  ],
  notJoined: [
    'まだ参加していません。参加するとスタンプを集められます。',
    'You have not joined yet. Join to collect stamps.',
    '您尚未参加。参加后即可收集印章。',
    '您尚未參加。參加後即可收集印章。',
    '아직 참가하지 않았습니다. 참가하면 스탬프를 모을 수 있습니다.',
    'คุณยังไม่ได้เข้าร่วม เข้าร่วมเพื่อสะสมแสตมป์',
  ],
  collect: ['スタンプを押す', 'Collect stamp', '盖章', '蓋章', '스탬프 받기', 'รับแสตมป์'],
  collectHere: [
    '現在地でスタンプを押す',
    'Stamp at my location',
    '在当前位置盖章',
    '在目前位置蓋章',
    '현재 위치에서 스탬프 받기',
    'รับแสตมป์ที่ตำแหน่งปัจจุบัน',
  ],
  locationNote: [
    'このチェックポイントでは位置情報を使います。ボタンを押すと、端末が位置情報の利用を確認します（JavaScript が必要です）。',
    'This checkpoint uses your location. When you press the button your phone asks to share it (needs JavaScript).',
    '此打卡点使用位置信息。按下按钮后，设备会询问是否共享位置（需要 JavaScript）。',
    '此打卡點使用位置資訊。按下按鈕後，裝置會詢問是否分享位置（需要 JavaScript）。',
    '이 체크포인트는 위치 정보를 사용합니다. 버튼을 누르면 휴대폰이 위치 공유를 확인합니다(JavaScript 필요).',
    'จุดนี้ใช้ตำแหน่งของคุณ เมื่อกดปุ่ม โทรศัพท์จะขออนุญาตแชร์ตำแหน่ง (ต้องใช้ JavaScript)',
  ],
  staffCode: [
    'スタッフコード（6桁）',
    'Staff code (6 digits)',
    '工作人员代码（6位）',
    '工作人員代碼（6位）',
    '스태프 코드(6자리)',
    'รหัสเจ้าหน้าที่ (6 หลัก)',
  ],
  screenCode: [
    '画面のコード（6桁・1分ごとに変わります）',
    'Code on the screen (6 digits, changes every minute)',
    '屏幕上的代码（6位，每分钟更新）',
    '螢幕上的代碼（6位，每分鐘更新）',
    '화면의 코드(6자리, 1분마다 바뀜)',
    'รหัสบนหน้าจอ (6 หลัก เปลี่ยนทุกนาที)',
  ],
  stampedTitle: [
    'スタンプを押しました',
    'Stamp collected',
    '盖章成功',
    '蓋章成功',
    '스탬프를 받았습니다',
    'ได้รับแสตมป์แล้ว',
  ],
  alreadyTitle: [
    'このスタンプは押してあります',
    'You already have this stamp',
    '您已获得此印章',
    '您已獲得此印章',
    '이미 받은 스탬프입니다',
    'คุณได้รับแสตมป์นี้แล้ว',
  ],
  refusedTitle: [
    'スタンプを押せませんでした',
    'No stamp this time',
    '未能盖章',
    '未能蓋章',
    '스탬프를 받지 못했습니다',
    'ไม่สามารถรับแสตมป์ได้',
  ],
  backToCampaign: [
    'スタンプラリーのページへ',
    'Back to the stamp rally',
    '返回集章活动',
    '返回集章活動',
    '스탬프 랠리로 돌아가기',
    'กลับไปหน้าแรลลี่',
  ],
  ended: [
    'このスタンプラリーは終了しました。',
    'This stamp rally has ended.',
    '此集章活动已结束。',
    '此集章活動已結束。',
    '이 스탬프 랠리는 종료되었습니다.',
    'แรลลี่นี้จบแล้ว',
  ],
  confirmTitle: [
    '応募の確認',
    'Confirm your application',
    '确认申请',
    '確認申請',
    '응모 확인',
    'ยืนยันการสมัคร',
  ],
  confirmLead: [
    'ボタンを押すと応募が確定します。',
    'Press the button to complete your prize application.',
    '点击按钮即可完成申请。',
    '點選按鈕即可完成申請。',
    '버튼을 누르면 응모가 확정됩니다.',
    'กดปุ่มเพื่อยืนยันการสมัครรับรางวัล',
  ],
  confirm: ['応募を確定する', 'Confirm my application', '确认申请', '確認申請', '응모 확정', 'ยืนยันการสมัคร'],
  confirmedTitle: [
    '応募が確定しました',
    'Your application is confirmed',
    '申请已确认',
    '申請已確認',
    '응모가 확정되었습니다',
    'ยืนยันการสมัครแล้ว',
  ],
  notConfirmedTitle: [
    '応募を確定できませんでした',
    'The application could not be confirmed',
    '无法确认申请',
    '無法確認申請',
    '응모를 확정하지 못했습니다',
    'ไม่สามารถยืนยันการสมัครได้',
  ],
  next: [
    '次のチェックポイント',
    'Next checkpoint',
    '下一个打卡点',
    '下一個打卡點',
    '다음 체크포인트',
    'จุดเช็กอินถัดไป',
  ],
  nextNearest: [
    '最後にスタンプを押した場所から {distance}（まだのチェックポイントで一番近い所）',
    '{distance} from your last stamp: the nearest one you have not stamped yet',
    '距上次盖章地点 {distance}（尚未盖章的打卡点中最近的）',
    '距上次蓋章地點 {distance}（尚未蓋章的打卡點中最近的）',
    '마지막 스탬프 위치에서 {distance} (아직 받지 않은 곳 중 가장 가까운 곳)',
    'ห่างจากจุดที่ได้แสตมป์ล่าสุด {distance} (จุดที่ใกล้ที่สุดที่ยังไม่ได้แสตมป์)',
  ],
  nextFirst: [
    'リストの最初のまだのチェックポイントです。',
    'The first one on the list you have not stamped yet.',
    '列表中第一个尚未盖章的打卡点。',
    '列表中第一個尚未蓋章的打卡點。',
    '목록에서 아직 받지 않은 첫 번째 체크포인트입니다.',
    'จุดแรกในรายการที่ยังไม่ได้แสตมป์',
  ],
  complete: [
    'すべてのスタンプを集めました。',
    'You have collected every stamp.',
    '您已集齐所有印章。',
    '您已集齊所有印章。',
    '모든 스탬프를 모았습니다.',
    'คุณสะสมแสตมป์ครบทุกจุดแล้ว',
  ],
  checkpointsMap: [
    'チェックポイントの地図',
    'Map of the checkpoints',
    '打卡点地图',
    '打卡點地圖',
    '체크포인트 지도',
    'แผนที่จุดเช็กอิน',
  ],
  offline: [
    '電波がないため、この端末に保存したコピー（{time} 時点）を表示しています。最新の状態は電波のある所で再読み込みしてください。',
    'You are offline: this is the copy saved on this phone ({time}). Reload where you have a signal to see the latest.',
    '当前离线：这是保存在本机上的副本（{time}）。请在有信号的地方重新加载以查看最新内容。',
    '目前離線：這是儲存在本機上的副本（{time}）。請在有訊號的地方重新載入以查看最新內容。',
    '오프라인 상태입니다. 이 휴대폰에 저장된 사본({time} 기준)을 표시합니다. 신호가 있는 곳에서 새로 고침하면 최신 상태가 표시됩니다.',
    'คุณออฟไลน์อยู่: นี่คือสำเนาที่บันทึกไว้ในโทรศัพท์นี้ ({time}) โหลดใหม่เมื่อมีสัญญาณเพื่อดูข้อมูลล่าสุด',
  ],
  privacyTitle: [
    '個人情報の取り扱い',
    'How your data is handled',
    '个人信息的处理',
    '個人資料的處理',
    '개인정보 취급',
    'การจัดการข้อมูลส่วนบุคคล',
  ],
  privacyParticipant: [
    '参加にアカウントは不要です。この端末のクッキーに無作為の番号と合言葉を保存し、サーバーには合言葉のハッシュだけを記録します。不正防止のため、チェックインした時刻と場所、IP アドレスと端末の特徴から作った復元できない値を記録します。',
    'Joining needs no account: a random number and secret are kept in a cookie on this phone, and the server stores only a hash of the secret. To stop cheating, the time and place of each check-in and values derived one-way from your IP address and device are recorded.',
    '参加无需账户：本机的 Cookie 中保存随机编号和密语，服务器只记录密语的哈希值。为防止作弊，会记录每次打卡的时间和地点，以及由 IP 地址和设备特征单向生成的值。',
    '參加無需帳戶：本機的 Cookie 中儲存隨機編號和密語，伺服器只記錄密語的雜湊值。為防止作弊，會記錄每次打卡的時間和地點，以及由 IP 位址和裝置特徵單向產生的值。',
    '참가에 계정은 필요 없습니다. 이 휴대폰의 쿠키에 무작위 번호와 비밀값을 저장하며, 서버에는 비밀값의 해시만 기록합니다. 부정 방지를 위해 체크인 시각과 장소, IP 주소와 기기 특징에서 단방향으로 만든 값을 기록합니다.',
    'การเข้าร่วมไม่ต้องมีบัญชี: หมายเลขสุ่มและรหัสลับเก็บไว้ในคุกกี้บนโทรศัพท์นี้ เซิร์ฟเวอร์เก็บเพียงค่าแฮชของรหัสลับ เพื่อป้องกันการโกง จะบันทึกเวลาและสถานที่ของการเช็กอิน และค่าที่สร้างทางเดียวจากที่อยู่ IP และอุปกรณ์',
  ],
  privacyApplicant: [
    '賞品に応募するときだけ、氏名・郵便番号・住所・電話番号・メールアドレスとアンケートの回答をお預かりします。賞品の抽選と発送のためだけに使い、暗号化して保存します。見られるのは主催者のうち権限を持つ担当者だけで、閲覧と書き出しはすべて記録されます。',
    'Only when you apply for a prize do we take your name, postal code, address, phone number, e-mail address and survey answers. They are used only for the prize draw and shipping and are stored encrypted. Only the organiser’s staff with the right to do so can see them, and every view and export is recorded.',
    '仅在申请奖品时，才会收集姓名、邮政编码、地址、电话号码、电子邮件地址和问卷回答。这些信息仅用于奖品抽选和寄送，并加密保存。只有主办方中具有权限的工作人员可以查看，所有查看和导出都会被记录。',
    '僅在申請獎品時，才會收集姓名、郵遞區號、地址、電話號碼、電子郵件地址和問卷回答。這些資料僅用於獎品抽選和寄送，並加密儲存。只有主辦單位中具有權限的人員可以查看，所有查看和匯出都會被記錄。',
    '경품에 응모할 때만 이름, 우편번호, 주소, 전화번호, 이메일 주소와 설문 응답을 받습니다. 경품 추첨과 발송에만 사용하며 암호화하여 저장합니다. 권한이 있는 주최 측 담당자만 볼 수 있고, 모든 열람과 내보내기가 기록됩니다.',
    'เฉพาะเมื่อคุณสมัครรับรางวัล เราจึงเก็บชื่อ รหัสไปรษณีย์ ที่อยู่ หมายเลขโทรศัพท์ อีเมล และคำตอบแบบสอบถาม ใช้เพื่อการจับรางวัลและการจัดส่งเท่านั้น และจัดเก็บแบบเข้ารหัส มีเพียงเจ้าหน้าที่ผู้จัดที่มีสิทธิ์เท่านั้นที่ดูได้ และทุกการดูและการส่งออกจะถูกบันทึก',
  ],
  privacyRetention: [
    '応募者の個人情報は、ラリー終了の {days} 日後（{date}）に自動的に削除されます。',
    'Applicants’ personal data is deleted automatically {days} days after the rally ends ({date}).',
    '申请者的个人信息将在集章活动结束 {days} 天后（{date}）自动删除。',
    '申請者的個人資料將在集章活動結束 {days} 天後（{date}）自動刪除。',
    '응모자의 개인정보는 랠리 종료 {days}일 후({date})에 자동으로 삭제됩니다.',
    'ข้อมูลส่วนบุคคลของผู้สมัครจะถูกลบโดยอัตโนมัติ {days} วันหลังจากแรลลี่สิ้นสุด ({date})',
  ],
  applyLink: ['賞品に応募する', 'Apply for a prize', '申请奖品', '申請獎品', '경품 응모하기', 'สมัครรับรางวัล'],
  applyTitle: ['賞品の応募', 'Prize application', '奖品申请', '獎品申請', '경품 응모', 'การสมัครรับรางวัล'],
  applyLead: [
    'アンケートに答えてから、応募する賞と送り先を入力してください。* は必須です。',
    'Answer the survey, then choose your prize and where to send it. * marks what is needed.',
    '请先回答问卷，再选择奖品并填写寄送信息。* 为必填项。',
    '請先回答問卷，再選擇獎品並填寫寄送資料。* 為必填項目。',
    '설문에 답한 뒤 응모할 경품과 받을 곳을 입력해 주세요. * 는 필수입니다.',
    'ตอบแบบสอบถาม แล้วเลือกรางวัลและที่อยู่จัดส่ง * คือช่องที่ต้องกรอก',
  ],
  survey: ['アンケート', 'Survey', '问卷', '問卷', '설문', 'แบบสอบถาม'],
  applicant: ['応募者情報', 'Your details', '申请人信息', '申請人資料', '응모자 정보', 'ข้อมูลผู้สมัคร'],
  prize: ['応募する賞', 'Prize', '申请的奖品', '申請的獎品', '응모할 경품', 'รางวัล'],
  name: ['氏名', 'Name', '姓名', '姓名', '이름', 'ชื่อ'],
  postalCode: [
    '郵便番号（例 123-4567）',
    'Postal code (e.g. 123-4567)',
    '邮政编码（例 123-4567）',
    '郵遞區號（例 123-4567）',
    '우편번호(예: 123-4567)',
    'รหัสไปรษณีย์ (เช่น 123-4567)',
  ],
  address: ['住所', 'Address', '地址', '地址', '주소', 'ที่อยู่'],
  phone: ['電話番号', 'Phone', '电话号码', '電話號碼', '전화번호', 'โทรศัพท์'],
  email: [
    'メールアドレス（確認のリンクを送ります）',
    'E-mail (we send a link to confirm)',
    '电子邮件（将发送确认链接）',
    '電子郵件（將寄送確認連結）',
    '이메일(확인 링크를 보냅니다)',
    'อีเมล (เราจะส่งลิงก์ยืนยัน)',
  ],
  choose: ['選択してください', 'Choose', '请选择', '請選擇', '선택하세요', 'เลือก'],
  submitApplication: ['応募する', 'Apply', '提交申请', '提交申請', '응모하기', 'สมัคร'],
  fixErrors: [
    '入力内容を確認してください。',
    'Please check what you entered.',
    '请检查输入内容。',
    '請檢查輸入內容。',
    '입력 내용을 확인해 주세요.',
    'กรุณาตรวจสอบข้อมูลที่กรอก',
  ],
  noPrizeYet: [
    '応募できる賞はまだありません。スタンプを集めると応募できます。',
    'There is no prize you can apply for yet: collect more stamps.',
    '目前还没有可申请的奖品，收集更多印章后即可申请。',
    '目前還沒有可申請的獎品，收集更多印章後即可申請。',
    '아직 응모할 수 있는 경품이 없습니다. 스탬프를 더 모아 주세요.',
    'ยังไม่มีรางวัลที่สมัครได้ สะสมแสตมป์เพิ่ม',
  ],
  appliedTitle: [
    '応募を受け付けました',
    'Application received',
    '已收到申请',
    '已收到申請',
    '응모를 접수했습니다',
    'ได้รับการสมัครแล้ว',
  ],
  appliedLead: [
    '確認のメールを送りました。メールのリンクを開いて応募を確定してください。確定しないと応募は無効になります。',
    'We have sent you an e-mail. Open its link to confirm your application; unconfirmed applications lapse.',
    '我们已发送确认邮件。请打开邮件中的链接确认申请，未确认的申请将失效。',
    '我們已寄出確認郵件。請開啟郵件中的連結確認申請，未確認的申請將失效。',
    '확인 메일을 보냈습니다. 메일의 링크를 열어 응모를 확정해 주세요. 확정하지 않으면 응모는 무효가 됩니다.',
    'เราได้ส่งอีเมลถึงคุณแล้ว เปิดลิงก์ในอีเมลเพื่อยืนยันการสมัคร หากไม่ยืนยันการสมัครจะเป็นโมฆะ',
  ],
} as const satisfies Record<string, Texts>;

type RallyKey = keyof typeof RALLY_UI;

function r(page: SitePage, key: RallyKey, vars: Record<string, string | number> = {}): string {
  const text = RALLY_UI[key][ORDER.indexOf(page.lang)] ?? RALLY_UI[key][0];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
}

/** A text of the campaign in the page language, else Japanese (marked with its language). */
function local(page: SitePage, texts: Record<string, string> | undefined): Raw | string {
  const own = texts?.[page.lang];
  if (own) return own;
  const ja = texts?.ja;
  return ja ? html`<span lang="ja">${ja}</span>` : '';
}

const jstDate = (date: Date, lang: Language) =>
  new Intl.DateTimeFormat(lang, { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'short' }).format(
    date,
  );

const campaignOver = ({ campaign }: PublicCampaign) =>
  campaign.status === 'ended' || campaign.ends_at <= new Date();

export const rallyPath = (slug: string, rest = '') => `/rally/${slug}/${rest}`;

function heading(page: SitePage, title: Raw | string, lead?: Raw | string): Raw {
  return html`<div class="page-head"><div class="wrap"><p class="rally-kicker">${r(page, 'rally')}</p><h1>${title}</h1>${lead ? html`<div class="lead">${lead}</div>` : ''}</div></div>`;
}

function checkpointList(page: SitePage, card: StampCard | null, model: PublicCampaign): Raw {
  const stampedAt = new Map(card?.checkpoints.map((c) => [c.id, c.stampedAt]) ?? []);
  return html`<ol class="rally-checkpoints">${model.checkpoints.map((c) => {
    const at = stampedAt.get(c.id);
    return html`<li class="${at ? 'rally-stamped' : 'rally-open'}"><span class="rally-name">${local(page, c.name)}</span>
${card ? html` <span class="rally-state">${at ? html`✓ ${r(page, 'stamped')} <time datetime="${at.toISOString()}">${jstDate(at, page.lang)}</time>` : r(page, 'notYet')}</span>` : ''}
 <a href="${mapLink(c.lat, c.lng)}" rel="noopener">${r(page, 'map')}<span class="visually-hidden">: ${local(page, c.name)}</span></a></li>`;
  })}</ol>`;
}

/**
 * Every rally page loads rally.js (the location check-in, and the service worker that keeps the
 * campaign top and the card readable offline); each names the campaign's manifest.
 */
function shell(
  page: SitePage,
  slug: string,
  title: string,
  body: Raw,
  options: { jsonLd?: Record<string, unknown>[]; map?: boolean } = {},
): string {
  const withScript = html`${body}<script src="${assetUrl('rally.js')}" defer></script>`;
  return renderShell(page, {
    title,
    body: withScript,
    noindex: true,
    jsonLd: options.jsonLd ?? [],
    ...(options.map ? { map: true } : {}),
    app: {
      manifest: href(page, rallyPath(slug, 'manifest.webmanifest')),
      serviceWorker: href(page, rallyPath(slug, 'sw.js')),
      themeColor: primaryColour(page.settings),
    },
  });
}

/** Hidden unless the service worker serves this page as the saved copy (then it says so). */
function offlineNote(page: SitePage): Raw {
  return html`<p class="rally-offline" hidden>${r(page, 'offline', { time: jstDate(new Date(), page.lang) })}</p>`;
}

function checkpointMap(page: SitePage, model: PublicCampaign): Raw | string {
  const places = model.checkpoints.map((c) => ({
    lat: c.lat,
    lng: c.lng,
    name: c.name[page.lang] ?? c.name.ja ?? '',
  }));
  return mapBlock(page, r(page, 'checkpointsMap'), places);
}

/** A distance in the page's language: metres up to a kilometre, then kilometres. */
function distanceText(page: SitePage, metres: number): string {
  const km = metres >= 1000;
  return new Intl.NumberFormat(page.lang, {
    style: 'unit',
    unit: km ? 'kilometer' : 'meter',
    unitDisplay: 'short',
    maximumFractionDigits: km && metres < 10_000 ? 1 : 0,
  }).format(km ? metres / 1000 : Math.round(metres / 10) * 10);
}

function nextBlock(page: SitePage, card: StampCard): Raw {
  const next = nextCheckpoint(card);
  if (!next) return html`<p class="rally-next">${r(page, 'complete')}</p>`;
  const { checkpoint: c, distanceM } = next;
  return html`<section class="rally-next" aria-labelledby="rally-next"><h2 id="rally-next">${r(page, 'next')}</h2>
<p><strong>${local(page, c.name)}</strong></p>
<p>${distanceM === null ? r(page, 'nextFirst') : r(page, 'nextNearest', { distance: distanceText(page, distanceM) })}</p>
<p><a href="${mapLink(c.lat, c.lng)}" rel="noopener">${r(page, 'map')}<span class="visually-hidden">: ${local(page, c.name)}</span></a></p></section>`;
}

/** The campaign's top page: what, when, rules, checkpoints, and join or go to the card. */
export function campaignPage(
  page: SitePage,
  model: PublicCampaign,
  card: StampCard | null,
  jsonLd: Record<string, unknown>,
): string {
  const { campaign } = model;
  const base = rallyPath(campaign.slug);
  const ended = campaignOver(model);
  const body = html`${heading(page, local(page, campaign.texts.name), local(page, campaign.texts.description))}
<div class="wrap detail">
${offlineNote(page)}
<h2>${r(page, 'period')}</h2>
<p><time datetime="${campaign.starts_at.toISOString()}">${jstDate(campaign.starts_at, page.lang)}</time> – <time datetime="${campaign.ends_at.toISOString()}">${jstDate(campaign.ends_at, page.lang)}</time></p>
${campaign.texts.rules ? html`<h2>${r(page, 'rules')}</h2><p class="rally-rules">${local(page, campaign.texts.rules)}</p>` : ''}
<h2>${r(page, 'checkpoints')}</h2>
${checkpointList(page, card, model)}
${checkpointMap(page, model)}
${
  ended
    ? html`<p class="notice">${r(page, 'ended')}</p>`
    : card
      ? html`<p><a class="rally-button" href="${href(page, `${base}card`)}">${r(page, 'myCard')}</a></p>`
      : html`<form method="post" action="${href(page, `${base}join`)}"><button type="submit">${r(page, 'join')}</button></form>
<h2>${r(page, 'recoverTitle')}</h2>${recoverForm(page, campaign.slug)}`
}
<p><a href="${href(page, `${base}privacy`)}">${r(page, 'privacyTitle')}</a></p>
</div>`;
  return shell(page, campaign.slug, campaign.texts.name?.[page.lang] ?? campaign.texts.name?.ja ?? '', body, {
    jsonLd: [jsonLd],
    map: true,
  });
}

function recoverForm(page: SitePage, slug: string): Raw {
  return html`<form method="post" action="${href(page, rallyPath(slug, 'recover'))}" class="rally-form">
<label for="recovery-code">${r(page, 'recoveryCode')}</label>
<input id="recovery-code" name="recoveryCode" type="text" autocomplete="off" maxlength="40" required>
<button type="submit">${r(page, 'recover')}</button></form>`;
}

/** Right after joining: the recovery code, once. */
export function joinedPage(page: SitePage, model: PublicCampaign, recoveryCode: string): string {
  const body = html`${heading(page, r(page, 'joinedTitle'), local(page, model.campaign.texts.name))}
<div class="wrap detail">
<p>${r(page, 'recoveryLead')}</p>
<p class="rally-code"><span class="visually-hidden">${r(page, 'recoveryCode')}: </span><strong>${recoveryCode}</strong></p>
<p><a class="rally-button" href="${href(page, rallyPath(model.campaign.slug, 'card'))}">${r(page, 'myCard')}</a></p>
</div>`;
  return shell(page, model.campaign.slug, r(page, 'joinedTitle'), body);
}

/** The stamp card: progress, the next nearest checkpoint, each checkpoint's stamp and the map. */
export function cardPage(page: SitePage, model: PublicCampaign, card: StampCard | null): string {
  const slug = model.campaign.slug;
  const total = model.checkpoints.length;
  const body = html`${heading(page, r(page, 'card'), local(page, model.campaign.texts.name))}
<div class="wrap detail">
${offlineNote(page)}
${
  card
    ? html`<p class="rally-progress"><progress max="${total}" value="${card.stamps}" aria-hidden="true"></progress> ${r(page, 'progress', { n: card.stamps, total })}</p>
${nextBlock(page, card)}
${qualifyingTiers(card).length && !campaignOver(model) ? html`<p><a class="rally-button" href="${href(page, rallyPath(slug, 'apply'))}">${r(page, 'applyLink')}</a></p>` : ''}`
    : html`<p>${r(page, 'notJoined')}</p><form method="post" action="${href(page, rallyPath(slug, 'join'))}"><button type="submit">${r(page, 'join')}</button></form>`
}
<h2>${r(page, 'checkpoints')}</h2>
${checkpointList(page, card, model)}
${checkpointMap(page, model)}
<p><a href="${href(page, rallyPath(slug))}">${r(page, 'backToCampaign')}</a></p>
</div>`;
  return shell(page, slug, r(page, 'card'), body, { map: true });
}

export interface CheckInView {
  checkpoint: PublicCampaign['checkpoints'][number];
  token: string;
  /** A rotating code from the screen's QR code, filled in for the visitor. */
  code: string;
}

/** What a QR code opens: the checkpoint and one button (a GET never stamps). */
export function checkInPage(
  page: SitePage,
  model: PublicCampaign,
  view: CheckInView,
  joined: boolean,
): string {
  const { checkpoint } = view;
  const slug = model.campaign.slug;
  const action = href(page, rallyPath(slug, `c/${checkpoint.id}`));
  const location = checkpoint.method === 'location' || checkpoint.method === 'qr_location';
  const form = html`<form method="post" action="${action}" class="rally-form"${location ? html` data-rally-location` : ''}>
${view.token ? html`<input type="hidden" name="t" value="${view.token}">` : ''}
${
  checkpoint.method === 'staff_code'
    ? html`<label for="staff-code">${r(page, 'staffCode')}</label><input id="staff-code" name="staffCode" type="text" inputmode="numeric" autocomplete="off" maxlength="8" required>`
    : checkpoint.method === 'rotating_code'
      ? html`<label for="staff-code">${r(page, 'screenCode')}</label><input id="staff-code" name="staffCode" type="text" inputmode="numeric" autocomplete="off" maxlength="8" value="${/^\d{6}$/.test(view.code) ? view.code : ''}" required>`
      : ''
}
${
  location
    ? html`<input type="hidden" name="lat" value=""><input type="hidden" name="lng" value=""><input type="hidden" name="accuracy" value=""><p>${r(page, 'locationNote')}</p>`
    : ''
}
<button type="submit">${location ? r(page, 'collectHere') : r(page, 'collect')}</button></form>`;
  const body = html`${heading(page, local(page, checkpoint.name), local(page, model.campaign.texts.name))}
<div class="wrap detail">
${joined ? form : html`<p>${r(page, 'notJoined')}</p><form method="post" action="${href(page, rallyPath(slug, 'join'))}"><button type="submit">${r(page, 'join')}</button></form>`}
<p><a href="${href(page, rallyPath(slug, 'card'))}">${r(page, 'myCard')}</a></p>
</div>`;
  return shell(page, slug, checkpoint.name[page.lang] ?? checkpoint.name.ja ?? '', body);
}

export type CheckInResult =
  | { ok: true; alreadyStamped: boolean; stamps: number; total: number }
  | { ok: false; message: string };

export function checkInResultPage(
  page: SitePage,
  model: PublicCampaign,
  checkpoint: PublicCampaign['checkpoints'][number],
  result: CheckInResult,
): string {
  const slug = model.campaign.slug;
  const title = result.ok
    ? r(page, result.alreadyStamped ? 'alreadyTitle' : 'stampedTitle')
    : r(page, 'refusedTitle');
  const body = html`${heading(page, title, local(page, checkpoint.name))}
<div class="wrap detail">
${
  result.ok
    ? html`<p class="rally-progress" role="status">${r(page, 'progress', { n: result.stamps, total: result.total })}</p>`
    : html`<p class="notice" role="alert">${result.message}</p>`
}
<p><a class="rally-button" href="${href(page, rallyPath(slug, 'card'))}">${r(page, 'myCard')}</a></p>
<p><a href="${href(page, rallyPath(slug))}">${r(page, 'backToCampaign')}</a></p>
</div>`;
  return shell(page, slug, title, body);
}

/** What the mailed link opens: one button that confirms (a GET never changes anything). */
export function confirmPage(page: SitePage, model: PublicCampaign, token: string): string {
  const slug = model.campaign.slug;
  const body = html`${heading(page, r(page, 'confirmTitle'), local(page, model.campaign.texts.name))}
<div class="wrap detail">
<p>${r(page, 'confirmLead')}</p>
<form method="post" action="${href(page, rallyPath(slug, 'confirm'))}" class="rally-form">
<input type="hidden" name="t" value="${token}">
<button type="submit">${r(page, 'confirm')}</button></form>
</div>`;
  return shell(page, slug, r(page, 'confirmTitle'), body);
}

/** What the rally keeps about visitors and applicants, and when applicants' data is deleted. */
export function privacyPage(page: SitePage, model: PublicCampaign): string {
  const { campaign } = model;
  const title = r(page, 'privacyTitle');
  const deletedOn = new Date(campaign.ends_at.getTime() + campaign.retention_days * 86_400_000);
  const body = html`${heading(page, title, local(page, campaign.texts.name))}
<div class="wrap detail">
<p>${r(page, 'privacyParticipant')}</p>
<p>${r(page, 'privacyApplicant')}</p>
<p>${r(page, 'privacyRetention', { days: campaign.retention_days, date: jstDate(deletedOn, page.lang) })}</p>
<p><a href="${href(page, rallyPath(campaign.slug))}">${r(page, 'backToCampaign')}</a></p>
</div>`;
  return shell(page, campaign.slug, title, body);
}

export function confirmResultPage(page: SitePage, model: PublicCampaign, refusal: string | null): string {
  const slug = model.campaign.slug;
  const title = r(page, refusal ? 'notConfirmedTitle' : 'confirmedTitle');
  const body = html`${heading(page, title, local(page, model.campaign.texts.name))}
<div class="wrap detail">
${refusal ? html`<p class="notice" role="alert">${refusal}</p>` : ''}
<p><a class="rally-button" href="${href(page, rallyPath(slug, 'card'))}">${r(page, 'myCard')}</a></p>
<p><a href="${href(page, rallyPath(slug))}">${r(page, 'backToCampaign')}</a></p>
</div>`;
  return shell(page, slug, title, body);
}

/** What the application form shows again after a refusal: the values sent, and why, per field. */
export interface ApplyFormState {
  values: ApplicationInput;
  /** Field (`tierId`, `answers.<id>`, `personal.<name>`) → the reason in the page language. */
  problems: Map<string, string>;
  /** A refusal of the whole form (after the period, second application, mail not sent). */
  message?: string;
}

export const emptyApplication = (): ApplyFormState => ({
  values: {
    tierId: '',
    answers: {},
    personal: { name: '', postalCode: '', address: '', phone: '', email: '' },
  },
  problems: new Map(),
});

/** The form's ids: a field name with only letters, digits and hyphens. */
const fieldId = (field: string) => `f-${field.replace(/[^A-Za-z0-9-]/g, '-')}`;

/** A field's error, and the attributes that tie it to the field for screen readers. */
function fieldError(
  state: ApplyFormState,
  field: string,
): { attrs: Raw | string; group: Raw | string; note: Raw | string } {
  const problem = state.problems.get(field);
  if (!problem) return { attrs: '', group: '', note: '' };
  const id = `${fieldId(field)}-error`;
  return {
    attrs: html` aria-invalid="true" aria-describedby="${id}"`,
    // A group (fieldset) is described by its error; its inputs carry no invalid state of their own.
    group: html` aria-describedby="${id}"`,
    note: html`<p class="rally-field-error" id="${id}">${problem}</p>`,
  };
}

function codeOptions(
  page: SitePage,
  list: readonly (readonly [string, string, string])[],
  value: string,
): Raw {
  return html`<option value="">${r(page, 'choose')}</option>${list.map(
    ([code, ja, en]) =>
      html`<option value="${code}"${value === code ? ' selected' : ''}>${page.lang === 'ja' ? ja : en}</option>`,
  )}`;
}

function questionField(page: SitePage, q: SurveyQuestion, state: ApplyFormState): Raw {
  const field = `answers.${q.id}`;
  const id = fieldId(field);
  const raw = state.values.answers[q.id];
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const error = fieldError(state, field);
  const label = html`${local(page, q.label)}${q.required ? ' *' : ''}`;
  if (q.kind === 'single' || q.kind === 'multiple') {
    const type = q.kind === 'single' ? 'radio' : 'checkbox';
    return html`<fieldset class="rally-choices" id="${id}"${error.group}><legend>${label}</legend>${error.note}
${(q.choices ?? []).map(
  (c, i) =>
    html`<div><input type="${type}" id="${id}-${i}" name="${field}" value="${c.id}"${values.includes(c.id) ? ' checked' : ''}> <label for="${id}-${i}">${local(page, c.label)}</label></div>`,
)}</fieldset>`;
  }
  if (q.kind === 'text') {
    return html`<div class="rally-field"><label for="${id}">${label}</label>${error.note}
<textarea id="${id}" name="${field}" rows="3"${error.attrs}>${values[0] ?? ''}</textarea></div>`;
  }
  const list = q.kind === 'prefecture' ? PREFECTURES : AGE_BANDS;
  return html`<div class="rally-field"><label for="${id}">${label}</label>${error.note}
<select id="${id}" name="${field}"${error.attrs}>${codeOptions(page, list, values[0] ?? '')}</select></div>`;
}

const PERSONAL: {
  key: keyof ApplicationInput['personal'];
  label: RallyKey;
  type: string;
  autocomplete: string;
}[] = [
  { key: 'name', label: 'name', type: 'text', autocomplete: 'name' },
  { key: 'postalCode', label: 'postalCode', type: 'text', autocomplete: 'postal-code' },
  { key: 'address', label: 'address', type: 'text', autocomplete: 'street-address' },
  { key: 'phone', label: 'phone', type: 'tel', autocomplete: 'tel' },
  { key: 'email', label: 'email', type: 'email', autocomplete: 'email' },
];

function personalField(page: SitePage, p: (typeof PERSONAL)[number], state: ApplyFormState): Raw {
  const field = `personal.${p.key}`;
  const id = fieldId(field);
  const error = fieldError(state, field);
  return html`<div class="rally-field"><label for="${id}">${r(page, p.label)} *</label>${error.note}
<input id="${id}" name="${field}" type="${p.type}" autocomplete="${p.autocomplete}" value="${state.values.personal[p.key]}" required${error.attrs}></div>`;
}

function tierField(page: SitePage, tiers: PrizeTier[], state: ApplyFormState): Raw {
  const error = fieldError(state, 'tierId');
  const id = fieldId('tierId');
  return html`<fieldset class="rally-choices" id="${id}"${error.group}><legend>${r(page, 'prize')} *</legend>${error.note}
${tiers.map(
  (t, i) =>
    html`<div><input type="radio" id="${id}-${i}" name="tierId" value="${t.id}" required${state.values.tierId === t.id || tiers.length === 1 ? ' checked' : ''}> <label for="${id}-${i}">${local(page, t.name)}</label></div>`,
)}</fieldset>`;
}

/**
 * The survey, then the application: one plain form (no script), sent once, so that nothing is
 * stored unless all of it is valid. After a refusal it comes back with the values and the reasons.
 */
export function applyPage(
  page: SitePage,
  model: PublicCampaign,
  card: StampCard | null,
  state: ApplyFormState,
): string {
  const slug = model.campaign.slug;
  const title = r(page, 'applyTitle');
  const tiers = card ? qualifyingTiers(card) : [];
  const survey = model.campaign.survey as SurveyQuestion[];
  const listed = [...state.problems.keys()];
  const showForm = card !== null && !campaignOver(model) && tiers.length > 0;
  const summary =
    state.message || listed.length
      ? html`<div class="notice" role="alert"><p>${state.message ?? r(page, 'fixErrors')}</p>${
          listed.length
            ? html`<ul>${listed.map((f) => html`<li>${showForm ? html`<a href="#${fieldId(f)}">${state.problems.get(f) ?? ''}</a>` : (state.problems.get(f) ?? '')}</li>`)}</ul>`
            : ''
        }</div>`
      : '';
  const form = html`<form method="post" action="${href(page, rallyPath(slug, 'apply'))}" class="rally-form rally-apply" novalidate>
${survey.length ? html`<h2>${r(page, 'survey')}</h2>${survey.map((q) => questionField(page, q, state))}` : ''}
<h2>${r(page, 'applicant')}</h2>
${tierField(page, tiers, state)}
${PERSONAL.map((p) => personalField(page, p, state))}
<button type="submit">${r(page, 'submitApplication')}</button></form>`;
  const body = html`${heading(page, title, local(page, model.campaign.texts.name))}
<div class="wrap detail">
${summary}
${
  !card
    ? html`<p>${r(page, 'notJoined')}</p><form method="post" action="${href(page, rallyPath(slug, 'join'))}"><button type="submit">${r(page, 'join')}</button></form>`
    : campaignOver(model)
      ? html`<p class="notice">${r(page, 'ended')}</p>`
      : tiers.length
        ? html`<p>${r(page, 'applyLead')}</p>${form}`
        : html`<p>${r(page, 'noPrizeYet')}</p>`
}
<p><a href="${href(page, rallyPath(slug, 'privacy'))}">${r(page, 'privacyTitle')}</a></p>
<p><a href="${href(page, rallyPath(slug, 'card'))}">${r(page, 'myCard')}</a></p>
</div>`;
  return shell(page, slug, title, body);
}

/** After applying (the redirect's page): the mailed link must still be opened. */
export function appliedPage(page: SitePage, model: PublicCampaign): string {
  const slug = model.campaign.slug;
  const title = r(page, 'appliedTitle');
  const body = html`${heading(page, title, local(page, model.campaign.texts.name))}
<div class="wrap detail">
<p role="status">${r(page, 'appliedLead')}</p>
<p><a class="rally-button" href="${href(page, rallyPath(slug, 'card'))}">${r(page, 'myCard')}</a></p>
</div>`;
  return shell(page, slug, title, body);
}
