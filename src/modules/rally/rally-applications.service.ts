import { randomUUID } from 'node:crypto';
import type { Language } from '../../contract/languages.js';
import type { ApplicationStatus } from '../../db/schema-rally.js';
import type { LazyContext, TenantContext } from '../../platform/access/context.js';
import { audit } from '../../platform/audit/audit.js';
import { KeyDestroyedError, type KeyRing } from '../../platform/crypto/data-keys.js';
import { SecretBox } from '../../platform/crypto/secret-box.js';
import { AppError, Errors, type FieldProblem } from '../../platform/errors.js';
import { spreadsheetCsv } from '../../platform/http/csv.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import {
  type CampaignRow,
  claimCampaignsDueForDeletion,
  findCampaignBySlug,
  findInCampaign,
  listCheckpointRows,
  listParticipantStamps,
  markPersonalDataDeleted,
  updateCampaignPrizes,
} from './rally.repo.js';
import type {
  Applicant,
  ApplicationInput,
  CampaignDetail,
  PersonalData,
  PrizesInput,
  PrizeTier,
  SurveyQuestion,
} from './rally.schema.js';
import {
  campaignForChange,
  getCampaign,
  readOnly,
  requireCampaign,
  versionConflict,
} from './rally.service.js';
import {
  type ApplicationRow,
  confirmApplicationRow,
  countTierApplications,
  deleteLapsedApplication,
  deletePendingApplication,
  drawTier,
  erasePersonalData,
  findApplicationOf,
  insertApplication,
  listApplications,
} from './rally-applications.repo.js';
import { applicationConfirmationMail, CONFIRMATION_VALIDITY_HOURS } from './rally-mail.js';
import { refusal, type VisitorProblem, visitorValidation } from './rally-refusals.js';
import { recordCampaignRevision } from './rally-revisions.service.js';
import { checkAnswers, surveyProblems } from './rally-survey.js';
import type { RallyKeys } from './rally-tokens.js';
import { participantOf, type StampCard } from './rally-visitor.service.js';

/**
 * Prize tiers, the survey and prize applications. The applicants' personal data is the most
 * sensitive data the product holds: sealed under the organisation's data key, readable only with
 * the campaigns publish right, every view and export audited, deleted `retention_days` after the
 * campaign's end by a job that claims each campaign once.
 */

const PURPOSE = 'rally-applicants';

/** The tiers the card's stamps earn, in the campaign's order (what the application form offers). */
export function qualifyingTiers(card: StampCard): PrizeTier[] {
  const stamped = new Set(card.checkpoints.filter((c) => c.stampedAt).map((c) => c.id));
  return (card.campaign.prize_tiers as PrizeTier[]).filter((tier) => qualifiesFor(tier, stamped));
}

/** Whether these stamps (checkpoint ids, voided ones left out) earn the tier. */
export function qualifiesFor(tier: PrizeTier, stamped: Set<string>): boolean {
  const enough = !tier.minStamps || stamped.size >= tier.minStamps;
  return enough && (tier.requiredCheckpointIds ?? []).every((id) => stamped.has(id));
}

/** What applying needs besides the request: the data keys, the link signer, the mailer. */
export interface ApplicationDeps {
  dataKeys: KeyRing;
  rallyKeys: RallyKeys;
  mailer: Mailer;
  /** The site's confirmation page for a token (the organisation's own domain when it has one). */
  confirmLink: (token: string) => string;
}

export interface Applied {
  applicationId: string;
  tierId: string;
  status: 'pending';
  /** Confirm through the mailed link before this, or the application lapses. */
  confirmBy: string;
}

const localText = (texts: Record<string, string> | undefined, lang: Language) =>
  texts?.[lang] ?? texts?.ja ?? Object.values(texts ?? {})[0] ?? '';
const aad = (org: string, applicationId: string) => `${org}\n${applicationId}`;

