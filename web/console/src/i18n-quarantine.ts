/** Messages of the operator console's quarantine page (隔離ファイル). Registered into the catalogues (i18n.ts) when this module is first loaded. */

import { registerMessages } from './i18n';

export const quarantineJa = {
  'ops.quarantine.intro':
    'ウイルスが検出されてアップロードを拒否したファイルの記録です。ファイルは暗号化したまま隔離しており、この画面からも表示・ダウンロードはできません。検出のたびに、その組織の管理者へメールで通知しています。',
  'ops.quarantine.auditNote': 'この一覧を表示したことは、運営作業ログ（監査ログ）に記録されます。',
  'ops.quarantine.filterLabel': '組織のサービスコードで絞り込む',
  'ops.quarantine.filterHint': '空欄にすると、すべての組織を表示します。',
  'ops.quarantine.filterSubmit': '表示する',
  'ops.quarantine.filterInvalid':
    'サービスコードは英小文字で始まる 3〜32 文字（英小文字・数字・ハイフン）です。',
  'ops.quarantine.loadFailed': '隔離ファイルの一覧を読み込めませんでした。',
  'ops.quarantine.empty': '隔離されたファイルはありません。',
  'ops.quarantine.caption': '隔離ファイル {count} 件（新しい順、最大 {limit} 件）',
  'ops.quarantine.col.time': '日時',
  'ops.quarantine.col.org': '組織',
  'ops.quarantine.col.name': 'ファイル名',
  'ops.quarantine.col.size': 'サイズ',
  'ops.quarantine.col.signature': '検出名',
  'ops.quarantine.col.uploader': 'アップロードした利用者（ID）',
  'ops.quarantine.unknownUploader': '不明',
};

export const quarantineEn: Record<keyof typeof quarantineJa, string> = {
  'ops.quarantine.intro':
    'Uploads refused because a virus was found. The files are kept encrypted in quarantine and cannot be viewed or downloaded, here or anywhere else. Each time, the organisation’s administrators were notified by mail.',
  'ops.quarantine.auditNote': 'Viewing this list is recorded in the operations log (audit log).',
  'ops.quarantine.filterLabel': 'Filter by service code',
  'ops.quarantine.filterHint': 'Leave empty to show every organisation.',
  'ops.quarantine.filterSubmit': 'Show',
  'ops.quarantine.filterInvalid':
    'A service code starts with a lower-case letter and has 3–32 characters (lower-case letters, digits, hyphens).',
  'ops.quarantine.loadFailed': 'The quarantined files could not be loaded.',
  'ops.quarantine.empty': 'No files are in quarantine.',
  'ops.quarantine.caption': '{count} quarantined files (newest first, at most {limit})',
  'ops.quarantine.col.time': 'Time',
  'ops.quarantine.col.org': 'Organisation',
  'ops.quarantine.col.name': 'File name',
  'ops.quarantine.col.size': 'Size',
  'ops.quarantine.col.signature': 'Signature',
  'ops.quarantine.col.uploader': 'Uploaded by (account ID)',
  'ops.quarantine.unknownUploader': 'Unknown',
};

registerMessages(quarantineJa, quarantineEn);
