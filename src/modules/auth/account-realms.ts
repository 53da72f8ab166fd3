import type { Scope, Tx } from '../../db/scope.js';
import type { Actor } from '../../platform/access/actor.js';
import {
  consumeOperatorRecoveryCode,
  findOperator,
  recordOperatorSignIn,
  replaceOperatorRecoveryCodes,
  setOperatorTotp,
  setOperatorTotpStep,
} from '../operators/index.js';
import {
  consumeUserRecoveryCode,
  findAccountSettings,
  findUserCredentials,
  recordUserSignIn,
  replaceUserRecoveryCodes,
  setUserTotp,
  setUserTotpStep,
} from '../users/index.js';

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
  return {
    kind: 'tenant',
    org,
    scope: { kind: 'tenant', org },
    async findByEmail(tx, email) {
      const row = await findUserCredentials(tx, org, { email });
      return row && accountRecord(row, row.role);
    },
    async findById(tx, id) {
      const row = await findUserCredentials(tx, org, { id });
      return row && accountRecord(row, row.role);
    },
    async totpRequired(tx, account) {
      if (account.role === 'admin') return true;
      const settings = await findAccountSettings(tx, org);
      return settings?.totp_required_for_general ?? false;
    },
    async sessionPolicy(tx) {
      const settings = await findAccountSettings(tx, org);
      return {
        idleSeconds: (settings?.idle_timeout_minutes ?? 30) * 60,
        lifetimeSeconds: (settings?.absolute_lifetime_hours ?? 12) * 3600,
      };
    },
    setTotp: (tx, id, sealedSecret, enabled) => setUserTotp(tx, org, id, sealedSecret, enabled),
    setTotpStep: (tx, id, step) => setUserTotpStep(tx, org, id, step),
    recordSignIn: (tx, id) => recordUserSignIn(tx, org, id),
    replaceRecoveryCodes: (tx, id, hashes) => replaceUserRecoveryCodes(tx, org, id, hashes),
    consumeRecoveryCode: (tx, id, hash) => consumeUserRecoveryCode(tx, org, id, hash),
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
    const row = await findOperator(tx, { email });
    return row && accountRecord(row, 'operator');
  },
  async findById(tx, id) {
    const row = await findOperator(tx, { id });
    return row && accountRecord(row, 'operator');
  },
  async totpRequired() {
    return true;
  },
  async sessionPolicy() {
    // Operators hold system privileges: shorter sessions than the organisation default.
    return { idleSeconds: 15 * 60, lifetimeSeconds: 8 * 3600 };
  },
  setTotp: setOperatorTotp,
  setTotpStep: setOperatorTotpStep,
  recordSignIn: recordOperatorSignIn,
  replaceRecoveryCodes: replaceOperatorRecoveryCodes,
  consumeRecoveryCode: consumeOperatorRecoveryCode,
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

/** A users or operators row as the realm-neutral account the sign-in flow works on. */
function accountRecord(
  row: {
    id: string;
    email: string;
    name: string;
    status: string;
    password_hash: string | null;
    totp_secret: string | null;
    totp_enabled: boolean;
    totp_last_step: number | null;
  },
  role: AccountRecord['role'],
): AccountRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    status: row.status,
    passwordHash: row.password_hash,
    totpSecret: row.totp_secret,
    totpEnabled: row.totp_enabled,
    totpLastStep: row.totp_last_step,
    role,
  };
}

export { normaliseEmail } from '../../platform/auth/email.js';
