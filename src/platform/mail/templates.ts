import { jstWallClock } from '../time/jst.js';

// The mails the platform sends: pure functions, Japanese first, then English below a separator.
// Municipal staff read these, so the Japanese is polite business Japanese (です・ます).

export interface MailContent {
  subject: string;
  text: string;
}

export const INVITATION_VALIDITY_HOURS = 72;
export const PASSWORD_RESET_VALIDITY_MINUTES = 30;

const SEPARATOR = '---- English ----';

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function jstParts(date: Date) {
  const jst = jstWallClock(date);
  return {
    year: jst.getUTCFullYear(),
    month: jst.getUTCMonth(),
    day: jst.getUTCDate(),
    time: `${String(jst.getUTCHours()).padStart(2, '0')}:${String(jst.getUTCMinutes()).padStart(2, '0')}`,
  };
}

/** "2026年11月28日 21:00 (JST)" */
export function formatJstJa(date: Date): string {
  const p = jstParts(date);
  return `${p.year}年${p.month + 1}月${p.day}日 ${p.time} (JST)`;
}

/** "28 November 2026, 21:00 (JST)" */
export function formatJstEn(date: Date): string {
  const p = jstParts(date);
  return `${p.day} ${MONTHS_EN[p.month]} ${p.year}, ${p.time} (JST)`;
}

function subject(ja: string, en: string): string {
  return `【mitte-C】${ja} / ${en}`;
}

function bilingual(ja: string[], en: string[]): string {
  return [...ja, '', SEPARATOR, '', ...en, ''].join('\n');
}

function honorific(name: string): string {
  return name.trim() === '' ? 'ご担当者様' : `${name.trim()} 様`;
}

function dear(name: string): string {
  return name.trim() === '' ? 'Hello,' : `Dear ${name.trim()},`;
}

export function invitationMail(input: {
  orgNameJa: string;
  orgNameEn: string;
  inviteeName: string;
  link: string;
  expiresAt: Date;
}): MailContent {
  return {
    subject: subject(`${input.orgNameJa}へのご招待`, `Invitation to ${input.orgNameEn}`),
    text: bilingual(
      [
        honorific(input.inviteeName),
        '',
        `${input.orgNameJa}の mitte-C（観光情報発信サービス）の利用者として招待されました。`,
        '下記のリンクを開き、パスワードを設定して登録を完了してください。',
        '',
        input.link,
        '',
        `このリンクの有効期限は ${INVITATION_VALIDITY_HOURS} 時間です（${formatJstJa(input.expiresAt)} まで）。`,
        '期限を過ぎた場合は、お手数ですが招待した管理者に再度の招待を依頼してください。',
        'このメールにお心当たりがない場合は、リンクを開かずに破棄してください。',
        '',
        'mitte-C',
      ],
      [
        dear(input.inviteeName),
        '',
        `You have been invited to use mitte-C, the tourism information service, for ${input.orgNameEn}.`,
        'Please open the link below and set a password to complete your registration.',
        '',
        input.link,
        '',
        `This link is valid for ${INVITATION_VALIDITY_HOURS} hours (until ${formatJstEn(input.expiresAt)}).`,
        'If it has expired, please ask the administrator who invited you to invite you again.',
        'If you were not expecting this mail, please delete it without opening the link.',
        '',
        'mitte-C',
      ],
    ),
  };
}

export function passwordResetMail(input: {
  orgNameJa: string;
  orgNameEn: string;
  link: string;
  expiresAt: Date;
}): MailContent {
  return {
    subject: subject('パスワード再設定のご案内', 'Resetting your password'),
    text: bilingual(
      [
        `${input.orgNameJa}の mitte-C アカウントについて、パスワード再設定のお申し込みを受け付けました。`,
        '下記のリンクを開き、新しいパスワードを設定してください。',
        '',
        input.link,
        '',
        `このリンクの有効期限は ${PASSWORD_RESET_VALIDITY_MINUTES} 分です（${formatJstJa(input.expiresAt)} まで）。`,
        '',
        'お申し込みにお心当たりがない場合は、このメールを破棄してください。パスワードは変更されていません。',
        '',
        'mitte-C',
      ],
      [
        `We received a request to reset the password of your mitte-C account at ${input.orgNameEn}.`,
        'Please open the link below and set a new password.',
        '',
        input.link,
        '',
        `This link is valid for ${PASSWORD_RESET_VALIDITY_MINUTES} minutes (until ${formatJstEn(input.expiresAt)}).`,
        '',
        'If you did not ask for this, please ignore this mail; your password is unchanged.',
        '',
        'mitte-C',
      ],
    ),
  };
}

