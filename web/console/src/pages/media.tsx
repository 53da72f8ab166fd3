import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { type ApiError, asApiError } from '../api';
import { NoAccess } from '../components/admin-only';
import { Button } from '../components/button';
import { ConfirmDialog } from '../components/confirm-dialog';
import { DropZone } from '../components/drop-zone';
import { ErrorAlert } from '../components/error-alert';
import { LoadView } from '../components/load-state';
import { PageHeading } from '../components/page-heading';
import { StatusMessage } from '../components/status-message';
import { TextField } from '../components/text-field';
import { CONTENT_LANG_KEYS } from '../content/labels';
import { KIND_PATH } from '../content/model';
import { formatJst } from '../format';
import { useApiErrorHandler, useLoad } from '../hooks';
import { useLang, useT } from '../i18n';
import {
  ACCEPT_ATTRIBUTE,
  ACCEPTED_TYPES,
  compactText,
  deleteMedia,
  fetchMedia,
  fetchMediaItem,
  filterMedia,
  formatBytes,
  formatDuration,
  KIND_LABEL_KEYS,
  MEDIA_KINDS,
  MEDIA_LANGS,
  type MediaItem,
  type MediaKind,
  type MediaText,
  type MediaUse,
  mediaContentUrl,
  mediaThumbnailUrl,
  needsAltWarning,
  parseTags,
  precheckFile,
  type UploadOutcome,
  updateMedia,
  uploadMediaFile,
  uploadOutcome,
  uploadOutcomeText,
  usedByOf,
} from '../media';
import { allows, moduleLevel } from '../rights';
import { useSession } from '../session';
import '../i18n-media';

/** /media: the organisation's photos, videos and PDFs. */
export function MediaPage() {
  const t = useT();
  const { user } = useSession();
  const level = moduleLevel(user, 'media');
  if (!allows(level, 'view')) {
    return <NoAccess title={t('module.media.title')} />;
  }
  return <MediaLibrary canEdit={allows(level, 'edit')} />;
}

function MediaLibrary({ canEdit }: { canEdit: boolean }) {
  const t = useT();
  const load = useLoad(async () => (await fetchMedia()).items ?? [], []);
  const [filter, setFilter] = useState<MediaKind | 'all'>('all');
  const [selected, setSelected] = useState<MediaItem | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const id = useId();
  const items = load.state.kind === 'ready' ? load.state.value : undefined;

  function added(item: MediaItem | undefined) {
    if (!item) {
      load.retry();
      return;
    }
    if (items) load.update([item, ...items]);
  }

  function replaced(item: MediaItem) {
    if (items) load.update(items.map((i) => (i.id === item.id ? item : i)));
  }

  function removed(item: MediaItem) {
    if (items) load.update(items.filter((i) => i.id !== item.id));
    setNotice(t('media.deleted', { name: item.originalName }));
  }

  return (
    <>
      <PageHeading title={t('module.media.title')} lead={t('media.intro')} />
      {!canEdit && <p className="notice">{t('media.viewOnly')}</p>}
      <StatusMessage message={notice} />
      {canEdit && <UploadPanel onStored={added} />}

      <section aria-labelledby={`${id}-list`} className="media-library">
        <h2 id={`${id}-list`}>{t('media.listTitle')}</h2>
        <fieldset className="media-filter">
          <legend>{t('media.filter.label')}</legend>
          {(['all', ...MEDIA_KINDS] as const).map((kind) => (
            <label key={kind} className="media-filter-option">
              <input
                type="radio"
                name={`${id}-filter`}
                value={kind}
                checked={filter === kind}
                onChange={() => setFilter(kind)}
              />
              {kind === 'all' ? t('media.filter.all') : t(KIND_LABEL_KEYS[kind])}
            </label>
          ))}
        </fieldset>
        <LoadView load={load} failedMessage={t('media.loadFailed')}>
          {(all) => {
            const visible = filterMedia(all, filter);
            return (
              <>
                <p role="status" className="media-count">
                  {t('media.count', { count: visible.length })}
                </p>
                {visible.length === 0 ? (
                  <p>{all.length === 0 ? t('media.empty') : t('media.emptyFiltered')}</p>
                ) : (
                  <ul className="media-grid">
                    {visible.map((item) => (
                      <MediaCard
                        key={item.id}
                        item={item}
                        canEdit={canEdit}
                        onOpen={() => setSelected(item)}
                      />
                    ))}
                  </ul>
                )}
              </>
            );
          }}
        </LoadView>
      </section>

      {selected && (
        <MediaDialog
          key={selected.id}
          item={selected}
          onClose={() => setSelected(undefined)}
          onSaved={(item) => {
            replaced(item);
            setSelected(item);
          }}
          onDeleted={(item) => {
            setSelected(undefined);
            removed(item);
          }}
        />
      )}
    </>
  );
}

