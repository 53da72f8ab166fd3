import type { ReactNode } from 'react';
import type { ApiError } from '../api';
import type { Loaded, MoreState } from '../hooks';
import { type MessageKey, useT } from '../i18n';
import { Button } from './button';
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
        <Button onClick={onRetry}>{t('common.retry')}</Button>
      </div>
    </div>
  );
}

/**
 * What `useLoad` answered: "Loading…", the failure with "try again", or `children` with the value.
 */
export function LoadView<T>({
  load,
  failedMessage,
  children,
}: {
  load: { state: Loaded<T>; retry: () => void };
  failedMessage: string;
  children: (value: T) => ReactNode;
}) {
  const { state, retry } = load;
  if (state.kind === 'loading') return <Loading />;
  if (state.kind === 'failed')
    return <LoadFailed message={failedMessage} error={state.error} onRetry={retry} />;
  return <>{children(state.value)}</>;
}

/**
 * Below a paged list: what the last "load more" did (a polite status), its error, and the button
 * while there is more. `messages` names the catalogue entries (`<messages>.loadMore`, …).
 */
export function MorePages({
  more,
  hasMore,
  onLoadMore,
  messages,
}: {
  more: MoreState;
  hasMore: boolean;
  onLoadMore: () => void;
  messages: 'audit' | 'content.list';
}) {
  const t = useT();
  const key = (name: 'loadMore' | 'loadingMore' | 'loadedMore' | 'allLoaded') =>
    `${messages}.${name}` as MessageKey;
  return (
    <>
      <ErrorAlert error={more.error} />
      <p role="status" className="secondary-text">
        {more.added !== undefined
          ? t(key('loadedMore'), { count: more.added })
          : hasMore
            ? ''
            : t(key('allLoaded'))}
      </p>
      {hasMore && (
        <div className="actions actions-compact">
          <Button look="secondary" onClick={onLoadMore} aria-disabled={more.busy || undefined}>
            {more.busy ? t(key('loadingMore')) : t(key('loadMore'))}
          </Button>
        </div>
      )}
    </>
  );
}
