import type { Language } from '../../contract/languages.js';
import { AppError, Errors } from '../../platform/errors.js';

/**
 * Why a check-in was refused, with what the visitor reads in their language (the error's ja/en
 * text is the same for ja and en). Every language of the public site has every reason.
 */
export const REFUSALS = {
  campaign_not_open: {
    status: 409,
    text: {
      ja: 'このスタンプラリーは現在公開されていません。',
      en: 'This stamp rally is not open.',
      'zh-Hans': '此集章活动目前未开放。',
      'zh-Hant': '此集章活動目前未開放。',
      ko: '이 스탬프 랠리는 현재 공개되지 않았습니다.',
      th: 'แรลลี่สะสมแสตมป์นี้ยังไม่เปิด',
    },
  },
  campaign_not_started: {
    status: 409,
    text: {
      ja: 'スタンプラリーはまだ始まっていません。開催期間をご確認ください。',
      en: 'The stamp rally has not started yet. Please check its dates.',
      'zh-Hans': '集章活动尚未开始，请确认活动期间。',
      'zh-Hant': '集章活動尚未開始，請確認活動期間。',
      ko: '스탬프 랠리가 아직 시작되지 않았습니다. 기간을 확인해 주세요.',
      th: 'แรลลี่ยังไม่เริ่ม กรุณาตรวจสอบช่วงเวลา',
    },
  },
  campaign_ended: {
    status: 409,
    text: {
      ja: 'スタンプラリーは終了しました。ご参加ありがとうございました。',
      en: 'The stamp rally has ended. Thank you for taking part.',
      'zh-Hans': '集章活动已结束，感谢参与。',
      'zh-Hant': '集章活動已結束，感謝參與。',
      ko: '스탬프 랠리가 종료되었습니다. 참여해 주셔서 감사합니다.',
      th: 'แรลลี่จบแล้ว ขอบคุณที่เข้าร่วม',
    },
  },
  token_forged: {
    status: 422,
    text: {
      ja: 'この QR コードは正しくありません。チェックポイントのポスターの QR コードを読み取ってください。',
      en: 'This QR code is not valid. Scan the QR code on the checkpoint’s poster.',
      'zh-Hans': '此二维码无效，请扫描打卡点海报上的二维码。',
      'zh-Hant': '此 QR 碼無效，請掃描打卡點海報上的 QR 碼。',
      ko: '이 QR 코드는 올바르지 않습니다. 체크포인트 포스터의 QR 코드를 스캔해 주세요.',
      th: 'คิวอาร์โค้ดนี้ไม่ถูกต้อง กรุณาสแกนคิวอาร์โค้ดบนโปสเตอร์ของจุดเช็กอิน',
    },
  },
  token_rotated: {
    status: 422,
    text: {
      ja: 'この QR コードは古くなり使えません。現地の新しいポスターの QR コードを読み取ってください。',
      en: 'This QR code is out of date. Scan the QR code on the current poster at the checkpoint.',
      'zh-Hans': '此二维码已过期，请扫描现场新海报上的二维码。',
      'zh-Hant': '此 QR 碼已過期，請掃描現場新海報上的 QR 碼。',
      ko: '이 QR 코드는 더 이상 사용할 수 없습니다. 현장의 새 포스터 QR 코드를 스캔해 주세요.',
      th: 'คิวอาร์โค้ดนี้หมดอายุแล้ว กรุณาสแกนโค้ดบนโปสเตอร์ใหม่ที่จุดเช็กอิน',
    },
  },
  location_needed: {
    status: 422,
    text: {
      ja: 'このチェックポイントでは位置情報が必要です。位置情報の利用を許可してもう一度お試しください。',
      en: 'This checkpoint needs your location. Allow location access and try again.',
      'zh-Hans': '此打卡点需要位置信息，请允许使用位置信息后重试。',
      'zh-Hant': '此打卡點需要位置資訊，請允許使用位置資訊後重試。',
      ko: '이 체크포인트는 위치 정보가 필요합니다. 위치 사용을 허용한 뒤 다시 시도해 주세요.',
      th: 'จุดนี้ต้องใช้ตำแหน่งของคุณ กรุณาอนุญาตการเข้าถึงตำแหน่งแล้วลองอีกครั้ง',
    },
  },
  location_inaccurate: {
    status: 422,
    text: {
      ja: '位置情報の精度が足りません。屋外の空が見える場所で、少し待ってからもう一度お試しください。',
      en: 'Your location is not accurate enough. Go outdoors with a view of the sky, wait a moment and try again.',
      'zh-Hans': '位置精度不足，请到室外开阔处稍等片刻后重试。',
      'zh-Hant': '位置精度不足，請到室外開闊處稍等片刻後重試。',
      ko: '위치 정확도가 부족합니다. 하늘이 보이는 실외에서 잠시 기다린 뒤 다시 시도해 주세요.',
      th: 'ตำแหน่งไม่แม่นยำพอ กรุณาออกไปที่โล่งกลางแจ้ง รอสักครู่แล้วลองอีกครั้ง',
    },
  },
  too_far: {
    status: 422,
    text: {
      ja: 'チェックポイントから離れています。チェックポイントの近くでもう一度お試しください。',
      en: 'You are too far from the checkpoint. Try again close to it.',
      'zh-Hans': '您离打卡点太远，请在打卡点附近重试。',
      'zh-Hant': '您離打卡點太遠，請在打卡點附近重試。',
      ko: '체크포인트에서 너무 멀리 있습니다. 가까이에서 다시 시도해 주세요.',
      th: 'คุณอยู่ไกลจากจุดเช็กอินเกินไป กรุณาลองอีกครั้งใกล้จุดนั้น',
    },
  },
  staff_code_wrong: {
    status: 422,
    text: {
      ja: 'スタッフコードが違います。スタッフにコードをご確認ください。',
      en: 'The staff code is wrong. Please ask the staff for the code.',
      'zh-Hans': '工作人员代码不正确，请向工作人员确认。',
      'zh-Hant': '工作人員代碼不正確，請向工作人員確認。',
      ko: '스태프 코드가 올바르지 않습니다. 스태프에게 확인해 주세요.',
      th: 'รหัสเจ้าหน้าที่ไม่ถูกต้อง กรุณาสอบถามเจ้าหน้าที่',
    },
  },
  code_expired: {
    status: 422,
    text: {
      ja: 'このコードは有効期限が切れています。画面に今表示されているコードを入力してください（1分ごとに変わります）。',
      en: 'This code has expired. Enter the code the screen shows now (it changes every minute).',
      'zh-Hans': '此代码已过期，请输入屏幕上当前显示的代码（每分钟更新）。',
      'zh-Hant': '此代碼已過期，請輸入螢幕上目前顯示的代碼（每分鐘更新）。',
      ko: '이 코드는 만료되었습니다. 화면에 지금 표시된 코드를 입력해 주세요(1분마다 바뀝니다).',
      th: 'รหัสนี้หมดอายุแล้ว กรุณากรอกรหัสที่แสดงบนหน้าจอตอนนี้ (เปลี่ยนทุกนาที)',
    },
  },
  not_joined: {
    status: 401,
    text: {
      ja: 'スタンプを押すには、まずスタンプラリーに参加してください。',
      en: 'Join the stamp rally first to collect stamps.',
      'zh-Hans': '请先参加集章活动再盖章。',
      'zh-Hant': '請先參加集章活動再蓋章。',
      ko: '스탬프를 받으려면 먼저 스탬프 랠리에 참가해 주세요.',
      th: 'กรุณาเข้าร่วมแรลลี่ก่อนสะสมแสตมป์',
    },
  },
  rate_limited: {
    status: 429,
    text: {
      ja: '短時間にスタンプが多すぎます。しばらくしてからもう一度お試しください。',
      en: 'Too many stamps in a short time. Please try again in a while.',
      'zh-Hans': '短时间内盖章次数过多，请稍后再试。',
      'zh-Hant': '短時間內蓋章次數過多，請稍後再試。',
      ko: '짧은 시간에 스탬프가 너무 많습니다. 잠시 후 다시 시도해 주세요.',
      th: 'สะสมแสตมป์ถี่เกินไป กรุณาลองใหม่ภายหลัง',
    },
  },
  stamp_voided: {
    status: 409,
    text: {
      ja: 'このチェックポイントのスタンプは事務局により無効にされています。',
      en: 'The organisers have voided your stamp at this checkpoint.',
      'zh-Hans': '此打卡点的印章已被主办方作废。',
      'zh-Hant': '此打卡點的印章已被主辦方作廢。',
      ko: '이 체크포인트의 스탬프는 운영 측에서 무효 처리했습니다.',
      th: 'ผู้จัดได้ยกเลิกแสตมป์ของคุณที่จุดนี้แล้ว',
    },
  },
  confirmation_invalid: {
    status: 404,
    text: {
      ja: 'この確認リンクは正しくありません。メールのリンクをそのまま開いてください。',
      en: 'This confirmation link is not valid. Open the link in the e-mail exactly as it is.',
      'zh-Hans': '此确认链接无效，请直接打开邮件中的链接。',
      'zh-Hant': '此確認連結無效，請直接開啟郵件中的連結。',
      ko: '이 확인 링크는 올바르지 않습니다. 메일의 링크를 그대로 열어 주세요.',
      th: 'ลิงก์ยืนยันนี้ไม่ถูกต้อง กรุณาเปิดลิงก์ในอีเมลตามที่ได้รับ',
    },
  },
  confirmation_expired: {
    status: 410,
    text: {
      ja: '確認の期限が過ぎたため、この応募は無効になりました。期間内であれば、もう一度応募できます。',
      en: 'The time to confirm has run out, so this application lapsed. You may apply again while the rally is open.',
      'zh-Hans': '确认期限已过，此申请已失效。活动期间内可重新申请。',
      'zh-Hant': '確認期限已過，此申請已失效。活動期間內可重新申請。',
      ko: '확인 기한이 지나 이 응모는 무효가 되었습니다. 기간 중이라면 다시 응모할 수 있습니다.',
      th: 'หมดเวลายืนยันแล้ว การสมัครนี้จึงเป็นโมฆะ สามารถสมัครใหม่ได้ระหว่างที่แรลลี่ยังเปิดอยู่',
    },
  },
  mail_not_sent: {
    status: 503,
    text: {
      ja: '確認メールを送れなかったため、応募は受け付けられませんでした。メールアドレスを確かめて、もう一度お試しください。',
      en: 'The confirmation e-mail could not be sent, so the application was not taken. Check the address and try again.',
      'zh-Hans': '无法发送确认邮件，申请未被受理。请确认邮箱地址后重试。',
      'zh-Hant': '無法寄出確認郵件，申請未被受理。請確認電子郵件地址後重試。',
      ko: '확인 메일을 보낼 수 없어 응모가 접수되지 않았습니다. 메일 주소를 확인하고 다시 시도해 주세요.',
      th: 'ส่งอีเมลยืนยันไม่ได้ จึงยังไม่รับการสมัคร กรุณาตรวจสอบอีเมลแล้วลองอีกครั้ง',
    },
  },
  already_applied: {
    status: 409,
    text: {
      ja: 'すでに応募済みです。応募は1人1回です。',
      en: 'You have applied already: one application per person.',
      'zh-Hans': '您已申请过，每人限申请一次。',
      'zh-Hant': '您已申請過，每人限申請一次。',
      ko: '이미 응모하셨습니다. 응모는 1인 1회입니다.',
      th: 'คุณสมัครแล้ว สมัครได้คนละหนึ่งครั้ง',
    },
  },
  not_enough_stamps: {
    status: 422,
    text: {
      ja: 'この賞に応募するためのスタンプが足りません。',
      en: 'You do not have the stamps this prize needs.',
      'zh-Hans': '您的印章数量不足以申请此奖品。',
      'zh-Hant': '您的印章數量不足以申請此獎品。',
      ko: '이 경품에 응모하기 위한 스탬프가 부족합니다.',
      th: 'คุณมีแสตมป์ไม่พอสำหรับรางวัลนี้',
    },
  },
  prize_sold_out: {
    status: 409,
    text: {
      ja: 'この賞は先着数に達したため締め切りました。',
      en: 'This prize has run out.',
      'zh-Hans': '此奖品已达先到名额，申请已截止。',
      'zh-Hant': '此獎品已達先到名額，申請已截止。',
      ko: '이 경품은 선착순 수량에 도달하여 마감되었습니다.',
      th: 'รางวัลนี้หมดแล้ว',
    },
  },
} as const satisfies Record<string, { status: number; text: Record<Language, string> }>;

