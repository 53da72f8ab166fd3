import type { Database } from '../../db/database.js';
import { withScope } from '../../db/scope.js';
import { accountChecks, type TenantContext } from '../../platform/access/context.js';
import type { Rights } from '../../platform/access/permissions.js';
import { AppError } from '../../platform/http/errors.js';
import { normaliseEmail } from './account-realms.js';

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
    const org = await tx
      .selectFrom('provider.organisations')
      .select(['service_code', 'name_ja', 'name_en', 'status'])
      .where('service_code', '=', serviceCode)
      .executeTakeFirst();
    const user = await tx
      .selectFrom('tenant.users')
      .select(['id', 'role', 'rights', 'status'])
      .where('org', '=', serviceCode)
      .where('email', '=', normaliseEmail(email))
      .executeTakeFirst();
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
      org: { serviceCode, nameJa: org.name_ja, nameEn: org.name_en, status: org.status },
      tx,
      ip: null,
      requestId: `cli-${process.pid}`,
      ...accountChecks(actor, user.rights as Rights),
    });
  });
}
