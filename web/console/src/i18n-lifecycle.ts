/** Messages of the contract lifecycle screens (ops 契約・ライフサイクル, admins' 契約). Registered into the catalogues (i18n.ts) when this module is first loaded. */

import { registerMessages } from './i18n';

export const lifecycleJa = {
  'ops.orgs.lifecycleEdit': '契約・ライフサイクル',
  'ops.orgs.lifecycleEditFor': '「{name}」の契約・ライフサイクル',

  'ops.lifecycle.title': '契約・ライフサイクル',
  'ops.lifecycle.intro':
    '組織の利用停止・再開、契約終了、削除（パージ）を行います。変更はすべて監査ログ（運営と組織の両方）に記録され、組織の管理者にメールで通知されます。',
  'ops.lifecycle.org': '組織: {name}（{serviceCode}）',
  'ops.lifecycle.status': '状態',
  'ops.lifecycle.changedAt': '状態の変更日時',
  'ops.lifecycle.reason': '理由',
  'ops.lifecycle.contract': '契約期間',
  'ops.lifecycle.terminatedAt': '契約終了日時',
  'ops.lifecycle.purgeAfter': '削除予定日時',
  'ops.lifecycle.exportWindow': 'データ書き出し期間',
  'ops.lifecycle.exportWindowDays': '{days} 日',
  'ops.lifecycle.purgeStep': '削除の進行',
  'ops.lifecycle.reasonLabel': '理由（任意。監査ログと通知メールに記載されます）',
  'ops.lifecycle.suspend': '利用を停止する',
  'ops.lifecycle.suspendHint':
    '停止中は組織のどなたもログインできず、公開サイト・API・オープンデータは「一時的に利用できません」（503）になります。データは削除されません。',
  'ops.lifecycle.resume': '利用を再開する',
  'ops.lifecycle.terminate': '契約を終了する',
  'ops.lifecycle.terminateHint':
    '契約終了後は管理者だけが閲覧と書き出しのためにログインでき、公開サイトは停止します。書き出し期間が過ぎると自動で削除されます。',
  'ops.lifecycle.exportDaysLabel': 'データ書き出し期間（日数、0〜365）',
  'ops.lifecycle.purgeTitle': '今すぐ削除する',
  'ops.lifecycle.purgeHint':
    'この組織のすべてのデータ（コンテンツ、メディア、利用者、アクセス集計、監査ログ）を削除し、暗号鍵を破棄します。元に戻せません。削除証明書が作成され、管理者にメールで送られます。',
  'ops.lifecycle.confirmLabel': '確認のため、サービスコード「{serviceCode}」を入力してください',
  'ops.lifecycle.confirmMismatch': '入力したサービスコードが一致しません。',
  'ops.lifecycle.purge': '削除する',
  'ops.lifecycle.done': '「{name}」の状態を「{status}」に変更しました。',
  'ops.lifecycle.certificate': '削除証明書',
  'ops.lifecycle.certificatePdf': '削除証明書（PDF）をダウンロード',
  'ops.lifecycle.certificateJson': '署名付き JSON をダウンロード',
  'ops.lifecycle.back': '組織の一覧へ戻る',

  'contract.intro': 'ご契約の期間と現在の状態です。変更が必要なときはサービスの運営担当にご連絡ください。',
  'contract.terminated':
    'ご契約は終了しました。{date} 以降、この組織のすべてのデータが削除されます。それまでに必要なデータを書き出してください（閲覧と書き出しのみ可能です）。',
  'contract.active': 'ご利用中です。',
  'contract.loadFailed': '契約の情報を読み込めませんでした。',
} as const;

export const lifecycleEn: Record<keyof typeof lifecycleJa, string> = {
  'ops.orgs.lifecycleEdit': 'Contract and lifecycle',
  'ops.orgs.lifecycleEditFor': 'Contract and lifecycle of “{name}”',

  'ops.lifecycle.title': 'Contract and lifecycle',
  'ops.lifecycle.intro':
    "Suspend or resume an organisation, end its contract, or purge it. Every change is recorded in the audit log (the provider's and the organisation's) and mailed to the organisation's administrators.",
  'ops.lifecycle.org': 'Organisation: {name} ({serviceCode})',
  'ops.lifecycle.status': 'Status',
  'ops.lifecycle.changedAt': 'Status changed',
  'ops.lifecycle.reason': 'Reason',
  'ops.lifecycle.contract': 'Contract period',
  'ops.lifecycle.terminatedAt': 'Contract ended',
  'ops.lifecycle.purgeAfter': 'Purge date',
  'ops.lifecycle.exportWindow': 'Export window',
  'ops.lifecycle.exportWindowDays': '{days} days',
  'ops.lifecycle.purgeStep': 'Purge progress',
  'ops.lifecycle.reasonLabel': 'Reason (optional; in the audit log and the notice mail)',
  'ops.lifecycle.suspend': 'Suspend',
  'ops.lifecycle.suspendHint':
    'While suspended nobody of the organisation can sign in, and the public site, API and open data answer "temporarily unavailable" (503). Nothing is deleted.',
  'ops.lifecycle.resume': 'Resume',
  'ops.lifecycle.terminate': 'End the contract',
  'ops.lifecycle.terminateHint':
    'After the contract ends only administrators can sign in, to read and export; the public site is off. After the export window the organisation is purged automatically.',
  'ops.lifecycle.exportDaysLabel': 'Export window (days, 0–365)',
  'ops.lifecycle.purgeTitle': 'Purge now',
  'ops.lifecycle.purgeHint':
    "Deletes all of the organisation's data (content, media, users, analytics, audit log) and destroys its keys. This cannot be undone. A deletion certificate is issued and mailed to the administrators.",
  'ops.lifecycle.confirmLabel': 'To confirm, type the service code “{serviceCode}”',
  'ops.lifecycle.confirmMismatch': 'The service code you typed does not match.',
  'ops.lifecycle.purge': 'Purge',
  'ops.lifecycle.done': '“{name}” is now {status}.',
  'ops.lifecycle.certificate': 'Deletion certificate',
  'ops.lifecycle.certificatePdf': 'Download the deletion certificate (PDF)',
  'ops.lifecycle.certificateJson': 'Download the signed JSON',
  'ops.lifecycle.back': 'Back to the organisations',

  'contract.intro': 'Your contract period and status. Contact the service provider for any change.',
  'contract.terminated':
    "Your contract has ended. From {date} all of the organisation's data will be deleted: export what you need before then (read and export only).",
  'contract.active': 'In use.',
  'contract.loadFailed': 'The contract could not be loaded.',
};

registerMessages(lifecycleJa, lifecycleEn);
