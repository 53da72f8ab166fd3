import type { Ref } from 'react';
import { type FormProblem, fieldMessage } from '../form';
import { type Lang, type MessageKey, type TFunction, useLang, useT } from '../i18n';
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

/** How each kind of code is typed: six digits from the app, or a recovery code (letters). */
const CODE_INPUTS = {
  totp: { name: 'code', className: 'input input-code', inputMode: 'numeric', autoComplete: 'one-time-code' },
  recovery: {
    name: 'recoveryCode',
    className: 'input input-code input-recovery',
    autoComplete: 'off',
    autoCapitalize: 'none',
    spellCheck: false,
  },
} as const;

/**
 * A 6-digit code from an authenticator app (sign-in, enrolment, new recovery codes) or, as
 * `kind="recovery"`, a recovery code; its message is the form's `problem` about the code.
 */
export function OneTimeCodeField({
  kind = 'totp',
  label,
  hint,
  problem,
  inputRef,
  code: [value, onChange],
}: {
  kind?: keyof typeof CODE_INPUTS;
  label: MessageKey;
  hint: MessageKey;
  problem: FormProblem<'code'> | undefined;
  inputRef?: Ref<HTMLInputElement>;
  code: readonly [string, (next: string) => void];
}) {
  const t = useT();
  const { lang } = useLang();
  return (
    <TextField
      label={t(label)}
      hint={t(hint)}
      error={codeMessage(problem, t, lang)}
      inputRef={inputRef}
      type="text"
      {...CODE_INPUTS[kind]}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
