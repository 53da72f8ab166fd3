import type { ApiError } from '../api';
import { useT } from '../i18n';
import { ErrorAlert } from './error-alert';

/** "Loading…" as a polite status. */
export function Loading() {
  const t = useT();
  return (
    <p role="status" className="loading">
      {t('common.loading')}
    </p>
  );
}

/** A failed load: what failed, the server's message, and "try again". */
export function LoadFailed({
  message,
  error,
  onRetry,
}: {
  message: string;
  error: ApiError;
  onRetry: () => void;
}) {
  const t = useT();
  return (
    <div>
      <p>{message}</p>
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="button" className="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      </div>
    </div>
  );
}
