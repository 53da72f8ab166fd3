import type { ColumnType, Generated } from 'kysely';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Json<T> = ColumnType<T, string, string>;

import type { CheckInMethod, RevisionAction } from '../contract/rally.js';

export type { CheckInMethod };
export type CampaignStatus = 'draft' | 'published' | 'ended' | 'archived';

export interface RallyCampaignsTable {
  org: string;
  id: Generated<string>;
  slug: string;
  status: Defaulted<CampaignStatus>;
  version: Defaulted<number>;
  texts: Json<Record<string, Record<string, string>>>;
  starts_at: Date;
  ends_at: Date;
  retention_days: Defaulted<number>;
  key_version: Defaulted<number>;
  sealed_key: string;
  created_at: Defaulted<Date>;
  updated_at: Defaulted<Date>;
  published_at: Date | null;
  prize_tiers: ColumnType<unknown[], string | undefined, string>;
  survey: ColumnType<unknown[], string | undefined, string>;
  personal_data_deleted_at: Date | null;
}

export interface RallyCheckpointsTable {
  org: string;
  id: Generated<string>;
  campaign_id: string;
  position: number;
  spot_id: string | null;
  name: Json<Record<string, string>>;
  lat: number;
  lng: number;
  method: CheckInMethod;
  radius_m: Defaulted<number>;
  created_at: Defaulted<Date>;
}

export interface RallyParticipantsTable {
  org: string;
  id: Generated<string>;
  campaign_id: string;
  secret_hash: string;
  recovery_hash: string;
  lang: string;
  created_at: Defaulted<Date>;
  flagged_at: Date | null;
  flag_reason: string | null;
}

export interface RallyStampsTable {
  org: string;
  campaign_id: string;
  participant_id: string;
  checkpoint_id: string;
  stamped_at: Defaulted<Date>;
  method: CheckInMethod;
  lat: number | null;
  lng: number | null;
  accuracy_m: number | null;
  flags: Defaulted<string[]>;
  voided_at: Date | null;
  voided_by: string | null;
  void_reason: string | null;
  address_hash: string | null;
  device_hash: string | null;
}

export interface RallyApplicationsTable {
  org: string;
  id: Generated<string>;
  campaign_id: string;
  participant_id: string;
  tier_id: string;
  answers: Json<Record<string, unknown>>;
  personal_sealed: string | null;
  key_version: number | null;
  /** 'pending' until the mailed confirmation link is opened. */
  status: Defaulted<ApplicationStatus>;
  created_at: Defaulted<Date>;
  confirm_by: Date | null;
  confirmed_at: Date | null;
}

export type ApplicationStatus = 'pending' | 'applied' | 'won' | 'lost';

export interface RallyCodeFailuresTable {
  org: string;
  campaign_id: string;
  address_hash: string;
  window_start: Defaulted<Date>;
  failures: Defaulted<number>;
}

export interface RallyCampaignRevisionsTable {
  org: string;
  campaign_id: string;
  version: number;
  action: RevisionAction;
  snapshot: Json<Record<string, unknown>>;
  restored_from: number | null;
  actor_id: string | null;
  created_at: Defaulted<Date>;
}

export interface RallyTables {
  'tenant.rally_applications': RallyApplicationsTable;
  'tenant.rally_campaign_revisions': RallyCampaignRevisionsTable;
  'tenant.rally_campaigns': RallyCampaignsTable;
  'tenant.rally_checkpoints': RallyCheckpointsTable;
  'tenant.rally_code_failures': RallyCodeFailuresTable;
  'tenant.rally_participants': RallyParticipantsTable;
  'tenant.rally_stamps': RallyStampsTable;
}
