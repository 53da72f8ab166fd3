import { type BackupStatus, fetchBackupStatus, fetchScannerStatus, type ScannerStatus } from '../api';
import { Button } from '../components/button';
import { DataTable } from '../components/data-table';
import { Facts } from '../components/facts';
import { LoadView } from '../components/load-state';
import { PageHeading } from '../components/page-heading';
import { WarningMessage } from '../components/status-message';
import { formatJst } from '../format';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import '../i18n-export-backup';
import '../i18n-ops-system';

/** System status (システムの状態): virus scanner and definitions, with warnings when they need care. */
export function SystemStatusPage() {
  const t = useT();

  const load = useLoad(fetchScannerStatus, []);
  const backups = useLoad(fetchBackupStatus, []);

  return (
    <>
      <PageHeading title={t('ops.system.title')} lead={t('ops.system.intro')} />
      <p className="actions actions-top">
        <Button look="secondary" onClick={load.retry}>
          {t('ops.system.refresh')}
        </Button>
      </p>
      <LoadView load={load} failedMessage={t('ops.system.loadFailed')}>
        {(scanner) => <ScannerPanel scanner={scanner} />}
      </LoadView>
      <LoadView load={backups} failedMessage={t('ops.backup.loadFailed')}>
        {(status) => <BackupPanel status={status} />}
      </LoadView>
    </>
  );
}

function ScannerPanel({ scanner }: { scanner: ScannerStatus }) {
  const t = useT();
  const none = t('ops.system.none');
  const unknown = t('ops.system.unknown');
  const state = !scanner.configured
    ? t('ops.system.notConfigured')
    : scanner.ok
      ? t('ops.system.up')
      : t('ops.system.down');
  return (
    <section aria-labelledby="scanner-heading">
      <h2 id="scanner-heading">{t('ops.system.scanner')}</h2>
      <WarningMessage message={scanner.configured && !scanner.ok && t('ops.system.downWarning')} />
      <WarningMessage message={scanner.warning && t('ops.system.oldWarning')} />
      <Facts
        items={[
          [
            t('ops.system.state'),
            <span
              key="state"
              className={`status status-${scanner.ok && scanner.configured ? 'active' : 'suspended'}`}
            >
              {state}
            </span>,
          ],
          [t('ops.system.uploads'), t(`ops.system.uploads.${scanner.uploads}`)],
          [t('ops.system.engine'), scanner.engine ?? unknown],
          [t('ops.system.databaseVersion'), scanner.databaseVersion ?? none],
          [t('ops.system.supplementalVersion'), scanner.supplementalVersion ?? none],
          [
            t('ops.system.age'),
            scanner.signatureAgeHours === null
              ? unknown
              : t('ops.system.ageHours', { hours: scanner.signatureAgeHours }),
          ],
          [t('ops.system.lastCheck'), formatJst(scanner.lastUpdateCheckAt) ?? none],
          [t('ops.system.lastError'), scanner.lastUpdateError ?? none],
        ]}
      />
    </section>
  );
}

/** The last good backup and its age; an alarm when none succeeded within a day. */
function BackupPanel({ status }: { status: BackupStatus }) {
  const t = useT();
  const none = t('ops.backup.none');
  return (
    <section aria-labelledby="backup-heading">
      <h2 id="backup-heading">{t('ops.backup.title')}</h2>
      <WarningMessage message={status.alarm && t('ops.backup.alarm')} />
      <Facts
        items={[
          [t('ops.backup.lastGood'), formatJst(status.lastGood?.finishedAt) ?? none],
          [
            t('ops.backup.age'),
            status.ageSeconds === null
              ? none
              : t('ops.backup.ageHours', { hours: Math.floor(status.ageSeconds / 3600) }),
          ],
          [t('ops.backup.file'), status.lastGood?.file ?? none],
        ]}
      />
      {status.recent.length > 0 && (
        <DataTable
          caption={t('ops.backup.recent')}
          columns={[t('ops.backup.started'), t('ops.backup.status'), t('ops.backup.file')]}
        >
          {status.recent.map((b) => (
            <tr key={b.id}>
              <td>{formatJst(b.startedAt)}</td>
              <td>
                {t(`ops.backup.status.${b.status}`)}
                {b.error && <> — {b.error}</>}
              </td>
              <td>{b.file ?? ''}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
