import type { ReactNode } from 'react';

/**
 * One fact: its name, its value, the value's language when it is not the page's, and a class for
 * the value (e.g. `pre-wrap` for text written with line breaks).
 */
export type Fact = readonly [name: ReactNode, value: ReactNode, lang?: string, className?: string];

/**
 * Facts about a thing as a description list (名前 — 値), e.g. an organisation or a user; a fact
 * given as `false` is left out (one that applies only sometimes).
 */
export function Facts({ items }: { items: readonly (Fact | false)[] }) {
  return (
    <dl className="facts">
      {items.map((fact, index) => {
        if (!fact) return null;
        const [name, value, lang, className] = fact;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the facts are fixed for a page
          <div key={index}>
            <dt>{name}</dt>
            <dd lang={lang} className={className}>
              {value}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
