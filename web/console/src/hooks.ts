import { type DependencyList, type RefObject, useCallback, useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { type ApiError, asApiError, isSessionEnded } from './api';

/**
 * Turns anything thrown by an API call into an ApiError; when it means the session has ended
 * (401), goes to the sign-in page and remembers where the user was.
 */
export function useApiErrorHandler(): (error: unknown) => ApiError {
  const navigate = useNavigate();
  const location = useLocation();
  return useCallback(
    (error: unknown) => {
      const apiError = asApiError(error);
      if (isSessionEnded(apiError)) {
        navigate('/signin', { replace: true, state: { from: location.pathname + location.search } });
      }
      return apiError;
    },
    [navigate, location.pathname, location.search],
  );
}

/**
 * After a failed submit, moves focus to the first field marked invalid so keyboard and screen
 * reader users land on it; the alert above the form has already been announced.
 */
export function useFocusFirstInvalid(formRef: RefObject<HTMLElement | null>, problem: unknown): void {
  useEffect(() => {
    if (!problem) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    invalid?.focus();
  }, [formRef, problem]);
}

/** Sets the document title for pages that have no PageHeading yet (loading, errors). */
export function useDocumentTitle(title: string, appName: string): void {
  useEffect(() => {
    document.title = `${title} | ${appName}`;
  }, [title, appName]);
}

/** What a page has loaded: still loading, failed (with the server's message), or the value. */
export type Loaded<T> =
  | { kind: 'loading' }
  | { kind: 'failed'; error: ApiError }
  | { kind: 'ready'; value: T };

/**
 * Loads with `load` whenever `deps` change or `retry()` is called ("try again"); an answer that
 * arrives after the page moved on is dropped, and a 401 goes to the sign-in page.
 */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: DependencyList,
): { state: Loaded<T>; retry: () => void } {
  const handleError = useApiErrorHandler();
  const [state, setState] = useState<Loaded<T>>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps and `attempt` decide when to load
  useEffect(() => {
    let cancelled = false;
    setState({ kind: 'loading' });
    load().then(
      (value) => {
        if (!cancelled) setState({ kind: 'ready', value });
      },
      (error: unknown) => {
        if (!cancelled) setState({ kind: 'failed', error: handleError(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [...deps, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
