import { useId, useState } from 'react';
import type { ApiError } from '../../api';
import {
  EXPORT_ENCODINGS,
  type ExportEncoding,
  exportCsv,
  exportFallbackName,
  type OpenDataset,
  type PublicFileId,
  publicOpenDataFiles,
} from '../../content/opendata';
import { useApiErrorHandler } from '../../hooks';
import type { MessageKey } from '../../i18n';
import { useT } from '../../i18n';
import { keysByCode } from '../../message-keys';
import { useSession } from '../../session';
import { Button } from '../button';
import { DataTable } from '../data-table';
import { ErrorAlert } from '../error-alert';
import { SelectField } from '../fields';
import { SmallButton } from '../small-button';
import '../../i18n-opendata';

const EXPORT_ENCODING_KEYS = keysByCode('opendata.export.enc', EXPORT_ENCODINGS);
const PUBLIC_FILE_KEYS: Record<PublicFileId, MessageKey> = {
  tourismCsv: 'opendata.public.tourismCsv',
  tourismCsvSjis: 'opendata.public.tourismCsvSjis',
  spotsGeojson: 'opendata.public.spotsGeojson',
  eventsCsv: 'opendata.public.eventsCsv',
  eventsCsvSjis: 'opendata.public.eventsCsvSjis',
  eventsIcs: 'opendata.public.eventsIcs',
};
const EXPORT_INTRO_KEYS: Record<OpenDataset, MessageKey> = {
  tourism: 'opendata.export.intro.spot',
  events: 'opendata.export.intro.event',
};
const PUBLIC_INTRO_KEYS: Record<OpenDataset, MessageKey> = {
  tourism: 'opendata.public.intro.spot',
  events: 'opendata.public.intro.event',
};

/** Shift_JIS could not hold a character of the data: the export must be UTF-8. */
const NOT_SJIS = 'not_representable_in_sjis';

/** Hands a downloaded file to the browser to save. */
function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The 「オープンデータ」 section of the spot and event lists: the standard CSV export (view right)
 * and the public open data URLs of the organisation, with copy buttons.
 */
export function OpenDataPanel({ dataset, id }: { dataset: OpenDataset; id: string }) {
  const t = useT();
  return (
    <section className="section open-data" aria-labelledby={id} id={`${id}-section`}>
      <h2 id={id} tabIndex={-1}>
        {t('opendata.section.title')}
      </h2>
      <ExportForm dataset={dataset} />
      <PublicUrls dataset={dataset} />
    </section>
  );
}

function ExportForm({ dataset }: { dataset: OpenDataset }) {
  const t = useT();
  const id = useId();
  const handleError = useApiErrorHandler();
  const { organisation } = useSession();
  const [encoding, setEncoding] = useState<ExportEncoding>('utf8-bom');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [saved, setSaved] = useState<string | undefined>();

  async function run(choice: ExportEncoding) {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    try {
      const { blob, filename } = await exportCsv(dataset, choice);
      const name = filename ?? exportFallbackName(dataset, organisation.serviceCode);
      saveFile(blob, name);
      setSaved(name);
    } catch (caught) {
      setError(handleError(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="subsection">
      <h3 id={`${id}-title`}>{t('opendata.export.title')}</h3>
      <p>{t(EXPORT_INTRO_KEYS[dataset])}</p>
      <form
        aria-labelledby={`${id}-title`}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void run(encoding);
        }}
      >
        <SelectField
          label={t('opendata.export.encoding')}
          value={encoding}
          onChange={(event) => setEncoding(event.target.value as ExportEncoding)}
          options={EXPORT_ENCODINGS.map((choice) => ({
            value: choice,
            label: t(EXPORT_ENCODING_KEYS[choice]),
          }))}
        />
        <ErrorAlert error={error} />
        <div className="actions actions-compact">
          <Button look="secondary" type="submit" aria-disabled={busy || undefined}>
            {busy ? t('opendata.export.busy') : t('opendata.export.submit')}
          </Button>
          {error?.code === NOT_SJIS && (
            <Button
              onClick={() => {
                setEncoding('utf8-bom');
                void run('utf8-bom');
              }}
            >
              {t('opendata.export.useUtf8')}
            </Button>
          )}
        </div>
        <p role="status" className="secondary-text">
          {busy ? t('opendata.export.busy') : saved ? t('opendata.export.done', { name: saved }) : ''}
        </p>
      </form>
    </div>
  );
}

function PublicUrls({ dataset }: { dataset: OpenDataset }) {
  const t = useT();
  const id = useId();
  const { organisation } = useSession();
  const files = publicOpenDataFiles(window.location.origin, organisation.serviceCode, dataset);
  const [copy, setCopy] = useState<{ name: string; ok: boolean } | undefined>();

  async function copyUrl(name: string, url: string) {
    try {
      await navigator.clipboard.writeText(url);
      setCopy({ name, ok: true });
    } catch {
      setCopy({ name, ok: false });
    }
  }

  return (
    <div className="subsection">
      <h3 id={`${id}-title`}>{t('opendata.public.title')}</h3>
      <p>{t(PUBLIC_INTRO_KEYS[dataset])}</p>
      <p className="secondary-text">{t('opendata.public.sjisNote')}</p>
      <DataTable
        caption={t('opendata.public.caption', { count: files.length })}
        className="url-table"
        columns={[t('opendata.public.col.file'), t('opendata.public.col.url'), t('common.actions')]}
      >
        {files.map((file) => {
          const name = t(PUBLIC_FILE_KEYS[file.id]);
          return (
            <tr key={file.id}>
              <th scope="row">{name}</th>
              <td>
                <code className="url-code">{file.url}</code>
              </td>
              <td>
                <SmallButton
                  aria-label={t('opendata.public.copyLabel', { name })}
                  onClick={() => void copyUrl(name, file.url)}
                >
                  {t('opendata.public.copy')}
                </SmallButton>
              </td>
            </tr>
          );
        })}
      </DataTable>
      <div role="status" className="copy-status">
        {copy?.ok && <p className="copy-text">{t('opendata.public.copied', { name: copy.name })}</p>}
        {copy && !copy.ok && <p className="field-error copy-text">{t('opendata.public.copyFailed')}</p>}
      </div>
    </div>
  );
}
