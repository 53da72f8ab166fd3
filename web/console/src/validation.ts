/** Client-side checks that mirror the server's rules, so staff hear about mistakes early. */
import type { FieldIssues } from './form';

export const PASSWORD_MIN_LENGTH = 12;

/** Parts of the account a password must not contain. */
export interface PasswordContext {
  email?: string | undefined;
  serviceCode?: string | undefined;
}

/** The local part of an e-mail address (before the last @), lower-cased. */
export function emailLocalPart(email: string): string {
  const at = email.lastIndexOf('@');
  return (at < 0 ? email : email.slice(0, at)).trim().toLowerCase();
}

/**
 * Checks a new password against the rules the console can see: length and personal parts.
 * Whether it is a commonly used password only the server knows; it answers with field errors.
 * Parts shorter than 3 characters are not checked (they would forbid too much).
 */
export function newPasswordIssue(
  password: string,
  context: PasswordContext = {},
): 'required' | 'tooShort' | 'containsEmail' | 'containsServiceCode' | undefined {
  if (password === '') return 'required';
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'tooShort';
  const lower = password.toLowerCase();
  const local = context.email ? emailLocalPart(context.email) : '';
  if (local.length >= 3 && lower.includes(local)) return 'containsEmail';
  const code = context.serviceCode?.trim().toLowerCase() ?? '';
  if (code.length >= 3 && lower.includes(code)) return 'containsServiceCode';
  return undefined;
}

/** Field issues for a "new password" + "confirm" pair. */
export function newPasswordIssues<F extends string>(
  fields: { password: F; confirm: F },
  password: string,
  confirm: string,
  context: PasswordContext = {},
): FieldIssues<F> {
  const issues: FieldIssues<F> = {};
  const issue = newPasswordIssue(password, context);
  if (issue === 'required') issues[fields.password] = { key: 'password.required' };
  if (issue === 'tooShort')
    issues[fields.password] = { key: 'password.tooShort', params: { min: PASSWORD_MIN_LENGTH } };
  if (issue === 'containsEmail') issues[fields.password] = { key: 'password.containsEmail' };
  if (issue === 'containsServiceCode') issues[fields.password] = { key: 'password.containsServiceCode' };
  if (confirm === '') issues[fields.confirm] = { key: 'password.confirmRequired' };
  else if (issue === undefined && confirm !== password) issues[fields.confirm] = { key: 'password.mismatch' };
  return issues;
}

/** Service code (サービスコード): 3–32 characters, a–z, 0–9 and -, starting with a letter. */
export const SERVICE_CODE_PATTERN = /^[a-z][a-z0-9-]{2,31}$/;

export function isValidServiceCode(code: string): boolean {
  return SERVICE_CODE_PATTERN.test(code);
}

/** 全国地方公共団体コード check digit: (11 − Σ dᵢ·wᵢ mod 11) mod 10, weights 6, 5, 4, 3, 2. */
export function isValidLgCode(code: string): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  const weights = [6, 5, 4, 3, 2];
  let sum = 0;
  for (let i = 0; i < 5; i += 1) sum += Number(code[i]) * (weights[i] ?? 0);
  return (11 - (sum % 11)) % 10 === Number(code[5]);
}

/** A light plausibility check; the server and the invitation mail decide the rest. */
export function isPlausibleEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim());
}

/** A whole number typed in a form, within [min, max]; undefined otherwise. */
export function parseWholeNumber(value: string, min: number, max: number): number | undefined {
  const trimmed = value
    .trim()
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (!/^\d+$/.test(trimmed)) return undefined;
  const n = Number.parseInt(trimmed, 10);
  return n >= min && n <= max ? n : undefined;
}

export const IDLE_TIMEOUT_RANGE = { min: 5, max: 480 } as const;
export const ABSOLUTE_LIFETIME_RANGE = { min: 1, max: 24 } as const;
