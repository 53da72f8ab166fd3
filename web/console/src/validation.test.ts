import { describe, expect, it } from 'vitest';
import { answers } from './test-tables';
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
  // Codes with a correct check digit are accepted; wrong check digits, lengths and non-digits not.
  answers('isValidLgCode', isValidLgCode, [
    ['011002', true], // 札幌市
    ['130001', true], // 東京都
    ['131016', true], // 千代田区
    ['261009', true], // 京都市
    ['011003', false],
    ['01100', false],
    ['0110020', false],
    ['01100a', false],
  ]);
});

describe('isPlausibleEmail', () => {
  // The rough shape only.
  answers('isPlausibleEmail', isPlausibleEmail, [
    ['hanako@example.lg.jp', true],
    [' hanako@example.jp ', true],
    ['hanako@example', false],
    ['hanako example.jp', false],
  ]);
});

describe('parseWholeNumber', () => {
  // Whole numbers in range, also typed full-width; not out-of-range, fractional or empty input.
  answers('parseWholeNumber', (args: [string, number, number]) => parseWholeNumber(...args), [
    [['30', 5, 480], 30],
    [[' 480 ', 5, 480], 480],
    [['１２', 1, 24], 12],
    [['4', 5, 480], undefined],
    [['481', 5, 480], undefined],
    [['1.5', 1, 24], undefined],
    [['', 1, 24], undefined],
    [['-3', 1, 24], undefined],
  ]);
});
