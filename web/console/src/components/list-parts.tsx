import { type FormEvent, type ReactNode, useId } from 'react';
import { Link } from 'react-router';
import type { Loaded } from '../hooks';
import { Button } from './button';
import { LoadView } from './load-state';
import { TextField } from './text-field';

/** A list page's main action above the list ("add a user"), and any secondary ones after it. */
export function NewItemLink({ to, label, children }: { to: string; label: string; children?: ReactNode }) {
  return (
    <p className="actions actions-top">
      <Link to={to} className="button">
        {label}
      </Link>
      {children}
    </p>
  );
}

/**
 * What `useLoad` answered for a list (the items, or the API's `{ items }`): "Loading…", the
 * failure, `empty` for none, else `children`.
 */
export function ListView<T>({
  load,
  failedMessage,
  empty,
  children,
}: {
  load: { state: Loaded<readonly T[] | { items: readonly T[] }>; retry: () => void };
  failedMessage: string;
  empty: string;
  children: (items: T[]) => ReactNode;
}) {
  return (
    <LoadView load={load} failedMessage={failedMessage}>
      {(value) => {
        const items = 'items' in value ? value.items : value;
        return items.length === 0 ? <p>{empty}</p> : children([...items]);
      }}
    </LoadView>
  );
}

/** An organisation's name in Japanese, and under it in English (each marked with its language). */
export function BilingualName({ ja, en }: { ja: string; en: string }) {
  return (
    <>
      <span lang="ja">{ja}</span>
      <br />
      <span lang="en" className="secondary-text">
        {en}
      </span>
    </>
  );
}

/**
 * The filters above a list (a search landmark): a titled form, its fields in a grid, "apply" and
 * optionally "reset"; `hint` is read before the fields, `note` after them, `children` are the
 * fields and `after` follows the buttons (e.g. preset ranges).
 */
/** Open when a condition is set or the screen is wide enough to show conditions and results. */
function initiallyOpen(active: boolean): boolean {
  return active || typeof window === 'undefined' || window.matchMedia('(min-width: 48rem)').matches;
}

export function FilterForm({
  title,
  hint,
  note,
  onSubmit,
  submitLabel,
  reset,
  after,
  collapsible,
  children,
}: {
  /**
   * The conditions fold away behind a summary line (native <details>): closed on a narrow screen
   * unless a condition is set, so a phone shows the results first.
   */
  collapsible?: { summary: string; active: boolean };
  title: string;
  hint?: string;
  note?: string;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  submitLabel: string;
  reset?: { label: string; onClick: () => void };
  after?: ReactNode;
  children: ReactNode;
}) {
  const id = useId();
  const body = (
    <>
      <div className="filter-grid">{children}</div>
      {note && <p className="field-hint">{note}</p>}
      <div className="actions actions-compact">
        <Button type="submit">{submitLabel}</Button>
        {reset && (
          <Button look="secondary" onClick={reset.onClick}>
            {reset.label}
          </Button>
        )}
      </div>
    </>
  );
  return (
    <search>
      <form className="filter-form" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`} className="filter-title">
          {title}
        </h2>
        {hint && <p className="field-hint">{hint}</p>}
        {collapsible ? (
          <details className="filter-details" open={initiallyOpen(collapsible.active)}>
            <summary>{collapsible.summary}</summary>
            {body}
          </details>
        ) : (
          body
        )}
        {after}
      </form>
    </search>
  );
}

/** One end of a period in a filter form: its label, the date typed, its problem, its setter. */
interface DateBound {
  label: string;
  value: string;
  error?: string | undefined;
  onChange: (value: string) => void;
}

/**
 * The period of a filter form: a "from" and a "to" date field, with the ids `<id>-from` and
 * `<id>-to` so that a refused filter can move focus to the field at fault.
 */
export function DateRangeFields({ id, from, to }: { id: string; from: DateBound; to: DateBound }) {
  return (
    <>
      {(
        [
          ['from', from],
          ['to', to],
        ] as const
      ).map(([end, bound]) => (
        <TextField
          key={end}
          id={`${id}-${end}`}
          label={bound.label}
          typing="date"
          error={bound.error}
          value={bound.value}
          onChange={(event) => bound.onChange(event.target.value)}
        />
      ))}
    </>
  );
}
