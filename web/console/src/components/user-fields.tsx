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

/** The role, and for a general user the rights matrix (administrators have every right). */
export function UserAccessFields({
  role,
  rights,
  onRole,
  onRights,
  message,
}: {
  role: Role;
  rights: Rights;
  onRole: (role: Role) => void;
  onRights: (rights: Rights) => void;
  message: (field: 'role' | 'rights') => string | undefined;
}) {
  const t = useT();
  return (
    <>
      <RoleField value={role} onChange={onRole} error={message('role')} />
      {role === 'general' ? (
        <RightsMatrix value={rights} onChange={onRights} error={message('rights')} />
      ) : (
        <p className="notice">{t('users.adminRightsNote')}</p>
      )}
    </>
  );
}
