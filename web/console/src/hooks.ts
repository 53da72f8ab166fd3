import { type DependencyList, type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { type ApiError, asApiError, isSessionEnded } from './api';
import { type FieldIssues, type FormProblem, fieldMessage, hasIssues } from './form';
import { useLang, useT } from './i18n';

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

/** `field` of `useFormSubmit`, for components that hold some of a form's fields. */
export type FieldBinder<F extends string> = (
  name: F,
  value: string,
  onText: (text: string) => void,
) => {
  name: string;
  error: string | undefined;
  value: string;
  onChange: (event: { target: { value: string } }) => void;
};

/** What a page has loaded: still loading, failed (with the server's message), or the value. */
export type Loaded<T> =
  | { kind: 'loading' }
  | { kind: 'failed'; error: ApiError }
  | { kind: 'ready'; value: T };

/**
 * Loads with `load` whenever `deps` change or `retry()` is called ("try again"); an answer that
 * arrives after the page moved on is dropped, and a 401 goes to the sign-in page (unless `toError`
 * says otherwise: steps of the sign-in itself). `update(value)` replaces the loaded value (the
 * server's answer to a save).
 */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  toError?: (error: unknown) => ApiError,
): { state: Loaded<T>; retry: () => void; update: (value: T) => void } {
  const apiErrorHandler = useApiErrorHandler();
  const handleError = toError ?? apiErrorHandler;
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
  // After a save the page shows what the server answered without loading again.
  const update = useCallback((value: T) => setState({ kind: 'ready', value }), []);
  return { state, retry, update };
}

/**
 * Runs an action of a button (one at a time is the caller's `disabled={busy}`), keeping its error
 * for the alert; `done` after success. Signed-in pages' errors go through `useApiErrorHandler`
 * unless `toError` says otherwise.
 */
export function useAction(toError?: (error: unknown) => ApiError) {
  const apiErrorHandler = useApiErrorHandler();
  const handleError = toError ?? apiErrorHandler;
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  async function run(action: () => Promise<unknown>, done?: () => void) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      done?.();
    } catch (e) {
      setError(handleError(e));
    } finally {
      setBusy(false);
    }
  }
  return { error, busy, run, setError };
}

/** A page of a list and where the next one starts (null: this was the last). */
export interface ListPage<T, C> {
  items: T[];
  next: C | null;
}

/** The "load more" below a paged list: busy, the last error, how many the last page added. */
export interface MoreState {
  busy: boolean;
  error?: ApiError;
  added?: number;
}

/**
 * `useLoad` for a paged list: loads the first page when `deps` change, and `loadMore()` appends
 * the next page to what is shown.
 */
export function usePagedLoad<T, C>(
  loadPage: (cursor: C | undefined) => Promise<ListPage<T, C>>,
  deps: DependencyList,
): { load: ReturnType<typeof useLoad<ListPage<T, C>>>; more: MoreState; loadMore: () => Promise<void> } {
  const handleError = useApiErrorHandler();
  const [more, setMore] = useState<MoreState>({ busy: false });
  const load = useLoad(() => {
    setMore({ busy: false });
    return loadPage(undefined);
  }, deps);

  async function loadMore() {
    const { state } = load;
    if (state.kind !== 'ready' || state.value.next === null || more.busy) return;
    setMore({ busy: true });
    try {
      const page = await loadPage(state.value.next);
      load.update({ items: [...state.value.items, ...page.items], next: page.next });
      setMore({ busy: false, added: page.items.length });
    } catch (error) {
      setMore({ busy: false, error: handleError(error) });
    }
  }

  return { load, more, loadMore };
}

/**
 * The text a form holds, one string per field: `{...bind('slug')}` ties a field or select to it
 * (its value and its change), `setText('slug')` is its setter for `useFormSubmit`'s `field`,
 * `setForm` resets it after a send.
 */
export function useTextForm<T extends { [K in keyof T]: string }>(initial: T) {
  const [form, setForm] = useState<T>(initial);
  const setText = (key: keyof T) => (text: string) => setForm((f) => ({ ...f, [key]: text }));
  const onText = (key: keyof T) => (event: { target: { value: string } }) => setText(key)(event.target.value);
  const bind = (key: keyof T) => ({ value: form[key], onChange: onText(key) });
  return { form, setForm, setText, onText, bind };
}

/**
 * The state every form keeps: busy while sending, the problem to show (our validation or the
 * server's refusal, focus moved to the first invalid field), and `submit(issues, action)`, which
 * shows `issues` when there are any and otherwise runs `action` once at a time. Signed-in pages
 * pass `useApiErrorHandler()` so that an ended session goes to the sign-in page.
 */
export function useFormSubmit<F extends string>(toError: (error: unknown) => ApiError = asApiError) {
  const t = useT();
  const { lang } = useLang();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<FormProblem<F> | undefined>();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, problem);

  async function submit(issues: FieldIssues<F>, action: () => Promise<void>): Promise<void> {
    if (busy) return;
    if (hasIssues(issues)) {
      setProblem({ kind: 'validation', fields: issues });
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      await action();
    } catch (error) {
      setProblem({ kind: 'api', error: toError(error) });
    } finally {
      setBusy(false);
    }
  }

  const message = (field: F) => fieldMessage(problem, field, t, lang);
  /** What ties a text field to this form: the name problems are reported under, its message, its text. */
  const field: FieldBinder<F> = (name, value, onText) => ({
    name,
    error: message(name),
    value,
    onChange: (event) => onText(event.target.value),
  });
  /** What the form's frame (`AlertedForm`) shows: busy, the problem, where to move focus. */
  const status = { busy, problem, formRef };
  return { busy, problem, setProblem, formRef, status, message, field, submit };
}
