import type { ButtonHTMLAttributes } from 'react';

/**
 * The small secondary button beside a row or an item (move, remove, edit alt text…). Give it an
 * accessible name that says which item: `target` (read after the visible text, not shown) or an
 * `aria-label`; the visible text alone ("削除") does not.
 */
export function SmallButton({
  target,
  children,
  ...props
}: Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type' | 'className'> & { target?: string }) {
  return (
    <button type="button" className="button button-secondary button-small" {...props}>
      {children}
      {target !== undefined && <span className="visually-hidden">{target}</span>}
    </button>
  );
}
