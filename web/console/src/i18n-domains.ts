/** Messages of the operator's custom-domain screen (公開サイトのドメイン). Registered into the catalogues (i18n.ts) when this module is first loaded. */

import { registerMessages } from './i18n';

export const domainsJa = {
  'ops.orgs.col.siteDomain': '公開サイトのドメイン',
  'ops.orgs.domainNone': '未設定',
  'ops.orgs.domainEdit': 'ドメインを設定',
  'ops.orgs.domainEditFor': '「{name}」の公開サイトのドメインを設定',

  'ops.domain.title': '公開サイトのドメイン',
  'ops.domain.intro':
    '組織が独自のドメイン（例: kanko.example.lg.jp）で観光サイトを公開するときに設定します。設定すると、そのドメインへのアクセスはすべてこの組織の公開サイトとして表示され、管理コンソールや API には届きません。',
  'ops.domain.dnsHint':
    '設定の前に、組織の担当者にそのドメインの DNS をこのサービスのロードバランサーへ向けてもらい、TLS 証明書を用意してください。',
  'ops.domain.org': '組織: {name}（{serviceCode}）',
  'ops.domain.current': '現在のドメイン: {domain}',
  'ops.domain.currentNone': '現在、独自のドメインは設定されていません。',
  'ops.domain.label': 'ドメイン',
  'ops.domain.hint':
    'ホスト名だけを入力します（https:// やポート番号、パスは不要です）。日本語ドメインも入力できます。',
  'ops.domain.invalid': 'ドメインの形式が正しくありません（例: kanko.example.jp）。',
  'ops.domain.save': '保存する',
  'ops.domain.remove': 'ドメインの設定を外す',
  'ops.domain.saved': '「{name}」の公開サイトのドメインを {domain} に設定しました。',
  'ops.domain.removed': '「{name}」の公開サイトのドメインの設定を外しました。',
  'ops.domain.notFound': 'この組織は見つかりませんでした。',
  'ops.domain.back': '組織の一覧へ戻る',
} as const;

export const domainsEn: Record<keyof typeof domainsJa, string> = {
  'ops.orgs.col.siteDomain': 'Public site domain',
  'ops.orgs.domainNone': 'Not set',
  'ops.orgs.domainEdit': 'Set domain',
  'ops.orgs.domainEditFor': 'Set the public site domain of “{name}”',

  'ops.domain.title': 'Public site domain',
  'ops.domain.intro':
    "Set this when an organisation publishes its tourism site on its own domain (e.g. kanko.example.lg.jp). Every request to that domain is then the organisation's public site; the console and the API are not reachable there.",
  'ops.domain.dnsHint':
    "Before you set it, the organisation must point the domain's DNS at this service's load balancer and a TLS certificate must be in place.",
  'ops.domain.org': 'Organisation: {name} ({serviceCode})',
  'ops.domain.current': 'Current domain: {domain}',
  'ops.domain.currentNone': 'No domain of its own is set.',
  'ops.domain.label': 'Domain',
  'ops.domain.hint': 'The host name only (no https://, port or path). Japanese domain names are accepted.',
  'ops.domain.invalid': 'This is not a valid domain (e.g. kanko.example.jp).',
  'ops.domain.save': 'Save',
  'ops.domain.remove': 'Remove the domain',
  'ops.domain.saved': 'The public site domain of “{name}” is now {domain}.',
  'ops.domain.removed': 'The public site domain of “{name}” was removed.',
  'ops.domain.notFound': 'This organisation was not found.',
  'ops.domain.back': 'Back to the organisations',
};

registerMessages(domainsJa, domainsEn);
