import { useId, useState } from 'react';
import type { ApiError } from '../../api';
import { formatJst } from '../../format';
import { useAction, useApiErrorHandler, useLoad } from '../../hooks';
import { type MessageKey, useT } from '../../i18n';
import {
  fetchRevision,
  fetchRevisions,
  type RallyCampaignDetail,
  type RallySnapshot,
  restoreRevision,
} from '../../rally-api';
import { columnNames } from '../data-table';
import { ErrorAlert } from '../error-alert';
import { Facts } from '../facts';
import { LoadView } from '../load-state';
import { RestoreRevisionDialog, RevisionTable } from '../revision-parts';
import { SmallButton } from '../small-button';
import '../../i18n-rally';

/**
 * 履歴: every version of the campaign with what was done, who and when; a version's content on
 * request, and 復元 (an earlier version saved as a new one; a campaign that has been public keeps
 * its address and checkpoints). Reloads whenever the campaign gets a new version.
 */
export function CampaignHistory({
  campaign,
  canEdit,
  onRestored,
  onReload,
}: {
  campaign: RallyCampaignDetail;
  canEdit: boolean;
  onRestored: (campaign: RallyCampaignDetail) => void;
  onReload: () => void;
}) {
  const t = useT();
  const id = useId();
  const handleError = useApiErrorHandler();
  const load = useLoad(() => fetchRevisions(campaign.id), [campaign.id, campaign.version]);
  const [shown, setShown] = useState<{ version: number; snapshot: RallySnapshot } | undefined>();
  const [showError, setShowError] = useState<ApiError | undefined>();
  const [restoring, setRestoring] = useState<number | undefined>();
  const restoreAction = useAction();
  const [notice, setNotice] = useState<string | undefined>();
  const editable = canEdit && campaign.status !== 'archived';

  async function show(version: number) {
    setShowError(undefined);
    try {
      const revision = await fetchRevision(campaign.id, version);
      setShown({ version, snapshot: revision.snapshot });
    } catch (error) {
      setShowError(handleError(error));
    }
  }

  async function restore() {
    if (restoring === undefined) return;
    await restoreAction.run(async () => {
      const next = await restoreRevision(campaign.id, restoring, campaign.version);
      setNotice(t('rally.rev.restored', { revision: restoring, version: next.version }));
      setRestoring(undefined);
      onRestored(next);
    });
  }

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('rally.rev.title')}</h2>
      <p>{t('rally.rev.intro')}</p>
      {notice && <p role="status">{notice}</p>}
      <LoadView load={load} failedMessage={t('rally.rev.loadFailed')}>
        {({ items }) => (
          <RevisionTable
            revisions={items}
            currentVersion={campaign.version}
            messages="rally.rev"
            columns={[
              ...columnNames(t, 'rally.rev', ['version', 'action', 'actor', 'at']),
              t('common.actions'),
            ]}
            cells={(r) => (
              <td>
                {t(`rally.rev.action.${r.action}` as MessageKey)}
                {r.restoredFrom !== null && ` (${t('rally.rev.from', { revision: r.restoredFrom })})`}
              </td>
            )}
            actions={(r, current) => (
              <>
                <SmallButton
                  onClick={() => void show(r.version)}
                  target={t('rally.rev.target', { version: r.version })}
                >
                  {t('rally.rev.show')}
                </SmallButton>{' '}
                {editable && !current && (
                  <SmallButton
                    onClick={() => {
                      setNotice(undefined);
                      restoreAction.setError(undefined);
                      setRestoring(r.version);
                    }}
                    target={t('rally.rev.target', { version: r.version })}
                  >
                    {t('rally.rev.restore')}
                  </SmallButton>
                )}
              </>
            )}
          />
        )}
      </LoadView>
      <ErrorAlert error={showError} />
      {shown && <SnapshotFacts version={shown.version} snapshot={shown.snapshot} />}

      <RestoreRevisionDialog
        revision={restoring}
        messages="rally.rev"
        action={restoreAction}
        reload={{
          label: t('rally.rev.reload'),
          onClick: () => {
            setRestoring(undefined);
            onReload();
          },
        }}
        onConfirm={restore}
        onClose={() => setRestoring(undefined)}
      >
        {campaign.status !== 'draft' && <p>{t('rally.rev.restoreKept')}</p>}
      </RestoreRevisionDialog>
    </section>
  );
}

/** What a version held, as the campaign page shows it. */
function SnapshotFacts({ version, snapshot }: { version: number; snapshot: RallySnapshot }) {
  const t = useT();
  return (
    <section aria-label={t('rally.rev.contents', { version })}>
      <h3>{t('rally.rev.contents', { version })}</h3>
      <Facts
        items={[
          [
            t('rally.name'),
            <>
              {snapshot.texts.name.ja}
              {snapshot.texts.name.en ? ` / ${snapshot.texts.name.en}` : ''}
            </>,
          ],
          [t('rally.slug'), snapshot.slug],
          [t('rally.status'), t(`rally.status.${snapshot.status}` as MessageKey)],
          [
            t('rally.period'),
            <>
              {formatJst(snapshot.startsAt)} – {formatJst(snapshot.endsAt)}
            </>,
          ],
          [t('rally.retentionDays'), snapshot.retentionDays],
          [
            t('rally.checkpoints'),
            snapshot.checkpoints.map((c) => c.name.ja).join('、') || t('common.notRecorded'),
          ],
          [t('rally.tier'), snapshot.prizeTiers.map((p) => p.name.ja).join('、') || t('common.notRecorded')],
          [t('rally.surveyPresets'), snapshot.survey.length],
        ]}
      />
    </section>
  );
}
