import { describe, expect, it } from 'vitest';
import {
  describeUserAgent,
  formatDate,
  formatJst,
  groupSecret,
  isPast,
  normaliseRecoveryCode,
  normaliseTotpCode,
  svgDataUri,
  toHalfWidth,
} from './format';

describe('formatJst', () => {
  it('shows a UTC instant in Japan Standard Time', () => {
    expect(formatJst('2025-03-31T15:04:00Z')).toBe('2025/04/01 00:04');
    expect(formatJst('2025-01-05T00:00:00.000Z')).toBe('2025/01/05 09:00');
  });

  it('honours an explicit offset in the input', () => {
    expect(formatJst('2025-07-01T10:30:00+09:00')).toBe('2025/07/01 10:30');
  });

  it('crosses the year boundary', () => {
    expect(formatJst('2024-12-31T15:00:00Z')).toBe('2025/01/01 00:00');
  });

  it('is undefined for null, empty and unparseable values', () => {
    expect(formatJst(null)).toBeUndefined();
    expect(formatJst(undefined)).toBeUndefined();
    expect(formatJst('')).toBeUndefined();
    expect(formatJst('yesterday')).toBeUndefined();
  });
});

describe('formatDate', () => {
  it('formats calendar dates without shifting them', () => {
    expect(formatDate('2025-04-01')).toBe('2025/04/01');
  });

  it('takes the JST date of an instant', () => {
    expect(formatDate('2025-03-31T15:00:00Z')).toBe('2025/04/01');
    expect(formatDate(null)).toBeUndefined();
  });
});

describe('isPast', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('compares with now', () => {
    expect(isPast('2024-12-31T23:59:59Z', now)).toBe(true);
    expect(isPast('2025-01-01T00:00:01Z', now)).toBe(false);
    expect(isPast(null, now)).toBe(false);
    expect(isPast('nonsense', now)).toBe(false);
  });
});

describe('groupSecret', () => {
  it('groups a base32 secret by four', () => {
    expect(groupSecret('JBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP');
    expect(groupSecret('jbswy3dpehpk3pxpab')).toBe('JBSW Y3DP EHPK 3PXP AB');
    expect(groupSecret('JBSW Y3DP')).toBe('JBSW Y3DP');
    expect(groupSecret('')).toBe('');
  });
});

describe('code normalisation', () => {
  it('turns full-width characters typed with a Japanese IME into ASCII', () => {
    expect(toHalfWidth('１２３ＡＢＣ－ｘ')).toBe('123ABC-x');
    expect(toHalfWidth('a\u3000b')).toBe('a b');
  });

  it('accepts 6-digit TOTP codes with spaces or full-width digits', () => {
    expect(normaliseTotpCode('123456')).toBe('123456');
    expect(normaliseTotpCode(' 123 456 ')).toBe('123456');
    expect(normaliseTotpCode('１２３４５６')).toBe('123456');
    expect(normaliseTotpCode('12345')).toBeUndefined();
    expect(normaliseTotpCode('1234567')).toBeUndefined();
    expect(normaliseTotpCode('12345a')).toBeUndefined();
    expect(normaliseTotpCode('')).toBeUndefined();
  });

  it('writes recovery codes as abcd-efgh-ijkl', () => {
    expect(normaliseRecoveryCode('abcd-efgh-ijkl')).toBe('abcd-efgh-ijkl');
    expect(normaliseRecoveryCode('ABCD EFGH IJKL')).toBe('abcd-efgh-ijkl');
    expect(normaliseRecoveryCode('abcdefgh1234')).toBe('abcd-efgh-1234');
    expect(normaliseRecoveryCode('ａｂｃｄーｅｆｇｈーｉｊｋｌ')).toBe('abcd-efgh-ijkl');
    expect(normaliseRecoveryCode('abcd-efgh')).toBeUndefined();
    expect(normaliseRecoveryCode('abcd-efgh-ijk!')).toBeUndefined();
    expect(normaliseRecoveryCode('123456')).toBeUndefined();
  });
});

describe('svgDataUri', () => {
  it('percent-encodes the SVG so quotes and # cannot break the attribute', () => {
    const uri = svgDataUri('<svg xmlns="http://www.w3.org/2000/svg"><path fill="#000"/></svg>');
    expect(uri.startsWith('data:image/svg+xml;utf8,')).toBe(true);
    expect(uri).not.toMatch(/["#<>]/);
    expect(decodeURIComponent(uri.slice('data:image/svg+xml;utf8,'.length))).toContain('fill="#000"');
  });
});

describe('describeUserAgent', () => {
  it.each([
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      'Edge (Windows)',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'Chrome (Windows)',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0',
      'Firefox (macOS)',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'Safari (iOS)',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
      'Chrome (Android)',
    ],
    ['curl/8.5.0', ''],
  ])('%s', (ua, expected) => {
    expect(describeUserAgent(ua)).toBe(expected);
  });
});
