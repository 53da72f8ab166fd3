import { readFileSync } from 'node:fs';
import type { FieldProblem } from '../errors.js';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

// Parts of a common password shorter than this are not worth matching: too many false refusals.
const MIN_CORE_LENGTH = 4;
const MIN_LOCAL_PART_LENGTH = 3;

// NFKC can expand a code point up to 18-fold; refuse absurd input before normalising it at all.
const MAX_RAW_UTF16_LENGTH = MAX_PASSWORD_LENGTH * 4;

// Digits, punctuation, symbols and spaces that people pad a word with ("!2024sakura123").
const LEADING_PADDING = /^[\p{N}\p{P}\p{S}\s]+/u;
const TRAILING_PADDING = /[\p{N}\p{P}\p{S}\s]+$/u;

let commonPasswords: Set<string> | undefined;

/** The committed list (scripts/build-common-passwords.mjs), read once on first use. */
function commonPasswordSet(): Set<string> {
  if (commonPasswords === undefined) {
    const text = readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8');
    commonPasswords = new Set(
      text
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== ''),
    );
  }
  return commonPasswords;
}

/** How many distinct entries the common-password list holds. */
export function commonPasswordCount(): number {
  return commonPasswordSet().size;
}

function normalise(value: string): string {
  return value.normalize('NFKC').toLowerCase();
}

function codePointLength(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

/**
 * Whether the password is on the list, either as a whole or once the digits and symbols padded
 * before and/or after a listed word are stripped ("password123456!", "2024sakura2024").
 */
export function isCommonPassword(password: string): boolean {
  const list = commonPasswordSet();
  const whole = normalise(password).trim();
  const withoutLeading = whole.replace(LEADING_PADDING, '');
  const withoutTrailing = whole.replace(TRAILING_PADDING, '');
  const core = withoutLeading.replace(TRAILING_PADDING, '');
  if (list.has(whole)) return true;
  return [withoutLeading, withoutTrailing, core].some(
    (candidate) => codePointLength(candidate) >= MIN_CORE_LENGTH && list.has(candidate),
  );
}

/** The e-mail's local part and, for "taro+mitte@…", its base too. */
function localParts(email: string): string[] {
  const at = email.lastIndexOf('@');
  const local = normalise(at === -1 ? email : email.slice(0, at)).trim();
  const base = local.split('+')[0] ?? '';
  return [...new Set([local, base])].filter((part) => codePointLength(part) >= MIN_LOCAL_PART_LENGTH);
}

function problem(field: string, ja: string, en: string): FieldProblem {
  return { field, message: { ja, en } };
}

/**
 * Checks a new password against the policy. Returns null when it is acceptable, otherwise the
 * first reason it is not, addressed to `field`.
 */
export function checkPasswordPolicy(
  password: string,
  context: { email: string; serviceCode: string },
  field = 'password',
): FieldProblem | null {
  if (password.length > MAX_RAW_UTF16_LENGTH) return tooLong(field);
  const normalised = normalise(password);
  const length = codePointLength(normalised);

  if (length < MIN_PASSWORD_LENGTH) {
    return problem(
      field,
      `パスワードは ${MIN_PASSWORD_LENGTH} 文字以上で設定してください。`,
      `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`,
    );
  }
  if (length > MAX_PASSWORD_LENGTH) return tooLong(field);

  if (localParts(context.email).some((part) => normalised.includes(part))) {
    return problem(
      field,
      'パスワードにメールアドレスの @ より前の部分を含めることはできません。',
      'The password must not contain the part of your e-mail address before the @.',
    );
  }

  const serviceCode = normalise(context.serviceCode).trim();
  if (serviceCode !== '' && normalised.includes(serviceCode)) {
    return problem(
      field,
      'パスワードにサービスコードを含めることはできません。',
      "The password must not contain your organisation's service code.",
    );
  }

  if (isCommonPassword(password)) {
    return problem(
      field,
      'このパスワードはよく使われており、推測されやすいため使用できません。別のパスワードを設定してください。',
      'This password is commonly used and easy to guess. Please choose a different one.',
    );
  }
  return null;
}

function tooLong(field: string): FieldProblem {
  return problem(
    field,
    `パスワードは ${MAX_PASSWORD_LENGTH} 文字以内で設定してください。`,
    `The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`,
  );
}
