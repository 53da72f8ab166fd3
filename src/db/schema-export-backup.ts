import type { ColumnType, Generated } from 'kysely';

type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface ExportsTable {
  org: string;
  id: Generated<string>;
  status: Defaulted<'building' | 'ready' | 'failed'>;
  requested_by: string | null;
  created_at: Defaulted<Date>;
  updated_at: Defaulted<Date>;
  finished_at: Date | null;
  files_done: Defaulted<number>;
  files_total: Defaulted<number>;
  size_bytes: number | null;
  sha256: string | null;
  blob_key: string | null;
  error: string | null;
}

export interface BackupsTable {
  id: Generated<string>;
  slot: string;
  status: Defaulted<'running' | 'ok' | 'failed'>;
  started_at: Defaulted<Date>;
  finished_at: Date | null;
  file: string | null;
  size_bytes: number | null;
  sha256: string | null;
  node: string | null;
  error: string | null;
}

export interface ExportBackupTables {
  'tenant.exports': ExportsTable;
  'provider.backups': BackupsTable;
}
