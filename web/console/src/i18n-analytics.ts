/** Messages of the visitor statistics page (アクセス解析). Registered into the catalogues (i18n.ts) when this module is first loaded. */

import { registerMessages } from './i18n';

export const analyticsJa = {
  'analytics.intro':
    '公開サイトの閲覧状況を日ごとに集計して表示します。表示回数、訪問者数、よく見られている観光スポットとイベント、言語、参照元、端末の内訳を確認できます。',
  'analytics.privacy':
    'Cookie は使わず、IP アドレスや個人を識別する情報は保存していません。「トラッキング拒否」（Do Not Track / Global Privacy Control）を設定している閲覧者と、検索エンジンなどのロボットは数えません。',
  'analytics.manualHint': '数え方の詳細は、利用者マニュアルの「アクセス解析」をご覧ください。',
  'analytics.loadFailed': 'アクセス解析のデータを読み込めませんでした。',

  'analytics.range.title': '集計期間',
  'analytics.range.hint': '日付は日本時間です。最長 366 日まで指定できます。',
  'analytics.range.from': '開始日',
  'analytics.range.to': '終了日',
  'analytics.range.submit': 'この期間で表示',
  'analytics.range.presets': 'よく使う期間',
  'analytics.range.preset': '直近 {days} 日',
  'analytics.range.invalid': '日付を「年-月-日」の形で正しく入力してください。',
  'analytics.range.order': '終了日は開始日と同じか、それより後の日付にしてください。',
  'analytics.range.tooLong': '期間は 366 日以内にしてください。',
  'analytics.range.showing': '{from} 〜 {to} の集計',

  'analytics.export': 'CSV で出力',
  'analytics.exportHint':
    '日付・ページ・言語・参照元・端末ごとの行を、Excel で開ける CSV（UTF-8 BOM 付き）で出力します。出力は監査ログに記録されます。',

  'analytics.total.views': '表示回数',
  'analytics.total.visitors': '訪問者数（日ごとの合計）',
  'analytics.total.visitorsHint':
    '訪問者数は日ごとに数えた人数の合計です。同じ人が 2 日訪れると 2 人と数えます。',

  'analytics.chart.title': '日ごとの推移',
  'analytics.chart.label':
    '{from} から {to} までの日ごとの表示回数と訪問者数の折れ線グラフ。合計 表示回数 {views}、訪問者数 {visitors}。',
  'analytics.chart.tableToggle': '日ごとの数値を表で見る',
  'analytics.chart.caption': '日ごとの表示回数と訪問者数',
  'analytics.col.day': '日付',
  'analytics.col.views': '表示回数',
  'analytics.col.visitors': '訪問者数',
  'analytics.col.share': '割合（表示回数）',
  'analytics.col.rank': '順位',
  'analytics.col.title': '名称',

  'analytics.topSpots': 'よく見られている観光スポット',
  'analytics.topEvents': 'よく見られているイベント',
  'analytics.deleted': '（削除済み）',
  'analytics.languages': '言語',
  'analytics.referrers': '参照元',
  'analytics.referrerNone': '直接・サイト内（参照元なし）',
  'analytics.devices': '端末',
  'analytics.device.mobile': 'スマートフォン',
  'analytics.device.tablet': 'タブレット',
  'analytics.device.desktop': 'パソコン',
  'analytics.pages': 'ページの種類',
  'analytics.page.home': 'トップページ',
  'analytics.page.spots': '観光スポット一覧',
  'analytics.page.spotDetail': '観光スポット詳細',
  'analytics.page.events': 'イベント一覧',
  'analytics.page.eventDetail': 'イベント詳細',
  'analytics.page.courses': 'モデルコース一覧',
  'analytics.page.courseDetail': 'モデルコース詳細',
  'analytics.page.articles': '特集記事一覧',
  'analytics.page.articleDetail': '特集記事詳細',
  'analytics.page.search': 'サイト内検索',
  'analytics.page.privacy': 'プライバシーポリシー',
  'analytics.empty': 'この期間の記録はありません。',
} as const;

export const analyticsEn: Record<keyof typeof analyticsJa, string> = {
  'analytics.intro':
    'Daily figures for the public site: page views, visitors, the most viewed spots and events, and the breakdown by language, referrer and device.',
  'analytics.privacy':
    'No cookies are used, and no IP address or other information that identifies a person is stored. Visitors who ask not to be tracked (Do Not Track / Global Privacy Control) and robots such as search engines are not counted.',
  'analytics.manualHint': 'How visits are counted is explained in the user manual, chapter “Analytics”.',
  'analytics.loadFailed': 'The analytics could not be loaded.',

  'analytics.range.title': 'Period',
  'analytics.range.hint': 'Dates are Japan time. At most 366 days.',
  'analytics.range.from': 'From',
  'analytics.range.to': 'To',
  'analytics.range.submit': 'Show this period',
  'analytics.range.presets': 'Common periods',
  'analytics.range.preset': 'Last {days} days',
  'analytics.range.invalid': 'Enter a valid date as year-month-day.',
  'analytics.range.order': 'The end date must be the same as the start date or later.',
  'analytics.range.tooLong': 'The period can be at most 366 days.',
  'analytics.range.showing': 'Figures for {from} – {to}',

  'analytics.export': 'Export CSV',
  'analytics.exportHint':
    'Exports one row per day, page, language, referrer and device as CSV for Excel (UTF-8 with BOM). Exports are recorded in the audit log.',

  'analytics.total.views': 'Page views',
  'analytics.total.visitors': 'Visitors (sum of daily visitors)',
  'analytics.total.visitorsHint':
    'Visitors are counted per day and added up: someone who visits on two days counts twice.',

  'analytics.chart.title': 'Over time',
  'analytics.chart.label':
    'Line chart of page views and visitors per day from {from} to {to}. Total page views {views}, visitors {visitors}.',
  'analytics.chart.tableToggle': 'Show the daily figures as a table',
  'analytics.chart.caption': 'Page views and visitors per day',
  'analytics.col.day': 'Day',
  'analytics.col.views': 'Page views',
  'analytics.col.visitors': 'Visitors',
  'analytics.col.share': 'Share (views)',
  'analytics.col.rank': 'Rank',
  'analytics.col.title': 'Name',

  'analytics.topSpots': 'Most viewed spots',
  'analytics.topEvents': 'Most viewed events',
  'analytics.deleted': '(deleted)',
  'analytics.languages': 'Languages',
  'analytics.referrers': 'Referrers',
  'analytics.referrerNone': 'Direct or from the site itself (no referrer)',
  'analytics.devices': 'Devices',
  'analytics.device.mobile': 'Smartphone',
  'analytics.device.tablet': 'Tablet',
  'analytics.device.desktop': 'Computer',
  'analytics.pages': 'Page types',
  'analytics.page.home': 'Home',
  'analytics.page.spots': 'Spot list',
  'analytics.page.spotDetail': 'Spot page',
  'analytics.page.events': 'Event calendar',
  'analytics.page.eventDetail': 'Event page',
  'analytics.page.courses': 'Model course list',
  'analytics.page.courseDetail': 'Model course page',
  'analytics.page.articles': 'Article list',
  'analytics.page.articleDetail': 'Article page',
  'analytics.page.search': 'Site search',
  'analytics.page.privacy': 'Privacy policy',
  'analytics.empty': 'Nothing was recorded in this period.',
};

registerMessages(analyticsJa, analyticsEn);
