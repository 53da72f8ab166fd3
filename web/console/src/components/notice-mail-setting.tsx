import { useState } from 'react';
import { type ApiError, api, asApiError } from '../api';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { ErrorAlert } from './error-alert';
import { CheckboxField } from './text-field';
import '../i18n-notices';

interface NoticeMail {
  enabled: boolean;
  alwaysForAdmins: boolean;
}

/** The account page's choice to receive the provider's notices (admins always do). */
export function NoticeMailSetting({ headingId }: { headingId: string }) {
  const t = useT();
  const load = useLoad(() => api.get<NoticeMail>('/me/notice-mail'), []);
  const [error, setError] = useState<ApiError | undefined>();
  const [saved, setSaved] = useState(false);
  if (load.state.kind !== 'ready') return null;
  const setting = load.state.value;
  return (
    <section aria-labelledby={headingId} className="section">
      <h2 id={headingId}>{t('account.noticeMailTitle')}</h2>
      {setting.alwaysForAdmins ? (
        <p>{t('account.noticeMailAdmin')}</p>
      ) : (
        <>
          <ErrorAlert error={error} />
          <CheckboxField
            label={t('account.noticeMail')}
            hint={t('account.noticeMailHint')}
            checked={setting.enabled}
            onChange={async (event) => {
              setSaved(false);
              setError(undefined);
              try {
                load.update(await api.put<NoticeMail>('/me/notice-mail', { enabled: event.target.checked }));
                setSaved(true);
              } catch (e) {
                setError(asApiError(e));
              }
            }}
          />
          <p role="status">{saved ? t('account.noticeMailSaved') : ''}</p>
        </>
      )}
    </section>
  );
}