export function accountLockedMail(input: {
  orgNameJa: string;
  orgNameEn: string;
  until: Date;
  ip: string;
}): MailContent {
  return {
    subject: subject('アカウントを一時的にロックしました', 'Your account has been locked for a while'),
    text: bilingual(
      [
        `${input.orgNameJa}の mitte-C アカウントで、サインインの失敗が続いたため、安全のためサインインを一時的に停止しました。`,
        '',
        `ロック解除の予定日時: ${formatJstJa(input.until)}`,
        `サインインを試みた接続元 IP アドレス: ${input.ip}`,
        '',
        'ご自身の操作による場合は、解除の予定日時を過ぎてから再度サインインしてください。パスワードをお忘れの場合は、サインイン画面から再設定できます。',
        'お心当たりがない場合は、第三者がサインインを試みた可能性があります。ロックの解除後にパスワードを変更し、組織の管理者にご連絡ください。',
        '',
        'mitte-C',
      ],
      [
        `After repeated failed sign-ins to your mitte-C account at ${input.orgNameEn}, we have stopped sign-ins to it for a while to keep it safe.`,
        '',
        `Locked until: ${formatJstEn(input.until)}`,
        `Sign-ins were attempted from IP address: ${input.ip}`,
        '',
        'If this was you, please sign in again after that time. If you have forgotten your password, you can reset it from the sign-in page.',
        'If this was not you, someone else may have tried to sign in. Please change your password once the lock ends and tell your organisation’s administrator.',
        '',
        'mitte-C',
      ],
    ),
  };
}

export function passwordChangedMail(input: { orgNameJa: string; orgNameEn: string; at: Date }): MailContent {
  return {
    subject: subject('パスワードが変更されました', 'Your password has been changed'),
    text: bilingual(
      [
        `${input.orgNameJa}の mitte-C アカウントのパスワードが変更されました。`,
        '',
        `変更日時: ${formatJstJa(input.at)}`,
        '',
        'ご自身で変更された場合は、このメールへの対応は不要です。',
        'お心当たりがない場合は、第三者に変更された可能性があります。直ちに組織の管理者にご連絡ください。',
        '',
        'mitte-C',
      ],
      [
        `The password of your mitte-C account at ${input.orgNameEn} has been changed.`,
        '',
        `Changed at: ${formatJstEn(input.at)}`,
        '',
        'If you made this change, there is nothing more to do.',
        'If you did not, someone else may have changed it. Please tell your organisation’s administrator at once.',
        '',
        'mitte-C',
      ],
    ),
  };
}

export function operatorInvitationMail(input: {
  inviteeName: string;
  link: string;
  expiresAt: Date;
}): MailContent {
  return {
    subject: subject('運用担当者アカウントへのご招待', 'Invitation to an operator account'),
    text: bilingual(
      [
        honorific(input.inviteeName),
        '',
        'mitte-C の運用担当者（オペレーター）として招待されました。',
        '下記のリンクを開き、パスワードを設定して登録を完了してください。',
        '',
        input.link,
        '',
        `このリンクの有効期限は ${INVITATION_VALIDITY_HOURS} 時間です（${formatJstJa(input.expiresAt)} まで）。`,
        'このメールにお心当たりがない場合は、リンクを開かずに破棄してください。',
        '',
        'mitte-C',
      ],
      [
        dear(input.inviteeName),
        '',
        'You have been invited to become an operator of mitte-C.',
        'Please open the link below and set a password to complete your registration.',
        '',
        input.link,
        '',
        `This link is valid for ${INVITATION_VALIDITY_HOURS} hours (until ${formatJstEn(input.expiresAt)}).`,
        'If you were not expecting this mail, please delete it without opening the link.',
        '',
        'mitte-C',
      ],
    ),
  };
}

/** How long the link after an approved operator password reset stays valid. */
export const OPERATOR_PASSWORD_LINK_VALIDITY_HOURS = 24;

export function operatorPasswordResetMail(input: {
  operatorName: string;
  link: string;
  expiresAt: Date;
}): MailContent {
  return {
    subject: subject('運用担当者パスワードの再設定', 'Your operator password was reset'),
    text: bilingual(
      [
        honorific(input.operatorName),
        '',
        '運用担当者 2 名の承認により、あなたの mitte-C 運用担当者アカウントのパスワードがリセットされました。',
        '以前のパスワードは使えません。下記のリンクを開き、新しいパスワードを設定してください。',
        '',
        input.link,
        '',
        `このリンクの有効期限は ${OPERATOR_PASSWORD_LINK_VALIDITY_HOURS} 時間です（${formatJstJa(input.expiresAt)} まで）。`,
        'お心当たりがない場合は、すぐに運用責任者へご連絡ください。',
        '',
        'mitte-C',
      ],
      [
        dear(input.operatorName),
        '',
        'The password of your mitte-C operator account was reset with the approval of two operators.',
        'The old password no longer works. Please open the link below and set a new one.',
        '',
        input.link,
        '',
        `This link is valid for ${OPERATOR_PASSWORD_LINK_VALIDITY_HOURS} hours (until ${formatJstEn(input.expiresAt)}).`,
        'If you did not expect this, please tell the head of operations at once.',
        '',
        'mitte-C',
      ],
    ),
  };
}

