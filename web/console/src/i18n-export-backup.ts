/** Messages of the organisation export page (データの書き出し) and the operators' backup panel. Merged in i18n.ts. */

import { registerMessages } from './i18n';

export const exportBackupJa = {
  'export.intro':
    '契約終了前の移行や保管のために、組織のすべてのデータを標準的な形式（JSON、CSV、元のファイル）で 1 つの ZIP ファイルにまとめます。パスワードや 2 段階認証の秘密は含まれません。書き出しは監査ログに記録されます。',
  'export.start': '書き出しを開始',
  'export.starting': '開始しています…',
  'export.loadFailed': '書き出しの一覧を読み込めませんでした。',
  'export.none': 'まだ書き出しはありません。',
  'export.listTitle': '最近の書き出し',
  'export.createdAt': '開始日時',
  'export.status': '状態',
  'export.status.building': '作成中',
  'export.status.ready': '完了',
  'export.status.failed': '失敗',
  'export.progress': '{done} / {total} ファイル',
  'export.size': 'サイズ',
  'export.download': 'ダウンロード',
  'export.verifyHint':
    'ダウンロードが途中で切れても、ブラウザーの「再開」で続きから取得できます。ファイルの完全性と監査ログは mitte verify-audit --export ファイル名.zip で確認できます（操作マニュアル「データの書き出し」）。',
  'ops.backup.title': 'バックアップ',
  'ops.backup.loadFailed': 'バックアップの状態を読み込めませんでした。',
  'ops.backup.lastGood': '最後に成功したバックアップ',
  'ops.backup.age': '経過時間',
  'ops.backup.ageHours': '{hours} 時間',
  'ops.backup.none': 'まだありません',
  'ops.backup.alarm':
    '24 時間以内に成功したバックアップがありません。BACKUP_SCHEDULE と直近のエラーを確認し、mitte backup を実行してください（運用手順書「バックアップと復元」）。',
  'ops.backup.recent': '最近のバックアップ',
  'ops.backup.file': 'ファイル',
  'ops.backup.started': '開始',
  'ops.backup.status': '結果',
  'ops.backup.status.running': '実行中',
  'ops.backup.status.ok': '成功',
  'ops.backup.status.failed': '失敗',
} as const;

export const exportBackupEn: Record<keyof typeof exportBackupJa, string> = {
  'export.intro':
    "For a move to another system or for safekeeping before the contract ends: all of the organisation's data in open formats (JSON, CSV, the original files) in one zip. Passwords and two-factor secrets are not included. Every export is recorded in the audit log.",
  'export.start': 'Start an export',
  'export.starting': 'Starting…',
  'export.loadFailed': 'The exports could not be loaded.',
  'export.none': 'No exports yet.',
  'export.listTitle': 'Recent exports',
  'export.createdAt': 'Started',
  'export.status': 'Status',
  'export.status.building': 'Building',
  'export.status.ready': 'Ready',
  'export.status.failed': 'Failed',
  'export.progress': '{done} of {total} files',
  'export.size': 'Size',
  'export.download': 'Download',
  'export.verifyHint':
    "A broken download can be resumed in the browser. Check the file and its audit log with mitte verify-audit --export file.zip (manual: 'Export data').",
  'ops.backup.title': 'Backups',
  'ops.backup.loadFailed': 'The backup status could not be loaded.',
  'ops.backup.lastGood': 'Last good backup',
  'ops.backup.age': 'Age',
  'ops.backup.ageHours': '{hours} h',
  'ops.backup.none': 'None yet',
  'ops.backup.alarm':
    "No backup has succeeded within 24 hours. Check BACKUP_SCHEDULE and the last error, then run mitte backup (operations runbook 'Backup and restore').",
  'ops.backup.recent': 'Recent backups',
  'ops.backup.file': 'File',
  'ops.backup.started': 'Started',
  'ops.backup.status': 'Result',
  'ops.backup.status.running': 'Running',
  'ops.backup.status.ok': 'Succeeded',
  'ops.backup.status.failed': 'Failed',
};

registerMessages(exportBackupJa, exportBackupEn);
