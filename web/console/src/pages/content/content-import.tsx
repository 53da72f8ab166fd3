import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { ApiError } from '../../api';
import { Button } from '../../components/button';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { BackLink } from '../../components/content/back-link';
import { DataTable } from '../../components/data-table';
import { DropZone } from '../../components/drop-zone';
import { ErrorAlert } from '../../components/error-alert';
import { Facts } from '../../components/facts';
import { PageHeading } from '../../components/page-heading';
import { SubmitButton } from '../../components/submit-button';
import { KIND_KEYS } from '../../content/labels';
import { KIND_MODULE, KIND_PATH } from '../../content/model';
import {
  type ActionCounts,
  applyImport,
  canApply,
  checkImportFile,
  countActions,
  type DetectedEncoding,
  type FileProblem,
  firstOf,
  formatFileSize,
  IMPORT_ACTIONS,
  IMPORT_ENCODINGS,
  type ImportAction,
  type ImportEncoding,
  type ImportOutcome,
  type ImportPreview,
  importRefusal,
  KIND_DATASET,
  type OpenDataset,
  previewImport,
  problemLines,
  problemMessage,
  type RowProblem,
} from '../../content/opendata';
import { useApiErrorHandler } from '../../hooks';
import { type MessageKey, type TFunction, useLang, useT } from '../../i18n';
import { keysByCode } from '../../message-keys';
import { allows, moduleLevel } from '../../rights';
import { useSession } from '../../session';
import '../../i18n-bulk';
import '../../i18n-content';
import '../../i18n-opendata';

/** The kinds with a standard data set. */
const IMPORT_KINDS = ['spot', 'event'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

const TITLE_KEYS = keysByCode('opendata.import.title', IMPORT_KINDS);
const INTRO_KEYS = keysByCode('opendata.import.intro', IMPORT_KINDS);
const MATCH_KEYS = keysByCode('opendata.import.match', IMPORT_KINDS);
const ENCODING_KEYS: Record<ImportEncoding, { label: MessageKey; hint: MessageKey }> = {
  auto: { label: 'opendata.encoding.auto', hint: 'opendata.encoding.autoHint' },
  utf8: { label: 'opendata.encoding.utf8', hint: 'opendata.encoding.utf8Hint' },
  sjis: { label: 'opendata.encoding.sjis', hint: 'opendata.encoding.sjisHint' },
};
const DETECTED_KEYS: Record<DetectedEncoding, MessageKey> = {
  utf8: 'opendata.detected.utf8',
  'utf8-bom': 'opendata.detected.utf8-bom',
  cp932: 'opendata.detected.cp932',
};
export const ACTION_KEYS: Record<ImportAction, MessageKey> = {
  create: 'opendata.action.create',
  update: 'opendata.action.update',
  unchanged: 'opendata.action.unchanged',
};
const STEPS = [
  { id: 'choose', key: 'opendata.step.choose' },
  { id: 'preview', key: 'opendata.step.preview' },
  { id: 'done', key: 'opendata.step.done' },
] as const satisfies readonly { id: string; key: MessageKey }[];

/** Tables list at most this many entries; a very large file would otherwise slow the page down. */
const MAX_TABLE_ROWS = 1000;

type Step =
  | { step: 'choose' }
  | { step: 'preview'; file: File; encoding: ImportEncoding; preview: ImportPreview }
  | { step: 'done'; outcome: ImportOutcome };

/** /spots/import and /events/import: choose a CSV file, check the preview, import. */
export function ContentImportPage({ kind }: { kind: ImportKind }) {
  const t = useT();
  const { user } = useSession();
  const level = moduleLevel(user, KIND_MODULE[kind]);
  const title = t(TITLE_KEYS[kind]);
  const [state, setState] = useState<Step>({ step: 'choose' });
  const [encoding, setEncoding] = useState<ImportEncoding>('auto');
  const dataset = KIND_DATASET[kind] as OpenDataset;

  if (!allows(level, 'edit')) {
    return (
      <>
        <PageHeading title={title} />
        <BackLink kind={kind} />
        <p className="notice">{t(allows(level, 'view') ? 'opendata.import.needEdit' : 'common.noAccess')}</p>
      </>
    );
  }

  return (
    <>
      <PageHeading title={title} />
      <BackLink kind={kind} />
      <StepList current={state.step} />
      {state.step === 'choose' && (
        <ChooseStep
          kind={kind}
          dataset={dataset}
          encoding={encoding}
          onEncoding={setEncoding}
          onPreview={(file, preview) => setState({ step: 'preview', file, encoding, preview })}
        />
      )}
      {state.step === 'preview' && (
        <PreviewStep
          kind={kind}
          canPublish={allows(level, 'publish')}
          dataset={dataset}
          file={state.file}
          encoding={state.encoding}
          preview={state.preview}
          onPreviewChange={(preview) => setState({ ...state, preview })}
          onRechoose={() => setState({ step: 'choose' })}
          onDone={(outcome) => setState({ step: 'done', outcome })}
        />
      )}
      {state.step === 'done' && (
        <DoneStep
          kind={kind}
          outcome={state.outcome}
          onAnother={() => {
            setEncoding('auto');
            setState({ step: 'choose' });
          }}
        />
      )}
    </>
  );
}

function StepList({ current }: { current: Step['step'] }) {
  const t = useT();
  return (
    <ol className="steps" aria-label={t('opendata.step.label')}>
      {STEPS.map((step, index) => (
        <li
          key={step.id}
          className={step.id === current ? 'step step-current' : 'step'}
          aria-current={step.id === current ? 'step' : undefined}
        >
          {t('opendata.step.item', { number: index + 1, name: t(step.key) })}
        </li>
      ))}
    </ol>
  );
}

/** Moves focus to the heading of a step when it appears, so screen readers announce it. */
function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}

