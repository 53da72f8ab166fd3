import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { parseSiteDomain, requestHostName, SiteDomainMap, UNKNOWN_HOST_PATH } from './site-domains.js';

describe('parseSiteDomain', () => {
  it('lower-cases, drops a trailing dot and stores IDN as punycode', () => {
    expect(parseSiteDomain('  Kanko.Example.JP. ', 'mitte.example.com')).toBe('kanko.example.jp');
    expect(parseSiteDomain('観光.example.jp', 'mitte.example.com')).toBe('xn--54q388k.example.jp');
  });

  it.each([
    'https://kanko.example.jp',
    'kanko.example.jp:8443',
    'kanko.example.jp/path',
    'localhost',
    '192.168.0.1',
    '-bad.example.jp',
    'a..b.jp',
    `${'a'.repeat(64)}.jp`,
    'under_score.example.jp',
  ])('refuses %s, naming the field', (input) => {
    expect(() => parseSiteDomain(input, 'mitte.example.com')).toThrow(
      expect.objectContaining({ status: 400, field: 'siteDomain' }),
    );
  });

  it("refuses the service's own host", () => {
    expect(() => parseSiteDomain('Mitte.Example.com', 'mitte.example.com')).toThrow(
      expect.objectContaining({ status: 400, field: 'siteDomain' }),
    );
  });
});

describe('requestHostName', () => {
  it('drops the port and case; never maps IP literals in brackets', () => {
    expect(requestHostName('Kanko.Example.JP:8080')).toBe('kanko.example.jp');
    expect(requestHostName('kanko.example.jp.')).toBe('kanko.example.jp');
    expect(requestHostName('[::1]:8080')).toBeUndefined();
    expect(requestHostName(undefined)).toBeUndefined();
  });
});

describe('SiteDomainMap.rewrite', () => {
  function mapWith(trustProxy: boolean | string[]) {
    const map = new SiteDomainMap({} as Database, trustProxy);
    (map as unknown as { byHost: Map<string, string> }).byHost = new Map([['kanko.example.jp', 'kiyomizu']]);
    return map;
  }
  function request(url: string, headers: Record<string, string>, remoteAddress = '10.0.0.5') {
    return { url, headers, socket: { remoteAddress } } as unknown as IncomingMessage;
  }

  it('rewrites every path on a mapped host and marks the request', () => {
    const map = mapWith(false);
    const req = request('/robots.txt?x=1', { host: 'KANKO.example.jp:443' });
    expect(map.rewrite(req)).toBe('/s/kiyomizu/robots.txt?x=1');
    expect(req.mitteMappedDomain).toBe('kanko.example.jp');
    expect(map.rewrite(request('/', { host: 'kanko.example.jp' }))).toBe('/s/kiyomizu/');
    expect(map.rewrite(request('/console/', { host: 'kanko.example.jp' }))).toBe('/s/kiyomizu/console/');
  });

  it('leaves other hosts alone', () => {
    const req = request('/console/', { host: 'mitte.example.com' });
    expect(mapWith(false).rewrite(req)).toBe('/console/');
    expect(req.mitteMappedDomain).toBeUndefined();
  });

  it('reads X-Forwarded-Host only from a trusted proxy', () => {
    const headers = { host: 'mitte.internal', 'x-forwarded-host': 'kanko.example.jp' };
    expect(mapWith(false).rewrite(request('/', headers))).toBe('/');
    expect(mapWith(['10.0.0.0/8']).rewrite(request('/', headers))).toBe('/s/kiyomizu/');
    expect(mapWith(['10.0.0.0/8']).rewrite(request('/', headers, '192.0.2.1'))).toBe('/');
    expect(mapWith(['127.0.0.1']).rewrite(request('/', headers, '::ffff:127.0.0.1'))).toBe('/s/kiyomizu/');
    expect(mapWith(true).rewrite(request('/', headers, '192.0.2.1'))).toBe('/s/kiyomizu/');
  });
});

describe('strict host check', () => {
  function strictMap() {
    const map = new SiteDomainMap({} as Database, false, {
      strict: true,
      serviceHosts: ['mitte.example.com', 'mitte.internal'],
    });
    (map as unknown as { byHost: Map<string, string> }).byHost = new Map([['kanko.example.jp', 'kiyomizu']]);
    return map;
  }
  const on = (host: string, url = '/healthz') =>
    strictMap().rewrite({ url, headers: { host }, socket: {} } as unknown as IncomingMessage);

  it('answers under the service hosts, mapped domains, IP literals and localhost', () => {
    expect(on('Mitte.Example.com:443')).toBe('/healthz');
    expect(on('mitte.internal')).toBe('/healthz');
    expect(on('kanko.example.jp', '/')).toBe('/s/kiyomizu/');
    expect(on('10.0.0.7:8080')).toBe('/healthz');
    expect(on('[::1]:8080')).toBe('/healthz');
    expect(on('localhost:8080')).toBe('/healthz');
  });

  it('sends every path of any other host to the unknown-host path (404)', () => {
    expect(on('unknown.example.jp', '/s/kiyomizu/ja/')).toBe(`${UNKNOWN_HOST_PATH}/s/kiyomizu/ja/`);
    expect(on('evil.example.com', '/console/')).toBe(`${UNKNOWN_HOST_PATH}/console/`);
  });

  it('is off unless asked for: other hosts pass unchanged', () => {
    const map = new SiteDomainMap({} as Database, false);
    const req = {
      url: '/x',
      headers: { host: 'unknown.example.jp' },
      socket: {},
    } as unknown as IncomingMessage;
    expect(map.rewrite(req)).toBe('/x');
  });
});
