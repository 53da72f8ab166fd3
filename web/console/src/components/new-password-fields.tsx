import { useId } from 'react';
import { useT } from '../i18n';
import { PasswordRules } from './password-rules';
import { TextField } from './text-field';

/** The password rules, a new password and its confirmation: shared by invitation, reset and account. */
export function NewPasswordFields({
  name,
  password,
  confirm,
  onPassword,
  onConfirm,
  passwordError,
  confirmError,
}: {
  /** The field name the server reports problems under (`password` or `newPassword`). */
  name: string;
  password: string;
  confirm: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
  passwordError: string | undefined;
  confirmError: string | undefined;
}) {
  const t = useT();
  const rulesId = useId();
  return (
    <>
      <PasswordRules id={rulesId} />
      <TextField
        label={t('password.new')}
        error={passwordError}
        describedBy={rulesId}
        name={name}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => onPassword(e.target.value)}
      />
      <TextField
        label={t('password.confirm')}
        error={confirmError}
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={(e) => onConfirm(e.target.value)}
      />
    </>
  );
}
