import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/database.js';
import { organisationAdmits } from '../../db/organisation-ref.js';
import { asOrganisation, type Tx, withScope } from '../../db/scope.js';
import type { Actor } from '../access/actor.js';
import type { Rights } from '../access/permissions.js';
import { findOrganisationSummary } from '../tenancy/organisations.repo.js';
import {
  advanceSession,
  endSessionById,
  findOpenSession,
  findOperatorStatus,
  findUserStatus,
  insertSession,
  touchSession,
} from './sessions.repo.js';
import { randomToken, tokenHash } from './tokens.js';

export type SessionStage = 'password' | 'enrol' | 'full';

/** The signed-in account behind a request, as the guard and the Context see it. */
export interface Authentication {
  actor: Actor;
  /** The organisation an account belongs to; null for operators. */
  org: string | null;
  rights?: Rights;
  sessionId: string;
  stage: SessionStage;
  csrfToken: string;
}

export interface NewSession {
  realm: 'tenant' | 'provider';
  org: string | null;
  accountId: string;
  stage: SessionStage;
  idleSeconds: number;
  lifetimeSeconds: number;
  ip: string | null;
  userAgent: string | null;
}

/** Touching last_seen_at on every request would be a write per request; a minute is precise enough. */
const TOUCH_AFTER_MS = 60_000;

export class SessionStore {
  readonly cookieName: string;
  readonly csrfCookieName: string;

  constructor(
    private readonly db: Database,
    private readonly secureCookies: boolean,
  ) {
    // Under TLS the __Host- prefix pins the cookie to this host, path / and Secure.
    this.cookieName = secureCookies ? '__Host-mitte_session' : 'mitte_session';
    this.csrfCookieName = secureCookies ? '__Host-mitte_csrf' : 'mitte_csrf';
  }

  /**
   * Creates a session with a fresh random id; only the id's hash is stored. In the caller's auth
   * transaction when given one (sign-in commits its writes together), else in its own.
   */
  async create(session: NewSession, inTx?: Tx): Promise<{ id: string; token: string; csrfToken: string }> {
    const token = randomToken();
    const csrfToken = randomToken();
    const id = await this.inAuth(inTx, (tx) =>
      insertSession(tx, {
        tokenHash: tokenHash(token),
        realm: session.realm,
        org: session.org,
        accountId: session.accountId,
        stage: session.stage,
        csrfToken,
        idleSeconds: session.idleSeconds,
        expiresAt: new Date(Date.now() + session.lifetimeSeconds * 1000),
        ip: session.ip,
        userAgent: session.userAgent?.slice(0, 300) ?? null,
      }),
    );
    return { id, token, csrfToken };
  }

  tokenFrom(request: FastifyRequest): string | undefined {
    const value = request.cookies?.[this.cookieName];
    return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
  }

  setCookies(reply: FastifyReply, token: string, csrfToken: string): void {
    const common = { path: '/', sameSite: 'lax' as const, secure: this.secureCookies };
    reply.setCookie(this.cookieName, token, { ...common, httpOnly: true });
    // Readable by the console so it can echo it in x-csrf-token (double submit, checked server-side).
    reply.setCookie(this.csrfCookieName, csrfToken, { ...common, httpOnly: false });
  }

  clearCookies(reply: FastifyReply): void {
    const common = { path: '/', sameSite: 'lax' as const, secure: this.secureCookies };
    reply.clearCookie(this.cookieName, common);
    reply.clearCookie(this.csrfCookieName, common);
  }

  /**
   * Resolves the cookie to its account, or null. Ends sessions that are expired, idle too long,
   * or whose account or organisation is no longer active (suspension takes effect here).
   */
  async resolve(token: string): Promise<Authentication | null> {
    let ended: {
      org: string | null;
      accountId: string;
      realm: string;
      sessionId: string;
      reason: string;
    } | null = null;
    const auth = await withScope(this.db, { kind: 'auth' }, async (tx) => {
      const session = await findOpenSession(tx, tokenHash(token));
      if (!session) return null;
      const now = Date.now();
      const end = async (reason: string) => {
        await endSessionById(tx, session.id, reason);
        ended = {
          org: session.org,
          accountId: session.account_id,
          realm: session.realm,
          sessionId: session.id,
          reason,
        };
        return null;
      };
      if (session.expires_at.getTime() <= now) return end('expired');
      if (session.last_seen_at.getTime() + session.idle_seconds * 1000 <= now) return end('idle');

      let auth: Authentication | null = null;
      if (session.realm === 'tenant' && session.org) {
        const org = session.org;
        const { user, organisation } = await asOrganisation(tx, org, async () => {
          const user = await findUserStatus(tx, org, session.account_id);
          return { user, organisation: user && (await findOrganisationSummary(tx, org)) };
        });
        if (!user || user.status !== 'active' || !organisation) return end('account_inactive');
        // Suspension ends every session of the organisation; termination every one but admins'.
        if (!organisationAdmits(organisation.status, user.role))
          return end(`organisation_${organisation.status}`);
        auth = {
          actor: { type: 'user', id: user.id, org, role: user.role },
          org,
          rights: user.rights as Rights,
          sessionId: session.id,
          stage: session.stage,
          csrfToken: session.csrf_token,
        };
      } else {
        const operator = await findOperatorStatus(tx, session.account_id);
        if (!operator || operator.status !== 'active') return end('account_inactive');
        auth = {
          actor: { type: 'operator', id: operator.id, rights: operator.rights },
          org: null,
          sessionId: session.id,
          stage: session.stage,
          csrfToken: session.csrf_token,
        };
      }
      if (now - session.last_seen_at.getTime() > TOUCH_AFTER_MS) {
        await touchSession(tx, session.id);
      }
      return auth;
    });
    if (ended) await this.onSessionEnded?.(ended);
    return auth;
  }

  /** Called after a session was ended by the lookup (expiry, idle, inactive account), for the audit log. */
  onSessionEnded?: (event: {
    org: string | null;
    accountId: string;
    realm: string;
    sessionId: string;
    reason: string;
  }) => Promise<void>;

  async advance(sessionId: string, stage: SessionStage): Promise<void> {
    await withScope(this.db, { kind: 'auth' }, (tx) => advanceSession(tx, sessionId, stage));
  }

  /** Ends a session, in the caller's auth transaction when given one. */
  async end(sessionId: string, reason: string, inTx?: Tx): Promise<void> {
    await this.inAuth(inTx, (tx) => endSessionById(tx, sessionId, reason));
  }

  private inAuth<T>(tx: Tx | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return tx ? fn(tx) : withScope(this.db, { kind: 'auth' }, fn);
  }
}

/**
 * Ends every open session of an account, inside the caller's (tenant or provider) transaction:
 * used on suspension, deletion, password change or reset, and two-factor reset.
 */
export { endAccountSessions } from './sessions.repo.js';
