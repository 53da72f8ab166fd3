import { describe, expect, it } from 'vitest';
import { ALLOWED_ATTRIBUTES, ALLOWED_TAGS, renderArticleMarkdown, sanitizeArticleHtml } from './markdown.js';
import { XSS_PAYLOADS } from './xss-payloads.js';

/** Every real tag in the output. Text '<' is always escaped as &lt;, so each '<' here opens a tag. */
function tags(html: string): string[] {
  return html.match(/<[^>]*>/g) ?? [];
}

/** Every href and src in the output, entity-decoded the way a browser would read it. */
function urlValues(html: string): string[] {
  const values: string[] = [];
  for (const tag of tags(html)) {
    for (const m of tag.matchAll(/\s(?:href|src)="([^"]*)"/gi)) {
      values.push(
        m[1]!
          .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
          .replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Number(d)))
          .replace(/&colon;/gi, ':')
          .replace(/&amp;/g, '&'),
      );
    }
  }
  return values;
}

describe('renderArticleMarkdown against XSS payloads', () => {
  it('has a list of at least 30 payloads', () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(XSS_PAYLOADS.map((p) => [p]))('neutralises %j', (payload) => {
    const embedded = `# 見出し\n\n本文です。${payload} 続き。\n\n- 項目 ${payload}`;
    // Through both layers, alone and inside ordinary text; and the sanitiser alone on raw HTML,
    // in case markdown-it ever lets markup through.
    const outputs = [
      renderArticleMarkdown(payload),
      renderArticleMarkdown(embedded),
      sanitizeArticleHtml(payload),
      sanitizeArticleHtml(`<p>本文 ${payload}</p>`),
    ];
    for (const html of outputs) {
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<(style|iframe|object|embed|svg|math|form|meta|base|body|div)\b/i);
      for (const tag of tags(html)) {
        const name = /^<\/?([a-z0-9]+)/i.exec(tag)?.[1]?.toLowerCase() ?? '';
        expect(ALLOWED_TAGS).toContain(name);
        // Attribute names only: quoted values may legitimately contain "onerror=" as text (alt).
        const names = [...tag.replace(/"[^"]*"/g, '""').matchAll(/\s([^\s=/>]+)=/g)].map((m) => m[1]);
        for (const attr of names) expect(ALLOWED_ATTRIBUTES[name] ?? []).toContain(attr);
      }
      for (const value of urlValues(html)) {
        // Strip what browsers ignore inside a scheme before checking it.
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the point here
        const compact = value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
        expect(compact).not.toMatch(/^(javascript|vbscript|data|file):/);
      }
      for (const tag of tags(html).filter((t) => t.startsWith('<a '))) {
        expect(tag).toMatch(/^<a href="(https?:\/\/|mailto:)[^"]*" rel="noopener noreferrer">$/);
      }
      for (const tag of tags(html).filter((t) => t.startsWith('<img '))) {
        expect(tag).toMatch(/ src="(https:\/\/|\/(?!\/)|[^":]+")/);
      }
    }
  });
});

describe('renderArticleMarkdown with ordinary articles', () => {
  it('renders Japanese headings, paragraphs and emphasis', () => {
    const html = renderArticleMarkdown('## 春の見どころ\n\n**桜並木**が*見頃*です。\n二行目です。');
    expect(html).toBe(
      '<h2>春の見どころ</h2>\n<p><strong>桜並木</strong>が<em>見頃</em>です。<br />\n二行目です。</p>\n',
    );
  });

  it('turns h1 into h2 (the page title is the only h1)', () => {
    expect(renderArticleMarkdown('# 特集')).toBe('<h2>特集</h2>\n');
  });

  it('renders lists, quotes, code, rules and tables', () => {
    const md = [
      '1. 清水寺',
      '2. 三年坂',
      '',
      '- 徒歩 10 分',
      '',
      '> 町の人の声',
      '',
      '```',
      'const a = 1 < 2;',
      '```',
      '',
      '---',
      '',
      '| 施設 | 料金 |',
      '|:--|--:|',
      '| 資料館 | 300円 |',
    ].join('\n');
    const html = renderArticleMarkdown(md);
    expect(html).toContain('<ol>\n<li>清水寺</li>\n<li>三年坂</li>\n</ol>');
    expect(html).toContain('<ul>\n<li>徒歩 10 分</li>\n</ul>');
    expect(html).toContain('<blockquote>\n<p>町の人の声</p>\n</blockquote>');
    expect(html).toContain('<pre><code>const a = 1 &lt; 2;\n</code></pre>');
    expect(html).toContain('<hr />');
    // Alignment styles are dropped with every other style attribute.
    expect(html).toContain('<th>施設</th>');
    expect(html).toContain('<td>300円</td>');
  });

  it('keeps ordered list start numbers and code language classes', () => {
    expect(renderArticleMarkdown('3. 三番目')).toContain('<ol start="3">');
    expect(renderArticleMarkdown('```js\nx\n```')).toContain('<code class="language-js">');
  });

  it('links http, https and mailto with rel="noopener noreferrer", and auto-links bare URLs', () => {
    expect(renderArticleMarkdown('[観光協会](https://example.jp/kanko)')).toBe(
      '<p><a href="https://example.jp/kanko" rel="noopener noreferrer">観光協会</a></p>\n',
    );
    expect(renderArticleMarkdown('[問合せ](mailto:info@example.jp)')).toContain(
      '<a href="mailto:info@example.jp" rel="noopener noreferrer">',
    );
    expect(renderArticleMarkdown('詳細は https://example.jp/ を参照')).toContain(
      '<a href="https://example.jp/" rel="noopener noreferrer">https://example.jp/</a>',
    );
  });

  it('keeps the text of a link whose address is not allowed', () => {
    expect(renderArticleMarkdown('[地図](/spots/1)')).toBe('<p>地図</p>\n');
    // Typed HTML stays text; only the bare URL inside it is auto-linked.
    expect(renderArticleMarkdown('<a href="https://example.jp" onclick="alert(1)">x</a>')).toBe(
      '<p>&lt;a href="<a href="https://example.jp" rel="noopener noreferrer">https://example.jp</a>" onclick="alert(1)"&gt;x&lt;/a&gt;</p>\n',
    );
  });

  it('allows https and same-site images with alt text, and drops others', () => {
    expect(renderArticleMarkdown('![桜の写真](https://example.jp/sakura.jpg)')).toBe(
      '<p><img src="https://example.jp/sakura.jpg" alt="桜の写真" /></p>\n',
    );
    expect(renderArticleMarkdown('![地図](/media/map.png)')).toContain(
      '<img src="/media/map.png" alt="地図" />',
    );
    expect(renderArticleMarkdown('![写真](http://example.jp/a.jpg)')).toBe('<p></p>\n');
    expect(renderArticleMarkdown('![写真](//example.jp/a.jpg)')).toBe('<p></p>\n');
  });

  it('shows typed HTML as text', () => {
    expect(renderArticleMarkdown('2 < 3 & <b>太字</b>')).toBe(
      '<p>2 &lt; 3 &amp; &lt;b&gt;太字&lt;/b&gt;</p>\n',
    );
  });
});
