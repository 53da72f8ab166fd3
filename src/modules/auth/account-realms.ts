import { sql } from 'kysely';
import type { Scope, Tx } from '../../db/scope.js';
import type { Actor } from '../../platform/access/actor.js';

/** What sign-in needs of an account, whichever realm it lives in. */
export interface AccountRecord {
  id: string;
  email: string;
  name: string;
  status: string;
  passwordHash: string | null;
  totpSecret: string | null;
  totpEnabled: boolean;
  totpLastStep: number | null;
  role: 'admin' | 'general' | 'operator';
}

/**
 * The two realms that sign in: an organisation's accounts (tenant scope, RLS) and the
 * provider's operators (provider scope). The sign-in flows are written once against this.
 */
export interface AccountRealm {
  kind: 'tenant' | 'provider';
  org: string | null;
  scope: Scope;
  findByEmail(tx: Tx, email: string): Promise<AccountRecord | undefined>;
  findById(tx: Tx, id: string): Promise<AccountRecord | undefined>;
  totpRequired(tx: Tx, account: AccountRecord): Promise<boolean>;
  sessionPolicy(tx: Tx): Promise<{ idleSeconds: number; lifetimeSeconds: number }>;
  setTotp(tx: Tx, id: string, sealedSecret: string | null, enabled: boolean): Promise<void>;
  setTotpStep(tx: Tx, id: string, step: number): Promise<void>;
  recordSignIn(tx: Tx, id: string): Promise<void>;
  replaceRecoveryCodes(tx: Tx, id: string, hashes: string[]): Promise<void>;
  /** Marks a recovery code used; false when it is unknown or already used. */
  consumeRecoveryCode(tx: Tx, id: string, hash: string): Promise<boolean>;
  actor(account: AccountRecord): Actor;
  /** Binds sealed secrets to their row. */
  secretContext(id: string): string;
  /** The throttle key naming this account attempt. */
  throttleKey(email: string): string;
}

