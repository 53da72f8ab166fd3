import { useId, useRef, useState } from 'react';
import {
  actionsFor,
  type BulkAction,
  type BulkOutcome,
  type BulkRef,
  type BulkRequest,
  parseTagList,
  runBulk,
} from '../../content/bulk';
import type { ContentKind } from '../../content/model';
import { useCategories } from '../../content/use-categories';
import { useLang, useT } from '../../i18n';
import { Button } from '../button';
import { ConfirmDialog } from '../confirm-dialog';
import { DataTable } from '../data-table';
import { SelectField } from '../fields';
import { SmallButton } from '../small-button';
import { TextField } from '../text-field';
import '../../i18n-bulk';

type Progress = { done: number; total: number };

/**
 * The action bar above a content list once items are selected: choose an action (and its
 * category or tags), confirm with the count, watch the progress, then read the result per item —
 * which failed and why. `onFinished` reloads the list.
 */
export function BulkBar({
  kind,
  selected,
  canPublish,
  onClear,
  onFinished,
}: {
  kind: ContentKind;
  selected: readonly BulkRef[];
  canPublish: boolean;
  onClear: () => void;
  onFinished: () => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const id = useId();
  const { choices, name: categoryName } = useCategories(kind);
  const [action, setAction] = useState<BulkAction | ''>('');
  const [category, setCategory] = useState('');
  const [tagText, setTagText] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  const tags = parseTagList(tagText);
  const actionLabel = (a: BulkAction) => t(`bulk.action.${a}`);

  /** What is missing before the action can run, or undefined when nothing is. */
  function missing(): string | undefined {
    if (!action) return t('bulk.needAction');
    if (action === 'setCategory' && !category) return t('bulk.needCategory');
    if ((action === 'addTags' || action === 'removeTags') && tags.length === 0) return t('bulk.needTags');
    return undefined;
  }

  function request(): BulkRequest | null {
    const gap = missing();
    setProblem(gap);
    if (gap || !action) return null;
    return {
      action,
      ...(action === 'setCategory' ? { category } : {}),
      ...(action === 'addTags' || action === 'removeTags' ? { tags } : {}),
    };
  }

  async function run() {
    const body = request();
    if (!body) return;
    setProgress({ done: 0, total: selected.length });
    const result = await runBulk(kind, body, selected, (done, total) => setProgress({ done, total }));
    setProgress(null);
    setConfirming(false);
    setOutcome(result);
    onFinished();
    // After the dialog has closed and returned focus, move on to the result.
    setTimeout(() => resultRef.current?.focus(), 0);
  }

  return (
    <section className="bulk-bar" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="bulk-title">
        {t('bulk.title')}
      </h2>
      {selected.length > 0 && (
        <form
          className="bulk-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (request()) setConfirming(true);
          }}
          noValidate
        >
          <p className="bulk-count">
            <strong>{t('bulk.selected', { count: selected.length })}</strong>{' '}
            <SmallButton onClick={onClear}>{t('bulk.clear')}</SmallButton>
          </p>
          <div className="bulk-fields">
            <SelectField
              label={t('bulk.action')}
              value={action}
              error={problem && !action ? problem : undefined}
              onChange={(event) => setAction(event.target.value as BulkAction | '')}
              empty={t('bulk.choose')}
              options={actionsFor(kind, canPublish).map((a) => ({ value: a, label: actionLabel(a) }))}
            />
            {action === 'setCategory' && (
              <SelectField
                label={t('bulk.category')}
                value={category}
                error={problem && !category ? problem : undefined}
                onChange={(event) => setCategory(event.target.value)}
                empty={t('bulk.choose')}
                options={choices}
              />
            )}
            {(action === 'addTags' || action === 'removeTags') && (
              <TextField
                label={t('bulk.tags')}
                hint={t('bulk.tagsHint')}
                value={tagText}
                error={problem && tags.length === 0 ? problem : undefined}
                onChange={(event) => setTagText(event.target.value)}
                maxLength={400}
              />
            )}
            <Button type="submit">{t('bulk.run')}</Button>
          </div>
        </form>
      )}
      <ConfirmDialog
        open={confirming}
        title={t('bulk.confirmTitle')}
        confirmLabel={action ? actionLabel(action) : t('bulk.run')}
        danger={action === 'delete' || action === 'unpublish'}
        busy={progress !== null}
        onConfirm={() => void run()}
        onClose={() => setConfirming(false)}
      >
        <p>{t('bulk.confirm', { count: selected.length, action: action ? actionLabel(action) : '' })}</p>
        {action === 'setCategory' && category && (
          <p>{t('bulk.confirmCategory', { category: categoryName(category) })}</p>
        )}
        {(action === 'addTags' || action === 'removeTags') && (
          <p>{t('bulk.confirmTags', { tags: tags.join('、') })}</p>
        )}
        {action === 'delete' && <p>{t('bulk.confirmDelete')}</p>}
        {progress && (
          <div className="bulk-progress">
            <progress
              id={`${id}-progress`}
              max={progress.total}
              value={progress.done}
              aria-label={t('bulk.progressLabel')}
            />
            <p role="status">{t('bulk.progress', { done: progress.done, total: progress.total })}</p>
          </div>
        )}
      </ConfirmDialog>
      {outcome && (
        <div className="bulk-result">
          <h3 ref={resultRef} tabIndex={-1}>
            {t('bulk.resultTitle')}
          </h3>
          <ul role="status">
            <li>{t('bulk.resultDone', { count: outcome.done })}</li>
            {outcome.unchanged > 0 && <li>{t('bulk.resultUnchanged', { count: outcome.unchanged })}</li>}
            {outcome.failures.length > 0 && (
              <li>{t('bulk.resultFailed', { count: outcome.failures.length })}</li>
            )}
          </ul>
          {outcome.failures.length > 0 && (
            <DataTable caption={t('bulk.failedCaption')} columns={[t('bulk.col.item'), t('bulk.col.reason')]}>
              {outcome.failures.map((f) => (
                <tr key={f.id}>
                  <th scope="row" lang="ja">
                    {f.title || f.id}
                  </th>
                  <td>{f.message[lang]}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </div>
      )}
    </section>
  );
}
