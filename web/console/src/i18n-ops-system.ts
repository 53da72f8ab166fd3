/** Messages of the operator console's system status page (システムの状態). Merged in i18n.ts. */

import { registerMessages } from './i18n';

export const opsSystemJa = {
  'ops.system.intro':
    'ウイルス検査（ClamAV）とウイルス定義の状態です。検査が使えない間、アップロードはすべて受け付けられません。',
  'ops.system.loadFailed': 'システムの状態を読み込めませんでした。',
  'ops.system.refresh': '最新の状態に更新',
  'ops.system.scanner': 'ウイルス検査',
  'ops.system.state': '検査エンジン',
  'ops.system.up': '稼働中',
  'ops.system.down': '応答なし',
  'ops.system.notConfigured': '未設定（CLAMD_URL がありません）',
  'ops.system.uploads': 'アップロード',
  'ops.system.uploads.accepted': '受け付けています',
  'ops.system.uploads.refused': '受け付けていません',
  'ops.system.engine': 'エンジンのバージョン',
  'ops.system.databaseVersion': '公式定義のバージョン',
  'ops.system.supplementalVersion': '追加定義のバージョン',
  'ops.system.age': '定義の経過時間',
  'ops.system.ageHours': '{hours} 時間',
  'ops.system.lastCheck': '追加定義の最終確認',
  'ops.system.lastError': '直近の更新エラー',
  'ops.system.none': 'なし',
  'ops.system.unknown': '不明',
  'ops.system.oldWarning':
    'ウイルス定義が 24 時間以上更新されていません。freshclam と追加定義の配信元を確認してください（運用手順書「ウイルス検査」）。',
  'ops.system.downWarning':
    'ウイルス検査エンジンが応答しません。clamd を起動してください。復旧するとアプリを再起動せずにアップロードを再開できます。',
} as const;

export const opsSystemEn: Record<keyof typeof opsSystemJa, string> = {
  'ops.system.intro':
    'The state of virus scanning (ClamAV) and its definitions. While scanning is unavailable, every upload is refused.',
  'ops.system.loadFailed': 'The system status could not be loaded.',
  'ops.system.refresh': 'Refresh',
  'ops.system.scanner': 'Virus scanning',
  'ops.system.state': 'Scan engine',
  'ops.system.up': 'Running',
  'ops.system.down': 'Not answering',
  'ops.system.notConfigured': 'Not configured (CLAMD_URL is not set)',
  'ops.system.uploads': 'Uploads',
  'ops.system.uploads.accepted': 'Accepted',
  'ops.system.uploads.refused': 'Refused',
  'ops.system.engine': 'Engine version',
  'ops.system.databaseVersion': 'Official definitions version',
  'ops.system.supplementalVersion': 'Supplemental definitions version',
  'ops.system.age': 'Definitions age',
  'ops.system.ageHours': '{hours} hours',
  'ops.system.lastCheck': 'Supplemental feed last checked',
  'ops.system.lastError': 'Last update error',
  'ops.system.none': 'None',
  'ops.system.unknown': 'Unknown',
  'ops.system.oldWarning':
    'The virus definitions have not been updated for over 24 hours. Check freshclam and the supplemental feed (operations guide, "Virus scanning").',
  'ops.system.downWarning':
    'The virus scan engine does not answer. Start clamd; uploads resume without restarting the app.',
};

registerMessages(opsSystemJa, opsSystemEn);
