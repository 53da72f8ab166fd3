import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Loaded } from '../hooks';
import { LoadView } from './load-state';

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

/** What `useLoad` answered for a list: "Loading…", the failure, `empty` for none, else `children`. */
export function ListView<T>({
  load,
  failedMessage,
  empty,
  children,
}: {
  load: { state: Loaded<readonly T[]>; retry: () => void };
  failedMessage: string;
  empty: string;
  children: (items: T[]) => ReactNode;
}) {
  return (
    <LoadView load={load} failedMessage={failedMessage}>
      {(items) => (items.length === 0 ? <p>{empty}</p> : children([...items]))}
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
