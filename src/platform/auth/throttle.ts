import type { AuthConfig } from '../../config.js';
import type { Database } from '../../db/database.js';
import { withScope } from '../../db/scope.js';
import { bumpThrottle, deleteThrottle, findThrottles, lockThrottle } from './throttle.repo.js';

export interface ThrottleKeys {
  /** The account as named in the attempt (normalised), whether or not it exists. */
  account: string;
  /** The socket's address (or the trusted proxy's client address): never a client-sent header. */
  ip: string;
}

export type ThrottleDecision =
  | { allowed: true }
  | { allowed: false; code: 'account_locked' | 'too_many_attempts'; retryAfterSeconds: number };

interface Row {
  failures: number;
  last_failure_at: Date | null;
  locked_until: Date | null;
  window_start: Date;
}

/**
 * Sign-in limiter per account and per source address, shared by every node through the
 * database: growing waits after three failures, a lock after `lockThreshold`.
 */
export class SignInLimiter {
  constructor(
    private readonly db: Database,
    private readonly config: AuthConfig,
  ) {}

  private waitMs(failures: number): number {
    if (failures < 3) return 0;
    return Math.min(this.config.delayBaseMs * 2 ** (failures - 3), this.config.delayBaseMs * 30);
  }

  async check(keys: ThrottleKeys): Promise<ThrottleDecision> {
    const now = Date.now();
    const rows = await withScope(this.db, { kind: 'auth' }, (tx) =>
      findThrottles(tx, [`acct:${keys.account}`, `ip:${keys.ip}`]),
    );
    const account = rows.find((r) => r.key.startsWith('acct:'));
    const ip = rows.find((r) => r.key.startsWith('ip:'));
    const seconds = (until: number) => Math.max(1, Math.ceil((until - now) / 1000));
    if (account?.locked_until && account.locked_until.getTime() > now) {
      return {
        allowed: false,
        code: 'account_locked',
        retryAfterSeconds: seconds(account.locked_until.getTime()),
      };
    }
    if (ip?.locked_until && ip.locked_until.getTime() > now) {
      return {
        allowed: false,
        code: 'too_many_attempts',
        retryAfterSeconds: seconds(ip.locked_until.getTime()),
      };
    }
    if (account?.last_failure_at && !this.expired(account, now)) {
      const until = account.last_failure_at.getTime() + this.waitMs(account.failures);
      if (until > now)
        return { allowed: false, code: 'too_many_attempts', retryAfterSeconds: seconds(until) };
    }
    return { allowed: true };
  }

  private expired(row: Row, now: number): boolean {
    return row.window_start.getTime() < now - this.config.windowMinutes * 60_000;
  }

  /** Counts a failure; returns when the account became locked by it (to tell the holder). */
  async recordFailure(keys: ThrottleKeys): Promise<{ accountLockedUntil: Date | null }> {
    return withScope(this.db, { kind: 'auth' }, async (tx) => {
      const bump = async (key: string, threshold: number): Promise<Date | null> => {
        const row = await bumpThrottle(tx, key, this.config.windowMinutes);
        if (row.failures >= threshold && !row.locked_until) {
          return lockThrottle(tx, key, this.config.lockMinutes);
        }
        return null;
      };
      const accountLockedUntil = await bump(`acct:${keys.account}`, this.config.lockThreshold);
      await bump(`ip:${keys.ip}`, this.config.ipThreshold);
      return { accountLockedUntil };
    });
  }

  /** A successful sign-in clears the account's counter (the address keeps its own). */
  async recordSuccess(keys: ThrottleKeys): Promise<void> {
    await withScope(this.db, { kind: 'auth' }, (tx) => deleteThrottle(tx, `acct:${keys.account}`));
  }

  /** Operators and admins unlock an account by clearing its counter. */
  async clear(account: string): Promise<void> {
    await this.recordSuccess({ account, ip: '' });
  }
}
