/** Messages of the capacity screens (ops 容量, the admins' 契約 page). Registered into the catalogues (i18n.ts) when this module is first loaded. */

import { registerMessages } from './i18n';

export const capacityJa = {
  'capacity.title': '利用状況と容量',
  'capacity.intro':
    '保存容量（元ファイルと派生画像）、メディア数、アカウント数、コンテンツ数、公開ページの閲覧数と API リクエスト数です。',
  'capacity.own': 'ご利用状況',
  'capacity.ownIntro':
    '保存容量の上限の変更はサービスの運営担当にご依頼ください。API リクエスト数は 1 分ごとに集計されます。',
  'capacity.originals': '元ファイル',
  'capacity.derivatives': '派生画像（縮小版・WebP）',
  'capacity.mediaFiles': 'メディア数',
  'capacity.users': 'アカウント数',
  'capacity.items': 'コンテンツ数',
  'capacity.itemsByKind': 'スポット {spot}・イベント {event}・モデルコース {course}・特集 {article}',
  'capacity.count': '{count} 件',
  'capacity.days': '日別の閲覧数と API リクエスト数',
  'capacity.col.day': '日付',
  'capacity.col.pageViews': '公開ページ閲覧数',
  'capacity.col.apiRequests': 'API リクエスト数',
  'capacity.loadFailed': '利用状況を読み込めませんでした。',

  'ops.capacity.intro':
    '組織ごとの利用状況です。保存容量の上限に近い組織（90% 以上）は目立つように表示されます。上限の変更は監査ログ（運営と組織の両方）に記録されます。',
  'ops.capacity.caption': '組織ごとの利用状況（{count} 組織）',
  'ops.capacity.col.org': '組織',
  'ops.capacity.col.storage': '保存容量（使用 / 上限）',
  'ops.capacity.col.media': 'メディア',
  'ops.capacity.col.users': 'アカウント',
  'ops.capacity.col.items': 'コンテンツ',
  'ops.capacity.col.today': '本日の閲覧 / API',
  'ops.capacity.storageOf': '{used} / {quota}（{percent}%）',
  'ops.capacity.nearQuota': '上限間近',
  'ops.capacity.detail': '詳細と上限の変更',
  'ops.capacity.detailFor': '詳細と上限の変更（{name}）',
  'ops.capacity.orgTitle': '「{name}」（{serviceCode}）の利用状況',
  'ops.capacity.quotaTitle': '保存容量の上限を変更する',
  'ops.capacity.quotaLabel': '新しい上限（GB、0〜102400）',
  'ops.capacity.quotaInvalid': '上限は 0 以上 102400 以下の数（GB）で入力してください。',
  'ops.capacity.reasonLabel': '理由（任意。監査ログに記録されます）',
  'ops.capacity.save': '上限を変更する',
  'ops.capacity.saved': '保存容量の上限を {quota} に変更しました。',
  'ops.capacity.back': '容量の一覧へ戻る',
  'ops.operators.right.ops:capacity': '容量（利用状況と保存容量の上限）',
} as const;

export const capacityEn: Record<keyof typeof capacityJa, string> = {
  'capacity.title': 'Usage and capacity',
  'capacity.intro':
    'Storage (original files and derivatives), media files, accounts, content items, public page views and API requests.',
  'capacity.own': 'Your usage',
  'capacity.ownIntro':
    "Ask the service's operators to change the storage quota. API requests are counted every minute.",
  'capacity.originals': 'Original files',
  'capacity.derivatives': 'Derivatives (smaller sizes, WebP)',
  'capacity.mediaFiles': 'Media files',
  'capacity.users': 'Accounts',
  'capacity.items': 'Content items',
  'capacity.itemsByKind': 'Spots {spot}, events {event}, model courses {course}, articles {article}',
  'capacity.count': '{count}',
  'capacity.days': 'Page views and API requests per day',
  'capacity.col.day': 'Day',
  'capacity.col.pageViews': 'Public page views',
  'capacity.col.apiRequests': 'API requests',
  'capacity.loadFailed': 'The usage could not be loaded.',

  'ops.capacity.intro':
    "Each organisation's usage. Organisations using 90 % or more of their storage quota are marked. Quota changes are recorded in the audit log (the provider's and the organisation's).",
  'ops.capacity.caption': 'Usage per organisation ({count} organisations)',
  'ops.capacity.col.org': 'Organisation',
  'ops.capacity.col.storage': 'Storage (used / quota)',
  'ops.capacity.col.media': 'Media',
  'ops.capacity.col.users': 'Accounts',
  'ops.capacity.col.items': 'Content',
  'ops.capacity.col.today': 'Today: views / API',
  'ops.capacity.storageOf': '{used} / {quota} ({percent}%)',
  'ops.capacity.nearQuota': 'Near the quota',
  'ops.capacity.detail': 'Details and quota',
  'ops.capacity.detailFor': 'Details and quota ({name})',
  'ops.capacity.orgTitle': 'Usage of “{name}” ({serviceCode})',
  'ops.capacity.quotaTitle': 'Change the storage quota',
  'ops.capacity.quotaLabel': 'New quota (GB, 0–102400)',
  'ops.capacity.quotaInvalid': 'Enter the quota as a number of GB from 0 to 102400.',
  'ops.capacity.reasonLabel': 'Reason (optional; kept in the audit log)',
  'ops.capacity.save': 'Change the quota',
  'ops.capacity.saved': 'The storage quota is now {quota}.',
  'ops.capacity.back': 'Back to capacity',
  'ops.operators.right.ops:capacity': 'Capacity (usage and storage quotas)',
} as const;

registerMessages(capacityJa, capacityEn);
