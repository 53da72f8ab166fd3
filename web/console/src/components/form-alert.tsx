import { type FormProblem, unplacedProblems, validationSummary } from '../form';
import { useLang, useT } from '../i18n';
import { ErrorAlert } from './error-alert';

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
