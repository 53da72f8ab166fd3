import { useId, useState } from 'react';
import type { ApiError } from '../../api';
import { CONTENT_LANG_KEYS } from '../../content/labels';
import { type ContentKind, LANGUAGES, type Language } from '../../content/model';
import { formatJst } from '../../format';
import { useAction, useApiErrorHandler } from '../../hooks';
import { useLang, useT } from '../../i18n';
import { useSession } from '../../session';
import { createPreviewLink, livePageUrl, type PreviewLink } from '../../view-on-site';
import { Button } from '../button';
import { ErrorAlert } from '../error-alert';
import { SmallButton } from '../small-button';
import '../../i18n-journeys';

/**
 * "View on site" in an editor: the live page when there is one, and a signed, expiring preview
 * link of the saved draft that anyone holding it can open without signing in (edit right).
 */
export function ViewOnSite({
  kind,
  itemId,
  live,
  canEdit,
  dirty,
  languages,
}: {
  kind: ContentKind;
  itemId: string;
  live: boolean;
  canEdit: boolean;
  /** Unsaved changes are not in the preview: it shows the saved working copy. */
  dirty: boolean;
  /** Languages the item's title is written in: the preview is offered in those. */
  languages: readonly Language[];
}) {
  const t = useT();
  const id = useId();
  const { organisation } = useSession();
  const [lang, setLang] = useState<Language>('ja');
  const [link, setLink] = useState<PreviewLink | undefined>();
  const { busy, error, run } = useAction();
  const offered = LANGUAGES.filter((l) => l === 'ja' || languages.includes(l));
  const create = () => run(async () => setLink(await createPreviewLink(kind, itemId, lang)));

  return (
    <section className="view-on-site" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="view-on-site-title">
        {t('viewOnSite.title')}
      </h2>
      {live ? (
        <ul className="inline-actions">
          {offered.map((l) => (
            <li key={l}>
              <a href={livePageUrl(organisation.serviceCode, kind, itemId, l)} target="_blank" rel="noopener">
                {t('viewOnSite.live', { lang: t(CONTENT_LANG_KEYS[l]) })}
                <span className="visually-hidden"> {t('viewOnSite.newTab')}</span>
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p className="secondary-text">{t('viewOnSite.notLive')}</p>
      )}
      {canEdit && (
        <div className="preview-link">
          <div className="field field-inline">
            <label htmlFor={`${id}-lang`}>{t('viewOnSite.preview.lang')}</label>
            <select
              id={`${id}-lang`}
              className="input input-select"
              value={lang}
              onChange={(e) => setLang(e.target.value as Language)}
            >
              {offered.map((l) => (
                <option key={l} value={l}>
                  {t(CONTENT_LANG_KEYS[l])}
                </option>
              ))}
            </select>
            <Button look="secondary" onClick={() => void create()} aria-disabled={busy || undefined}>
              {busy ? t('common.processing') : t('viewOnSite.preview.create')}
            </Button>
          </div>
          {dirty && <p className="field-hint">{t('viewOnSite.preview.unsaved')}</p>}
          <ErrorAlert error={error} />
          {link && (
            <div className="notice" role="status">
              <p>
                <a href={link.url} target="_blank" rel="noopener noreferrer">
                  {t('viewOnSite.preview.open')}
                  <span className="visually-hidden"> {t('viewOnSite.newTab')}</span>
                </a>
              </p>
              <p className="field-hint">
                {t('viewOnSite.preview.expires', { at: formatJst(link.expiresAt) ?? link.expiresAt })}
              </p>
              <label htmlFor={`${id}-url`}>{t('viewOnSite.preview.url')}</label>
              <input
                id={`${id}-url`}
                type="text"
                readOnly
                value={link.url}
                onFocus={(e) => e.target.select()}
              />
            </div>
          )}
        </div>
      )}
    </section>
  );
}

/** The list's compact version: the live page, or a preview link made on demand. */
export function ListSiteLink({
  kind,
  itemId,
  live,
  canEdit,
  title,
}: {
  kind: ContentKind;
  itemId: string;
  live: boolean;
  canEdit: boolean;
  title: string;
}) {
  const t = useT();
  const { lang } = useLang();
  const { organisation } = useSession();
  const handleError = useApiErrorHandler();
  const [link, setLink] = useState<PreviewLink | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  // Read after a link's short text: which item, and that it opens a new tab.
  const opensNewTab = (
    <span className="visually-hidden">
      {' '}
      {t('viewOnSite.for', { name: title })} {t('viewOnSite.newTab')}
    </span>
  );
  if (live) {
    return (
      <a href={livePageUrl(organisation.serviceCode, kind, itemId)} target="_blank" rel="noopener">
        {t('viewOnSite.liveShort')}
        {opensNewTab}
      </a>
    );
  }
  if (!canEdit) return <span className="secondary-text">{t('viewOnSite.notLiveShort')}</span>;
  if (link) {
    return (
      <a href={link.url} target="_blank" rel="noopener noreferrer">
        {t('viewOnSite.preview.openShort')}
        {opensNewTab}
      </a>
    );
  }
  return (
    <>
      <SmallButton
        onClick={() =>
          createPreviewLink(kind, itemId, 'ja').then(setLink, (failure: unknown) =>
            setError(handleError(failure)),
          )
        }
        target={t('viewOnSite.for', { name: title })}
      >
        {t('viewOnSite.preview.createShort')}
      </SmallButton>
      {error && (
        <span className="field-error" role="alert">
          {error.messageIn(lang)}
        </span>
      )}
    </>
  );
}
