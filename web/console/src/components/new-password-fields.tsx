import { useId } from 'react';
import type { FieldBinder } from '../hooks';
import { useT } from '../i18n';
import { PasswordRules } from './password-rules';
import { TextField } from './text-field';

/** The password rules, a new password and its confirmation: shared by invitation, reset and account. */
export function NewPasswordFields<F extends string>({
  name,
  password,
  confirm,
  onPassword,
  onConfirm,
  field,
}: {
  /** The field name the server reports problems under (`password` or `newPassword`). */
  name: F;
  password: string;
  confirm: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
  field: FieldBinder<F | 'confirm'>;
}) {
  const t = useT();
  const rulesId = useId();
  return (
    <>
      <PasswordRules id={rulesId} />
      <TextField
        label={t('password.new')}
        describedBy={rulesId}
        {...field(name, password, onPassword)}
        type="password"
        autoComplete="new-password"
      />
      <TextField
        label={t('password.confirm')}
        {...field('confirm', confirm, onConfirm)}
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
      />
    </>
  );
}
