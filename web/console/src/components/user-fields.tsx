import { useState } from 'react';
import type { Rights, Role } from '../api';
import type { FieldBinder } from '../hooks';
import { useT } from '../i18n';
import { RightsMatrix } from './rights-matrix';
import { RoleField } from './role-field';
import { TextField } from './text-field';

/** 氏名 of a user, as the register and the edit form ask for it. */
export function UserNameField(bound: ReturnType<FieldBinder<'name'>>) {
  const t = useT();
  return <TextField label={t('users.name')} {...bound} type="text" autoComplete="off" />;
}

/** A user's role and rights while a form edits them. */
export function useUserAccess(initialRole: Role, initialRights: () => Rights) {
  const [role, setRole] = useState<Role>(initialRole);
  const [rights, setRights] = useState<Rights>(initialRights);
  return { role, rights, setRole, setRights };
}

/** The role, and for a general user the rights matrix (administrators have every right). */
export function UserAccessFields({
  value: { role, rights, setRole, setRights },
  message,
}: {
  value: ReturnType<typeof useUserAccess>;
  message: (field: 'role' | 'rights') => string | undefined;
}) {
  const t = useT();
  return (
    <>
      <RoleField value={role} onChange={setRole} error={message('role')} />
      {role === 'general' ? (
        <RightsMatrix value={rights} onChange={setRights} error={message('rights')} />
      ) : (
        <p className="notice">{t('users.adminRightsNote')}</p>
      )}
    </>
  );
}
