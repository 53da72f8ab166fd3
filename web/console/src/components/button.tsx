import type { ComponentPropsWithRef, ReactNode } from 'react';

/** How a button looks: the main action, a secondary one, or a destructive one (red). */
const LOOKS = {
  primary: 'button',
  secondary: 'button button-secondary',
  danger: 'button button-danger',
} as const;

/**
 * A button in one of the console's looks; `type="button"` unless it is given as "submit" (a
 * form's own send button with nothing to say while busy; see SubmitButton for one that does).
 */
export function Button({
  look = 'primary',
  type = 'button',
  ...props
}: Omit<ComponentPropsWithRef<'button'>, 'type' | 'className'> & {
  look?: keyof typeof LOOKS;
  type?: 'button' | 'submit';
}) {
  return <button type={type} className={LOOKS[look]} {...props} />;
}

/**
 * The actions row that ends a plain form: its send button (disabled while `busy`), then any
 * other actions (`children`).
 */
export function FormActions({
  label,
  busy,
  look,
  children,
}: {
  label: string;
  busy?: boolean;
  look?: keyof typeof LOOKS;
  children?: ReactNode;
}) {
  return (
    <p className="actions">
      <Button type="submit" look={look} disabled={busy}>
        {label}
      </Button>
      {children}
    </p>
  );
}
