import { type FormEvent, useState } from 'react';
import { api } from '../api';
import { FormActions } from '../components/button';
import { columnNames, DataTable } from '../components/data-table';
import { BilingualName } from '../components/list-parts';
import { LoadView } from '../components/load-state';
import { PageHeading } from '../components/page-heading';
import { TextField } from '../components/text-field';
import { formatJst } from '../format';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { formatBytes } from '../media';
import '../i18n-quarantine';

/** One infected upload as GET /ops/quarantine lists it (the file itself never leaves quarantine). */
export interface QuarantinedFile {
  id: string;
  org: string;
  orgNameJa: string;
  orgNameEn: string;
  originalName: string;
  sizeBytes: number;
  signature: string;
  uploaderId: string | null;
  createdAt: string;
}

const SERVICE_CODE = /^[a-z][a-z0-9-]{2,31}$/;

export function fetchQuarantine(org?: string): Promise<{ items: QuarantinedFile[]; limit: number }> {
  return api.get(`/ops/quarantine${org ? `?org=${encodeURIComponent(org)}` : ''}`);
}

/** 隔離ファイル: infected uploads of every organisation, for operators; viewing is audited. */
export function QuarantinePage() {
  const t = useT();
  const [filter, setFilter] = useState('');
  const [filterError, setFilterError] = useState<string | undefined>();
  const [shown, setShown] = useState<string | undefined>();

  const load = useLoad(() => fetchQuarantine(shown), [shown]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const code = filter.trim().toLowerCase();
    if (code !== '' && !SERVICE_CODE.test(code)) {
      setFilterError(t('ops.quarantine.filterInvalid'));
      return;
    }
    setFilterError(undefined);
    setShown(code || undefined);
    load.retry();
  };

  return (
    <>
      <PageHeading title={t('ops.quarantine.title')} lead={t('ops.quarantine.intro')} />
      <p>{t('ops.quarantine.auditNote')}</p>
      <form className="filter-form" onSubmit={submit} noValidate>
        <TextField
          label={t('ops.quarantine.filterLabel')}
          hint={t('ops.quarantine.filterHint')}
          error={filterError}
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          autoComplete="off"
          spellCheck={false}
          optional
        />
        <FormActions label={t('ops.quarantine.filterSubmit')} />
      </form>
      <LoadView load={load} failedMessage={t('ops.quarantine.loadFailed')}>
        {({ items, limit }) =>
          items.length === 0 ? (
            <p>{t('ops.quarantine.empty')}</p>
          ) : (
            <QuarantineTable items={items} limit={limit} />
          )
        }
      </LoadView>
    </>
  );
}

function QuarantineTable({ items, limit }: { items: QuarantinedFile[]; limit: number }) {
  const t = useT();
  return (
    <DataTable
      caption={t('ops.quarantine.caption', { count: items.length, limit })}
      columns={columnNames(t, 'ops.quarantine.col', ['time', 'org', 'name', 'size', 'signature', 'uploader'])}
    >
      {items.map((item) => (
        <tr key={item.id}>
          <th scope="row">{formatJst(item.createdAt) ?? item.createdAt}</th>
          <td>
            <code>{item.org}</code>
            <br />
            <BilingualName ja={item.orgNameJa} en={item.orgNameEn} />
          </td>
          <td>{item.originalName}</td>
          <td>{formatBytes(item.sizeBytes)}</td>
          <td>
            <code>{item.signature}</code>
          </td>
          <td>{item.uploaderId ? <code>{item.uploaderId}</code> : t('ops.quarantine.unknownUploader')}</td>
        </tr>
      ))}
    </DataTable>
  );
}
