import type { FormEvent, ReactNode, RefObject } from 'react';
import { type FormProblem, unplacedProblems, validationSummary } from '../form';
import { useLang, useT } from '../i18n';
import { ErrorAlert } from './error-alert';
import { SubmitButton } from './submit-button';

/** The alert above a form: our validation messages as a list, or the server's error. */
export function FormAlert<F extends string>({
  problem,
  order,
}: {
  problem: FormProblem<F> | undefined;
  order: readonly F[];
}) {
  const t = useT();
  const { lang } = useLang();
  return (
    <ErrorAlert
      error={problem?.kind === 'api' ? problem.error : undefined}
      messages={
        problem?.kind === 'api'
          ? unplacedProblems(problem.error, order, lang)
          : validationSummary(problem, order, t)
      }
    />
  );
}

/**
 * A form as the console shows every one: the alert above it, the fields, and the actions with the
 * submit button first (then `actions`, e.g. a link back). `state` is what `useFormSubmit` keeps.
 */
export function AlertedForm<F extends string>({
  state,
  order,
  submitLabel,
  busyLabel,
  actions,
  children,
  ...form
}: {
  state: { busy: boolean; problem: FormProblem<F> | undefined; formRef?: RefObject<HTMLFormElement | null> };
  order: readonly F[];
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  submitLabel: string;
  busyLabel: string;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  'aria-labelledby'?: string;
}) {
  return (
    <>
      <FormAlert problem={state.problem} order={order} />
      <form ref={state.formRef} noValidate {...form}>
        {children}
        <div className="actions">
          <SubmitButton busy={state.busy} label={submitLabel} busyLabel={busyLabel} />
          {actions}
        </div>
      </form>
    </>
  );
}