/** Prize tiers and survey, replaced as a whole (edit right; optimistic like the campaign). */
export async function setPrizes(
  ctx: TenantContext,
  campaignId: string,
  input: PrizesInput,
): Promise<CampaignDetail> {
  ctx.require('campaigns:edit');
  const org = ctx.scope.org;
  const campaign = await campaignForChange(ctx, campaignId);
  if (campaign.status === 'archived' || campaign.personal_data_deleted_at) throw readOnly();
  const checkpointIds = new Set((await listCheckpointRows(ctx.tx, org, campaign.id)).map((c) => c.id));
  const problems: FieldProblem[] = [...surveyProblems(input.survey)];
  const tierIds = new Set<string>();
  input.prizeTiers.forEach((tier, i) => {
    if (tierIds.has(tier.id))
      problems.push({
        field: `prizeTiers.${i}.id`,
        message: { ja: '賞の ID が重複しています。', en: 'Tier ids must be unique.' },
      });
    tierIds.add(tier.id);
    if (!tier.minStamps && !tier.requiredCheckpointIds?.length)
      problems.push({
        field: `prizeTiers.${i}.minStamps`,
        message: {
          ja: '必要なスタンプ数か、必須のチェックポイントを指定してください。',
          en: 'Give the stamps needed or the checkpoints required.',
        },
      });
    tier.requiredCheckpointIds?.forEach((id, j) => {
      if (!checkpointIds.has(id))
        problems.push({
          field: `prizeTiers.${i}.requiredCheckpointIds.${j}`,
          message: {
            ja: 'このスタンプラリーのチェックポイントを選んでください。',
            en: 'Choose checkpoints of this stamp rally.',
          },
        });
    });
    if (tier.minStamps && tier.minStamps > checkpointIds.size)
      problems.push({
        field: `prizeTiers.${i}.minStamps`,
        message: {
          ja: `チェックポイントの数（${checkpointIds.size}）以下にしてください。`,
          en: `At most the number of checkpoints (${checkpointIds.size}).`,
        },
      });
    if (tier.award === 'lottery' && !tier.quantity)
      problems.push({
        field: `prizeTiers.${i}.quantity`,
        message: { ja: '抽選の当選数を入力してください。', en: 'Give the number of winners to draw.' },
      });
  });
  if (problems.length) throw Errors.validation(problems);
  const row = await updateCampaignPrizes(
    ctx.tx,
    org,
    campaign.id,
    input.version,
    input.prizeTiers,
    input.survey,
  );
  if (!row) throw versionConflict();
  await recordCampaignRevision(ctx, row, 'prizes_changed');
  await audit(ctx, {
    action: 'rally.campaign.prizes_changed',
    target: { type: 'rally_campaign', id: campaign.id },
    details: { tiers: input.prizeTiers.map((t) => t.id), questions: input.survey.map((q) => q.id) },
  });
  return getCampaign(ctx, campaign.id);
}

/** The longest each personal field may be (the API's schema says the same). */
const PERSONAL_MAX: Record<keyof PersonalData, number> = {
  name: 100,
  postalCode: 10,
  address: 200,
  phone: 20,
  email: 254,
};

function personalData(input: PersonalData): { data: PersonalData; problems: VisitorProblem[] } {
  const data: PersonalData = {
    name: input.name.trim(),
    postalCode: input.postalCode.trim().replace(/[－ー‐]/g, '-'),
    address: input.address.trim(),
    phone: input.phone.trim(),
    email: input.email.trim(),
  };
  const problems: VisitorProblem[] = [];
  const bad = (f: keyof PersonalData) => problems.push({ field: `personal.${f}`, kind: f });
  for (const f of Object.keys(PERSONAL_MAX) as (keyof PersonalData)[]) {
    if (data[f].length > PERSONAL_MAX[f])
      problems.push({ field: `personal.${f}`, kind: 'too_long', max: PERSONAL_MAX[f] });
  }
  const long = new Set(problems.map((p) => p.field));
  if (!data.name) bad('name');
  if (!long.has('personal.postalCode') && !/^\d{3}-?\d{4}$/.test(data.postalCode)) bad('postalCode');
  if (!data.address) bad('address');
  if (!long.has('personal.phone') && !/^\+?[0-9][0-9-]{8,18}$/.test(data.phone)) bad('phone');
  if (!long.has('personal.email') && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(data.email)) bad('email');
  return { data, problems };
}