export type RefusalReason = keyof typeof REFUSALS;

/** The refusal as the one error type: ja/en text, the reason as code, the visitor's text in details. */
export function refusal(
  reason: RefusalReason,
  lang: Language,
  details: Record<string, unknown> = {},
  field?: string,
): AppError {
  const { status, text } = REFUSALS[reason];
  return new AppError(
    status,
    reason,
    { ja: text.ja, en: text.en },
    { ...(field ? { field } : {}), details: { ...details, visitorMessage: text[lang], lang } },
  );
}

/**
 * What a visitor typed wrong in a form: the field and why, in every site language. The API
 * carries the ja/en text as the field problem, and the visitor's own in `details.visitorProblems`.
 */
export const FIELD_REFUSALS = {
  required: [
    'この設問は回答が必要です。',
    'This question needs an answer.',
    '此问题需要回答。',
    '此問題需要回答。',
    '이 질문에는 답변이 필요합니다.',
    'คำถามนี้ต้องตอบ',
  ],
  not_a_choice: [
    '選択肢にない回答です。',
    'The answer is not one of the choices.',
    '该回答不在选项中。',
    '該回答不在選項中。',
    '선택지에 없는 답변입니다.',
    'คำตอบไม่อยู่ในตัวเลือก',
  ],
  too_long: [
    '{max}文字以内で入力してください。',
    'Use {max} characters or fewer.',
    '请输入 {max} 个字符以内。',
    '請輸入 {max} 個字元以內。',
    '{max}자 이내로 입력해 주세요.',
    'ไม่เกิน {max} ตัวอักษร',
  ],
  no_such_question: [
    'この設問はありません。',
    'There is no such question.',
    '没有此问题。',
    '沒有此問題。',
    '그런 질문은 없습니다.',
    'ไม่มีคำถามนี้',
  ],
  no_such_prize: [
    'この賞はありません。賞を選んでください。',
    'There is no such prize: choose one.',
    '没有此奖品，请选择奖品。',
    '沒有此獎品，請選擇獎品。',
    '그런 경품은 없습니다. 경품을 선택해 주세요.',
    'ไม่มีรางวัลนี้ กรุณาเลือกรางวัล',
  ],
  name: [
    '氏名を入力してください。',
    'Enter your name.',
    '请输入姓名。',
    '請輸入姓名。',
    '이름을 입력해 주세요.',
    'กรุณากรอกชื่อ',
  ],
  postalCode: [
    '郵便番号は 123-4567 の形で入力してください。',
    'Enter the postal code as 123-4567.',
    '请按 123-4567 的格式输入邮政编码。',
    '請按 123-4567 的格式輸入郵遞區號。',
    '우편번호는 123-4567 형식으로 입력해 주세요.',
    'กรอกรหัสไปรษณีย์ในรูปแบบ 123-4567',
  ],
  address: [
    '住所を入力してください。',
    'Enter your address.',
    '请输入地址。',
    '請輸入地址。',
    '주소를 입력해 주세요.',
    'กรุณากรอกที่อยู่',
  ],
  phone: [
    '電話番号は数字とハイフンで入力してください。',
    'Enter the phone number in digits and hyphens.',
    '请用数字和连字符输入电话号码。',
    '請用數字和連字號輸入電話號碼。',
    '전화번호는 숫자와 하이픈으로 입력해 주세요.',
    'กรอกหมายเลขโทรศัพท์เป็นตัวเลขและขีด',
  ],
  email: [
    'メールアドレスの形式が正しくありません。',
    'Enter a valid e-mail address.',
    '电子邮件地址格式不正确。',
    '電子郵件地址格式不正確。',
    '이메일 주소 형식이 올바르지 않습니다.',
    'รูปแบบอีเมลไม่ถูกต้อง',
  ],
} as const satisfies Record<string, readonly [string, string, string, string, string, string]>;

