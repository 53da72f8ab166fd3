import type { FormEvent, ReactNode, RefObject } from 'react';
import { type FormProblem, unplacedProblems, validationSummary } from '../form';
import { type MessageKey, useLang, useT } from '../i18n';
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
export interface AlertedFormProps<F extends string> {
  status: { busy: boolean; problem: FormProblem<F> | undefined; formRef?: RefObject<HTMLFormElement | null> };
  order: readonly F[];
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  /** The submit button's label, and its label while sending. */
  labels: readonly [MessageKey, MessageKey];
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  'aria-labelledby'?: string;
}

export function AlertedForm<F extends string>({
  status,
  order,
  labels,
  actions,
  children,
  ...form
}: AlertedFormProps<F>) {
  const t = useT();
  return (
    <>
      <FormAlert problem={status.problem} order={order} />
      <form ref={status.formRef} noValidate {...form}>
        {children}
        <div className="actions">
          <SubmitButton busy={status.busy} label={t(labels[0])} busyLabel={t(labels[1])} />
          {actions}
        </div>
      </form>
    </>
  );
}

/** A section of a page in a panel, named by its heading. */
export function Panel({ id, title, children }: { id: string; title: ReactNode; children: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/**
 * A form in its own panel under a heading: `before` comes between the heading and the form (e.g.
 * the status message that says it was sent), `after` below it; the form is narrow unless `wide`.
 */
export function FormPanel<F extends string>({
  id,
  title,
  before,
  after,
  wide = false,
  ...form
}: Omit<AlertedFormProps<F>, 'className' | 'aria-labelledby'> & {
  id: string;
  title: string;
  before?: ReactNode;
  after?: ReactNode;
  wide?: boolean;
}) {
  return (
    <Panel id={id} title={title}>
      {before}
      <AlertedForm {...form} {...(wide ? {} : { className: 'form-narrow' })} />
      {after}
    </Panel>
  );
}
