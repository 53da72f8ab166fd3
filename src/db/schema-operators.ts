import type { ColumnType, Generated } from 'kysely';

type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type OperatorTokenPurpose = 'invitation' | 'password_reset';
export type OperatorResetKind = 'password' | 'totp';
export type OperatorResetStatus = 'pending' | 'approved' | 'refused' | 'cancelled';

/** Mailed single-use links of operators (hashes only). */
export interface OperatorTokensTable {
  token_hash: string;
  operator_id: string;
  purpose: OperatorTokenPurpose;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  created_at: Defaulted<Date>;
}

/** A colleague's password or two-factor reset, carried out on a second operator's approval. */
export interface OperatorResetRequestsTable {
  id: Generated<string>;
  operator_id: string;
  kind: OperatorResetKind;
  reason: string;
  requested_by: string;
  requested_at: Defaulted<Date>;
  expires_at: Date;
  status: Defaulted<OperatorResetStatus>;
  decided_by: string | null;
  decided_at: Date | null;
}

/** A reviewer's sign-off of the operators' work log for whole days (JST). */
export interface WorkLogReviewsTable {
  id: Generated<string>;
  first_day: ColumnType<string, string, string>;
  last_day: ColumnType<string, string, string>;
  reviewer_id: string;
  comment: string;
  actions: number;
  reviewed_at: Defaulted<Date>;
}

export interface OperatorTables {
  'provider.operator_tokens': OperatorTokensTable;
  'provider.operator_reset_requests': OperatorResetRequestsTable;
  'provider.work_log_reviews': WorkLogReviewsTable;
}
