import type { FieldBinder } from '../hooks';
import { useT } from '../i18n';
import { TextField } from './text-field';

/**
 * Service code (組織コード) and e-mail, as the sign-in and the password-reset request ask for
 * them; the operator console has no service code (`serviceCode` undefined).
 */
export function SignInFields({
  serviceCode,
  email,
  onServiceCode,
  onEmail,
  field,
}: {
  serviceCode?: string | undefined;
  email: string;
  onServiceCode: (next: string) => void;
  onEmail: (next: string) => void;
  field: FieldBinder<'serviceCode' | 'email'>;
}) {
  const t = useT();
  return (
    <>
      {serviceCode !== undefined && (
        <TextField
          label={t('signin.serviceCode')}
          hint={t('signin.serviceCodeHint')}
          {...field('serviceCode', serviceCode, onServiceCode)}
          typing="verbatim"
          autoComplete="organization"
        />
      )}
      <TextField
        label={t('signin.email')}
        {...field('email', email, onEmail)}
        typing="email"
        autoComplete="username"
      />
    </>
  );
}
