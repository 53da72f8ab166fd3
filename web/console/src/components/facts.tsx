import type { ReactNode } from 'react';

/** One fact: its name, its value, and the value's language when it is not the page's. */
export type Fact = readonly [name: ReactNode, value: ReactNode, lang?: string];

/** Facts about a thing as a description list (名前 — 値), e.g. an organisation or a user. */
export function Facts({ items }: { items: readonly Fact[] }) {
  return (
    <dl className="facts">
      {items.map(([name, value, lang], index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the facts are fixed for a page
        <div key={index}>
          <dt>{name}</dt>
          <dd lang={lang}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
