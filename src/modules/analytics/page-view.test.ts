import { describe, expect, it } from 'vitest';
import { deviceClass, optedOut, pageFromRoute, referrerDomain } from './page-view.js';

const ID = '0b9c6f0e-3c1a-4f55-9a65-3f1f7e2d1c00';

/** A page that is not one content item's (home, lists, search). */
const plainPage = (page: string, lang: string) => ({ page, contentKind: '', contentId: '', lang });

describe('pageFromRoute', () => {
  it('names list, search and home pages by their pattern below the language', () => {
    expect(pageFromRoute('/s/:serviceCode/:lang/', { lang: 'en' })).toEqual(plainPage('home', 'en'));
    expect(pageFromRoute('/s/:serviceCode/:lang', { lang: 'ja' })?.page).toBe('home');
    expect(pageFromRoute('/s/:serviceCode/:lang/spots/', { lang: 'ko' })?.page).toBe('spots');
    expect(pageFromRoute('/s/:serviceCode/:lang/search', { lang: 'zh-Hans' })).toEqual(
      plainPage('search', 'zh-Hans'),
    );
    expect(pageFromRoute('/s/:serviceCode/:lang/privacy', { lang: 'th' })?.page).toBe('privacy');
  });

  it('detail pages carry their content kind and id', () => {
    for (const [segment, kind] of [
      ['spots', 'spot'],
      ['events', 'event'],
      ['courses', 'course'],
      ['articles', 'article'],
    ] as const) {
      expect(pageFromRoute(`/s/:serviceCode/:lang/${segment}/:id`, { lang: 'ja', id: ID })).toEqual({
        page: `${segment}/:id`,
        contentKind: kind,
        contentId: ID,
        lang: 'ja',
      });
    }
    expect(
      pageFromRoute('/s/:serviceCode/:lang/spots/:id', { lang: 'ja', id: ID.toUpperCase() })?.contentId,
    ).toBe(ID);
  });

  it('the placeholder home counts as the Japanese home page', () => {
    expect(pageFromRoute('/s/:serviceCode/', { serviceCode: 'demo' })).toEqual(plainPage('home', 'ja'));
  });

  it('anything else is not a page: other routes, unknown languages, malformed ids', () => {
    expect(pageFromRoute(undefined, {})).toBeNull();
    expect(pageFromRoute('/api/v1/public/:serviceCode/spots', {})).toBeNull();
    expect(pageFromRoute('/s/:serviceCode', {})).toBeNull();
    expect(pageFromRoute('/s/:serviceCode/sitemap.xml', {})).toBeNull();
    expect(pageFromRoute('/s/:serviceCode/:langx/', { langx: 'ja' })).toBeNull();
    expect(pageFromRoute('/s/:serviceCode/:lang/', { lang: 'xx' })).toBeNull();
    expect(pageFromRoute('/s/:serviceCode/:lang/spots/:id', { lang: 'ja', id: '1 OR 1=1' })).toBeNull();
    expect(pageFromRoute('/s/:serviceCode/:lang/spots/:id', { lang: 'ja' })).toBeNull();
  });
});

describe('referrerDomain', () => {
  const own = ['kanko.example.jp', '127.0.0.1'];

  it('keeps only the host, lower case, of web referrers', () => {
    expect(referrerDomain('https://www.Google.co.jp/search?q=%E6%BB%9D', own)).toBe('www.google.co.jp');
    expect(referrerDomain('http://blog.example.com:8080/2026/trip.html#top', own)).toBe('blog.example.com');
    expect(referrerDomain('https://example.org./', own)).toBe('example.org');
  });

  it('is empty for none, the site itself, other schemes and garbage', () => {
    expect(referrerDomain(undefined, own)).toBe('');
    expect(referrerDomain('', own)).toBe('');
    expect(referrerDomain('https://KANKO.example.jp/s/demo/ja/', own)).toBe('');
    expect(referrerDomain('http://127.0.0.1:8080/s/demo/ja/', own)).toBe('');
    expect(referrerDomain('android-app://com.google.android.gm/', own)).toBe('');
    expect(referrerDomain('file:///etc/passwd', own)).toBe('');
    expect(referrerDomain('not a url', own)).toBe('');
  });
});

describe('deviceClass', () => {
  const cases: [string, string][] = [
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'mobile',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
      'mobile',
    ],
    [
      'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
      'tablet',
    ],
    [
      'Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
      'tablet',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
      'desktop',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      'desktop',
    ],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'desktop'],
  ];
  it.each(cases)('%s → %s', (ua, expected) => {
    expect(deviceClass(ua)).toBe(expected);
  });
});

describe('optedOut', () => {
  it('honours DNT: 1 and Sec-GPC: 1 only', () => {
    expect(optedOut({ dnt: '1' })).toBe(true);
    expect(optedOut({ 'sec-gpc': '1' })).toBe(true);
    expect(optedOut({ dnt: '0' })).toBe(false);
    expect(optedOut({})).toBe(false);
  });
});
