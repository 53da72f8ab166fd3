import type { ComponentPropsWithRef } from 'react';

/** How a button looks: the main action, a secondary one, or a destructive one (red). */
const LOOKS = {
  primary: 'button',
  secondary: 'button button-secondary',
  danger: 'button button-danger',
} as const;

/** A button that is not a form's submit (`type="button"`), in one of the console's looks. */
export function Button({
  look = 'primary',
  ...props
}: Omit<ComponentPropsWithRef<'button'>, 'type' | 'className'> & { look?: keyof typeof LOOKS }) {
  return <button type="button" className={LOOKS[look]} {...props} />;
}