function fileProblemText(problem: FileProblem, file: File | undefined, t: TFunction): string {
  const params = { name: file?.name ?? '', size: file ? formatFileSize(file.size) : '' };
  switch (problem) {
    case 'missing':
      return t('opendata.file.missing');
    case 'not_csv':
      return t('opendata.file.notCsv', params);
    case 'empty':
      return t('opendata.file.empty', params);
    case 'too_large':
      return t('opendata.file.tooLarge', params);
  }
}

/** What to show for a failed upload: our wording for 413, the server's (with a hint) for 415. */
function uploadErrorView(error: ApiError, t: TFunction): { error?: ApiError; messages?: string[] } {
  if (error.status === 413) return { messages: [t('opendata.error.tooLarge')] };
  if (error.status === 415) return { error, messages: [t('opendata.error.mediaType')] };
  return { error };
}

// ---------------------------------------------------------------------------------------------
// Step 1: choose the file and the encoding

function ChooseStep({
  kind,
  dataset,
  encoding,
  onEncoding,
  onPreview,
}: {
  kind: ImportKind;
  dataset: OpenDataset;
  encoding: ImportEncoding;
  onEncoding: (encoding: ImportEncoding) => void;
  onPreview: (file: File, preview: ImportPreview) => void;
}) {
  const t = useT();
  const id = useId();
  const handleError = useApiErrorHandler();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | undefined>();
  const [fileError, setFileError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ error?: ApiError; messages?: string[] } | undefined>();

  // A file dropped beside the box would make the browser open it and leave the console.
  useEffect(() => {
    const keep = (event: globalThis.DragEvent) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    };
    window.addEventListener('dragover', keep);
    window.addEventListener('drop', keep);
    return () => {
      window.removeEventListener('dragover', keep);
      window.removeEventListener('drop', keep);
    };
  }, []);

  function choose(files: FileList | null) {
    setFailure(undefined);
    if (!files || files.length === 0) {
      setFile(undefined);
      return;
    }
    if (files.length > 1) {
      setFile(undefined);
      setFileError(t('opendata.file.multiple'));
      return;
    }
    const chosen = files[0];
    setFile(chosen);
    const problem = checkImportFile(chosen);
    setFileError(problem ? fileProblemText(problem, chosen, t) : undefined);
  }

  function onDrop(files: FileList) {
    choose(files);
    // Keep the input showing the dropped file (supported by current browsers).
    if (inputRef.current && files.length === 1) {
      try {
        inputRef.current.files = files;
      } catch {
        // The state above still holds the file.
      }
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const problem = checkImportFile(file);
    if (problem || !file) {
      setFileError(fileProblemText(problem ?? 'missing', file, t));
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      const preview = await previewImport(dataset, file, encoding);
      onPreview(file, preview);
    } catch (error) {
      setFailure(uploadErrorView(handleError(error), t));
      setBusy(false);
    }
  }

  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="visually-hidden">
        {t('opendata.step.choose')}
      </h2>
      <p className="lead">{t(INTRO_KEYS[kind])}</p>
      <ul className="hint-list">
        <li>{t(MATCH_KEYS[kind])}</li>
        <li>{t('opendata.import.draftNote')}</li>
        <li>{t('opendata.import.manualHint')}</li>
      </ul>
      <form onSubmit={submit} noValidate className="import-form">
        <ErrorAlert error={failure?.error} messages={failure?.messages} />
        <DropZone
          onFiles={onDrop}
          hints={[t('opendata.file.drop'), t('opendata.file.dropActive')]}
          footer={
            <p role="status" className="selected-file">
              {file ? t('opendata.file.selected', { name: file.name, size: formatFileSize(file.size) }) : ''}
            </p>
          }
        >
          <div className="field">
            <label htmlFor={`${id}-file`}>
              {t('opendata.file.label')}
              <span className="required-mark">{t('content.required')}</span>
            </label>
            <p id={hintId} className="field-hint">
              {t('opendata.file.hint')}
            </p>
            {fileError && (
              <p id={errorId} className="field-error">
                {fileError}
              </p>
            )}
            <input
              ref={inputRef}
              id={`${id}-file`}
              type="file"
              accept=".csv,text/csv"
              className="input input-file"
              aria-describedby={fileError ? `${hintId} ${errorId}` : hintId}
              aria-invalid={fileError ? true : undefined}
              onChange={(event) => choose(event.target.files)}
            />
          </div>
        </DropZone>

        <fieldset className="fieldset" aria-describedby={`${id}-enc-hint`}>
          <legend>{t('opendata.encoding.legend')}</legend>
          <p id={`${id}-enc-hint`} className="field-hint">
            {t('opendata.encoding.hint')}
          </p>
          {IMPORT_ENCODINGS.map((choice) => (
            <div key={choice} className="radio-row">
              <input
                type="radio"
                id={`${id}-enc-${choice}`}
                name={`${id}-encoding`}
                value={choice}
                checked={encoding === choice}
                onChange={() => onEncoding(choice)}
                aria-describedby={`${id}-enc-${choice}-hint`}
              />
              <label htmlFor={`${id}-enc-${choice}`}>{t(ENCODING_KEYS[choice].label)}</label>
              <p id={`${id}-enc-${choice}-hint`} className="field-hint radio-hint">
                {t(ENCODING_KEYS[choice].hint)}
              </p>
            </div>
          ))}
        </fieldset>

        <div className="actions">
          <SubmitButton
            busy={busy}
            label={t('opendata.preview.submit')}
            busyLabel={t('opendata.preview.submitting')}
          />
        </div>
        <p role="status" className="visually-hidden">
          {busy ? t('opendata.preview.submitting') : ''}
        </p>
      </form>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Step 2: the preview

function PreviewStep({
  kind,
  dataset,
  file,
  encoding,
  preview,
  onPreviewChange,
  onRechoose,
  onDone,
  canPublish,
}: {
  kind: ImportKind;
  /** Offers "publish what is imported" (the server checks the right again). */
  canPublish: boolean;
  dataset: OpenDataset;
  file: File;
  encoding: ImportEncoding;
  preview: ImportPreview;
  onPreviewChange: (preview: ImportPreview) => void;
  onRechoose: () => void;
  onDone: (outcome: ImportOutcome) => void;
}) {
  const t = useT();
  const id = useId();
  const handleError = useApiErrorHandler();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const problemsRef = useRef<HTMLHeadingElement>(null);
  const [confirming, setConfirming] = useState(false);
  const [publish, setPublish] = useState(false);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<ApiError | undefined>();
  const [refused, setRefused] = useState<ApiError | undefined>();
  const counts = countActions(preview.rows);
  const hasProblems = preview.problems.length > 0;

  // With problems, the statement that nothing will be imported is what the user must hear first.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once; the refs are stable
  useEffect(() => {
    if (hasProblems) problemsRef.current?.focus();
    else headingRef.current?.focus();
  }, []);

  async function apply() {
    setBusy(true);
    setDialogError(undefined);
    try {
      const outcome = await applyImport(dataset, file, encoding, canPublish && publish);
      setConfirming(false);
      onDone(outcome);
    } catch (error) {
      const apiError = handleError(error);
      const refusal = importRefusal(apiError);
      setBusy(false);
      if (refusal) {
        // Something changed since the preview: show the server's problems in place of the preview's.
        setConfirming(false);
        setRefused(apiError);
        onPreviewChange({ ...preview, problems: refusal.problems, warnings: refusal.warnings });
        requestAnimationFrame(() => problemsRef.current?.focus());
        return;
      }
      setDialogError(apiError);
    }
  }

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {t('opendata.preview.heading')}
      </h2>
      <Facts
        items={[
          [
            t('opendata.preview.file'),
            t('opendata.preview.fileValue', { name: file.name, size: formatFileSize(file.size) }),
          ],
          [
            t('opendata.preview.encoding'),
            t(preview.encoding ? DETECTED_KEYS[preview.encoding] : 'opendata.detected.none'),
          ],
          [t('opendata.preview.rowsRead'), t('opendata.count.rows', { count: preview.rows.length })],
        ]}
      />

      {hasProblems && (
        <div className="import-blocked">
          <h3 ref={problemsRef} tabIndex={-1} className="import-blocked-title">
            {t('opendata.problems.title')}
          </h3>
          <ErrorAlert error={refused} messages={refused ? [t('opendata.apply.refused')] : undefined} />
          <p className="import-blocked-summary">
            {t('opendata.problems.summary', {
              count: preview.problems.length,
              lines: problemLines(preview.problems).length,
            })}
          </p>
          <p>{t('opendata.problems.howTo')}</p>
          <div className="actions actions-compact">
            <Button onClick={onRechoose}>{t('opendata.preview.rechoose')}</Button>
          </div>
          <ProblemTable
            problems={preview.problems}
            caption={t('opendata.problems.caption', { count: preview.problems.length })}
            className="problem-table"
          />
        </div>
      )}

      {preview.warnings.length > 0 && (
        <section className="subsection" aria-labelledby={`${id}-warnings`}>
          <h3 id={`${id}-warnings`}>{t('opendata.warnings.title', { count: preview.warnings.length })}</h3>
          <p>{t('opendata.warnings.intro')}</p>
          <ProblemTable
            problems={preview.warnings}
            caption={t('opendata.warnings.caption', { count: preview.warnings.length })}
          />
        </section>
      )}

      {(preview.rows.length > 0 || !hasProblems) && (
        <section className="subsection" aria-labelledby={`${id}-counts`}>
          <h3 id={`${id}-counts`}>{t('opendata.preview.counts')}</h3>
          {hasProblems && <p className="secondary-text">{t('opendata.preview.countsPartial')}</p>}
          <CountFacts counts={counts} />
        </section>
      )}

      {!hasProblems && (
        <>
          {preview.rows.length === 0 ? (
            <p className="notice">{t('opendata.preview.noRows')}</p>
          ) : canApply(preview) ? (
            <p className="status-message">{t('opendata.preview.ready')}</p>
          ) : (
            <p className="notice">{t('opendata.preview.nothingToDo')}</p>
          )}
          <div className="actions">
            {canApply(preview) && (
              <Button onClick={() => setConfirming(true)}>{t('opendata.preview.apply')}</Button>
            )}
            <Button look="secondary" onClick={onRechoose}>
              {t('opendata.preview.rechoose')}
            </Button>
          </div>
        </>
      )}

      {preview.rows.length > 0 && (
        <section className="subsection" aria-labelledby={`${id}-rows`}>
          <h3 id={`${id}-rows`}>{t('opendata.rows.title')}</h3>
          <RowTable rows={preview.rows} />
        </section>
      )}

      <ConfirmDialog
        open={confirming}
        title={t('opendata.confirm.title')}
        confirmLabel={t('opendata.preview.apply')}
        busy={busy}
        error={dialogError}
        danger={false}
        onConfirm={apply}
        onClose={() => {
          if (busy) return;
          setConfirming(false);
          setDialogError(undefined);
        }}
      >
        <p>
          {t('opendata.confirm.body', {
            create: counts.create,
            update: counts.update,
            unchanged: counts.unchanged,
          })}
        </p>
        {canPublish && (
          <div className="checkbox-row">
            <input
              type="checkbox"
              id={`${id}-publish`}
              checked={publish}
              aria-describedby={`${id}-publish-hint`}
              onChange={(event) => setPublish(event.target.checked)}
            />
            <label htmlFor={`${id}-publish`}>{t('import.publish')}</label>
            <p id={`${id}-publish-hint`} className="field-hint">
              {t('import.publishHint')}
            </p>
          </div>
        )}
        {!publish && <p>{t('opendata.import.draftNote')}</p>}
        <p className="secondary-text">{t(MATCH_KEYS[kind])}</p>
      </ConfirmDialog>
    </section>
  );
}

