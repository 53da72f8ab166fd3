import { expect, it } from 'vitest';
import { type MessageKey, type MessageParams, translate } from './i18n';

/**
 * A function checked against a table of answers, one row a case (`[input, expected]`, compared
 * with toEqual); each row is its own test, so a failing one names its input.
 */
export function answers<A, R>(name: string, fn: (input: A) => R, rows: readonly (readonly [A, R])[]): void {
  it.each(rows.map(([input, expected]) => ({ input, expected })))(`${name}: $input → $expected`, (row) => {
    expect(fn(row.input)).toEqual(row.expected);
  });
}

/** The catalogue's Japanese and English, as the functions that take a `t` want them. */
export const ja = (key: MessageKey, params?: MessageParams) => translate('ja', key, params);
export const en = (key: MessageKey, params?: MessageParams) => translate('en', key, params);
