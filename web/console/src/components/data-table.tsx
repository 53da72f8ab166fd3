import { type ReactNode, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { type MessageKey, type TFunction, useT } from '../i18n';
import type { Suffixes } from '../message-keys';

/** A column header: its name, or its name and a class (e.g. numbers aligned right). */
export type Column = ReactNode | { name: ReactNode; className: string };

function isStyledColumn(column: Column): column is { name: ReactNode; className: string } {
  return typeof column === 'object' && column !== null && 'className' in column;
}

/** Whether the element's content overflows it (so it scrolls: sideways, or down as axe counts it). */
function overflows(element: HTMLElement): boolean {
  return element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1;
}

/**
 * Whether the element scrolls, measured after each render before the browser paints or runs
 * anything else (rows that arrive make it scroll in the same task that adds them: a check run
 * between the two, such as axe's, found a scrolling box not yet focusable), and on every resize.
 */
function useScrolls(ref: { current: HTMLElement | null }): boolean {
  const [scrolls, setScrolls] = useState(false);
  useLayoutEffect(() => {
    if (ref.current) setScrolls(overflows(ref.current));
  });
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    // Measured on mount by the layout effect; from then on on every resize.
    const observer = new ResizeObserver(() => setScrolls(overflows(element)));
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, [ref]);
  return scrolls;
}

/**
 * The sideways-scrolling box around a wide table. While the table is wider than the screen, the
 * box is a named region in the tab order so keyboard users can scroll it with the arrow keys
 * (WCAG 2.1.1; axe `scrollable-region-focusable`); otherwise it is a plain box.
 */
export function TableScroll({
  labelledBy,
  children,
}: {
  /** Id of the table's caption; without one the region gets a generic name. */
  labelledBy?: string | undefined;
  children: ReactNode;
}) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const scrolls = useScrolls(ref);
  const region = scrolls
    ? {
        role: 'region',
        tabIndex: 0,
        ...(labelledBy ? { 'aria-labelledby': labelledBy } : { 'aria-label': t('common.scrollTable') }),
      }
    : {};
  return (
    <div ref={ref} className="table-wrap" {...region}>
      {children}
    </div>
  );
}

/**
 * A data table as every list in the console shows one: scrollable on narrow screens, a caption
 * for screen readers, one header row of column names; `children` are the body rows.
 */
export function DataTable({
  caption,
  hiddenCaption = false,
  className,
  columns,
  children,
}: {
  caption?: ReactNode;
  /** The caption only for screen readers, where a heading above already names the table. */
  hiddenCaption?: boolean;
  className?: string;
  columns: Column[];
  children: ReactNode;
}) {
  const captionId = useId();
  return (
    <TableScroll labelledBy={caption !== undefined ? captionId : undefined}>
      <table className={className ? `data-table ${className}` : 'data-table'}>
        {caption !== undefined && (
          <caption id={captionId} className={hiddenCaption ? 'visually-hidden' : undefined}>
            {caption}
          </caption>
        )}
        <thead>
          <tr>
            {columns.map((column, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed for a table
              <th key={index} scope="col" className={isStyledColumn(column) ? column.className : undefined}>
                {isStyledColumn(column) ? column.name : column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </TableScroll>
  );
}

/**
 * Column headers whose names the catalogue keeps under one prefix (`users.col.name`, …), in order:
 * `columnNames(t, 'users.col', ['name', 'email'])`.
 */
export function columnNames<const P extends string>(
  t: TFunction,
  prefix: P,
  names: readonly Suffixes<P>[],
): string[] {
  return names.map((name) => t(`${prefix}.${name}` as MessageKey));
}