function CountFacts({ counts }: { counts: Pick<ActionCounts, ImportAction> }) {
  const t = useT();
  return (
    <dl className="facts count-facts">
      {IMPORT_ACTIONS.map((action) => (
        <div key={action}>
          <dt>{t(ACTION_KEYS[action])}</dt>
          <dd className="number-cell">{t('opendata.count.items', { count: counts[action] })}</dd>
        </div>
      ))}
    </dl>
  );
}

function MoreNote({ hidden, shown }: { hidden: number; shown: number }) {
  const t = useT();
  if (hidden === 0) return null;
  return <p className="secondary-text">{t('opendata.list.more', { count: hidden, shown })}</p>;
}

/** Problems or warnings: line, column (as written in the file), message in the console language. */
function ProblemTable({
  problems,
  caption,
  className,
}: {
  problems: readonly RowProblem[];
  caption: string;
  className?: string;
}) {
  const t = useT();
  const { lang } = useLang();
  const { shown, hidden } = firstOf(problems, MAX_TABLE_ROWS);
  return (
    <>
      <DataTable
        caption={caption}
        className={className ? `import-table ${className}` : 'import-table'}
        columns={[
          { name: t('opendata.col.line'), className: 'number-cell' },
          { name: t('opendata.col.column'), className: 'problem-column' },
          t('opendata.col.message'),
        ]}
      >
        {shown.map((problem, index) => (
          // Problems have no id; their place in the sorted list is stable.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <tr key={index}>
            <th scope="row" className="number-cell">
              {problem.line}
            </th>
            <td lang={problem.column ? 'ja' : undefined}>{problem.column ?? t('opendata.col.wholeRow')}</td>
            <td>{problemMessage(problem, lang)}</td>
          </tr>
        ))}
      </DataTable>
      <MoreNote hidden={hidden} shown={shown.length} />
    </>
  );
}

