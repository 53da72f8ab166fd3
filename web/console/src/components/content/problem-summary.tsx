import type { ReactNode, Ref } from 'react';
import type { ApiError } from '../../api';
import { fieldId, fieldLabel } from '../../content/field-paths';
import { CONTENT_LANG_KEYS, FIELD_KEYS } from '../../content/labels';
import { useLang, useT } from '../../i18n';
import '../../i18n-content';

export interface PlacedProblem {
  path: string;
  message: string;
}

/**
 * The list of problems above the form: what went wrong and, for each field, a link that opens
 * the right language tab and moves focus to the input. Always rendered (a live region).
 */
export function ProblemSummary({
  summaryRef,
  heading,
  error,
  problems,
  onJump,
  children,
}: {
  summaryRef?: Ref<HTMLDivElement>;
  /** The summary line; without it, the API error's message is the heading. */
  heading?: string | undefined;
  error?: ApiError | undefined;
  problems: readonly PlacedProblem[];
  onJump: (path: string) => void;
  /** Extra actions (e.g. reload after a version conflict). */
  children?: ReactNode;
}) {
  const t = useT();
  const { lang } = useLang();
  const title = heading ?? error?.messageIn(lang);
  const hasContent = Boolean(title) || problems.length > 0;
  return (
    <div
      ref={summaryRef}
      role="alert"
      tabIndex={-1}
      className={hasContent ? 'alert alert-error' : 'alert-empty'}
    >
      {hasContent && (
        <>
          {title && <p>{title}</p>}
          {problems.length > 0 && (
            <ul className="problem-list">
              {problems.map((problem) => (
                <li key={problem.path}>
                  <a
                    href={`#${fieldId(problem.path)}`}
                    onClick={(event) => {
                      event.preventDefault();
                      onJump(problem.path);
                    }}
                  >
                    {t('content.edit.problemItem', {
                      field: fieldLabel(problem.path, t, FIELD_KEYS, CONTENT_LANG_KEYS),
                      message: problem.message,
                    })}
                  </a>
                </li>
              ))}
            </ul>
          )}
          {error?.retryAfter !== undefined && <p>{t('common.retryAfter', { seconds: error.retryAfter })}</p>}
          {error?.requestId && (
            <p className="alert-reference">{t('common.requestId', { id: error.requestId })}</p>
          )}
          {children}
        </>
      )}
    </div>
  );
}
