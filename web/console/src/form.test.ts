import { describe, expect, it } from 'vitest';
import { toApiError } from './api';
import { type FormProblem, fieldMessage, hasIssues, unplacedProblems, validationSummary } from './form';
import { type MessageKey, type MessageParams, translate } from './i18n';

const t = (key: MessageKey, params?: MessageParams) => translate('ja', key, params);

describe('form problems', () => {
  it('gives our own validation messages per field and in field order', () => {
    const fields = {
      password: { key: 'password.tooShort' as const, params: { min: 12 } },
      email: { key: 'signin.emailRequired' as const },
    };
    const problem: FormProblem<'serviceCode' | 'email' | 'password'> = { kind: 'validation', fields };
    expect(fieldMessage(problem, 'password', t, 'ja')).toBe('パスワードは 12 文字以上にしてください。');
    expect(fieldMessage(problem, 'serviceCode', t, 'ja')).toBeUndefined();
    expect(validationSummary(problem, ['serviceCode', 'email', 'password'], t)).toEqual([
      'メールアドレスを入力してください。',
      'パスワードは 12 文字以上にしてください。',
    ]);
    expect(hasIssues(fields)).toBe(true);
    expect(hasIssues({})).toBe(false);
  });

  it('puts a server error under the field it names', () => {
    const error = toApiError(409, {
      error: {
        code: 'email_taken',
        message: {
          ja: 'このメールアドレスは登録済みです。',
          en: 'This e-mail address is already registered.',
        },
        field: 'email',
        requestId: 'r1',
      },
    });
    const problem = { kind: 'api' as const, error };
    expect(fieldMessage(problem, 'email', t, 'en')).toBe('This e-mail address is already registered.');
    expect(fieldMessage(problem, 'name', t, 'en')).toBeUndefined();
    expect(validationSummary(problem, ['email'], t)).toBeUndefined();
  });

  it('uses the per-field problems of a validation error, including nested fields', () => {
    const error = toApiError(400, {
      error: {
        code: 'validation_failed',
        message: { ja: '入力内容に 2 件の誤りがあります。', en: 'The input has 2 problems.' },
        field: 'lgCode',
        problems: [
          {
            field: 'lgCode',
            message: { ja: 'チェックディジットが正しくありません。', en: 'Wrong check digit.' },
          },
          { field: 'admin.email', message: { ja: '形式が正しくありません。', en: 'Invalid format.' } },
        ],
        requestId: 'r2',
      },
    });
    const problem = { kind: 'api' as const, error };
    expect(fieldMessage(problem, 'lgCode', t, 'ja')).toBe('チェックディジットが正しくありません。');
    expect(fieldMessage(problem, 'admin.email', t, 'en')).toBe('Invalid format.');
    expect(fieldMessage(problem, 'serviceCode', t, 'en')).toBeUndefined();
    expect(unplacedProblems(error, ['lgCode', 'admin.email'], 'ja')).toEqual([]);
    expect(unplacedProblems(error, ['lgCode'], 'en')).toEqual(['admin.email: Invalid format.']);
  });

  it('is silent without a problem', () => {
    expect(fieldMessage(undefined, 'email', t, 'ja')).toBeUndefined();
    expect(validationSummary(undefined, ['email'], t)).toBeUndefined();
  });
});
