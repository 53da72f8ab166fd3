import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<Record<string, unknown>, string, string>;

export interface OrganisationsTable {
  service_code: string;
  name_ja: string;
  name_en: string;
  lg_code: string | null;
  status: ColumnType<
    'active' | 'suspended' | 'terminated',
    'active' | 'suspended' | 'terminated' | undefined
  >;
  data_region: ColumnType<string, string | undefined>;
  contract_start: string | null;
  contract_end: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: CreatedAt;
}

export interface SiteSettingsTable {
  org: string;
  languages: ColumnType<string[], string[] | undefined, string[]>;
  default_language: ColumnType<string, string | undefined, string>;
  updated_at: CreatedAt;
}

export interface AuditChainHeadsTable {
  chain: string;
  org: string | null;
  seq: number;
  hash: string;
}

export interface AuditEventsTable {
  id: Generated<number>;
  chain: string;
  seq: number;
  org: string | null;
  at: Timestamp;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  outcome: 'success' | 'failure' | 'denied';
  request_id: string | null;
  details: Json;
  prev_hash: string;
  hash: string;
}

export interface DB {
  'provider.organisations': OrganisationsTable;
  'provider.schema_migrations': SchemaMigrationsTable;
  'tenant.site_settings': SiteSettingsTable;
  'audit.chain_heads': AuditChainHeadsTable;
  'audit.events': AuditEventsTable;
}
