import { describe, expect, it } from 'vitest';
import {
  checkPasswordPolicy,
  commonPasswordCount,
  isCommonPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
} from './password-policy.js';

const context = { email: 'hanako.kankou@city.example.lg.jp', serviceCode: 'kyoto-city' };

function expectRefused(password: string, field: string, ja: RegExp, en: RegExp) {
  const result = checkPasswordPolicy(password, context, field);
  expect(result).not.toBeNull();
  expect(result?.field).toBe(field);
  expect(result?.message.ja).toMatch(ja);
  expect(result?.message.en).toMatch(en);
}

describe('password policy', () => {
  it('accepts a strong passphrase', () => {
    expect(checkPasswordPolicy('Murasaki-tsutsuji blooms over Lake 7', context)).toBeNull();
    expect(checkPasswordPolicy('vK3#p9!qLz@Tw2', context)).toBeNull();
  });

  it('refuses a short password, in both languages, on the given field', () => {
    expectRefused('Xk9#vLq2!p', 'newPassword', /12 文字以上/, /at least 12 characters/);
  });

  it('defaults the field to "password"', () => {
    expect(checkPasswordPolicy('short', context)?.field).toBe('password');
  });

  it('counts Unicode code points, not UTF-16 units', () => {
    // 12 kanji pass the length rule; 11 do not, nor do 6 astral characters (12 UTF-16 units).
    expect(checkPasswordPolicy('紅葉狩嵐山渡月橋竹林小径', context)).toBeNull();
    expect(checkPasswordPolicy('紅葉狩嵐山渡月橋竹林小', context)?.message.en).toMatch(/at least/);
    expect(checkPasswordPolicy('🍁🍁🍁🏯🏯🏯', context)?.message.en).toMatch(/at least/);
  });

  it('counts length after NFKC normalisation', () => {
    // Full-width letters fold into ASCII one for one; "㍻" expands to "平成".
    expect(checkPasswordPolicy('Ｘｋ９＃ｖＬｑ２！ｐＷｚ', context)).toBeNull();
    expect(checkPasswordPolicy('㍻㍻㍻㍻㍻㍻', context)).toBeNull();
  });

  it('refuses a password that is too long', () => {
    expect(checkPasswordPolicy('a1B!'.repeat(MAX_PASSWORD_LENGTH / 4), context)).toBeNull();
    expectRefused(`x${'a1B!'.repeat(MAX_PASSWORD_LENGTH / 4)}`, 'password', /256 文字以内/, /at most 256/);
    // Far beyond the limit: refused without normalising megabytes.
    expectRefused('x'.repeat(1_000_000), 'password', /256 文字以内/, /at most 256/);
  });

  it('refuses a commonly used password', () => {
    expectRefused('password1234', 'password', /よく使われて/, /commonly used/);
    expectRefused('PASSWORD123456!', 'password', /よく使われて/, /commonly used/);
    expectRefused('qwertyuiop123', 'password', /よく使われて/, /commonly used/);
  });

  it('refuses a Japanese-typical password', () => {
    for (const password of [
      'sakura123456',
      'Doraemon2025!',
      '2024sakura2024',
      'konnichiwa!!',
      '1q2w3e4r5t6y',
      'ｎａｒｕｔｏ１２３４５６',
      'パスワード1234567',
    ]) {
      expect(checkPasswordPolicy(password, context)?.message.en, password).toMatch(/commonly used/);
    }
  });

  it('does not strip a short core into a false match', () => {
    expect(isCommonPassword('#2024-abc-2025#')).toBe(false);
  });

  it('refuses a password containing the e-mail local part, case-insensitively', () => {
    expectRefused('My-HANAKO.KANKOU-pw!', 'password', /メールアドレス/, /e-mail address/);
    const plus = { email: 'taro+mitte@city.example.jp', serviceCode: 'kyoto-city' };
    expect(checkPasswordPolicy('Taro+Mitte-2026!', plus)?.message.en).toMatch(/e-mail/);
    expect(checkPasswordPolicy('ILikeTaro-2026!', plus)?.message.en).toMatch(/e-mail/);
  });

  it('ignores an e-mail local part shorter than 3 characters', () => {
    expect(
      checkPasswordPolicy('Xk9#ab-vLq2!p', { email: 'ab@example.jp', serviceCode: 'kyoto-city' }),
    ).toBeNull();
  });

  it('refuses a password containing the service code, case-insensitively', () => {
    expectRefused('Welcome-KYOTO-CITY-7', 'password', /サービスコード/, /service code/);
  });

  it('holds at least 10,000 common passwords', () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(10_000);
    expect(MIN_PASSWORD_LENGTH).toBe(12);
  });
});