function KindIcon({ kind }: { kind: MediaKind }) {
  // Decorative: the card names the type in words.
  return (
    <svg
      className="media-icon"
      viewBox="0 0 24 24"
      width="48"
      height="48"
      aria-hidden="true"
      focusable="false"
    >
      {kind === 'video' ? (
        <path d="M4 5h12a1 1 0 0 1 1 1v3l4-3v12l-4-3v3a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1z" />
      ) : (
        <path d="M6 2h8l5 5v14a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1zm7 1.5V8h4.5L13 3.5zM8 13h8v1.5H8zm0 3h8v1.5H8z" />
      )}
    </svg>
  );
}

function MediaCard({ item, canEdit, onOpen }: { item: MediaItem; canEdit: boolean; onOpen: () => void }) {
  const t = useT();
  return (
    <li className="media-card">
      <div className="media-thumb">
        {item.kind === 'image' ? (
          <img src={mediaThumbnailUrl(item)} alt={item.alt?.ja || ''} loading="lazy" decoding="async" />
        ) : (
          <KindIcon kind={item.kind} />
        )}
      </div>
      <div className="media-card-body">
        <p className="media-name">{item.originalName}</p>
        <p className="media-meta">
          <span className="badge">{t(KIND_LABEL_KEYS[item.kind])}</span> {formatBytes(item.sizeBytes)}
        </p>
        <p className="media-meta">{t('media.card.registered', { date: formatJst(item.createdAt) ?? '—' })}</p>
        {item.kind === 'image' && !item.alt?.ja?.trim() && (
          <p className="media-warning">{t('media.card.noAlt')}</p>
        )}
        <div className="actions">
          {canEdit ? (
            <Button
              look="secondary"
              onClick={onOpen}
              aria-label={t('media.card.editFor', { name: item.originalName })}
            >
              {t('media.card.edit')}
            </Button>
          ) : (
            <a
              href={mediaContentUrl(item.id)}
              target="_blank"
              rel="noopener noreferrer"
              aria-label={t('media.card.openFor', { name: item.originalName })}
            >
              {t('media.card.open')}
            </a>
          )}
        </div>
      </div>
    </li>
  );
}

// ---------------------------------------------------------------------------------------------
// Upload

type Phase = 'queued' | 'sending' | 'checking' | 'done';
interface UploadEntry {
  key: number;
  name: string;
  size: number;
  phase: Phase;
  progress: number;
  /** Files of others the server processes first (null/absent: none, or being processed). */
  waitingAhead?: number | null | undefined;
  outcome?: UploadOutcome | undefined;
}

let nextKey = 1;