/**
 * A participant applies for a prize. The organisation's data key is fetched before the
 * transaction (its ring opens a transaction of its own), then everything is checked and written
 * in one: nothing is stored unless the whole application is valid.
 */
export async function applyForPrize(
  ctx: LazyContext<TenantContext>,
  deps: ApplicationDeps,
  slug: string,
  cookie: string | undefined,
  input: ApplicationInput,
  lang: Language,
): Promise<Applied> {
  const org = ctx.scope.org;
  const { version, key } = await deps.dataKeys.currentKey(org);
  const applied = await ctx.transaction(async (inner) => {
    const campaign = await findCampaignBySlug(inner.tx, org, slug);
    if (!campaign || campaign.status === 'draft' || campaign.status === 'archived') throw Errors.notFound();
    const now = new Date();
    if (campaign.status === 'ended' || now >= campaign.ends_at) throw refusal('campaign_ended', lang);
    if (now < campaign.starts_at) throw refusal('campaign_not_started', lang);
    const participant = await participantOf(inner, campaign, cookie);
    if (!participant) throw refusal('not_joined', lang);
    const tiers = campaign.prize_tiers as PrizeTier[];
    const tier = tiers.find((t) => t.id === input.tierId);
    const survey = campaign.survey as SurveyQuestion[];
    const checked = checkAnswers(survey, input.answers);
    const personal = personalData(input.personal);
    const problems: VisitorProblem[] = [
      ...checked.problems,
      ...(tier ? [] : [{ field: 'tierId', kind: 'no_such_prize' } as const]),
      ...personal.problems,
    ];
    if (problems.length || !tier) throw visitorValidation(problems, lang);
    // One application per participant; first-come quantities are counted under the campaign's lock.
    await requireCampaign(inner, campaign.id, { forUpdate: true });
    const earlier = await findApplicationOf(inner.tx, org, campaign.id, participant.id);
    // A pending application that was never confirmed in time lapsed: it gives way to this one.
    const lapsed = earlier && (await deleteLapsedApplication(inner.tx, org, earlier.id, now));
    if (earlier && !lapsed) throw refusal('already_applied', lang);
    const stamped = new Set(
      (await listParticipantStamps(inner.tx, org, participant.id))
        .filter((s) => !s.voided_at)
        .map((s) => s.checkpoint_id),
    );
    if (!qualifiesFor(tier, stamped)) {
      throw refusal(
        'not_enough_stamps',
        lang,
        { stamps: stamped.size, needed: tier.minStamps ?? null },
        'tierId',
      );
    }
    if (tier.award === 'first_come' && tier.quantity !== undefined) {
      if ((await countTierApplications(inner.tx, org, campaign.id, tier.id, now)) >= tier.quantity) {
        throw refusal('prize_sold_out', lang, {}, 'tierId');
      }
    }
    const id = randomUUID();
    const confirmBy = new Date(now.getTime() + CONFIRMATION_VALIDITY_HOURS * 3_600_000);
    const sealed = new SecretBox(key, PURPOSE).seal(JSON.stringify(personal.data), aad(org, id));
    const inserted = await insertApplication(inner.tx, org, {
      id,
      campaignId: campaign.id,
      participantId: participant.id,
      tierId: tier.id,
      answers: checked.answers,
      personalSealed: sealed,
      keyVersion: version,
      confirmBy,
    });
    if (!inserted) throw refusal('already_applied', lang);
    // The event names the application, never the personal data.
    await audit(inner, {
      action: 'rally.application.created',
      target: { type: 'rally_application', id },
      details: {
        campaignId: campaign.id,
        participantId: participant.id,
        tierId: tier.id,
        ...(earlier ? { replacesLapsed: earlier.id } : {}),
      },
    });
    const mail = applicationConfirmationMail(lang, {
      campaign: localText(campaign.texts.name, lang),
      prize: localText(tier.name, lang),
      link: deps.confirmLink(deps.rallyKeys.confirmationToken(org, campaign.id, id, confirmBy)),
      until: confirmBy,
    });
    return { applicationId: id, tierId: tier.id, confirmBy, campaignId: campaign.id, mail };
  });
  // Mailed after the commit (no transaction held over SMTP). A mail that cannot be sent takes the
  // application back, so the visitor may simply try again: nothing stays half-done.
  try {
    await deps.mailer.send({ to: input.personal.email.trim(), ...applied.mail, serviceCode: org });
  } catch {
    await ctx.transaction(async (inner) => {
      await deletePendingApplication(inner.tx, org, applied.applicationId);
      await audit(inner, {
        action: 'rally.application.withdrawn',
        target: { type: 'rally_application', id: applied.applicationId },
        details: { campaignId: applied.campaignId, reason: 'confirmation_mail_failed' },
      });
    });
    throw refusal('mail_not_sent', lang);
  }
  return {
    applicationId: applied.applicationId,
    tierId: applied.tierId,
    status: 'pending',
    confirmBy: applied.confirmBy.toISOString(),
  };
}

