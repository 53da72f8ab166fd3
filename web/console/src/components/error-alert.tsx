import type { ApiError } from '../api';
import { useLang, useT } from '../i18n';

/**
 * Live region for errors. It is always rendered so that assistive technology announces
 * content as it appears; it shows nothing while there is no error.
 */
export function ErrorAlert({ error, messages }: { error?: ApiError | undefined; messages?: string[] }) {
  const t = useT();
  const { lang } = useLang();
  // With an error, `messages` add details below its message (e.g. problems with fields not on the form).
  const lines = error ? [error.messageIn(lang), ...(messages ?? [])] : (messages ?? []);
  const hasContent = lines.length > 0;
  return (
    <div role="alert" className={hasContent ? 'alert alert-error' : 'alert-empty'}>
      {hasContent && (
        <>
          {lines.length === 1 ? (
            <p>{lines[0]}</p>
          ) : (
            <ul>
              {lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
          {error?.retryAfter !== undefined && <p>{t('common.retryAfter', { seconds: error.retryAfter })}</p>}
          {error?.requestId && (
            <p className="alert-reference">{t('common.requestId', { id: error.requestId })}</p>
          )}
        </>
      )}
    </div>
  );
}
