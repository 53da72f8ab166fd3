import type { ColumnType, Generated } from 'kysely';
import type { AnalyticsTables } from './schema-analytics.js';
import type { CapacityTables } from './schema-capacity.js';
import type { ContentTables } from './schema-content.js';
import type { ExportBackupTables } from './schema-export-backup.js';
import type { NoticeTables } from './schema-notices.js';
import type { OperatorTables } from './schema-operators.js';
import type { RallyTables } from './schema-rally.js';
import type { SupportTables } from './schema-support.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<Record<string, unknown>, string, string>;

export interface OrganisationsTable {
  service_code: string;
  name_ja: string;
  name_en: string;
  lg_code: string | null;
  status: ColumnType<OrganisationStatus, OrganisationStatus | undefined>;
  data_region: ColumnType<string, string | undefined>;
  storage_quota_bytes: ColumnType<number, number | undefined, number>;
  contract_start: string | null;
  contract_end: string | null;
  /** The organisation's own domain for its public site (lower case), if mapped. */
  site_domain: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  status_changed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  status_reason: ColumnType<string | null, string | null | undefined, string | null>;
  export_window_days: ColumnType<number, number | undefined, number>;
  terminated_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  purge_after: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The lowest data key version of the organisation now holding the code (above a purged one's). */
  key_version_floor: ColumnType<number, number | undefined, never>;
}

/** The contract lifecycle: active ⇄ suspended, active|suspended → terminated → purged. */
export type OrganisationStatus = 'active' | 'suspended' | 'terminated' | 'purged';

export type PurgeStep = 'rows' | 'blobs' | 'keys' | 'chain' | 'caches' | 'certificate' | 'done';

/** A purge in progress (its step) and, once done, the organisation's tombstone. */
export interface OrganisationPurgesTable {
  org: string;
  step: PurgeStep;
  approved_by: string;
  started_at: CreatedAt;
  finished_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  recipients: ColumnType<string[], string[] | undefined, string[]>;
  row_counts: ColumnType<Record<string, number> | null, string | null | undefined, string | null>;
  blob_files: ColumnType<string | null, number | null | undefined, number | null>;
  blob_bytes: ColumnType<string | null, number | null | undefined, number | null>;
  key_versions: ColumnType<number[] | null, number[] | null | undefined, number[] | null>;
  chain_seq: ColumnType<string | null, number | null | undefined, number | null>;
  chain_head_hash: ColumnType<string | null, string | null | undefined, string | null>;
  certificate: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  certificate_pdf: ColumnType<Buffer | Uint8Array | null, Buffer | null | undefined, Buffer | null>;
  mailed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** When the service code went to a new organisation; the tombstone stays as history. */
  superseded_at: ColumnType<Date | null, never, never>;
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
  logo_media_id: ColumnType<string | null, string | null | undefined, string | null>;
  primary_color: ColumnType<string | null, string | null | undefined, string | null>;
  accent_color: ColumnType<string | null, string | null | undefined, string | null>;
  footer_links: ColumnType<unknown[], string | undefined, string>;
  hero_media_ids: ColumnType<string[], string[] | undefined, string[]>;
  tagline: ColumnType<Record<string, string>, string | undefined, string>;
  contact: ColumnType<Record<string, unknown>, string | undefined, string>;
  social_accounts: ColumnType<unknown[], string | undefined, string>;
  show_planned_maintenance: ColumnType<boolean, boolean | undefined, boolean>;
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

type Defaulted<T> = ColumnType<T, T | undefined, T>;

/**
 * The columns both realms' accounts have (tenant.users, provider.operators): their second factor,
 * last sign-in and times, read and written alike by the one sign-in (modules/auth/account-realms).
 */
interface AccountColumns {
  totp_secret: string | null;
  totp_enabled: Defaulted<boolean>;
  totp_last_step: number | null;
  last_sign_in_at: Date | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface UsersTable extends AccountColumns {
  org: string;
  id: Defaulted<string>;
  email: string;
  name: string;
  role: 'admin' | 'general';
  status: 'invited' | 'active' | 'suspended' | 'deleted';
  rights: ColumnType<Record<string, string>, string | undefined, string>;
  password_hash: string | null;
  password_changed_at: Date | null;
  deleted_at: Date | null;
  /** A general user's choice to receive the provider's notices (admins always do). */
  notice_mail: Defaulted<boolean>;
}

export interface UserRecoveryCodesTable {
  org: string;
  user_id: string;
  code_hash: string;
  used_at: Date | null;
}

export interface UserTokensTable {
  org: string;
  token_hash: string;
  user_id: string;
  purpose: 'invitation' | 'password_reset';
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  created_at: CreatedAt;
}

export interface AccountSettingsTable {
  org: string;
  totp_required_for_general: Defaulted<boolean>;
  idle_timeout_minutes: Defaulted<number>;
  absolute_lifetime_hours: Defaulted<number>;
  updated_at: CreatedAt;
}

export interface OperatorsTable extends AccountColumns {
  id: Defaulted<string>;
  email: string;
  name: string;
  status: 'invited' | 'active' | 'suspended';
  /** Null while invited, and after an approved password reset until the mailed link is used. */
  password_hash: string | null;
  password_changed_at: CreatedAt;
  /** The provider rights ('ops:*') this operator holds. */
  rights: Defaulted<string[]>;
  invited_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface OperatorRecoveryCodesTable {
  operator_id: string;
  code_hash: string;
  used_at: Date | null;
}

export interface SessionsTable {
  id: Defaulted<string>;
  token_hash: string;
  realm: 'tenant' | 'provider';
  org: string | null;
  account_id: string;
  stage: 'password' | 'enrol' | 'full';
  csrf_token: string;
  idle_seconds: number;
  created_at: CreatedAt;
  last_seen_at: CreatedAt;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
  ended_at: Date | null;
  end_reason: string | null;
}

export interface ThrottlesTable {
  key: string;
  failures: Defaulted<number>;
  window_start: CreatedAt;
  last_failure_at: Date | null;
  locked_until: Date | null;
}

/** Envelope keys per organisation; wrapped_key is NULL once destroyed (crypto-shredding). */
export interface OrganisationKeysTable {
  org: string;
  version: number;
  wrapped_key: string | null;
  master_key_id: string;
  created_at: CreatedAt;
  destroyed_at: Date | null;
}

export interface DB
  extends CapacityTables,
    ContentTables,
    AnalyticsTables,
    ExportBackupTables,
    RallyTables,
    NoticeTables,
    OperatorTables,
    SupportTables {
  'tenant.users': UsersTable;
  'tenant.user_recovery_codes': UserRecoveryCodesTable;
  'tenant.user_tokens': UserTokensTable;
  'tenant.account_settings': AccountSettingsTable;
  'provider.operators': OperatorsTable;
  'provider.operator_recovery_codes': OperatorRecoveryCodesTable;
  'auth.sessions': SessionsTable;
  'auth.throttles': ThrottlesTable;
  'provider.organisations': OrganisationsTable;
  'provider.organisation_keys': OrganisationKeysTable;
  'provider.organisation_purges': OrganisationPurgesTable;
  'provider.schema_migrations': SchemaMigrationsTable;
  'tenant.site_settings': SiteSettingsTable;
  'audit.chain_heads': AuditChainHeadsTable;
  'audit.events': AuditEventsTable;
}
