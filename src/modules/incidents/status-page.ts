import type { ProviderStatus } from '../../contract/incidents.js';
import { formatJstEn, formatJstJa } from '../../platform/mail/templates.js';
import { html, type Raw } from '../../site/html.js';

const STATUS = {
  investigating: '調査中 / Investigating',
  identified: '原因特定 / Identified',
  monitoring: '経過観察 / Monitoring',
  resolved: '解決 / Resolved',
} as const;
const SEVERITY = { minor: '軽微 / Minor', major: '重大 / Major', critical: '緊急 / Critical' } as const;

const when = (iso: string) => `${formatJstJa(new Date(iso))} / ${formatJstEn(new Date(iso))}`;

/** The provider's public status page (稼働状況): open incidents and maintenance, no organisation named. */
export function renderStatusPage(status: ProviderStatus): string {
  const incidents: Raw[] = status.incidents.map(
    (i) => html`<article>
  <h3><span lang="ja">${i.title.ja}</span>${i.title.en ? html` / <span lang="en">${i.title.en}</span>` : ''}</h3>
  <p>${STATUS[i.status]} · ${SEVERITY[i.severity]}${i.functions.length ? ` · ${i.functions.join(', ')}` : ''}</p>
  <p lang="ja">${i.impact.ja}</p>
  <ol>${i.updates.map(
    (u) =>
      html`<li><time datetime="${u.at}">${when(u.at)}</time> — ${STATUS[u.status]}: <span lang="ja">${u.message.ja}</span>${u.message.en ? html` / <span lang="en">${u.message.en}</span>` : ''}</li>`,
  )}</ol>
</article>`,
  );
  const maintenance: Raw[] = status.maintenance.map(
    (m) =>
      html`<li><span lang="ja">${m.title.ja}</span>${m.title.en ? html` / <span lang="en">${m.title.en}</span>` : ''}: ${when(m.start)} – ${when(m.end)}</li>`,
  );
  return html`<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>mitte-C 稼働状況 / Service status</title>
</head>
<body>
<main>
<h1>mitte-C 稼働状況 <span lang="en">/ Service status</span></h1>
<h2>発生中の障害 <span lang="en">/ Open incidents</span></h2>
${incidents.length ? incidents : html`<p>現在、障害は発生していません。<span lang="en"> No open incidents.</span></p>`}
<h2>メンテナンスの予定 <span lang="en">/ Planned maintenance</span></h2>
${maintenance.length ? html`<ul>${maintenance}</ul>` : html`<p>予定されているメンテナンスはありません。<span lang="en"> No maintenance is planned.</span></p>`}
</main>
</body>
</html>
`.html;
}
