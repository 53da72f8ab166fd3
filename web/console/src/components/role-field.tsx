import { useId } from 'react';
import type { Role } from '../api';
import { useT } from '../i18n';
import { roleKeys } from '../user-labels';

/** 一般ユーザー / 管理者 as a radio group with what each role means. */
export function RoleField({
  value,
  onChange,
  error,
}: {
  value: Role;
  onChange: (role: Role) => void;
  error?: string | undefined;
}) {
  const t = useT();
  const id = useId();
  const roles: { role: Role; hint: 'users.roleGeneralHint' | 'users.roleAdminHint' }[] = [
    { role: 'general', hint: 'users.roleGeneralHint' },
    { role: 'admin', hint: 'users.roleAdminHint' },
  ];
  return (
    <fieldset className="fieldset" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{t('users.role')}</legend>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
      {roles.map(({ role, hint }) => (
        <div key={role} className="radio-row">
          <input
            type="radio"
            id={`${id}-${role}`}
            name={`${id}-role`}
            value={role}
            checked={value === role}
            onChange={() => onChange(role)}
            aria-describedby={`${id}-${role}-hint`}
            aria-invalid={error ? true : undefined}
          />
          <label htmlFor={`${id}-${role}`}>{t(roleKeys[role])}</label>
          <p id={`${id}-${role}-hint`} className="field-hint radio-hint">
            {t(hint)}
          </p>
        </div>
      ))}
    </fieldset>
  );
}