function UploadPanel({ onStored }: { onStored: (item: MediaItem | undefined) => void }) {
  const t = useT();
  const { lang } = useLang();
  const handleError = useApiErrorHandler();
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [entries, setEntries] = useState<UploadEntry[]>([]);
  const queue = useRef<Promise<void>>(Promise.resolve());

  function patch(key: number, change: Partial<UploadEntry>) {
    setEntries((list) => list.map((e) => (e.key === key ? { ...e, ...change } : e)));
  }

  function start(files: FileList | null) {
    if (!files || files.length === 0) return;
    const chosen = [...files].map((file) => ({ file, key: nextKey++ }));
    setEntries((list) => [
      ...list,
      ...chosen.map(({ file, key }) => ({
        key,
        name: file.name,
        size: file.size,
        phase: 'queued' as const,
        progress: 0,
      })),
    ]);
    // One file at a time: each gets the whole connection and its own progress bar.
    for (const { file, key } of chosen) {
      queue.current = queue.current.then(() => send(file, key));
    }
    if (inputRef.current) inputRef.current.value = '';
  }

  async function send(file: File, key: number) {
    const problem = precheckFile(file);
    if (problem) {
      const accepted = ACCEPTED_TYPES.find((a) => a.mime === file.type);
      const message =
        problem === 'type'
          ? t('media.upload.precheckType')
          : t('media.upload.precheckSize', {
              size: formatBytes(file.size),
              max: formatBytes(accepted?.maxBytes ?? 0),
            });
      patch(key, { phase: 'done', outcome: { kind: 'refused', code: `client_${problem}`, message } });
      return;
    }
    patch(key, { phase: 'sending' });
    try {
      const result = await uploadMediaFile(file, {
        onProgress: (fraction) => patch(key, { progress: fraction }),
        onSent: () => patch(key, { phase: 'checking' }),
        onWaiting: (ahead) => patch(key, { waitingAhead: ahead }),
      });
      patch(key, { phase: 'done', progress: 1, outcome: uploadOutcome(result, lang) });
      onStored(result.item);
    } catch (error) {
      patch(key, { phase: 'done', outcome: uploadOutcome(handleError(asApiError(error)), lang) });
    }
  }

  const hintId = `${id}-hint`;
  const finished = entries.filter((e) => e.phase === 'done');
  const storedCount = finished.filter((e) => e.outcome?.kind === 'stored').length;
  const busy = entries.some((e) => e.phase !== 'done');

  return (
    <section aria-labelledby={`${id}-title`} className="media-upload">
      <h2 id={`${id}-title`}>{t('media.upload.title')}</h2>
      <div id={hintId}>
        <p className="field-hint">{t('media.upload.typesTitle')}</p>
        <ul className="hint-list">
          <li>{t('media.upload.types.image')}</li>
          <li>{t('media.upload.types.video')}</li>
          <li>{t('media.upload.types.pdf')}</li>
        </ul>
        <p>{t('media.upload.checks')}</p>
      </div>
      <DropZone onFiles={start} hints={[t('media.upload.drop'), t('media.upload.dropActive')]}>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('media.upload.label')}</label>
          <input
            ref={inputRef}
            id={`${id}-file`}
            type="file"
            multiple
            accept={ACCEPT_ATTRIBUTE}
            className="input input-file"
            aria-describedby={hintId}
            onChange={(event) => start(event.target.files)}
          />
        </div>
      </DropZone>

      {entries.length > 0 && (
        <div className="media-results">
          <h3>{t('media.upload.results')}</h3>
          <p role="status">
            {busy ? '' : t('media.upload.summary', { done: finished.length, stored: storedCount })}
          </p>
          <ul className="media-result-list">
            {entries.map((entry) => (
              <UploadRow key={entry.key} entry={entry} />
            ))}
          </ul>
          {!busy && (
            <div className="actions">
              <Button look="secondary" onClick={() => setEntries([])}>
                {t('media.upload.clear')}
              </Button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

function UploadRow({ entry }: { entry: UploadEntry }) {
  const t = useT();
  const percent = Math.round(entry.progress * 100);
  const outcome = entry.outcome;
  const failed = outcome !== undefined && outcome.kind !== 'stored';
  return (
    <li className={failed ? 'media-result media-result-failed' : 'media-result'}>
      <span className="media-name">
        {entry.name}（{formatBytes(entry.size)}）
      </span>
      {entry.phase === 'queued' && <span>{t('media.upload.queued')}</span>}
      {entry.phase === 'sending' && (
        <>
          <progress
            max={100}
            value={percent}
            aria-label={t('media.upload.progressLabel', { name: entry.name })}
          />
          <span>{t('media.upload.sending', { percent })}</span>
        </>
      )}
      {entry.phase === 'checking' && (
        <span>
          {entry.waitingAhead == null
            ? t('media.upload.checking')
            : t('media.upload.waiting', { ahead: entry.waitingAhead })}
        </span>
      )}
      {outcome && (
        <span className={failed ? 'field-error' : 'media-ok'}>
          {failed ? '✕ ' : '✓ '}
          {uploadOutcomeText(outcome, t)}
        </span>
      )}
    </li>
  );
}

// ---------------------------------------------------------------------------------------------
// Details, editing and deleting

function MediaDialog({
  item,
  onClose,
  onSaved,
  onDeleted,
}: {
  item: MediaItem;
  onClose: () => void;
  onSaved: (item: MediaItem) => void;
  onDeleted: (item: MediaItem) => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const handleError = useApiErrorHandler();
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const [alt, setAlt] = useState<MediaText>({ ...item.alt });
  const [caption, setCaption] = useState<MediaText>({ ...(item.caption ?? {}) });
  const [credit, setCredit] = useState(item.credit ?? '');
  const [licence, setLicence] = useState(item.licence ?? '');
  const [tags, setTags] = useState((item.tags ?? []).join('、'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [saved, setSaved] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<ApiError | undefined>();
  const [usedBy, setUsedBy] = useState<MediaUse[] | 'loading' | 'failed'>('loading');

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  useEffect(() => {
    let live = true;
    fetchMediaItem(item.id).then(
      (detail) => live && setUsedBy(detail.usedBy ?? []),
      () => live && setUsedBy('failed'),
    );
    return () => {
      live = false;
    };
  }, [item.id]);
  const inUse = Array.isArray(usedBy) ? usedBy.length : 0;

  const altMissing = needsAltWarning(item, alt);
  const fieldError = (path: string) => error?.fieldMessageIn(path, lang);
  /** The credit, licence or tags: one optional text each, labelled and hinted by its name. */
  const describedText = (
    name: 'credit' | 'licence' | 'tags',
    value: string,
    onText: (text: string) => void,
    list?: string,
  ) => (
    <TextField
      label={t(`media.${name}`)}
      hint={t(`media.${name}.hint`)}
      value={value}
      error={fieldError(name)}
      optional
      list={list}
      onChange={(event) => onText(event.target.value)}
    />
  );
  /**
   * The alt text or the caption: one text per media language. `japanese` says whether Japanese is
   * required and what its field says while it is missing.
   */
  const languageTexts = (
    name: 'alt' | 'caption',
    texts: MediaText,
    onTexts: (next: MediaText) => void,
    japanese: { required?: boolean; missing?: string | undefined } = {},
  ) =>
    MEDIA_LANGS.map((l) => (
      <TextField
        key={l}
        label={t(CONTENT_LANG_KEYS[l])}
        lang={l}
        value={texts[l] ?? ''}
        error={fieldError(`${name}.${l}`) ?? (l === 'ja' ? japanese.missing : undefined)}
        optional={!(l === 'ja' && japanese.required)}
        onChange={(event) => onTexts({ ...texts, [l]: event.target.value })}
      />
    ));
  const shownFields = new Set([
    ...MEDIA_LANGS.flatMap((l) => [`alt.${l}`, `caption.${l}`]),
    'credit',
    'licence',
    'tags',
  ]);
  const otherProblems = (error?.problems ?? [])
    .filter((p) => !shownFields.has(p.field))
    .map((p) => `${p.field}: ${p.message[lang] || p.message.ja}`);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    try {
      const answer = await updateMedia(item.id, {
        alt: compactText(alt),
        caption: compactText(caption),
        credit: credit.trim(),
        licence: licence.trim(),
        tags: parseTags(tags),
      });
      const next: MediaItem =
        answer && typeof answer === 'object' && 'id' in answer
          ? answer
          : {
              ...item,
              alt: compactText(alt),
              caption: compactText(caption),
              credit: credit.trim(),
              licence: licence.trim(),
              tags: parseTags(tags),
            };
      onSaved(next);
      setSaved(t('media.saved', { name: item.originalName }));
    } catch (caught) {
      setError(handleError(caught));
      setBusy(false);
      requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    setBusy(false);
  }

  async function remove() {
    setDeleting(true);
    setDeleteError(undefined);
    try {
      // Detaching is asked for only when the person was told how many items use the file.
      await deleteMedia(item.id, inUse > 0);
      setConfirming(false);
      ref.current?.close();
      onDeleted(item);
    } catch (caught) {
      const error = handleError(caught);
      const current = usedByOf(error);
      // Someone started using it meanwhile: show the new list and ask again.
      if (current) setUsedBy(current);
      else setDeleteError(error);
      setDeleting(false);
    }
  }

  return (
    <dialog
      ref={ref}
      className="dialog media-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <h2 id={`${id}-title`} className="dialog-title">
        {t('media.dialog.title')}: {item.originalName}
      </h2>
      <div className="media-detail">
        <div className="media-thumb">
          {item.kind === 'image' ? (
            <img
              src={mediaContentUrl(item.id, item.derivatives?.length ? 'w800' : undefined)}
              alt={alt.ja || ''}
            />
          ) : (
            <KindIcon kind={item.kind} />
          )}
        </div>
        <dl className="media-facts">
          <dt>{t('media.detail.kind')}</dt>
          <dd>{t(KIND_LABEL_KEYS[item.kind])}</dd>
          <dt>{t('media.detail.mime')}</dt>
          <dd>{item.mime}</dd>
          <dt>{t('media.detail.size')}</dt>
          <dd>{formatBytes(item.sizeBytes)}</dd>
          {item.width && item.height ? (
            <>
              <dt>{t('media.detail.dimensions')}</dt>
              <dd>{t('media.detail.pixels', { width: item.width, height: item.height })}</dd>
            </>
          ) : null}
          {item.durationMs ? (
            <>
              <dt>{t('media.detail.duration')}</dt>
              <dd>{formatDuration(item.durationMs)}</dd>
            </>
          ) : null}
          {item.derivatives?.length ? (
            <>
              <dt>{t('media.detail.derivatives')}</dt>
              <dd>{item.derivatives.map((d) => `${d.width}px`).join('、')}</dd>
            </>
          ) : null}
          <dt>{t('media.detail.date')}</dt>
          <dd>{formatJst(item.createdAt) ?? '—'}</dd>
          <dt>{t('media.detail.sha256')}</dt>
          <dd className="media-hash">{item.sha256}</dd>
        </dl>
      </div>
      <p>
        <a href={mediaContentUrl(item.id)} target="_blank" rel="noopener noreferrer">
          {t('media.card.open')}
        </a>
      </p>
      <section aria-labelledby={`${id}-used`} className="media-used">
        <h3 id={`${id}-used`}>{t('media.usedBy.title')}</h3>
        {usedBy === 'loading' && <p>{t('media.usedBy.loading')}</p>}
        {usedBy === 'failed' && <p className="field-error">{t('media.usedBy.failed')}</p>}
        {Array.isArray(usedBy) &&
          (usedBy.length === 0 ? (
            <p>{t('media.usedBy.none')}</p>
          ) : (
            <ul>
              {usedBy.map((use) => (
                <li key={use.id}>
                  <span className="badge">{t(`media.usedBy.${use.kind}`)}</span>{' '}
                  <Link to={`/${KIND_PATH[use.kind]}/${use.id}`}>{use.title}</Link>
                </li>
              ))}
            </ul>
          ))}
      </section>

      <form ref={formRef} onSubmit={save} noValidate>
        <ErrorAlert error={error} messages={otherProblems} />
        <fieldset className="media-langs">
          <legend>{t('media.alt.legend')}</legend>
          <p className="field-hint">{t('media.alt.hint')}</p>
          {altMissing && (
            <p className="media-warning" role="note">
              {t('media.alt.warning')}
            </p>
          )}
          {languageTexts('alt', alt, setAlt, {
            required: item.kind === 'image',
            missing: altMissing ? t('media.alt.required') : undefined,
          })}
        </fieldset>
        <fieldset className="media-langs">
          <legend>{t('media.caption.legend')}</legend>
          <p className="field-hint">{t('media.caption.hint')}</p>
          {languageTexts('caption', caption, setCaption)}
        </fieldset>
        {describedText('credit', credit, setCredit)}
        {describedText('licence', licence, setLicence, `${id}-licences`)}
        <datalist id={`${id}-licences`}>
          <option value="CC BY 4.0" />
          <option value="CC0 1.0" />
          <option value="CC BY-SA 4.0" />
          <option value="公共データ利用規約（第1.0版）" />
        </datalist>
        {describedText('tags', tags, setTags)}
        <StatusMessage message={saved} />
        <div className="actions dialog-actions">
          <Button look="danger" onClick={() => setConfirming(true)}>
            {t('media.delete')}
          </Button>
          <Button look="secondary" onClick={onClose} disabled={busy}>
            {t('common.close')}
          </Button>
          <Button type="submit" aria-disabled={busy || undefined}>
            {busy ? t('media.saving') : t('media.save')}
          </Button>
        </div>
      </form>

      <ConfirmDialog
        open={confirming}
        title={inUse > 0 ? t('media.delete.inUseTitle') : t('media.delete.title')}
        confirmLabel={inUse > 0 ? t('media.delete.detachConfirm') : t('media.delete.confirm')}
        busy={deleting}
        error={deleteError}
        onConfirm={remove}
        onClose={() => {
          setConfirming(false);
          setDeleteError(undefined);
        }}
      >
        <p>
          {inUse > 0
            ? t('media.delete.inUseBody', { name: item.originalName, count: inUse })
            : t('media.delete.body', { name: item.originalName })}
        </p>
      </ConfirmDialog>
    </dialog>
  );
}
