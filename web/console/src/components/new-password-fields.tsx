import { useId, useState } from 'react';
import type { FieldBinder } from '../hooks';
import { useT } from '../i18n';
import { newPasswordIssues, type PasswordContext } from '../validation';
import { PasswordRules } from './password-rules';
import { TextField } from './text-field';

/** A new password and its confirmation, as a form keeps them while they are typed. */
export function useNewPassword() {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const clear = () => {
    setPassword('');
    setConfirm('');
  };
  /** Our checks, the password reported under `name` (`password` or `newPassword`). */
  const issues = <F extends string>(name: F, context?: PasswordContext) =>
    newPasswordIssues<F | 'confirm'>({ password: name, confirm: 'confirm' }, password, confirm, context);
  return { password, confirm, setPassword, setConfirm, clear, issues };
}

/** The password rules, a new password and its confirmation: shared by invitation, reset and account. */
export function NewPasswordFields<F extends string>({
  name,
  value,
  field,
}: {
  /** The field name the server reports problems under (`password` or `newPassword`). */
  name: F;
  value: ReturnType<typeof useNewPassword>;
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
        {...field(name, value.password, value.setPassword)}
        type="password"
        autoComplete="new-password"
      />
      <TextField
        label={t('password.confirm')}
        {...field('confirm', value.confirm, value.setConfirm)}
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
      />
    </>
  );
}
