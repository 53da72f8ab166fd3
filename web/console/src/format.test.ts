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
import { answers } from './test-tables';

describe('formatJst', () => {
  // A UTC instant in Japan Standard Time (an explicit offset honoured, across the year boundary);
  // undefined for null, empty and unparseable values.
  answers('formatJst', formatJst, [
    ['2025-03-31T15:04:00Z', '2025/04/01 00:04'],
    ['2025-01-05T00:00:00.000Z', '2025/01/05 09:00'],
    ['2025-07-01T10:30:00+09:00', '2025/07/01 10:30'],
    ['2024-12-31T15:00:00Z', '2025/01/01 00:00'],
    [null, undefined],
    [undefined, undefined],
    ['', undefined],
    ['yesterday', undefined],
  ]);
});

describe('formatDate', () => {
  // Calendar dates are not shifted; an instant gives its JST date.
  answers('formatDate', formatDate, [
    ['2025-04-01', '2025/04/01'],
    ['2025-03-31T15:00:00Z', '2025/04/01'],
    [null, undefined],
  ]);
});

describe('isPast', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  answers('isPast', (iso: string | null) => isPast(iso, now), [
    ['2024-12-31T23:59:59Z', true],
    ['2025-01-01T00:00:01Z', false],
    [null, false],
    ['nonsense', false],
  ]);
});

describe('groupSecret', () => {
  // A base32 secret in groups of four.
  answers('groupSecret', groupSecret, [
    ['JBSWY3DPEHPK3PXP', 'JBSW Y3DP EHPK 3PXP'],
    ['jbswy3dpehpk3pxpab', 'JBSW Y3DP EHPK 3PXP AB'],
    ['JBSW Y3DP', 'JBSW Y3DP'],
    ['', ''],
  ]);
});

describe('code normalisation', () => {
  // Full-width characters typed with a Japanese IME become ASCII.
  answers('toHalfWidth', toHalfWidth, [
    ['１２３ＡＢＣ－ｘ', '123ABC-x'],
    ['a\u3000b', 'a b'],
  ]);
  // 6-digit TOTP codes, with spaces or full-width digits.
  answers('normaliseTotpCode', normaliseTotpCode, [
    ['123456', '123456'],
    [' 123 456 ', '123456'],
    ['１２３４５６', '123456'],
    ['12345', undefined],
    ['1234567', undefined],
    ['12345a', undefined],
    ['', undefined],
  ]);
  // Recovery codes are written abcd-efgh-ijkl.
  answers('normaliseRecoveryCode', normaliseRecoveryCode, [
    ['abcd-efgh-ijkl', 'abcd-efgh-ijkl'],
    ['ABCD EFGH IJKL', 'abcd-efgh-ijkl'],
    ['abcdefgh1234', 'abcd-efgh-1234'],
    ['ａｂｃｄーｅｆｇｈーｉｊｋｌ', 'abcd-efgh-ijkl'],
    ['abcd-efgh', undefined],
    ['abcd-efgh-ijk!', undefined],
    ['123456', undefined],
  ]);
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