export function organisationRealm(org: string): AccountRealm {
  const users = (tx: Tx) => tx.selectFrom('tenant.users').where('org', '=', org);
  const toRecord = (row: {
    id: string;
    email: string;
    name: string;
    status: string;
    password_hash: string | null;
    totp_secret: string | null;
    totp_enabled: boolean;
    totp_last_step: number | null;
    role: 'admin' | 'general';
  }): AccountRecord => ({
    id: row.id,
    email: row.email,
    name: row.name,
    status: row.status,
    passwordHash: row.password_hash,
    totpSecret: row.totp_secret,
    totpEnabled: row.totp_enabled,
    totpLastStep: row.totp_last_step,
    role: row.role,
  });
  const columns = [
    'id',
    'email',
    'name',
    'status',
    'password_hash',
    'totp_secret',
    'totp_enabled',
    'totp_last_step',
    'role',
  ] as const;
  return {
    kind: 'tenant',
    org,
    scope: { kind: 'tenant', org },
    async findByEmail(tx, email) {
      const row = await users(tx)
        .select(columns)
        .where('email', '=', email)
        .where('status', '<>', 'deleted')
        .executeTakeFirst();
      return row && toRecord(row);
    },
    async findById(tx, id) {
      const row = await users(tx).select(columns).where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },
    async totpRequired(tx, account) {
      if (account.role === 'admin') return true;
      const settings = await tx
        .selectFrom('tenant.account_settings')
        .select('totp_required_for_general')
        .where('org', '=', org)
        .executeTakeFirst();
      return settings?.totp_required_for_general ?? false;
    },
    async sessionPolicy(tx) {
      const settings = await tx
        .selectFrom('tenant.account_settings')
        .select(['idle_timeout_minutes', 'absolute_lifetime_hours'])
        .where('org', '=', org)
        .executeTakeFirst();
      return {
        idleSeconds: (settings?.idle_timeout_minutes ?? 30) * 60,
        lifetimeSeconds: (settings?.absolute_lifetime_hours ?? 12) * 3600,
      };
    },
    async setTotp(tx, id, sealedSecret, enabled) {
      await tx
        .updateTable('tenant.users')
        .set({
          totp_secret: sealedSecret,
          totp_enabled: enabled,
          totp_last_step: null,
          updated_at: new Date(),
        })
        .where('org', '=', org)
        .where('id', '=', id)
        .execute();
    },
    async setTotpStep(tx, id, step) {
      await tx
        .updateTable('tenant.users')
        .set({ totp_last_step: step })
        .where('org', '=', org)
        .where('id', '=', id)
        .execute();
    },
    async recordSignIn(tx, id) {
      await tx
        .updateTable('tenant.users')
        .set({ last_sign_in_at: new Date() })
        .where('org', '=', org)
        .where('id', '=', id)
        .execute();
    },
    async replaceRecoveryCodes(tx, id, hashes) {
      await tx
        .deleteFrom('tenant.user_recovery_codes')
        .where('org', '=', org)
        .where('user_id', '=', id)
        .execute();
      if (hashes.length === 0) return;
      await tx
        .insertInto('tenant.user_recovery_codes')
        .values(hashes.map((code_hash) => ({ org, user_id: id, code_hash, used_at: null })))
        .execute();
    },
    async consumeRecoveryCode(tx, id, hash) {
      const result = await tx
        .updateTable('tenant.user_recovery_codes')
        .set({ used_at: sql<Date>`now()` as never })
        .where('org', '=', org)
        .where('user_id', '=', id)
        .where('code_hash', '=', hash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    actor(account) {
      return { type: 'user', id: account.id, org, role: account.role === 'admin' ? 'admin' : 'general' };
    },
    secretContext(id) {
      return `totp:${org}:${id}`;
    },
    throttleKey(email) {
      return `u:${org}:${email}`;
    },
  };
}

export const operatorRealm: AccountRealm = {
  kind: 'provider',
  org: null,
  scope: { kind: 'provider' },
  async findByEmail(tx, email) {
    const row = await tx
      .selectFrom('provider.operators')
      .selectAll()
      .where('email', '=', email)
      .executeTakeFirst();
    return row && operatorRecord(row);
  },
  async findById(tx, id) {
    const row = await tx.selectFrom('provider.operators').selectAll().where('id', '=', id).executeTakeFirst();
    return row && operatorRecord(row);
  },
  async totpRequired() {
    return true;
  },
  async sessionPolicy() {
    // Operators hold system privileges: shorter sessions than the organisation default.
    return { idleSeconds: 15 * 60, lifetimeSeconds: 8 * 3600 };
  },
  async setTotp(tx, id, sealedSecret, enabled) {
    await tx
      .updateTable('provider.operators')
      .set({ totp_secret: sealedSecret, totp_enabled: enabled, totp_last_step: null, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  },
  async setTotpStep(tx, id, step) {
    await tx.updateTable('provider.operators').set({ totp_last_step: step }).where('id', '=', id).execute();
  },
  async recordSignIn(tx, id) {
    await tx
      .updateTable('provider.operators')
      .set({ last_sign_in_at: new Date() })
      .where('id', '=', id)
      .execute();
  },
  async replaceRecoveryCodes(tx, id, hashes) {
    await tx.deleteFrom('provider.operator_recovery_codes').where('operator_id', '=', id).execute();
    if (hashes.length === 0) return;
    await tx
      .insertInto('provider.operator_recovery_codes')
      .values(hashes.map((code_hash) => ({ operator_id: id, code_hash, used_at: null })))
      .execute();
  },
  async consumeRecoveryCode(tx, id, hash) {
    const result = await tx
      .updateTable('provider.operator_recovery_codes')
      .set({ used_at: sql<Date>`now()` as never })
      .where('operator_id', '=', id)
      .where('code_hash', '=', hash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  actor(account) {
    return { type: 'operator', id: account.id };
  },
  secretContext(id) {
    return `totp:#provider:${id}`;
  },
  throttleKey(email) {
    return `o:${email}`;
  },
};

function operatorRecord(row: {
  id: string;
  email: string;
  name: string;
  status: string;
  password_hash: string;
  totp_secret: string | null;
  totp_enabled: boolean;
  totp_last_step: number | null;
}): AccountRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    status: row.status,
    passwordHash: row.password_hash,
    totpSecret: row.totp_secret,
    totpEnabled: row.totp_enabled,
    totpLastStep: row.totp_last_step,
    role: 'operator',
  };
}

/** E-mail addresses compare in NFKC lower case, trimmed: body variations name the same account. */
export function normaliseEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}