export function infectedUploadMail(input: {
  orgNameJa: string;
  orgNameEn: string;
  fileName: string;
  signature: string;
  uploader: { name: string; email: string } | null;
  at: Date;
}): MailContent {
  const who = input.uploader ? `${input.uploader.name} <${input.uploader.email}>` : '';
  return {
    subject: subject('ウイルスを検出したファイルを隔離しました', 'An infected upload was quarantined'),
    text: bilingual(
      [
        `${input.orgNameJa}の管理者様`,
        '',
        'mitte-C にアップロードされたファイルからウイルスが検出されたため、受け付けずに隔離しました。このファイルはメディアライブラリには保存されておらず、公開もされていません。',
        '',
        `ファイル名: ${input.fileName}`,
        `検出名: ${input.signature}`,
        `アップロードした利用者: ${who || '（不明）'}`,
        `日時: ${formatJstJa(input.at)}`,
        '',
        '【お願い】',
        '1. アップロードした利用者に連絡し、使用した端末のウイルス検査を行ってください。',
        '2. ファイルの入手元（メールの添付、外部から受け取った媒体など）を確認し、同じファイルを他で使用していないか確かめてください。',
        '3. 誤検知と思われる場合は、検出名を添えて mitte-C の運営担当者にお問い合わせください。隔離したファイルはお渡しできません。',
        '',
        'mitte-C',
      ],
      [
        `To the administrators of ${input.orgNameEn},`,
        '',
        'A virus was found in a file uploaded to mitte-C, so the file was refused and quarantined. It is not in the media library and was never published.',
        '',
        `File name: ${input.fileName}`,
        `Signature: ${input.signature}`,
        `Uploaded by: ${who || '(unknown)'}`,
        `Time: ${formatJstEn(input.at)}`,
        '',
        'What to do:',
        '1. Contact the person who uploaded it and have the computer they used scanned for viruses.',
        '2. Check where the file came from (a mail attachment, media received from outside, …) and whether the same file is used anywhere else.',
        '3. If you believe this is a false positive, contact the mitte-C operators quoting the signature. Quarantined files are not handed out.',
        '',
        'mitte-C',
      ],
    ),
  };
}

/** The words for each lifecycle change an organisation's admins are told about. */
const LIFECYCLE_TEXT = {
  suspended: {
    subjectJa: 'ご利用を一時停止しました',
    subjectEn: 'Your service has been suspended',
    ja: [
      'サービスの運営者が、貴組織の mitte-C のご利用を一時停止しました。',
      '停止中は組織のどなたもログインできず、公開サイト・API・オープンデータは「一時的に利用できません」と表示されます。データは削除されません。',
    ],
    en: [
      "The service provider has suspended your organisation's use of mitte-C.",
      'While suspended nobody of your organisation can sign in, and the public site, API and open data show "temporarily unavailable". No data is deleted.',
    ],
  },
  resumed: {
    subjectJa: 'ご利用を再開しました',
    subjectEn: 'Your service has been resumed',
    ja: [
      '一時停止していた貴組織の mitte-C のご利用を再開しました。ログインと公開サイトは通常どおりご利用いただけます。',
    ],
    en: ["Your organisation's use of mitte-C has been resumed. Sign-in and the public site work as before."],
  },
  terminated: {
    subjectJa: 'ご契約が終了しました',
    subjectEn: 'Your contract has ended',
    ja: [
      '貴組織の mitte-C のご契約が終了しました。公開サイトは停止しました。',
      '削除予定日まで、管理者の方はログインしてデータを書き出すことができます（閲覧のみ、変更はできません）。',
    ],
    en: [
      "Your organisation's mitte-C contract has ended, and the public site is off.",
      'Until the purge date, administrators can sign in and export the data (read-only: nothing can be changed).',
    ],
  },
} as const;

