import { describe, expect, it } from 'vitest';
import { isValidLgCode, lgCodeCheckDigit } from './lg-code.js';

describe('全国地方公共団体コード check digit', () => {
  // Real codes covering the remainder edge cases: 10 → 0 (長野県), 0 → 1 (大分県).
  it.each([
    ['011002', '札幌市'],
    ['131016', '千代田区'],
    ['141003', '横浜市'],
    ['200000', '長野県'],
    ['440001', '大分県'],
    ['130001', '東京都'],
    ['262013', '京都市'],
  ])('accepts %s (%s)', (code) => {
    expect(isValidLgCode(code)).toBe(true);
  });

  it('rejects a wrong check digit, wrong length and non-digits', () => {
    expect(isValidLgCode('011003')).toBe(false);
    expect(isValidLgCode('01100')).toBe(false);
    expect(isValidLgCode('0110020')).toBe(false);
    expect(isValidLgCode('01100a')).toBe(false);
  });

  it('computes the digit from the first five', () => {
    expect(lgCodeCheckDigit('13101')).toBe(6);
    expect(lgCodeCheckDigit('44000')).toBe(1);
    expect(lgCodeCheckDigit('20000')).toBe(0);
  });
});
