import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { defineRoute, type RouteDeps } from '../platform/http/route.js';
import { html } from './html.js';

const LANGUAGE_NAMES: Record<string, string> = {
  ja: '日本語',
  en: 'English',
  'zh-Hans': '简体中文',
  'zh-Hant': '繁體中文',
  ko: '한국어',
  th: 'ไทย',
};

/** The public tourism site. For now a placeholder home page per organisation. */
export function registerSiteRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const params = Type.Object({ serviceCode: Type.String({ maxLength: 64 }) });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/s/:serviceCode',
    access: { public: true },
    scope: 'tenant',
    schema: { summary: 'Public site root (redirect)', hide: true, params },
    async handler(ctx, _input, _request, reply) {
      return reply.redirect(`/s/${ctx.org!.serviceCode}/`, 301);
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/s/:serviceCode/',
    access: { public: true },
    scope: 'tenant',
    schema: { summary: 'Public site home (placeholder)', hide: true, params },
    async handler(ctx, _input, _request, reply) {
      const org = ctx.org!;
      const settings = await ctx.tx
        .selectFrom('tenant.site_settings')
        .select(['languages'])
        .where('org', '=', org.serviceCode)
        .executeTakeFirst();
      const languages = settings?.languages ?? ['ja'];
      const page = html`<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${org.nameJa} 観光情報</title>
<style>
body{font-family:"Hiragino Sans","Noto Sans CJK JP","Yu Gothic",sans-serif;margin:0;color:#1a1a1a;background:#fff;line-height:1.7}
header,main,footer{max-width:60rem;margin:0 auto;padding:1rem}
header{border-bottom:4px solid #0b5394}
a{color:#0b5394}
a:focus-visible{outline:3px solid #b45309;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
</style>
</head>
<body>
<a class="skip" href="#main">本文へ移動</a>
<header><p><strong>${org.nameJa}</strong> <span lang="en">${org.nameEn}</span></p></header>
<main id="main">
<h1>${org.nameJa} 観光情報サイト</h1>
<p>観光情報は準備中です。公開までしばらくお待ちください。</p>
<p lang="en">Tourism information for ${org.nameEn} is being prepared.</p>
<h2>対応言語</h2>
<ul>${languages.map((l) => html`<li lang="${l}">${LANGUAGE_NAMES[l] ?? l}</li>`)}</ul>
</main>
<footer><p><small>Powered by mitte-C</small></p></footer>
</body>
</html>`;
      reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60');
      return page.html;
    },
  });
}
