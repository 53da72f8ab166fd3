import {
  type DragEvent,
  type KeyboardEvent,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { ApiError } from '../../api';
import { fieldId } from '../../content/field-paths';
import { CONTENT_LANG_KEYS } from '../../content/labels';
import { useApiErrorHandler } from '../../hooks';
import { useT } from '../../i18n';
import {
  compactText,
  fetchMedia,
  MEDIA_LANGS,
  type MediaItem,
  type MediaText,
  mediaContentUrl,
  mediaThumbnailUrl,
  precheckFile,
  uploadMediaFile,
} from '../../media';
import { matchesLibrarySearch, moveItem, saveAltText } from '../../photos';
import { allows, moduleLevel } from '../../rights';
import { useSession } from '../../session';
import { Button } from '../button';
import { ErrorAlert } from '../error-alert';
import { SmallButton } from '../small-button';
import { StatusMessage } from '../status-message';
import { useContentForm } from './form-context';
import { FormSection } from './form-section';
import '../../i18n-content';
import '../../i18n-journeys';
import '../../i18n-media';

const IMAGE_ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,image/avif,.jpg,.jpeg,.png,.webp,.gif,.avif';

type Library =
  | { kind: 'loading' }
  | { kind: 'failed'; error: ApiError }
  | { kind: 'ready'; items: MediaItem[] };

/**
 * Photos of a content item: the first is the main image, the others the gallery. Chosen from
 * the organisation's own library (search, filter, thumbnails) or uploaded in place (scanned and
 * encrypted by the same upload API, with progress). Order by drag and drop or by keyboard; the
 * alt text is asked for when a photo is attached, since publishing needs it in Japanese.
 */
export function PhotoField({
  path,
  label,
  value,
  onChange,
  single = false,
}: {
  /** The data path (`imageIds`, `heroImageId`) that problems name. */
  path: string;
  label: string;
  value: readonly string[];
  onChange: (next: string[]) => void;
  /** One image only (an article's main image). */
  single?: boolean;
}) {
  const t = useT();
  const id = useId();
  const { user } = useSession();
  const { readOnly, error } = useContentForm();
  const handleError = useApiErrorHandler();
  const mediaLevel = moduleLevel(user, 'media');
  const canUpload = allows(mediaLevel, 'edit') && !readOnly;
  const [library, setLibrary] = useState<Library>({ kind: 'loading' });
  const [picking, setPicking] = useState(false);
  const [altFor, setAltFor] = useState<string[]>([]);
  const [announce, setAnnounce] = useState<string | undefined>();
  const [dragged, setDragged] = useState<number | undefined>();
  const [upload, setUpload] = useState<
    { name: string; fraction: number; checking: boolean; waiting?: number | null } | undefined
  >();
  const [uploadError, setUploadError] = useState<ApiError | undefined>();
  const [notImage, setNotImage] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const canView = allows(mediaLevel, 'view');

  // biome-ignore lint/correctness/useExhaustiveDependencies: loaded once; later changes are merged in place
  useEffect(() => {
    if (!canView) return;
    let live = true;
    fetchMedia().then(
      (answer) =>
        live && setLibrary({ kind: 'ready', items: answer.items.filter((m) => m.kind === 'image') }),
      (failure: unknown) => live && setLibrary({ kind: 'failed', error: handleError(failure) }),
    );
    return () => {
      live = false;
    };
  }, [canView]);

  const byId = useMemo(
    () => new Map(library.kind === 'ready' ? library.items.map((m) => [m.id, m]) : []),
    [library],
  );
  const remember = (item: MediaItem) =>
    setLibrary((current) =>
      current.kind === 'ready'
        ? { kind: 'ready', items: [item, ...current.items.filter((m) => m.id !== item.id)] }
        : current,
    );

  function attach(ids: string[]) {
    const fresh = ids.filter((mediaId) => !value.includes(mediaId));
    if (fresh.length === 0) return;
    onChange(single ? fresh.slice(0, 1) : [...value, ...fresh]);
    // Prompt for the alt text of every attached photo that has none in Japanese yet.
    const missing = fresh.filter((mediaId) => !byId.get(mediaId)?.alt.ja?.trim());
    if (missing.length && canUpload) setAltFor(missing);
    setAnnounce(t('photos.attached', { count: fresh.length }));
  }

  function move(from: number, to: number) {
    if (to < 0 || to >= value.length || from === to) return;
    onChange(moveItem(value, from, to));
    setAnnounce(t('photos.moved', { position: to + 1, count: value.length }));
    // Keep the keyboard on the photo that moved.
    window.setTimeout(() => document.getElementById(`${id}-photo-${to}`)?.focus(), 0);
  }

  function remove(index: number) {
    onChange(value.filter((_, i) => i !== index));
    setAnnounce(t('photos.removed'));
  }

  function onKey(event: KeyboardEvent<HTMLLIElement>, index: number) {
    if (readOnly || event.target !== event.currentTarget) return;
    if (event.key === 'ArrowUp' || event.key === 'ArrowLeft') {
      event.preventDefault();
      move(index, index - 1);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowRight') {
      event.preventDefault();
      move(index, index + 1);
    }
  }

  /** Uploads the chosen files one after another, then asks for the alt text of each. */
  async function uploadFiles(files: File[]) {
    setUploadError(undefined);
    setNotImage(false);
    const wanted = files.filter(
      (file) => precheckFile(file) === undefined && (!file.type || file.type.startsWith('image/')),
    );
    if (wanted.length < files.length) setNotImage(true);
    const added: string[] = [];
    let ids = [...value];
    for (const file of single ? wanted.slice(0, 1) : wanted) {
      setUpload({ name: file.name, fraction: 0, checking: false });
      try {
        const { item } = await uploadMediaFile(file, {
          onProgress: (fraction) => setUpload((u) => u && { ...u, fraction }),
          onSent: () => setUpload((u) => u && { ...u, checking: true }),
          onWaiting: (ahead) => setUpload((u) => u && { ...u, waiting: ahead }),
        });
        if (item) {
          remember(item);
          ids = single ? [item.id] : [...ids, item.id];
          onChange(ids);
          added.push(item.id);
          setAnnounce(t('photos.uploaded', { name: file.name }));
        }
      } catch (failure) {
        setUploadError(handleError(failure));
        break;
      }
    }
    setUpload(undefined);
    if (fileRef.current) fileRef.current.value = '';
    if (added.length) setAltFor(added);
  }

  const problem = error(path) ?? value.map((_, i) => error(`${path}.${i}`)).find(Boolean);
  const missingAlt = value.filter((mediaId) => byId.has(mediaId) && !byId.get(mediaId)?.alt.ja?.trim());

  return (
    <div className="photo-field" id={fieldId(path)} tabIndex={-1}>
      <h3 id={`${id}-label`} className="photo-field-label">
        {label}
      </h3>
      <p className="field-hint" id={`${id}-hint`}>
        {single ? t('photos.hintSingle') : t('photos.hint')}
      </p>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      {!canView && <p className="notice">{t('photos.noMediaRight')}</p>}
      {library.kind === 'failed' && <ErrorAlert error={library.error} />}
      {missingAlt.length > 0 && (
        <p className="notice notice-warnings">{t('photos.altMissing', { count: missingAlt.length })}</p>
      )}
      {value.length === 0 ? (
        <p className="secondary-text">{t('photos.none')}</p>
      ) : (
        <ol className="photo-list" aria-describedby={readOnly ? undefined : `${id}-order`}>
          {value.map((mediaId, index) => {
            const item = byId.get(mediaId);
            const alt = item?.alt.ja?.trim() ?? '';
            const name = item?.originalName ?? mediaId.slice(0, 8);
            return (
              <li
                key={mediaId}
                id={`${id}-photo-${index}`}
                className={`photo-card${dragged === index ? ' is-dragged' : ''}`}
                tabIndex={readOnly ? undefined : 0}
                aria-label={t('photos.position', { position: index + 1, count: value.length, name })}
                draggable={!readOnly && !single}
                onDragStart={(event: DragEvent) => {
                  setDragged(index);
                  event.dataTransfer.effectAllowed = 'move';
                }}
                onDragOver={(event) => {
                  if (dragged !== undefined) event.preventDefault();
                }}
                onDrop={(event) => {
                  event.preventDefault();
                  if (dragged !== undefined) move(dragged, index);
                  setDragged(undefined);
                }}
                onDragEnd={() => setDragged(undefined)}
                onKeyDown={(event) => onKey(event, index)}
              >
                {item ? (
                  <img src={mediaThumbnailUrl(item)} alt={alt} width={160} height={107} loading="lazy" />
                ) : (
                  <span className="photo-missing">{t('photos.unavailable')}</span>
                )}
                <div className="photo-meta">
                  {index === 0 && <span className="badge">{t('photos.main')}</span>}
                  <span className={alt ? 'photo-alt' : 'photo-alt photo-alt-missing'}>
                    {alt ? t('photos.altShown', { alt }) : t('photos.altNone')}
                  </span>
                </div>
                {!readOnly && (
                  <div className="photo-actions">
                    {!single && index > 0 && (
                      <SmallButton onClick={() => move(index, 0)}>{t('photos.makeMain')}</SmallButton>
                    )}
                    {!single && (
                      <>
                        <SmallButton
                          onClick={() => move(index, index - 1)}
                          disabled={index === 0}
                          aria-label={t('photos.earlierFor', { name })}
                        >
                          {t('photos.earlier')}
                        </SmallButton>
                        <SmallButton
                          onClick={() => move(index, index + 1)}
                          disabled={index === value.length - 1}
                          aria-label={t('photos.laterFor', { name })}
                        >
                          {t('photos.later')}
                        </SmallButton>
                      </>
                    )}
                    {canUpload && item && (
                      <SmallButton
                        onClick={() => setAltFor([mediaId])}
                        aria-label={t('photos.editAltFor', { name })}
                      >
                        {t('photos.editAlt')}
                      </SmallButton>
                    )}
                    <SmallButton onClick={() => remove(index)} aria-label={t('photos.removeFor', { name })}>
                      {t('photos.remove')}
                    </SmallButton>
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {!readOnly && !single && value.length > 1 && (
        <p className="field-hint" id={`${id}-order`}>
          {t('photos.orderHint')}
        </p>
      )}
      {!readOnly && canView && (
        <div className="actions actions-compact">
          <Button look="secondary" onClick={() => setPicking(true)}>
            {t('photos.pick')}
          </Button>
          {canUpload && (
            <label className="button button-secondary file-button">
              {t('photos.upload')}
              <input
                ref={fileRef}
                type="file"
                accept={IMAGE_ACCEPT}
                className="visually-hidden"
                multiple={!single}
                disabled={upload !== undefined}
                onChange={(event) => {
                  const files = [...(event.target.files ?? [])];
                  if (files.length) void uploadFiles(files);
                }}
              />
            </label>
          )}
        </div>
      )}
      {upload && (
        <div className="photo-upload" aria-live="polite">
          <label htmlFor={`${id}-progress`}>
            {upload.checking
              ? t('photos.upload.checking', { name: upload.name })
              : t('photos.upload.sending', { name: upload.name })}
            {upload.checking && upload.waiting != null && (
              <> {t('media.upload.waiting', { ahead: upload.waiting })}</>
            )}
          </label>
          <progress id={`${id}-progress`} max={1} value={upload.checking ? undefined : upload.fraction} />
        </div>
      )}
      {value[0] && byId.get(value[0]) && (
        <figure className="photo-preview">
          <img src={mediaContentUrl(value[0], 'w800')} alt={byId.get(value[0])?.alt.ja ?? ''} />
          <figcaption>{t('photos.previewCaption')}</figcaption>
        </figure>
      )}
      <ErrorAlert error={uploadError} />
      {notImage && (
        <p className="field-error" role="alert">
          {t('photos.upload.notImage')}
        </p>
      )}
      <StatusMessage message={announce} />
      {picking && library.kind === 'ready' && (
        <LibraryDialog
          items={library.items}
          attached={value}
          single={single}
          onClose={() => setPicking(false)}
          onPick={(ids) => {
            setPicking(false);
            attach(ids);
          }}
        />
      )}
      {altFor.length > 0 && byId.get(altFor[0] ?? '') && (
        <AltTextDialog
          key={altFor[0]}
          item={byId.get(altFor[0] ?? '') as MediaItem}
          remaining={altFor.length - 1}
          onSaved={(item) => {
            remember(item);
            setAltFor((list) => list.slice(1));
          }}
          onClose={() => setAltFor((list) => list.slice(1))}
        />
      )}
    </div>
  );
}

/**
 * A modal <dialog> open while mounted. It is closed in a layout effect, before React removes it,
 * so the browser returns focus to the control that opened it (a dialog removed while open
 * leaves focus nowhere, and the page behind it is inert until then).
 */
function useModal(onClose: () => void) {
  const ref = useRef<HTMLDialogElement>(null);
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return {
    ref,
    onCancel: (event: { preventDefault(): void }) => {
      event.preventDefault();
      onClose();
    },
  };
}

/** The organisation's images, searchable by name, alt text and tags; several may be chosen. */
function LibraryDialog({
  items,
  attached,
  single,
  onPick,
  onClose,
}: {
  items: MediaItem[];
  attached: readonly string[];
  single: boolean;
  onPick: (ids: string[]) => void;
  onClose: () => void;
}) {
  const t = useT();
  const id = useId();
  const modal = useModal(onClose);
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<'all' | 'noAlt' | 'unused'>('all');
  const [chosen, setChosen] = useState<string[]>([]);
  const shown = items.filter(
    (item) =>
      matchesLibrarySearch(item, query) &&
      (filter === 'all' ||
        (filter === 'noAlt' && !item.alt.ja?.trim()) ||
        (filter === 'unused' && !attached.includes(item.id))),
  );
  const toggle = (mediaId: string) =>
    setChosen((list) =>
      single ? [mediaId] : list.includes(mediaId) ? list.filter((x) => x !== mediaId) : [...list, mediaId],
    );
  return (
    <dialog
      ref={modal.ref}
      className="dialog dialog-wide"
      aria-labelledby={`${id}-title`}
      onCancel={modal.onCancel}
    >
      <h2 id={`${id}-title`} className="dialog-title">
        {t('photos.library.title')}
      </h2>
      <div className="library-filters">
        <label htmlFor={`${id}-q`}>{t('photos.library.search')}</label>
        <input id={`${id}-q`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        <label htmlFor={`${id}-filter`}>{t('photos.library.filter')}</label>
        <select
          id={`${id}-filter`}
          value={filter}
          onChange={(e) => setFilter(e.target.value as typeof filter)}
        >
          <option value="all">{t('photos.library.all')}</option>
          <option value="unused">{t('photos.library.unused')}</option>
          <option value="noAlt">{t('photos.library.noAlt')}</option>
        </select>
      </div>
      <p className="secondary-text" aria-live="polite">
        {t('photos.library.count', { count: shown.length })}
      </p>
      {items.length === 0 ? (
        <p>{t('photos.library.empty')}</p>
      ) : (
        <fieldset className="plain-fieldset">
          <legend className="visually-hidden">{t('photos.library.title')}</legend>
          <ul className="library-grid">
            {shown.map((item) => {
              const isAttached = attached.includes(item.id);
              return (
                <li key={item.id}>
                  <label className={chosen.includes(item.id) ? 'library-item is-chosen' : 'library-item'}>
                    <input
                      type={single ? 'radio' : 'checkbox'}
                      name={`${id}-pick`}
                      checked={chosen.includes(item.id) || isAttached}
                      disabled={isAttached}
                      onChange={() => toggle(item.id)}
                    />
                    <img src={mediaThumbnailUrl(item)} alt="" width={160} height={107} loading="lazy" />
                    <span className="library-name">{item.originalName}</span>
                    <span className="secondary-text">
                      {item.alt.ja?.trim() ? item.alt.ja : t('photos.altNone')}
                      {isAttached ? ` ${t('photos.library.attached')}` : ''}
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
        </fieldset>
      )}
      <div className="actions dialog-actions">
        <Button look="secondary" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button disabled={chosen.length === 0} onClick={() => onPick(chosen)}>
          {t('photos.library.add', { count: chosen.length })}
        </Button>
      </div>
    </dialog>
  );
}

/** Asked when a photo is attached: what it shows, per language (Japanese needed to publish). */
function AltTextDialog({
  item,
  remaining,
  onSaved,
  onClose,
}: {
  item: MediaItem;
  remaining: number;
  onSaved: (item: MediaItem) => void;
  onClose: () => void;
}) {
  const t = useT();
  const id = useId();
  const handleError = useApiErrorHandler();
  const modal = useModal(onClose);
  const [alt, setAlt] = useState<MediaText>(item.alt);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | undefined>();
  const [missing, setMissing] = useState(false);
  async function save() {
    if (!alt.ja?.trim()) {
      setMissing(true);
      document.getElementById(`${id}-ja`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const compact = compactText(alt);
      await saveAltText(item.id, compact);
      onSaved({ ...item, alt: compact });
    } catch (error) {
      setFailure(handleError(error));
    } finally {
      setBusy(false);
    }
  }
  return (
    <dialog ref={modal.ref} className="dialog" aria-labelledby={`${id}-title`} onCancel={modal.onCancel}>
      <h2 id={`${id}-title`} className="dialog-title">
        {t('photos.alt.title')}
      </h2>
      <div className="dialog-body">
        <img className="alt-dialog-image" src={mediaThumbnailUrl(item)} alt="" width={240} height={160} />
        <p>{t('photos.alt.hint')}</p>
        {remaining > 0 && <p className="secondary-text">{t('photos.alt.remaining', { count: remaining })}</p>}
        {MEDIA_LANGS.map((lang) => (
          <div className="field" key={lang}>
            <label htmlFor={`${id}-${lang}`}>
              {t('photos.alt.label', { lang: t(CONTENT_LANG_KEYS[lang]) })}
              {lang === 'ja' ? ` ${t('photos.alt.required')}` : ''}
            </label>
            <input
              id={`${id}-${lang}`}
              type="text"
              maxLength={500}
              value={alt[lang] ?? ''}
              aria-invalid={lang === 'ja' && missing ? true : undefined}
              aria-describedby={lang === 'ja' && missing ? `${id}-ja-error` : undefined}
              onChange={(e) => setAlt({ ...alt, [lang]: e.target.value })}
            />
            {lang === 'ja' && missing && (
              <p className="field-error" id={`${id}-ja-error`}>
                {t('photos.alt.jaRequired')}
              </p>
            )}
          </div>
        ))}
      </div>
      <ErrorAlert error={failure} />
      <div className="actions dialog-actions">
        <Button look="secondary" onClick={onClose} disabled={busy}>
          {t('photos.alt.later')}
        </Button>
        <Button onClick={() => void save()} aria-disabled={busy || undefined}>
          {busy ? t('common.processing') : t('photos.alt.save')}
        </Button>
      </div>
    </dialog>
  );
}

/** The 写真 section of an editor: the gallery (first = main image) or one main image. */
export function PhotosSection(props: {
  value: readonly string[];
  onChange: (next: string[]) => void;
  single?: boolean;
}) {
  const t = useT();
  const single = props.single ?? false;
  return (
    <FormSection title={t('photos.section')}>
      <PhotoField
        path={single ? 'heroImageId' : 'imageIds'}
        label={t(single ? 'field.heroImageId' : 'field.imageIds')}
        {...props}
        single={single}
      />
    </FormSection>
  );
}