export function organisationLifecycleMail(input: {
  change: keyof typeof LIFECYCLE_TEXT;
  orgNameJa: string;
  orgNameEn: string;
  reason: string | null;
  purgeAfter: Date | null;
  contact: string | undefined;
}): MailContent {
  const text = LIFECYCLE_TEXT[input.change];
  const contactJa = input.contact ? `サービスの運営担当（${input.contact}）` : 'サービスの運営担当';
  const contactEn = input.contact ? `the service provider (${input.contact})` : 'the service provider';
  return {
    subject: subject(`${input.orgNameJa}：${text.subjectJa}`, `${input.orgNameEn}: ${text.subjectEn}`),
    text: bilingual(
      [
        `${input.orgNameJa} 管理者様`,
        '',
        ...text.ja,
        ...(input.reason ? ['', `理由: ${input.reason}`] : []),
        ...(input.purgeAfter
          ? [
              '',
              `削除予定日時: ${formatJstJa(input.purgeAfter)}（この日時以降、すべてのデータを削除し、削除証明書をお送りします）`,
            ]
          : []),
        '',
        `ご不明な点は${contactJa}までお問い合わせください。`,
        '',
        'mitte-C',
      ],
      [
        `Dear administrators of ${input.orgNameEn},`,
        '',
        ...text.en,
        ...(input.reason ? ['', `Reason: ${input.reason}`] : []),
        ...(input.purgeAfter
          ? [
              '',
              `Purge date: ${formatJstEn(input.purgeAfter)} (from then on all data is deleted and a deletion certificate is sent to you)`,
            ]
          : []),
        '',
        `For questions, please contact ${contactEn}.`,
        '',
        'mitte-C',
      ],
    ),
  };
}

export function deletionCertificateMail(input: {
  orgNameJa: string;
  orgNameEn: string;
  serviceCode: string;
  finishedAt: Date;
}): MailContent {
  return {
    subject: subject(`${input.orgNameJa}：削除証明書`, `${input.orgNameEn}: certificate of deletion`),
    text: bilingual(
      [
        `${input.orgNameJa} ご担当者様`,
        '',
        `ご契約終了に伴い、貴組織（サービスコード ${input.serviceCode}）のお客様データを ${formatJstJa(input.finishedAt)} にすべて削除しました。`,
        '削除証明書（PDF）と、その署名付き JSON を添付します。署名は運営者の公開鍵で確認できます。',
        '',
        'mitte-C',
      ],
      [
        `To the staff of ${input.orgNameEn},`,
        '',
        `As your contract has ended, all customer data of your organisation (service code ${input.serviceCode}) was deleted on ${formatJstEn(input.finishedAt)}.`,
        "The deletion certificate (PDF) and its signed JSON are attached; the signature verifies with the provider's public key.",
        '',
        'mitte-C',
      ],
    ),
  };
}

const NOTICE_CATEGORY = {
  maintenance: { ja: 'メンテナンス', en: 'Maintenance' },
  change: { ja: '変更', en: 'Change' },
  security: { ja: 'セキュリティ', en: 'Security' },
  incident: { ja: '障害', en: 'Incident' },
} as const;

/**
 * A provider's notice (お知らせ) to an organisation's admin, from the support address. The
 * service code is in the subject so that a municipality receiving several can tell them apart.
 */
export function noticeMail(input: {
  serviceCode: string;
  category: keyof typeof NOTICE_CATEGORY;
  title: { ja: string; en: string };
  body: { ja: string; en: string };
  window: { start: Date; end: Date } | null;
  consoleLink: string;
}): MailContent {
  const category = NOTICE_CATEGORY[input.category];
  const titleEn = input.title.en || input.title.ja;
  return {
    subject: subject(
      `[${input.serviceCode}] お知らせ（${category.ja}）：${input.title.ja}`,
      `Notice (${category.en}): ${titleEn}`,
    ),
    text: bilingual(
      [
        `サービスコード ${input.serviceCode} の管理者様`,
        '',
        `【${category.ja}】${input.title.ja}`,
        ...(input.window
          ? [`予定日時：${formatJstJa(input.window.start)} 〜 ${formatJstJa(input.window.end)}`]
          : []),
        '',
        input.body.ja,
        '',
        `管理画面でお知らせをご確認のうえ「確認しました」を押してください：${input.consoleLink}`,
        '',
        'mitte-C サポート窓口',
      ],
      [
        `To the administrators of service code ${input.serviceCode},`,
        '',
        `[${category.en}] ${titleEn}`,
        ...(input.window
          ? [`Planned window: ${formatJstEn(input.window.start)} – ${formatJstEn(input.window.end)}`]
          : []),
        '',
        input.body.en || '(The notice is in Japanese only; please see above.)',
        '',
        `Please read the notice in the console and press "Acknowledge": ${input.consoleLink}`,
        '',
        'mitte-C support desk',
      ],
    ),
  };
}
