import { describe, expect, it } from 'vitest';
import { type SitemapPage, sitemapFileCount, sitemapIndexXml, sitemapXml } from './sitemap.js';

const page: SitemapPage = {
  settings: { languages: ['ja', 'en'], defaultLanguage: 'ja' },
  links: { prefix: '/s/town', origin: 'https://kanko.example.jp' },
};
const items = Array.from({ length: 7 }, (_, i) => ({
  id: `00000000-0000-4000-8000-00000000000${i}`,
  kind: 'spot' as const,
  published_at: new Date(Date.UTC(2026, 10, i + 1)),
  updated_at: new Date(Date.UTC(2026, 10, i + 1)),
}));
const locs = (xml: string | undefined) => [...(xml ?? '').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);

describe('sitemap files', () => {
  it('one file holds every section and item in every language, with alternates and x-default', () => {
    const xml = sitemapXml(page, items);
    // 6 sections + 7 items, in 2 languages.
    expect(locs(xml)).toHaveLength(26);
    expect(xml).toContain(
      '<loc>https://kanko.example.jp/s/town/en/spots/00000000-0000-4000-8000-000000000003</loc>',
    );
    expect(xml).toContain(
      'hreflang="x-default" href="https://kanko.example.jp/s/town/ja/spots/00000000-0000-4000-8000-000000000003"',
    );
    expect(sitemapFileCount(page, items)).toBe(1);
  });

  it('past the per-file limit the URLs are split across files without loss or overlap', () => {
    const perFile = 10;
    const files = sitemapFileCount(page, items, perFile);
    expect(files).toBe(3);
    const parts = Array.from({ length: files }, (_, i) => locs(sitemapXml(page, items, i + 1, perFile)));
    expect(parts.map((p) => p.length)).toEqual([10, 10, 6]);
    expect(parts.flat()).toEqual(locs(sitemapXml(page, items)));
    expect(sitemapXml(page, items, 4, perFile)).toBeUndefined();
    expect(sitemapXml(page, items, 0, perFile)).toBeUndefined();
  });

  it('the index names each file under the site prefix', () => {
    expect(locs(sitemapIndexXml(page, 3))).toEqual([
      'https://kanko.example.jp/s/town/sitemaps/1.xml',
      'https://kanko.example.jp/s/town/sitemaps/2.xml',
      'https://kanko.example.jp/s/town/sitemaps/3.xml',
    ]);
    const mapped = { ...page, links: { prefix: '', origin: 'https://www.town.example.jp' } };
    expect(locs(sitemapIndexXml(mapped, 1))).toEqual(['https://www.town.example.jp/sitemaps/1.xml']);
  });
});
