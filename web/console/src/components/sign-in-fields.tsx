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
  message,
}: {
  serviceCode?: string | undefined;
  email: string;
  onServiceCode?: (next: string) => void;
  onEmail: (next: string) => void;
  message: (field: 'serviceCode' | 'email') => string | undefined;
}) {
  const t = useT();
  return (
    <>
      {serviceCode !== undefined && (
        <TextField
          label={t('signin.serviceCode')}
          hint={t('signin.serviceCodeHint')}
          error={message('serviceCode')}
          name="serviceCode"
          type="text"
          autoComplete="organization"
          autoCapitalize="none"
          spellCheck={false}
          value={serviceCode}
          onChange={(e) => onServiceCode?.(e.target.value)}
        />
      )}
      <TextField
        label={t('signin.email')}
        error={message('email')}
        name="email"
        type="email"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        value={email}
        onChange={(e) => onEmail(e.target.value)}
      />
    </>
  );
}
