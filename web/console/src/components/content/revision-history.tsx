import { type FormEvent, useEffect, useId, useState } from 'react';
import type { ApiError } from '../../api';
import { fetchRevisionDiff, fetchRevisions, restoreRevision } from '../../content/content-api';
import { diffValueText, fieldLabel, languageOfPath } from '../../content/field-paths';
import { CONTENT_LANG_KEYS, FIELD_KEYS, REVISION_NOTE_KEYS, STATUS_KEYS } from '../../content/labels';
import type {
  AnyContentData,
  ContentItem,
  ContentKind,
  ContentStatus,
  FieldChange,
  RevisionSummary,
} from '../../content/model';
import { formatJst } from '../../format';
import { useAction, useApiErrorHandler } from '../../hooks';
import { useLang, useT } from '../../i18n';
import { Button } from '../button';
import { columnNames, DataTable } from '../data-table';
import { ErrorAlert } from '../error-alert';
import { SelectField } from '../fields';
import { LoadFailed, Loading } from '../load-state';
import { RestoreRevisionDialog, RevisionTable } from '../revision-parts';
import { SmallButton } from '../small-button';
import '../../i18n-content';

type State =
  | { kind: 'loading' }
  | { kind: 'failed'; error: ApiError }
  | { kind: 'ready'; revisions: RevisionSummary[] };

type Diff =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'failed'; error: ApiError }
  | { kind: 'ready'; from: number; to: number; changes: FieldChange[] };

/**
 * 変更履歴: every version with who and when, a comparison of two versions field by field, and
 * 復元 (an earlier version's content saved as a new version).
 */