export type FieldRefusal = keyof typeof FIELD_REFUSALS;
const FIELD_ORDER: Language[] = ['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko', 'th'];

/** A field problem of a visitor's form: why (kind), and the number a message names. */
export interface VisitorProblem {
  field: string;
  kind: FieldRefusal;
  max?: number;
}

function fieldText(problem: VisitorProblem, lang: Language): string {
  const text = FIELD_REFUSALS[problem.kind][FIELD_ORDER.indexOf(lang)] ?? FIELD_REFUSALS[problem.kind][0];
  return text.replace('{max}', String(problem.max ?? ''));
}

/** The 400 of a visitor's form: every problem in ja/en, and in the visitor's language in details. */
export function visitorValidation(problems: VisitorProblem[], lang: Language): AppError {
  const plain = Errors.validation(
    problems.map((p) => ({ field: p.field, message: { ja: fieldText(p, 'ja'), en: fieldText(p, 'en') } })),
  );
  return new AppError(plain.status, plain.code, plain.text, {
    ...(plain.field ? { field: plain.field } : {}),
    ...(plain.problems ? { problems: plain.problems } : {}),
    details: {
      visitorProblems: problems.map((p) => ({ field: p.field, message: fieldText(p, lang) })),
      lang,
    },
  });
}

export function refusalText(reason: RefusalReason, lang: Language): string {
  return REFUSALS[reason].text[lang];
}