/**
 * The applicant opened the mailed link and confirmed: pending → applied. Idempotent (a second
 * press answers the confirmed application); a lapsed or forged link is refused in the visitor's
 * language, and the refusal of a forged one is audited.
 */
export async function confirmApplication(
  ctx: TenantContext,
  rallyKeys: RallyKeys,
  slug: string,
  token: string,
  lang: Language,
): Promise<{ applicationId: string; tierId: string; status: ApplicationStatus; campaign: CampaignRow }> {
  const org = ctx.scope.org;
  const campaign = await findCampaignBySlug(ctx.tx, org, slug);
  if (!campaign || campaign.status === 'draft') throw Errors.notFound();
  const checked = rallyKeys.checkConfirmationToken(org, campaign.id, token);
  const row =
    checked === 'forged'
      ? undefined
      : await findInCampaign(ctx.tx, 'tenant.rally_applications', org, campaign.id, checked.applicationId);
  if (checked === 'forged' || !row) throw refusal('confirmation_invalid', lang);
  const now = new Date();
  if (row.status === 'pending') {
    if (checked.expiresAt <= now || !(await confirmApplicationRow(ctx.tx, org, row.id, now))) {
      throw refusal('confirmation_expired', lang);
    }
    await audit(ctx, {
      action: 'rally.application.confirmed',
      target: { type: 'rally_application', id: row.id },
      details: { campaignId: campaign.id, tierId: row.tier_id },
    });
    return { applicationId: row.id, tierId: row.tier_id, status: 'applied', campaign };
  }
  return { applicationId: row.id, tierId: row.tier_id, status: row.status, campaign };
}

/**
 * The applications with their personal data opened (null once deleted or crypto-shredded). Call
 * it outside any transaction: the key ring opens its own. The organisation's full export uses it.
 */
export async function openPersonal(keys: KeyRing, org: string, rows: ApplicationRow[]): Promise<Applicant[]> {
  const boxes = new Map<number, SecretBox | null>();
  for (const version of new Set(rows.flatMap((r) => (r.key_version ? [r.key_version] : [])))) {
    try {
      boxes.set(version, new SecretBox(await keys.keyByVersion(org, version), PURPOSE));
    } catch (error) {
      if (!(error instanceof KeyDestroyedError)) throw error;
      boxes.set(version, null);
    }
  }
  return rows.map((r) => {
    const box = r.key_version ? boxes.get(r.key_version) : null;
    const personal =
      box && r.personal_sealed
        ? (JSON.parse(box.open(r.personal_sealed, aad(org, r.id))) as PersonalData)
        : null;
    return {
      id: r.id,
      participantId: r.participant_id,
      tierId: r.tier_id,
      status: r.status,
      appliedAt: r.created_at.toISOString(),
      confirmedAt: r.confirmed_at?.toISOString() ?? null,
      answers: r.answers,
      personal,
    };
  });
}

