import { useT } from '../i18n';
import { PASSWORD_MIN_LENGTH } from '../validation';

/** The password rules, shown next to every new-password field and referenced by it. */
export function PasswordRules({ id }: { id: string }) {
  const t = useT();
  return (
    <div id={id} className="password-rules">
      <p className="password-rules-title">{t('password.rulesTitle')}</p>
      <ul>
        <li>{t('password.ruleLength', { min: PASSWORD_MIN_LENGTH })}</li>
        <li>{t('password.ruleCommon')}</li>
        <li>{t('password.rulePersonal')}</li>
      </ul>
      <p>{t('password.ruleTip')}</p>
    </div>
  );
}