function RowTable({ rows }: { rows: ImportPreview['rows'] }) {
  const t = useT();
  const { shown, hidden } = firstOf(rows, MAX_TABLE_ROWS);
  return (
    <>
      <DataTable
        caption={t('opendata.rows.caption', { count: rows.length })}
        className="import-table import-rows"
        columns={[
          { name: t('opendata.col.line'), className: 'number-cell' },
          t('opendata.col.name'),
          t('opendata.col.action'),
        ]}
      >
        {shown.map((row) => (
          <tr key={row.line}>
            <td className="number-cell">{row.line}</td>
            <th scope="row" lang="ja">
              {row.name}
            </th>
            <td>
              <span className={`import-action import-action-${row.action}`}>
                {t(ACTION_KEYS[row.action])}
              </span>
            </td>
          </tr>
        ))}
      </DataTable>
      <MoreNote hidden={hidden} shown={shown.length} />
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// Step 3: the result

function DoneStep({
  kind,
  outcome,
  onAnother,
}: {
  kind: ImportKind;
  outcome: ImportOutcome;
  onAnother: () => void;
}) {
  const t = useT();
  const id = useId();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const counts = { create: outcome.created, update: outcome.updated, unchanged: outcome.unchanged };
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {t('opendata.done.heading')}
      </h2>
      <p className="status-message">
        {t('opendata.done.summary', {
          created: outcome.created,
          updated: outcome.updated,
          unchanged: outcome.unchanged,
        })}
      </p>
      <CountFacts counts={counts} />
      {outcome.published > 0 && (
        <p className="status-message">{t('import.resultPublished', { count: outcome.published })}</p>
      )}
      {outcome.published === 0 && outcome.created + outcome.updated > 0 && (
        <p>{t('opendata.done.publishNote')}</p>
      )}
      {outcome.warnings.length > 0 && (
        <section className="subsection" aria-labelledby={`${id}-warnings`}>
          <h3 id={`${id}-warnings`}>{t('opendata.warnings.title', { count: outcome.warnings.length })}</h3>
          <ProblemTable
            problems={outcome.warnings}
            caption={t('opendata.warnings.caption', { count: outcome.warnings.length })}
          />
        </section>
      )}
      <div className="actions">
        <Link to={`/${KIND_PATH[kind]}`} className="button">
          {t('content.edit.back', { kind: t(KIND_KEYS[kind]) })}
        </Link>
        <Button look="secondary" onClick={onAnother}>
          {t('opendata.done.another')}
        </Button>
      </div>
    </section>
  );
}
