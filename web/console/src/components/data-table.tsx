import type { ReactNode } from 'react';
import type { MessageKey, TFunction } from '../i18n';
import type { Suffixes } from '../message-keys';

/** A column header: its name, or its name and a class (e.g. numbers aligned right). */
export type Column = ReactNode | { name: ReactNode; className: string };

function isStyledColumn(column: Column): column is { name: ReactNode; className: string } {
  return typeof column === 'object' && column !== null && 'className' in column;
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
  return (
    <div className="table-wrap">
      <table className={className ? `data-table ${className}` : 'data-table'}>
        {caption !== undefined && (
          <caption className={hiddenCaption ? 'visually-hidden' : undefined}>{caption}</caption>
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
    </div>
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
