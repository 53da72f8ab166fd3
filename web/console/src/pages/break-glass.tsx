import { type FormEvent, useState } from 'react';
import { adminOnlyPage } from '../components/admin-only';
import { Button } from '../components/button';
import { ErrorAlert } from '../components/error-alert';
import { Facts } from '../components/facts';
import { Panel } from '../components/form-alert';
import { LoadView } from '../components/load-state';
import { PageHeading } from '../components/page-heading';
import { StatusMessage } from '../components/status-message';
import { SubmitButton } from '../components/submit-button';
import { formatJst } from '../format';
import { useAction, useLoad } from '../hooks';
import { useT } from '../i18n';
import {
  type BreakGlassGrant,
  decideBreakGlass,
  fetchBreakGlassSetting,
  fetchOwnBreakGlass,
  saveBreakGlassSetting,
} from '../support';
import { GRANT_STATUS_KEYS } from '../support-labels';
import '../i18n-support';

/** 緊急アクセス (admins): every operator access to the organisation, live; approvals; the setting. */
export const BreakGlassPage = adminOnlyPage('module.breakGlass.title', BreakGlass);

function BreakGlass() {
  const t = useT();
  const load = useLoad(fetchOwnBreakGlass, []);
  return (
    <>
      <PageHeading title={t('module.breakGlass.title')} lead={t('breakGlass.intro')} />
      <LoadView load={load} failedMessage={t('breakGlass.loadFailed')}>
        {({ items }) => (
          <>
            {items
              .filter((g) => g.status === 'active')
              .map((g) => (
                <div key={g.id} className="notice" role="status">
                  <p>
                    <strong>{t('breakGlass.active', { until: formatJst(g.expiresAt) ?? '' })}</strong>
                  </p>
                </div>
              ))}
            {items.length === 0 ? (
              <p>{t('breakGlass.empty')}</p>
            ) : (
              items.map((grant) => <GrantPanel key={grant.id} grant={grant} onDone={load.retry} />)
            )}
          </>
        )}
      </LoadView>
      <ApprovalSetting />
    </>
  );
}

/** One grant: who, why, until when, what was read; a request waiting for us can be decided here. */
export function GrantFacts({ grant }: { grant: BreakGlassGrant }) {
  const t = useT();
  return (
    <>
      <Facts
        items={[
          [t('support.col.status'), t(GRANT_STATUS_KEYS[grant.status])],
          [t('breakGlass.operator'), grant.operatorId],
          [t('breakGlass.reason'), grant.reason, undefined, 'pre-wrap'],
          [t('breakGlass.duration'), t('breakGlass.minutes', { minutes: grant.durationMinutes })],
          [t('breakGlass.requestedAt'), formatJst(grant.requestedAt)],
          !!grant.approvedBy && [t('breakGlass.approvedBy'), grant.approvedBy],
          !!grant.expiresAt && [t('breakGlass.until'), formatJst(grant.expiresAt)],
          !!grant.endedAt && [t('breakGlass.endedAt'), formatJst(grant.endedAt)],
        ]}
      />
      <h3>{t('breakGlass.reads')}</h3>
      {grant.reads.length === 0 ? (
        <p>{t('breakGlass.noReads')}</p>
      ) : (
        <ul>
          {grant.reads.map((r) => (
            <li key={`${r.at}-${r.what}`}>
              <time dateTime={r.at}>{formatJst(r.at)}</time> {r.what}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function GrantPanel({ grant, onDone }: { grant: BreakGlassGrant; onDone: () => void }) {
  const t = useT();
  const { busy, error, run } = useAction();
  const decide = (decision: 'approve' | 'refuse') => run(() => decideBreakGlass(grant.id, decision), onDone);
  return (
    <article className="panel" aria-labelledby={`grant-${grant.id}`}>
      <h2 id={`grant-${grant.id}`}>
        {t(GRANT_STATUS_KEYS[grant.status])}：{formatJst(grant.requestedAt)}
      </h2>
      <GrantFacts grant={grant} />
      {grant.status === 'requested' && grant.approval === 'admin' && (
        <>
          <ErrorAlert error={error} />
          <div className="actions">
            <Button disabled={busy} onClick={() => decide('approve')}>
              {t('breakGlass.approve')}
            </Button>
            <Button look="secondary" disabled={busy} onClick={() => decide('refuse')}>
              {t('breakGlass.refuse')}
            </Button>
          </div>
        </>
      )}
    </article>
  );
}

function ApprovalSetting() {
  const t = useT();
  const load = useLoad(fetchBreakGlassSetting, []);
  const [choice, setChoice] = useState<'operator' | 'admin' | undefined>();
  const { busy, error, run } = useAction();
  const [saved, setSaved] = useState<string | undefined>();
  function save(event: FormEvent<HTMLFormElement>, current: 'operator' | 'admin') {
    event.preventDefault();
    setSaved(undefined);
    void run(async () => {
      load.update(await saveBreakGlassSetting(choice ?? current));
      setSaved(t('breakGlass.setting.saved'));
    });
  }
  return (
    <Panel id="break-glass-setting" title={t('breakGlass.setting.title')}>
      <StatusMessage message={saved} />
      <ErrorAlert error={error} />
      <LoadView load={load} failedMessage={t('breakGlass.loadFailed')}>
        {({ approval }) => (
          <form onSubmit={(e) => save(e, approval)}>
            <fieldset>
              <legend>{t('breakGlass.setting.legend')}</legend>
              {(['operator', 'admin'] as const).map((value) => (
                <label key={value} className="rights-option">
                  <input
                    type="radio"
                    name="approval"
                    value={value}
                    checked={(choice ?? approval) === value}
                    onChange={() => setChoice(value)}
                  />
                  <span>{t(`breakGlass.setting.${value}`)}</span>
                </label>
              ))}
            </fieldset>
            <div className="actions">
              <SubmitButton
                busy={busy}
                label={t('breakGlass.setting.save')}
                busyLabel={t('support.form.submitting')}
              />
            </div>
          </form>
        )}
      </LoadView>
    </Panel>
  );
}
