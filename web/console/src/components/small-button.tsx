import type { ButtonHTMLAttributes } from 'react';

/**
 * The small secondary button beside a row or an item (move, remove, edit alt text…). Give it an
 * accessible name that says which item (`aria-label` or a visually hidden part): the visible
 * text alone ("削除") does not.
 */
export function SmallButton(props: Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type' | 'className'>) {
  return <button type="button" className="button button-secondary button-small" {...props} />;
}
