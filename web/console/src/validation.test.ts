import { describe, expect, it } from 'vitest';
import {
  emailLocalPart,
  isPlausibleEmail,
  isValidLgCode,
  isValidServiceCode,
  newPasswordIssue,
  newPasswordIssues,
  PASSWORD_MIN_LENGTH,
  parseWholeNumber,
} from './validation';

describe('newPasswordIssue', () => {
  const context = { email: 'Hanako.Yamada@city.example.lg.jp', serviceCode: 'kyoto-city' };

  it('requires at least 12 characters (counted as characters, not UTF-16 units)', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(12);
    expect(newPasswordIssue('')).toBe('required');
    expect(newPasswordIssue('short-pass1')).toBe('tooShort');
    expect(newPasswordIssue('correct-horse')).toBeUndefined();
    expect(newPasswordIssue('さくらさくらさくらさくら')).toBeUndefined();
    expect(newPasswordIssue('🌸🌸🌸🌸🌸🌸')).toBe('tooShort');
  });

  it('refuses the e-mail local part and the service code, ignoring case', () => {
    expect(newPasswordIssue('my-hanako.yamada-2025', context)).toBe('containsEmail');
    expect(newPasswordIssue('welcome-to-KYOTO-CITY', context)).toBe('containsServiceCode');
    expect(newPasswordIssue('blue whale under ice', context)).toBeUndefined();
  });

  it('does not check parts too short to matter', () => {
    expect(
      newPasswordIssue('a long enough password', { email: 'a@example.jp', serviceCode: 'ab' }),
    ).toBeUndefined();
  });
});

describe('newPasswordIssues', () => {
  const fields = { password: 'newPassword', confirm: 'confirm' } as const;

  it('asks for the confirmation and compares it', () => {
    expect(newPasswordIssues(fields, 'correct-horse', '')).toEqual({
      confirm: { key: 'password.confirmRequired' },
    });
    expect(newPasswordIssues(fields, 'correct-horse', 'correct-house')).toEqual({
      confirm: { key: 'password.mismatch' },
    });
    expect(newPasswordIssues(fields, 'correct-horse', 'correct-horse')).toEqual({});
  });

  it('reports the length with its minimum', () => {
    expect(newPasswordIssues(fields, 'short', 'short')).toEqual({
      newPassword: { key: 'password.tooShort', params: { min: 12 } },
    });
  });
});

describe('emailLocalPart', () => {
  it('takes the part before the last @, lower-cased', () => {
    expect(emailLocalPart('Taro@Example.jp')).toBe('taro');
    expect(emailLocalPart('no-at-sign')).toBe('no-at-sign');
  });
});

describe('isValidServiceCode', () => {
  it.each(['demo', 'kyoto-city', 'a12', 'a'.repeat(32)])('accepts %s', (code) => {
    expect(isValidServiceCode(code)).toBe(true);
  });
  it.each(['', 'ab', '1city', '-city', 'Kyoto', 'kyoto_city', 'a'.repeat(33), 'きょうと'])(
    'rejects %s',
    (code) => {
      expect(isValidServiceCode(code)).toBe(false);
    },
  );
});

describe('isValidLgCode', () => {
  it('accepts codes with a correct check digit', () => {
    expect(isValidLgCode('011002')).toBe(true); // 札幌市
    expect(isValidLgCode('130001')).toBe(true); // 東京都
    expect(isValidLgCode('131016')).toBe(true); // 千代田区
    expect(isValidLgCode('261009')).toBe(true); // 京都市
  });

  it('rejects wrong check digits, lengths and non-digits', () => {
    expect(isValidLgCode('011003')).toBe(false);
    expect(isValidLgCode('01100')).toBe(false);
    expect(isValidLgCode('0110020')).toBe(false);
    expect(isValidLgCode('01100a')).toBe(false);
  });
});

describe('isPlausibleEmail', () => {
  it('checks the rough shape only', () => {
    expect(isPlausibleEmail('hanako@example.lg.jp')).toBe(true);
    expect(isPlausibleEmail(' hanako@example.jp ')).toBe(true);
    expect(isPlausibleEmail('hanako@example')).toBe(false);
    expect(isPlausibleEmail('hanako example.jp')).toBe(false);
  });
});

describe('parseWholeNumber', () => {
  it('accepts whole numbers in range, also typed full-width', () => {
    expect(parseWholeNumber('30', 5, 480)).toBe(30);
    expect(parseWholeNumber(' 480 ', 5, 480)).toBe(480);
    expect(parseWholeNumber('１２', 1, 24)).toBe(12);
  });

  it('rejects out-of-range, fractional and empty input', () => {
    expect(parseWholeNumber('4', 5, 480)).toBeUndefined();
    expect(parseWholeNumber('481', 5, 480)).toBeUndefined();
    expect(parseWholeNumber('1.5', 1, 24)).toBeUndefined();
    expect(parseWholeNumber('', 1, 24)).toBeUndefined();
    expect(parseWholeNumber('-3', 1, 24)).toBeUndefined();
  });
});