export function RevisionHistory({
  kind,
  item,
  canEdit,
  dirty,
  onRestored,
  onReload,
}: {
  kind: ContentKind;
  item: ContentItem<AnyContentData>;
  canEdit: boolean;
  dirty: boolean;
  onRestored: (item: ContentItem<AnyContentData>, notice: string) => void;
  onReload: () => void;
}) {
  const t = useT();
  const id = useId();
  const handleError = useApiErrorHandler();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [diff, setDiff] = useState<Diff>({ kind: 'idle' });
  const [restoring, setRestoring] = useState<number | undefined>();
  const restoreAction = useAction();

  // Reload whenever the item gets a new version (save, workflow step, restore).
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the load on "try again"
  useEffect(() => {
    let cancelled = false;
    fetchRevisions(kind, item.id).then(
      (answer) => {
        if (cancelled) return;
        const revisions = answer.items ?? [];
        setState({ kind: 'ready', revisions });
        setTo(String(revisions[0]?.version ?? ''));
        setFrom(String(revisions[1]?.version ?? revisions[0]?.version ?? ''));
      },
      (error: unknown) => {
        if (!cancelled) setState({ kind: 'failed', error: handleError(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [kind, item.id, item.version, attempt]);

  async function compare(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const a = Number(from);
    const b = Number(to);
    if (!a || !b) return;
    setDiff({ kind: 'loading' });
    try {
      const answer = await fetchRevisionDiff(kind, item.id, a, b);
      setDiff({ kind: 'ready', from: a, to: b, changes: answer.changes ?? [] });
    } catch (error) {
      setDiff({ kind: 'failed', error: handleError(error) });
    }
  }

  async function restore() {
    if (restoring === undefined) return;
    await restoreAction.run(async () => {
      const next = await restoreRevision(kind, item.id, restoring, item.version);
      setRestoring(undefined);
      onRestored(next, t('content.workflow.done.restore', { revision: restoring, version: next.version }));
    });
  }

  const noteLabel = (note: string | null) => {
    if (!note) return t('common.notRecorded');
    const key = REVISION_NOTE_KEYS[note];
    return key ? t(key) : note;
  };
  const statusLabel = (status: string) => {
    const key = STATUS_KEYS[status as ContentStatus];
    return key ? t(key) : status;
  };

  const versionOptions =
    state.kind === 'ready'
      ? state.revisions.map((r) => ({
          value: r.version,
          label: t('content.rev.versionOption', { version: r.version, date: formatJst(r.createdAt) ?? '' }),
        }))
      : [];

  return (
    <section className="section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('content.rev.title')}</h2>
      <p>{t('content.rev.intro')}</p>
      {state.kind === 'loading' && <Loading />}
      {state.kind === 'failed' && (
        <LoadFailed
          message={t('content.rev.loadFailed')}
          error={state.error}
          onRetry={() => setAttempt((n) => n + 1)}
        />
      )}
      {state.kind === 'ready' && (
        <>
          <RevisionTable
            revisions={state.revisions}
            currentVersion={item.version}
            messages="content.rev"
            columns={[
              ...columnNames(t, 'content.rev.col', ['version', 'note', 'status', 'actor', 'at']),
              ...(canEdit ? [t('common.actions')] : []),
            ]}
            cells={(revision) => (
              <>
                <td>{noteLabel(revision.note)}</td>
                <td>{statusLabel(revision.status)}</td>
              </>
            )}
            actions={
              canEdit
                ? (revision, current) =>
                    !current && (
                      <SmallButton
                        onClick={() => {
                          restoreAction.setError(undefined);
                          setRestoring(revision.version);
                        }}
                        target={t('content.rev.restoreTarget', { version: revision.version })}
                      >
                        {t('content.rev.restore')}
                      </SmallButton>
                    )
                : undefined
            }
          />

          {state.revisions.length > 1 && (
            <form className="compare-form" onSubmit={compare} noValidate aria-labelledby={`${id}-compare`}>
              <h3 id={`${id}-compare`}>{t('content.rev.compare')}</h3>
              <div className="field-row">
                <SelectField
                  label={t('content.rev.from')}
                  value={from}
                  onChange={(event) => setFrom(event.target.value)}
                  options={versionOptions}
                />
                <SelectField
                  label={t('content.rev.to')}
                  value={to}
                  onChange={(event) => setTo(event.target.value)}
                  options={versionOptions}
                />
              </div>
              <div className="actions actions-compact">
                <Button look="secondary" type="submit" aria-disabled={diff.kind === 'loading' || undefined}>
                  {t('content.rev.compareButton')}
                </Button>
              </div>
            </form>
          )}
          <div aria-live="polite">
            {diff.kind === 'loading' && <Loading />}
            {diff.kind === 'failed' && (
              <ErrorAlert error={diff.error} messages={[t('content.rev.diffFailed')]} />
            )}
            {diff.kind === 'ready' && <DiffTable from={diff.from} to={diff.to} changes={diff.changes} />}
          </div>
        </>
      )}

      <RestoreRevisionDialog
        revision={restoring}
        messages="content.rev"
        action={restoreAction}
        reload={{ label: t('content.edit.conflictReload'), onClick: onReload }}
        onConfirm={restore}
        onClose={() => setRestoring(undefined)}
      >
        {dirty && <p className="notice">{t('content.rev.restoreUnsaved')}</p>}
        {item.live && <p>{t('content.rev.restoreLive')}</p>}
      </RestoreRevisionDialog>
    </section>
  );
}

function DiffTable({ from, to, changes }: { from: number; to: number; changes: FieldChange[] }) {
  const t = useT();
  const { lang: uiLang } = useLang();
  if (changes.length === 0) return <p>{t('content.rev.diffNone', { from, to })}</p>;
  const value = (v: unknown) => {
    const text = diffValueText(v);
    return text === '' ? (
      <span className="secondary-text" lang={uiLang}>
        {t('content.rev.empty')}
      </span>
    ) : (
      <span className="diff-value">{text}</span>
    );
  };
  return (
    <DataTable
      caption={t('content.rev.diffCaption', { from, to, count: changes.length })}
      className="diff-table"
      columns={[
        t('content.rev.col.path'),
        t('content.rev.col.before', { version: from }),
        t('content.rev.col.after', { version: to }),
      ]}
    >
      {changes.map((change) => (
        <tr key={change.path} lang={languageOfPath(change.path)}>
          <th scope="row" lang={uiLang}>
            {fieldLabel(change.path === '(root)' ? '' : change.path, t, FIELD_KEYS, CONTENT_LANG_KEYS)}
            <code className="path-code">{change.path}</code>
          </th>
          <td>{value(change.before)}</td>
          <td>{value(change.after)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
