import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { createUser } from '../api';
import { adminOnlyPage } from '../components/admin-only';
import { AlertedForm } from '../components/form-alert';
import { PageHeading } from '../components/page-heading';
import { TextField } from '../components/text-field';
import { UserAccessFields, UserNameField, useUserAccess } from '../components/user-fields';
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
  const access = useUserAccess('general', () => uniformRights('none'));
  const { status, message, field, submit: send } = useFormSubmit<Field>(handleError);

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
        role: access.role,
        rights: access.role === 'admin' ? uniformRights('publish') : access.rights,
      });
      const notice: UsersNotice = { kind: 'created', name: user.name, email: user.email };
      navigate('/users', { state: { notice } });
    });
  }

  return (
    <>
      <PageHeading title={t('users.newTitle')} lead={t('users.newIntro')} />
      <AlertedForm
        status={status}
        order={['name', 'email', 'role', 'rights']}
        onSubmit={submit}
        labels={['users.submit', 'users.submitting']}
        actions={<Link to="/users">{t('users.backToList')}</Link>}
      >
        <div className="form-narrow">
          <UserNameField {...field('name', name, setName)} />
          <TextField
            label={t('users.email')}
            hint={t('users.emailHint')}
            {...field('email', email, setEmail)}
            typing="email"
            autoComplete="off"
          />
        </div>
        <UserAccessFields value={access} message={message} />
      </AlertedForm>
      <p className="field-hint">{t('users.auditNote')}</p>
    </>
  );
}