/**
 * The applicants with their personal data: publish right only; the view is audited (in its own
 * short transaction, committed before anything is decrypted).
 */
export async function listApplicants(
  ctx: LazyContext<TenantContext>,
  keys: KeyRing,
  campaignId: string,
  purpose: 'viewed' | 'exported' = 'viewed',
): Promise<Applicant[]> {
  ctx.require('campaigns:publish');
  const rows = await ctx.transaction(async (inner) => {
    const campaign = await requireCampaign(inner, campaignId);
    const found = await listApplications(inner.tx, inner.scope.org, campaign.id);
    await audit(inner, {
      action: `rally.applicants.${purpose}`,
      target: { type: 'rally_campaign', id: campaign.id },
      details: { applicants: found.length },
    });
    return found;
  });
  return openPersonal(keys, ctx.scope.org, rows);
}

const CSV_HEADER = [
  '応募ID / application',
  '賞 / prize',
  '状態 / status',
  '応募日時 / applied at',
  '氏名 / name',
  '郵便番号 / postal code',
  '住所 / address',
  '電話番号 / phone',
  'メール / e-mail',
  'アンケート / survey',
];

/** The applicants for shipping as CSV (BOM, cells that look like formulas neutralised); audited. */
export async function exportApplicantsCsv(
  ctx: LazyContext<TenantContext>,
  keys: KeyRing,
  campaignId: string,
): Promise<string> {
  const applicants = await listApplicants(ctx, keys, campaignId, 'exported');
  return spreadsheetCsv(
    CSV_HEADER,
    applicants.map((a) => [
      a.id,
      a.tierId,
      a.status,
      a.appliedAt,
      a.personal?.name,
      a.personal?.postalCode,
      a.personal?.address,
      a.personal?.phone,
      a.personal?.email,
      a.answers,
    ]),
  );
}

/** Draws a lottery tier's winners at random (publish right, audited); first-come tiers have none. */
export async function drawLottery(
  ctx: TenantContext,
  campaignId: string,
  tierId: string,
): Promise<{ won: number; lost: number }> {
  ctx.require('campaigns:publish');
  const campaign = await requireCampaign(ctx, campaignId, { forUpdate: true });
  const tier = (campaign.prize_tiers as PrizeTier[]).find((t) => t.id === tierId);
  if (!tier || tier.award !== 'lottery' || !tier.quantity) throw Errors.notFound();
  if (campaign.status === 'published' && new Date() < campaign.ends_at) {
    throw new AppError(409, 'campaign_running', {
      ja: '抽選は応募期間の終了後に行えます。',
      en: 'Draw the lottery after the campaign has ended.',
    });
  }
  const result = await drawTier(ctx.tx, ctx.scope.org, campaign.id, tier.id, tier.quantity);
  await audit(ctx, {
    action: 'rally.lottery.drawn',
    target: { type: 'rally_campaign', id: campaign.id },
    details: { tierId: tier.id, ...result },
  });
  return result;
}

/**
 * Deletes the applicants' personal data of every campaign whose retention ran out, in one
 * organisation. Each campaign is claimed (FOR UPDATE SKIP LOCKED) and marked in the same
 * transaction, so it is done once however many nodes run the job.
 */
export async function deleteDuePersonalData(ctx: TenantContext, now = new Date()): Promise<number> {
  ctx.require('campaigns:publish');
  let erased = 0;
  for (const campaign of await claimCampaignsDueForDeletion(ctx.tx, ctx.scope.org, now)) {
    const n = await erasePersonalData(ctx.tx, ctx.scope.org, campaign.id);
    await markPersonalDataDeleted(ctx.tx, ctx.scope.org, campaign.id, now);
    await audit(ctx, {
      action: 'rally.applicants.personal_data_deleted',
      target: { type: 'rally_campaign', id: campaign.id },
      details: {
        applicants: n,
        retentionDays: campaign.retention_days,
        endedAt: campaign.ends_at.toISOString(),
      },
    });
    erased += n;
  }
  return erased;
}
