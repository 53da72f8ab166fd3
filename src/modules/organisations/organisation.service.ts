import { asOrganisation } from '../../db/scope.js';
import type { ProviderContext } from '../../platform/access/context.js';
import { audit } from '../../platform/audit/audit.js';
import { AppError, Errors } from '../../platform/errors.js';
import {
  findLifecycle,
  findOrganisation,
  insertOrganisation,
  type LifecycleRecord,
  lgCodeInUse,
  listOrganisations,
  reopenServiceCode,
  siteDomainOwner,
  updateSiteDomain,
} from '../../platform/tenancy/organisations.repo.js';
import { jstDate } from '../../platform/time/jst.js';
import { insertDefaultSiteSettings } from '../site-settings/index.js';
import { type AccountMail, insertDefaultAccountSettings, inviteFirstAdmin } from '../users/index.js';
import { isValidLgCode } from './lg-code.js';
import type {
  Organisation,
  ProvisionOrganisationInput,
  ProvisionWithAdminInput,
} from './organisation.schema.js';
import { parseSiteDomain } from './site-domains.js';

/** A purged organisation's service code may be given again this long after its purge. */
const SERVICE_CODE_REUSE_YEARS = 1;

/** The instant a purged organisation's service code is free again. */
export function serviceCodeFreeAt(purgedAt: Date): Date {
  const free = new Date(purgedAt);
  free.setUTCFullYear(free.getUTCFullYear() + SERVICE_CODE_REUSE_YEARS);
  return free;
}

function refuseRecentlyPurged(org: LifecycleRecord, now: Date): void {
  // The purge's last step sets the status: status_changed_at is when the purge finished.
  const freeAt = serviceCodeFreeAt(new Date(org.statusChangedAt ?? now));
  if (now >= freeAt) return;
  const day = jstDate(freeAt);
  throw new AppError(
    409,
    'service_code_recently_purged',
    {
      ja: `このサービスコードは削除済みの組織のものです。削除から1年間は再利用できません（${day} 以降に使えます）。`,
      en: `This service code belonged to a purged organisation and cannot be reused for a year (free from ${day}).`,
    },
    { field: 'serviceCode', details: { freeFrom: freeAt.toISOString() } },
  );
}

/**
 * Provisions an organisation (tenant): its registry row, its first customer-side rows, and the
 * first event of its audit chain. Operators, and system jobs granted 'ops:organisations'.
 */
export async function provisionOrganisation(
  ctx: ProviderContext,
  input: ProvisionOrganisationInput,
  now = new Date(),
): Promise<Organisation> {
  ctx.require('ops:organisations');
  if (input.lgCode !== undefined && !isValidLgCode(input.lgCode)) {
    throw Errors.invalidField('lgCode', {
      ja: '全国地方公共団体コードの検査数字が一致しません。',
      en: 'The local government code has a wrong check digit.',
    });
  }
  if (input.contractStart && input.contractEnd && input.contractEnd < input.contractStart) {
    throw Errors.invalidField('contractEnd', {
      ja: '契約終了日は契約開始日以降にしてください。',
      en: 'The contract end must not be before its start.',
    });
  }
  const existing = await findLifecycle(ctx.tx, input.serviceCode);
  if (existing?.status === 'purged') refuseRecentlyPurged(existing, now);
  else if (existing) {
    throw new AppError(
      409,
      'service_code_taken',
      { ja: 'このサービスコードは既に使われています。', en: 'This service code is already in use.' },
      { field: 'serviceCode' },
    );
  }
  if (input.lgCode !== undefined && (await lgCodeInUse(ctx.tx, input.lgCode))) {
    throw new AppError(
      409,
      'lg_code_taken',
      {
        ja: 'この全国地方公共団体コードは別の組織に登録されています。',
        en: 'This local government code is registered to another organisation.',
      },
      { field: 'lgCode' },
    );
  }
  // A purged organisation's code, free again after a year: its row starts afresh, its tombstone
  // stays as history and its destroyed key versions are never issued again.
  const organisation = existing
    ? await reopenServiceCode(ctx.tx, input)
    : await insertOrganisation(ctx.tx, input);
  // The organisation's first customer-side rows (defaults), in its own scope.
  await asOrganisation(ctx.tx, organisation.serviceCode, async () => {
    await insertDefaultSiteSettings(ctx.tx, organisation.serviceCode);
    await insertDefaultAccountSettings(ctx.tx, organisation.serviceCode);
  });
  await audit(
    ctx,
    {
      action: 'organisation.provisioned',
      target: { type: 'organisation', id: organisation.serviceCode },
      details: {
        nameJa: organisation.nameJa,
        nameEn: organisation.nameEn,
        lgCode: organisation.lgCode,
        ...(existing ? { reusedPurgedCode: true } : {}),
      },
    },
    { onOrganisation: organisation.serviceCode },
  );
  return organisation;
}

/**
 * Provisioning as the operator console and `mitte create-org --admin-email` do it: the
 * organisation and its first admin, whose invitation is mailed before the transaction commits
 * (a mail that cannot go out leaves nothing behind).
 */
export async function provisionOrganisationWithAdmin(
  ctx: ProviderContext,
  mail: AccountMail,
  input: ProvisionWithAdminInput,
): Promise<Organisation> {
  const { admin, ...organisationInput } = input;
  const organisation = await provisionOrganisation(ctx, organisationInput);
  await inviteFirstAdmin(ctx, mail, organisation, admin);
  return organisation;
}

export async function listAllOrganisations(ctx: ProviderContext): Promise<Organisation[]> {
  ctx.require('ops:organisations');
  return listOrganisations(ctx.tx);
}

/**
 * Maps (or, with null, unmaps) the organisation's own domain for its public site. Operators only;
 * recorded in the provider's chain and the organisation's.
 */
export async function setSiteDomain(
  ctx: ProviderContext,
  serviceCode: string,
  input: string | null,
  serviceHost: string,
): Promise<Organisation> {
  ctx.require('ops:organisations');
  const before = await findOrganisation(ctx.tx, serviceCode);
  if (!before) throw Errors.notFound();
  const domain = input === null || input.trim() === '' ? null : parseSiteDomain(input, serviceHost);
  if (domain === before.siteDomain) return before;
  if (domain !== null) {
    const owner = await siteDomainOwner(ctx.tx, domain);
    if (owner !== undefined && owner !== serviceCode) throw siteDomainTaken();
  }
  let organisation: Organisation;
  try {
    organisation = await updateSiteDomain(ctx.tx, serviceCode, domain);
  } catch (error) {
    // Two operators mapping the same domain at once: the unique index decides.
    if ((error as { code?: string }).code === '23505') throw siteDomainTaken();
    throw error;
  }
  await audit(
    ctx,
    {
      action: 'organisation.site_domain_changed',
      target: { type: 'organisation', id: serviceCode },
      details: { from: before.siteDomain, to: domain },
    },
    { onOrganisation: serviceCode },
  );
  return organisation;
}

function siteDomainTaken(): AppError {
  return new AppError(
    409,
    'site_domain_taken',
    {
      ja: 'このドメインは別の組織で使われています。',
      en: 'This domain is already used by another organisation.',
    },
    { field: 'siteDomain' },
  );
}
