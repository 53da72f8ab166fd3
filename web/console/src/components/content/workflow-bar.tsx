import { useEffect, useId, useRef, useState } from 'react';
import type { ApiError, RightLevel } from '../../api';
import {
  deleteContentItem,
  scheduleContentItem,
  transitionContentItem,
  type WorkflowTransition,
} from '../../content/content-api';
import type { AnyContentData, ContentItem, ContentKind } from '../../content/model';
import { formatJst } from '../../format';
import { useApiErrorHandler } from '../../hooks';
import { type MessageKey, useLang, useT } from '../../i18n';
import { isoToJstLocal, jstLocalToIso } from '../../jst';
import { allows } from '../../rights';
import { Button } from '../button';
import { ConfirmDialog } from '../confirm-dialog';
import { ErrorAlert } from '../error-alert';
import { Facts } from '../facts';
import { TextField } from '../text-field';
import { ScheduleLines } from './schedule-lines';
import { StatusBadges } from './status-badges';
import '../../i18n-content';

type Dialog = 'publish' | 'unpublish' | 'delete' | 'schedule' | undefined;

const DONE_KEYS: Record<WorkflowTransition, MessageKey> = {
  submit: 'content.workflow.done.submit',
  withdraw: 'content.workflow.done.withdraw',
  publish: 'content.workflow.done.publish',
  unpublish: 'content.workflow.done.unpublish',
};

/**
 * The item's status and the workflow: レビュー依頼, 差し戻し, 公開, 公開停止, 公開予約, 削除.
 * Each step sends the version the user is looking at; another user's newer save is a conflict.
 * Steps act on the saved item, so they wait while the form has unsaved changes.
 */
