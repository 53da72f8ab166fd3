import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { createUser, type Rights, type Role } from '../api';
import { adminOnlyPage } from '../components/admin-only';
import { FormAlert } from '../components/form-alert';
import { PageHeading } from '../components/page-heading';
import { SubmitButton } from '../components/submit-button';
import { TextField } from '../components/text-field';
import { UserAccessFields, UserNameField } from '../components/user-fields';
import type { FieldIssues } from '../form';
import { useApiErrorHandler, useFormSubmit } from '../hooks';
import { useT } from '../i18n';
import { uniformRights } from '../rights';
import { isPlausibleEmail } from '../validation';
import type { UsersNotice } from './users';

type Field = 'name' | 'email' | 'role' | 'rights';

export const UserNewPage = adminOnlyPage('users.newTitle', UserNewForm);

function UserNewForm() {
  const t = useT();
  const navigate = useNavigate();
  const handleError = useApiErrorHandler();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('general');
  const [rights, setRights] = useState<Rights>(() => uniformRights('none'));
  const { busy, problem, formRef, message, submit: send } = useFormSubmit<Field>(handleError);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields: FieldIssues<Field> = {};
    if (name.trim() === '') fields.name = { key: 'users.nameRequired' };
    if (email.trim() === '') fields.email = { key: 'users.emailRequired' };
    else if (!isPlausibleEmail(email)) fields.email = { key: 'users.emailInvalid' };
    send(fields, async () => {
      const user = await createUser({
        name: name.trim(),
        email: email.trim(),
        role,
        rights: role === 'admin' ? uniformRights('publish') : rights,
      });
      const notice: UsersNotice = { kind: 'created', name: user.name, email: user.email };
      navigate('/users', { state: { notice } });
    });
  }

  return (
    <>
      <PageHeading title={t('users.newTitle')} />
      <p className="lead">{t('users.newIntro')}</p>
      <FormAlert problem={problem} order={['name', 'email', 'role', 'rights']} />
      <form ref={formRef} onSubmit={submit} noValidate>
        <div className="form-narrow">
          <UserNameField value={name} onChange={setName} error={message('name')} />
          <TextField
            label={t('users.email')}
            hint={t('users.emailHint')}
            error={message('email')}
            name="email"
            type="email"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <UserAccessFields
          role={role}
          rights={rights}
          onRole={setRole}
          onRights={setRights}
          message={message}
        />
        <div className="actions">
          <SubmitButton busy={busy} label={t('users.submit')} busyLabel={t('users.submitting')} />
          <Link to="/users">{t('users.backToList')}</Link>
        </div>
      </form>
      <p className="field-hint">{t('users.auditNote')}</p>
    </>
  );
}
