/** Form problems: our own validation messages per field, or the server's error. No React. */
import type { ApiError } from './api';
import type { Lang, MessageKey, MessageParams, TFunction } from './i18n';

export interface FieldIssue {
  key: MessageKey;
  params?: MessageParams;
}

export type FieldIssues<F extends string> = Partial<Record<F, FieldIssue>>;

export type FormProblem<F extends string> =
  | { kind: 'validation'; fields: FieldIssues<F> }
  | { kind: 'api'; error: ApiError };

export function hasIssues<F extends string>(issues: FieldIssues<F>): boolean {
  return Object.keys(issues).length > 0;
}

/** The message shown under one field, if any. */
export function fieldMessage<F extends string>(
  problem: FormProblem<F> | undefined,
  field: F,
  t: TFunction,
  lang: Lang,
): string | undefined {
  if (!problem) return undefined;
  if (problem.kind === 'api') return problem.error.fieldMessageIn(field, lang);
  const issue = problem.fields[field];
  return issue ? t(issue.key, issue.params) : undefined;
}

/** The list of validation messages for the alert above the form, in field order. */
export function validationSummary<F extends string>(
  problem: FormProblem<F> | undefined,
  order: readonly F[],
  t: TFunction,
): string[] | undefined {
  if (problem?.kind !== 'validation') return undefined;
  return order.flatMap((f) => {
    const issue = problem.fields[f];
    return issue ? [t(issue.key, issue.params)] : [];
  });
}

/**
 * Server problems about fields this form does not show (so no message appears under an input):
 * listed in the alert as `field: message` so nothing is lost.
 */
export function unplacedProblems(error: ApiError, shown: readonly string[], lang: Lang): string[] {
  return error.problems
    .filter((p) => !shown.includes(p.field))
    .map((p) => `${p.field}: ${p.message[lang] || p.message.ja}`);
}