export function WorkflowBar({
  kind,
  item,
  title,
  level,
  dirty,
  onChanged,
  onDeleted,
  onReload,
}: {
  kind: ContentKind;
  item: ContentItem<AnyContentData>;
  title: string;
  level: RightLevel;
  dirty: boolean;
  onChanged: (item: ContentItem<AnyContentData>, notice: string) => void;
  onDeleted: () => void;
  onReload: () => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const id = useId();
  const handleError = useApiErrorHandler();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [dialog, setDialog] = useState<Dialog>();
  const [dialogError, setDialogError] = useState<ApiError | undefined>();
  const [publishAt, setPublishAt] = useState('');
  const [unpublishAt, setUnpublishAt] = useState('');
  // The button a step started from: focus returns there when the step is done, or to the section's
  // heading when the step removed it (公開する is gone once the item is published).
  const opener = useRef<HTMLElement | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [refocus, setRefocus] = useState(0);
  const [scheduleIssue, setScheduleIssue] = useState<{
    field: 'publishAt' | 'unpublishAt';
    key: MessageKey;
  }>();

  const canEdit = allows(level, 'edit');
  const canPublish = allows(level, 'publish');
  const { status, live } = item;
  const can = {
    submit: canEdit && (status === 'draft' || status === 'unpublished'),
    withdraw: canEdit && status === 'in_review',
    publish: canPublish && status !== 'published',
    unpublish: canPublish && live,
    schedule: canPublish,
    delete: canEdit && !live,
  };
  const locked = dirty || busy;

  // Runs after the dialog's own effect has closed it (children's effects run first).
  useEffect(() => {
    if (refocus === 0) return;
    const target = opener.current;
    if (target?.isConnected && !(target as HTMLButtonElement).disabled) target.focus();
    else headingRef.current?.focus();
  }, [refocus]);

  function done() {
    setRefocus((n) => n + 1);
  }

  /** A button's click: remember it as the step's opener, then open the dialog or run the step. */
  const from = (then: () => void) => (event: { currentTarget: HTMLElement }) => {
    opener.current = event.currentTarget;
    then();
  };

  function open(next: Dialog) {
    setDialogError(undefined);
    setError(undefined);
    if (next === 'schedule') {
      setPublishAt(isoToJstLocal(item.publishAt));
      setUnpublishAt(isoToJstLocal(item.unpublishAt));
      setScheduleIssue(undefined);
    }
    setDialog(next);
  }

  async function run(transition: WorkflowTransition, inDialog: boolean) {
    setBusy(true);
    setError(undefined);
    try {
      const next = await transitionContentItem(kind, item.id, transition, item.version);
      setDialog(undefined);
      onChanged(next, t(DONE_KEYS[transition]));
      done();
    } catch (caught) {
      const apiError = handleError(caught);
      if (inDialog && apiError.code !== 'version_conflict') setDialogError(apiError);
      else {
        setDialog(undefined);
        setError(apiError);
      }
    } finally {
      setBusy(false);
    }
  }

  async function saveSchedule(clear: boolean) {
    const publishIso = clear || publishAt === '' ? null : jstLocalToIso(publishAt);
    const unpublishIso = clear || unpublishAt === '' ? null : jstLocalToIso(unpublishAt);
    if (publishIso === undefined)
      return setScheduleIssue({ field: 'publishAt', key: 'content.schedule.invalid' });
    if (unpublishIso === undefined)
      return setScheduleIssue({ field: 'unpublishAt', key: 'content.schedule.invalid' });
    if (publishIso && unpublishIso && unpublishIso <= publishIso)
      return setScheduleIssue({ field: 'unpublishAt', key: 'content.schedule.order' });
    setScheduleIssue(undefined);
    setBusy(true);
    setDialogError(undefined);
    try {
      const next = await scheduleContentItem(kind, item.id, {
        version: item.version,
        publishAt: publishIso,
        unpublishAt: unpublishIso,
      });
      setDialog(undefined);
      onChanged(
        next,
        t(
          publishIso || unpublishIso
            ? 'content.workflow.done.schedule'
            : 'content.workflow.done.scheduleCleared',
        ),
      );
      done();
    } catch (caught) {
      const apiError = handleError(caught);
      if (apiError.code === 'version_conflict') {
        setDialog(undefined);
        setError(apiError);
      } else setDialogError(apiError);
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    setBusy(true);
    try {
      await deleteContentItem(kind, item.id, item.version);
      setDialog(undefined);
      onDeleted();
    } catch (caught) {
      setDialogError(handleError(caught));
    } finally {
      setBusy(false);
    }
  }

  const scheduleMessage = (field: 'publishAt' | 'unpublishAt') =>
    scheduleIssue?.field === field
      ? t(scheduleIssue.key)
      : dialogError?.field === field
        ? dialogError.messageIn(lang)
        : undefined;

  return (
    <section className="workflow-bar" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {t('content.workflow.title')}
      </h2>
      <Facts
        items={[
          [
            t('content.workflow.status'),
            <StatusBadges
              key="status"
              status={status}
              live={live}
              hasUnpublishedChanges={item.hasUnpublishedChanges}
            />,
          ],
          [
            t('content.workflow.version'),
            t('content.workflow.versionValue', {
              version: item.version,
              date: formatJst(item.updatedAt) ?? '',
            }),
          ],
          [t('content.workflow.publishedAt'), formatJst(item.publishedAt) ?? t('content.workflow.none')],
          [
            t('content.workflow.schedule'),
            <ScheduleLines
              key="schedule"
              publishAt={item.publishAt}
              unpublishAt={item.unpublishAt}
              none={t('content.workflow.none')}
            />,
          ],
        ]}
      />
      {live && (
        <p className="field-hint">
          {t(item.hasUnpublishedChanges ? 'content.workflow.changesNote' : 'content.workflow.liveNote')}
        </p>
      )}
      {dirty && <p className="notice">{t('content.workflow.saveFirst')}</p>}
      <ErrorAlert error={error} />
      {error?.code === 'version_conflict' && (
        <div className="actions actions-compact">
          <Button onClick={onReload}>{t('content.edit.conflictReload')}</Button>
        </div>
      )}
      <div className="actions actions-compact workflow-actions">
        {can.submit && (
          <Button disabled={locked} onClick={from(() => run('submit', false))}>
            {t('content.workflow.submit')}
          </Button>
        )}
        {can.withdraw && (
          <Button look="secondary" disabled={locked} onClick={from(() => run('withdraw', false))}>
            {t('content.workflow.withdraw')}
          </Button>
        )}
        {can.publish && (
          <Button disabled={locked} onClick={from(() => open('publish'))}>
            {t('content.workflow.publish')}
          </Button>
        )}
        {can.schedule && (
          <Button look="secondary" disabled={locked} onClick={from(() => open('schedule'))}>
            {t('content.workflow.schedule')}
          </Button>
        )}
        {can.unpublish && (
          <Button look="secondary" disabled={locked} onClick={from(() => open('unpublish'))}>
            {t('content.workflow.unpublish')}
          </Button>
        )}
        {can.delete && (
          <Button look="danger" disabled={busy} onClick={() => open('delete')}>
            {t('content.workflow.delete')}
          </Button>
        )}
      </div>
      {canEdit && item.publishAt && <p className="notice">{t('content.workflow.scheduleEditNote')}</p>}
      {!canPublish && canEdit && <p className="field-hint">{t('content.workflow.noPublishRight')}</p>}
      {canEdit && live && <p className="field-hint">{t('content.workflow.deleteLiveNote')}</p>}

      {(['publish', 'unpublish', 'delete'] as const).map((step) => (
        <ConfirmDialog
          key={step}
          open={dialog === step}
          title={t(`content.workflow.${step}Title`, { name: title })}
          confirmLabel={t(`content.workflow.${step}`)}
          danger={step !== 'publish'}
          busy={busy}
          error={dialogError}
          onConfirm={step === 'delete' ? remove : () => run(step, true)}
          onClose={() => setDialog(undefined)}
        >
          <p>{t(`content.workflow.${step}Body`)}</p>
        </ConfirmDialog>
      ))}
      <ConfirmDialog
        open={dialog === 'schedule'}
        title={t('content.schedule.title')}
        confirmLabel={t('content.schedule.save')}
        danger={false}
        busy={busy}
        error={
          dialogError?.field === 'publishAt' || dialogError?.field === 'unpublishAt' ? undefined : dialogError
        }
        onConfirm={() => saveSchedule(false)}
        onClose={() => setDialog(undefined)}
      >
        <p>{t('content.schedule.intro')}</p>
        <TextField
          label={t('content.schedule.publishAt')}
          hint={t('content.schedule.hint')}
          optional
          typing="dateTime"
          error={scheduleMessage('publishAt')}
          value={publishAt}
          onChange={(event) => setPublishAt(event.target.value)}
        />
        <TextField
          label={t('content.schedule.unpublishAt')}
          optional
          typing="dateTime"
          error={scheduleMessage('unpublishAt')}
          value={unpublishAt}
          onChange={(event) => setUnpublishAt(event.target.value)}
        />
        {(item.publishAt || item.unpublishAt) && (
          <p>
            <button type="button" className="button-link" onClick={() => saveSchedule(true)}>
              {t('content.schedule.clear')}
            </button>
          </p>
        )}
      </ConfirmDialog>
    </section>
  );
}
