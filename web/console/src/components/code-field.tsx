import type { Ref } from 'react';
import { type FormProblem, fieldMessage } from '../form';
import type { Lang, TFunction } from '../i18n';
import { TextField } from './text-field';

/** The message under the code field: ours, or the server's invalid_code even when it names no field. */
export function codeMessage(
  problem: FormProblem<'code'> | undefined,
  t: TFunction,
  lang: Lang,
): string | undefined {
  return (
    fieldMessage(problem, 'code', t, lang) ??
    (problem?.kind === 'api' && problem.error.code === 'invalid_code'
      ? problem.error.messageIn(lang)
      : undefined)
  );
}

/** A 6-digit code from an authenticator app (sign-in, enrolment, new recovery codes). */
export function OneTimeCodeField({
  label,
  hint,
  error,
  inputRef,
  value,
  onChange,
}: {
  label: string;
  hint: string;
  error: string | undefined;
  inputRef?: Ref<HTMLInputElement>;
  value: string;
  onChange: (next: string) => void;
}) {
  return (
    <TextField
      label={label}
      hint={hint}
      error={error}
      inputRef={inputRef}
      name="code"
      className="input input-code"
      type="text"
      inputMode="numeric"
      autoComplete="one-time-code"
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
