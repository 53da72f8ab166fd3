import { describe, expect, it } from 'vitest';
import { assertOutboundUrl, isPublicAddress } from './outbound-url.js';

describe('outbound URL guard', () => {
  it('refuses loopback, private, link-local, metadata and reserved addresses in every spelling', () => {
    for (const address of [
      '127.0.0.1',
      '127.1.2.3',
      '0.0.0.0',
      '10.1.2.3',
      '100.64.0.1',
      '169.254.169.254',
      '172.16.0.1',
      '192.168.0.1',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:a9fe:a9fe',
      '::ffff:0:7f00:1',
      '64:ff9b::7f00:1',
      'fd00::1',
      'fe80::1',
      'ff02::1',
      'not an address',
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });

  it('lets public addresses through, also IPv4-mapped ones', () => {
    for (const address of ['93.184.216.34', '2606:4700::1111', '::ffff:93.184.216.34', '::ffff:5db8:d822']) {
      expect(isPublicAddress(address), address).toBe(true);
    }
  });

  it('refuses literal hosts as the URL parser normalises them (decimal, octal, hex, mapped IPv6)', () => {
    for (const url of [
      'http://2130706433/',
      'http://0177.0.0.1/',
      'http://0x7f.1/',
      'http://[::ffff:127.0.0.1]/',
      'http://[0:0:0:0:0:ffff:7f00:1]/',
      'http://localhost/',
      'http://a.localhost/',
      'file:///etc/passwd',
      'https://user:pw@example.com/',
    ]) {
      expect(() => assertOutboundUrl(new URL(url)), url).toThrow(/refused/);
    }
    expect(() => assertOutboundUrl(new URL('https://example.com/feed.json'))).not.toThrow();
    expect(() =>
      assertOutboundUrl(new URL('http://mirror.internal:8080/'), {
        allowedPrivateHosts: ['mirror.internal'],
      }),
    ).not.toThrow();
  });
});
