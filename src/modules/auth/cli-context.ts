import type { Database } from '../../db/database.js';
import { withScope } from '../../db/scope.js';
import { accountChecks, type TenantContext } from '../../platform/access/context.js';
import type { Rights } from '../../platform/access/permissions.js';
import { normaliseEmail } from '../../platform/auth/email.js';
import { AppError } from '../../platform/errors.js';
import { findOrganisationSummary } from '../../platform/tenancy/organisations.repo.js';
import { findUserCredentials } from '../users/index.js';

/**
 * A Context for the CLI acting as one active account of an organisation: its rights apply and the
 * audit log names it, exactly as if it had used the console.
 */
export async function asOrganisationUser<T>(
  db: Database,
  serviceCode: string,
  email: string,
  fn: (ctx: TenantContext) => Promise<T>,
): Promise<T> {
  return withScope(db, { kind: 'tenant', org: serviceCode }, async (tx) => {
    const org = await findOrganisationSummary(tx, serviceCode);
    const user = await findUserCredentials(tx, serviceCode, { email: normaliseEmail(email) });
    if (!org || org.status !== 'active' || !user || user.status !== 'active') {
      throw new AppError(404, 'not_found', {
        ja: 'その組織の有効なユーザーが見つかりません。',
        en: 'No active user with that e-mail address in that organisation.',
      });
    }
    const actor = { type: 'user' as const, id: user.id, org: serviceCode, role: user.role };
    return fn({
      actor,
      scope: { kind: 'tenant', org: serviceCode },
      org,
      tx,
      ip: null,
      requestId: `cli-${process.pid}`,
      ...accountChecks(actor, user.rights as Rights),
    });
  });
}
