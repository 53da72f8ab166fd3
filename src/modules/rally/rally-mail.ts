import type { Language } from '../../contract/languages.js';
import { formatJstEn, formatJstJa, type MailContent } from '../../platform/mail/templates.js';
import { jstWallClock } from '../../platform/time/jst.js';

/** How long a prize applicant has to open the confirmation link. */
export const CONFIRMATION_VALIDITY_HOURS = 24;

/** "2026-12-04 21:00 (JST)" for the languages without a long date form here. */
function isoJst(date: Date): string {
  return `${jstWallClock(date).toISOString().slice(0, 16).replace('T', ' ')} (JST)`;
}

type Lines = (v: { campaign: string; prize: string; link: string; until: Date }) => {
  subject: string;
  body: string[];
};

// The visitor reads this mail, in the language they applied in (not the staff's Japanese + English).
const TEXTS: Record<Language, Lines> = {
  ja: (v) => ({
    subject: `【${v.campaign}】応募の確認をお願いします`,
    body: [
      `${v.campaign}「${v.prize}」へのご応募ありがとうございます。`,
      '応募を確定するには、次のリンクを開いて「応募を確定する」を押してください。',
      v.link,
      `期限: ${formatJstJa(v.until)}`,
      '期限までに確定されない応募は無効になります。お心当たりのない場合は、このメールを破棄してください。',
    ],
  }),
  en: (v) => ({
    subject: `${v.campaign}: please confirm your application`,
    body: [
      `Thank you for applying for “${v.prize}” in ${v.campaign}.`,
      'To complete your application, open this link and press “Confirm my application”:',
      v.link,
      `Confirm by: ${formatJstEn(v.until)}`,
      'An application not confirmed in time lapses. If you did not apply, ignore this e-mail.',
    ],
  }),
  'zh-Hans': (v) => ({
    subject: `【${v.campaign}】请确认您的申请`,
    body: [
      `感谢您申请${v.campaign}的“${v.prize}”。`,
      '请打开以下链接并点击“确认申请”以完成申请：',
      v.link,
      `截止时间：${isoJst(v.until)}`,
      '未在期限内确认的申请将失效。如非本人操作，请忽略此邮件。',
    ],
  }),
  'zh-Hant': (v) => ({
    subject: `【${v.campaign}】請確認您的申請`,
    body: [
      `感謝您申請${v.campaign}的「${v.prize}」。`,
      '請開啟以下連結並點選「確認申請」以完成申請：',
      v.link,
      `截止時間：${isoJst(v.until)}`,
      '未在期限內確認的申請將失效。如非本人操作，請忽略此郵件。',
    ],
  }),
  ko: (v) => ({
    subject: `[${v.campaign}] 응모를 확인해 주세요`,
    body: [
      `${v.campaign}의 "${v.prize}"에 응모해 주셔서 감사합니다.`,
      '응모를 확정하려면 아래 링크를 열고 "응모 확정"을 눌러 주세요.',
      v.link,
      `기한: ${isoJst(v.until)}`,
      '기한 내에 확정하지 않은 응모는 무효가 됩니다. 응모한 적이 없다면 이 메일을 무시해 주세요.',
    ],
  }),
  th: (v) => ({
    subject: `${v.campaign}: กรุณายืนยันการสมัคร`,
    body: [
      `ขอบคุณที่สมัครรับ "${v.prize}" ใน ${v.campaign}`,
      'เปิดลิงก์นี้แล้วกด "ยืนยันการสมัคร" เพื่อให้การสมัครเสร็จสมบูรณ์:',
      v.link,
      `ยืนยันภายใน: ${isoJst(v.until)}`,
      'การสมัครที่ไม่ยืนยันภายในเวลาจะเป็นโมฆะ หากคุณไม่ได้สมัคร โปรดละเว้นอีเมลนี้',
    ],
  }),
};

/** The confirmation mail a prize applicant receives, in the language they applied in. */
export function applicationConfirmationMail(
  lang: Language,
  v: { campaign: string; prize: string; link: string; until: Date },
): MailContent {
  const { subject, body } = TEXTS[lang](v);
  return { subject, text: `${body.join('\n\n')}\n` };
}
