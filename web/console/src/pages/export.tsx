import { useEffect, useState } from 'react';
import { type ExportJob, exportFileUrl, fetchExports, startExport } from '../api';
import { adminOnlyPage } from '../components/admin-only';
import { Button } from '../components/button';
import { DataTable } from '../components/data-table';
import { ListView } from '../components/list-parts';
import { PageHeading } from '../components/page-heading';
import { WarningMessage } from '../components/status-message';
import { formatJst } from '../format';
import { useApiErrorHandler, useLoad } from '../hooks';
import { useT } from '../i18n';
import '../i18n-export-backup';

/** /export: データの書き出し — the organisation's full export, its progress and the download. */
export const ExportPage = adminOnlyPage('module.export.title', Exports);

const POLL_MS = 1500;

function Exports() {
  const t = useT();
  const toError = useApiErrorHandler();
  const load = useLoad(fetchExports, []);
  const [starting, setStarting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const building = load.state.kind === 'ready' && load.state.value.items.some((j) => j.status === 'building');

  // While an export is being built, follow its progress.
  useEffect(() => {
    if (!building) return;
    const timer = setInterval(load.retry, POLL_MS);
    return () => clearInterval(timer);
  }, [building, load.retry]);

  async function start() {
    setStarting(true);
    setProblem(null);
    try {
      await startExport();
      load.retry();
    } catch (error) {
      const apiError = toError(error);
      setProblem(
        apiError.messages.ja ? `${apiError.messages.ja} / ${apiError.messages.en}` : apiError.message,
      );
    } finally {
      setStarting(false);
    }
  }

  return (
    <>
      <PageHeading title={t('module.export.title')} lead={t('export.intro')} />
      <p className="actions actions-top">
        <Button onClick={start} disabled={starting || building}>
          {starting ? t('export.starting') : t('export.start')}
        </Button>
      </p>
      <WarningMessage message={problem} />
      <p className="field-hint">{t('export.verifyHint')}</p>
      <ListView load={load} failedMessage={t('export.loadFailed')} empty={t('export.none')}>
        {(items) => (
          <DataTable
            caption={t('export.listTitle')}
            columns={[t('export.createdAt'), t('export.status'), t('export.size'), '']}
          >
            {items.map((job) => (
              <ExportRow key={job.id} job={job} />
            ))}
          </DataTable>
        )}
      </ListView>
    </>
  );
}

function ExportRow({ job }: { job: ExportJob }) {
  const t = useT();
  return (
    <tr>
      <td>{formatJst(job.createdAt)}</td>
      <td>
        {t(`export.status.${job.status}`)}
        {job.status === 'building' && (
          <>
            {' '}
            <progress
              max={Math.max(job.filesTotal, 1)}
              value={job.filesDone}
              aria-label={t('export.status.building')}
            />{' '}
            {t('export.progress', { done: job.filesDone, total: job.filesTotal })}
          </>
        )}
        {job.status === 'failed' && job.error && <> — {job.error}</>}
      </td>
      <td>{job.sizeBytes === null ? '' : `${(job.sizeBytes / 1024 / 1024).toFixed(1)} MB`}</td>
      <td>
        {job.status === 'ready' && (
          <a className="button button-secondary" href={exportFileUrl(job.id)} download>
            {t('export.download')}
          </a>
        )}
      </td>
    </tr>
  );
}
