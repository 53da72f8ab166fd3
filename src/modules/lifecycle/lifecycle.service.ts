import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { PurgeStep } from '../../db/schema.js';
import { asOrganisation, withScope } from '../../db/scope.js';
import type { ActorContext, ProviderContext, TenantContext } from '../../platform/access/context.js';
import { audit } from '../../platform/audit/audit.js';
import type { KeyRing } from '../../platform/crypto/data-keys.js';
import { loadSigningKey } from '../../platform/crypto/signing-key.js';
import { AppError, Errors, found } from '../../platform/errors.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { deletionCertificateMail, organisationLifecycleMail } from '../../platform/mail/templates.js';
import type { BlobStore } from '../../platform/storage/blob-store.js';
import {
  contractsEnded,
  findLifecycle,
  type LifecycleRecord,
  listLifecycles,
  lockLifecycle,
  purgeDatesReached,
  updateStatus,
} from '../../platform/tenancy/organisations.repo.js';
import { jstDate } from '../../platform/time/jst.js';
import type { ModuleDeps } from '../app-module.js';
import { listAdminEmails } from '../users/index.js';
import { type CertificateBody, signCertificate } from './certificate.js';
import { renderCertificatePdf } from './certificate-pdf.js';
import {
  advancePurge,
  certificatesToMail,
  eraseOrganisationChain,
  findCertificatePdf,
  findPurge,
  insertPurge,
  listPurges,
  markCertificateMailed,
  type PurgeRecord,
  purgeOrganisationRows,
  unfinishedPurges,
} from './lifecycle.repo.js';
import type { Lifecycle, PurgeInput, SuspendInput, TerminateInput } from './lifecycle.schema.js';

/** What lifecycle operations need besides their context. */
export interface LifecycleDeps {
  db: Database;
  keys: KeyRing;
  blobs: BlobStore;
  mailer: Mailer;
  config: Pick<
    Config,
    | 'signingKeyFile'
    | 'mayGenerateSigningKey'
    | 'certificateFont'
    | 'backupRetentionDays'
    | 'exportWindowDays'
    | 'providerContact'
  >;
  /** Drops the organisation's cached pages, answers and look-ups on every node. */
  invalidate(org: string): Promise<void>;
  log?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
}

/** The lifecycle's dependencies, from what the app hands every module. */
export function lifecycleDepsOf(d: ModuleDeps): LifecycleDeps {
  return {
    db: d.db,
    keys: d.media.keys,
    blobs: d.media.blobs,
    mailer: d.mail.mailer,
    config: d.config,
    invalidate: d.invalidate,
    log: d.log,
  };
}

type Change = 'suspended' | 'resumed' | 'terminated';

const DAY_MS = 86_400_000;
/** Where the purge's counts keep how many events of the organisation's audit chain it erased. */
const AUDIT_EVENTS = '#audit-chain-events';

function transitionRefused(org: LifecycleRecord, wanted: string): AppError {
  if (org.status === wanted) {
    return new AppError(409, `already_${wanted}`, {
      ja: `この組織は既に${STATUS_JA[wanted] ?? wanted}です。`,
      en: `This organisation is already ${wanted}.`,
    });
  }
  return new AppError(409, 'lifecycle_transition_refused', {
    ja: `${STATUS_JA[org.status]}の組織を${STATUS_JA[wanted] ?? wanted}にはできません。`,
    en: `A ${org.status} organisation cannot become ${wanted}.`,
  });
}

const STATUS_JA: Record<string, string> = {
  active: '利用中',
  suspended: '利用停止中',
  terminated: '契約終了',
  purged: '削除済み',
};

/** What a status change needs besides the context: the mailer, the provider's contact, a log for failed mails. */
type StatusChangeDeps = Pick<LifecycleDeps, 'mailer' | 'config' | 'log'>;

async function lockOrNotFound(ctx: ProviderContext, serviceCode: string): Promise<LifecycleRecord> {
  const org = found(await lockLifecycle(ctx.tx, serviceCode));
  return org;
}

async function notifyAdmins(
  ctx: ProviderContext,
  deps: StatusChangeDeps,
  org: LifecycleRecord,
  change: Change,
): Promise<void> {
  const to = await asOrganisation(ctx.tx, org.serviceCode, () => listAdminEmails(ctx.tx, org.serviceCode));
  const mail = organisationLifecycleMail({
    change,
    orgNameJa: org.nameJa,
    orgNameEn: org.nameEn,
    reason: org.statusReason,
    purgeAfter: org.purgeAfter ? new Date(org.purgeAfter) : null,
    contact: deps.config.providerContact,
  });
  for (const address of to) {
    // The change stands even when a mail cannot go out; the audit log and the console show it.
    await deps.mailer
      .send({ to: address, ...mail, serviceCode: org.serviceCode })
      .catch((error: unknown) => deps.log?.warn({ error: String(error) }, 'lifecycle mail not sent'));
  }
}

async function changeStatus(
  ctx: ProviderContext,
  deps: StatusChangeDeps,
  before: LifecycleRecord,
  change: Change,
  update: Parameters<typeof updateStatus>[2],
): Promise<Lifecycle> {
  await updateStatus(ctx.tx, before.serviceCode, update);
  const after = (await findLifecycle(ctx.tx, before.serviceCode)) as LifecycleRecord;
  await audit(
    ctx,
    {
      action: `organisation.${change}`,
      target: { type: 'organisation', id: before.serviceCode },
      details: {
        from: before.status,
        to: after.status,
        reason: after.statusReason,
        purgeAfter: after.purgeAfter,
      },
    },
    { onOrganisation: before.serviceCode },
  );
  await notifyAdmins(ctx, deps, after, change);
  return { ...after, purge: null };
}

/** Suspends an active organisation: nobody of it signs in, its public side answers 503. */
export async function suspendOrganisation(
  ctx: ProviderContext,
  deps: StatusChangeDeps,
  serviceCode: string,
  input: SuspendInput,
): Promise<Lifecycle> {
  ctx.require('ops:organisations');
  const org = await lockOrNotFound(ctx, serviceCode);
  if (org.status !== 'active') throw transitionRefused(org, 'suspended');
  return changeStatus(ctx, deps, org, 'suspended', { status: 'suspended', reason: input.reason ?? null });
}

export async function resumeOrganisation(
  ctx: ProviderContext,
  deps: StatusChangeDeps,
  serviceCode: string,
  input: SuspendInput,
): Promise<Lifecycle> {
  ctx.require('ops:organisations');
  const org = await lockOrNotFound(ctx, serviceCode);
  if (org.status !== 'suspended') {
    throw new AppError(409, 'organisation_not_suspended', {
      ja: `${STATUS_JA[org.status]}の組織は再開できません（再開できるのは利用停止中の組織だけです）。`,
      en: `Only a suspended organisation can be resumed; this one is ${org.status}.`,
    });
  }
  return changeStatus(ctx, deps, org, 'resumed', { status: 'active', reason: input.reason ?? null });
}

/**
 * Ends the contract: admins keep read-only access for the export window, then the organisation
 * is purged (purge_after).
 */
export async function terminateOrganisation(
  ctx: ProviderContext,
  deps: StatusChangeDeps,
  serviceCode: string,
  input: TerminateInput,
  now = new Date(),
): Promise<Lifecycle> {
  ctx.require('ops:organisations');
  const org = await lockOrNotFound(ctx, serviceCode);
  if (org.status !== 'active' && org.status !== 'suspended') throw transitionRefused(org, 'terminated');
  const days = input.exportWindowDays ?? deps.config.exportWindowDays;
  return changeStatus(ctx, deps, org, 'terminated', {
    status: 'terminated',
    reason: input.reason ?? null,
    terminatedAt: now,
    purgeAfter: new Date(now.getTime() + days * DAY_MS),
    exportWindowDays: days,
  });
}

function toLifecycle(org: LifecycleRecord, purge: PurgeRecord | undefined): Lifecycle {
  const { lgCode: _lgCode, ...rest } = org;
  return {
    ...rest,
    purge: purge
      ? {
          step: purge.step,
          startedAt: purge.startedAt.toISOString(),
          finishedAt: purge.finishedAt?.toISOString() ?? null,
          certificate: purge.certificate !== null,
        }
      : null,
  };
}

/** Every organisation's lifecycle, with its purge (operators' console). */
export async function listOrganisationLifecycles(ctx: ProviderContext): Promise<Lifecycle[]> {
  ctx.require('ops:organisations');
  const purges = new Map((await listPurges(ctx.tx)).map((p) => [p.org, p]));
  return (await listLifecycles(ctx.tx)).map((org) => toLifecycle(org, purges.get(org.serviceCode)));
}

export async function getOrganisationLifecycle(
  ctx: ProviderContext,
  serviceCode: string,
): Promise<Lifecycle> {
  ctx.require('ops:organisations');
  const org = found(await findLifecycle(ctx.tx, serviceCode));
  return toLifecycle(org, await findPurge(ctx.tx, serviceCode));
}

/** The admins' 契約 page: the contract dates, the status, and when the purge will happen. */
export async function getOwnContract(ctx: TenantContext): Promise<Lifecycle> {
  ctx.require('organisation:manage');
  const org = found(await findLifecycle(ctx.tx, ctx.org.serviceCode));
  return toLifecycle(org, undefined);
}

/**
 * Starts the purge of a terminated organisation: the operator types its service code back (or
 * the job acts on the purge date). Keeps the admins' addresses for the certificate. Idempotent:
 * a purge already started is left as it is. The steps run in runPurge, after this commits.
 */
export async function startPurge(
  ctx: ProviderContext,
  serviceCode: string,
  input: PurgeInput | { dueDate: true },
): Promise<void> {
  ctx.require('ops:organisations');
  const org = await lockOrNotFound(ctx, serviceCode);
  if ('confirmation' in input && input.confirmation.trim() !== serviceCode) {
    throw new AppError(
      400,
      'purge_confirmation_mismatch',
      {
        ja: '確認のため、削除する組織のサービスコードを正確に入力してください。',
        en: "To confirm, type the organisation's service code exactly.",
      },
      { field: 'confirmation' },
    );
  }
  if (org.status === 'purged' || (await findPurge(ctx.tx, serviceCode))) return;
  if (org.status !== 'terminated') {
    throw new AppError(409, 'organisation_not_terminated', {
      ja: '契約終了になっていない組織は削除できません。先に契約を終了してください。',
      en: 'Only a terminated organisation can be purged; terminate its contract first.',
    });
  }
  const recipients = await asOrganisation(ctx.tx, serviceCode, () => listAdminEmails(ctx.tx, serviceCode));
  const approvedBy = ctx.actor.type === 'anonymous' ? 'anonymous' : `${ctx.actor.type}:${ctx.actor.id}`;
  await insertPurge(ctx.tx, { org: serviceCode, approvedBy, recipients });
  await audit(
    ctx,
    {
      action: 'organisation.purge_started',
      target: { type: 'organisation', id: serviceCode },
      details: { purgeAfter: org.purgeAfter, dueDate: 'dueDate' in input },
    },
    { onOrganisation: serviceCode },
  );
}

export interface PurgeRunOptions {
  /** Called after each step has committed (tests simulate a crash here). */
  afterStep?: (step: PurgeStep) => void | Promise<void>;
}

/**
 * Runs the purge's remaining steps, each in a transaction that records the next step with its
 * result, so a crash at any point is finished by the next run (start-up or the periodic job).
 * A node that finds the purge locked by another leaves it to that node.
 */
export async function runPurge(
  ctx: ActorContext,
  deps: LifecycleDeps,
  serviceCode: string,
  options: PurgeRunOptions = {},
): Promise<'done' | 'busy' | 'none'> {
  ctx.require('ops:organisations');
  for (;;) {
    const ran = await withScope(deps.db, { kind: 'provider' }, async (tx) => {
      const purge = await findPurge(tx, serviceCode, 'skipLocked');
      if (!purge) return (await findPurge(tx, serviceCode)) ? 'busy' : 'none';
      if (purge.step === 'done') return 'done';
      await runStep({ ...ctx, scope: { kind: 'provider' }, org: null, tx }, deps, purge);
      return purge.step;
    });
    if (ran === 'done' || ran === 'busy' || ran === 'none') {
      if (ran === 'done') await mailCertificate(deps, serviceCode);
      return ran;
    }
    if (ran === 'keys') deps.keys.forgetOrganisation(serviceCode);
    if (ran === 'caches') await deps.invalidate(serviceCode);
    await options.afterStep?.(ran);
  }
}

async function runStep(ctx: ProviderContext, deps: LifecycleDeps, purge: PurgeRecord): Promise<void> {
  const org = purge.org;
  switch (purge.step) {
    case 'rows': {
      // Measured before anything goes, so the certificate counts what there was.
      const blobs = await deps.blobs.measureOrganisation(org);
      const rowCounts = await purgeOrganisationRows(ctx.tx, org);
      await advancePurge(ctx.tx, org, 'blobs', { rowCounts, blobFiles: blobs.files, blobBytes: blobs.bytes });
      return;
    }
    case 'blobs':
      await deps.blobs.deleteOrganisation(org);
      await advancePurge(ctx.tx, org, 'keys');
      return;
    case 'keys': {
      const keyVersions = await deps.keys.destroyOrganisationKeysWithin(ctx.tx, org);
      await advancePurge(ctx.tx, org, 'chain', { keyVersions });
      return;
    }
    case 'chain': {
      const head = await eraseOrganisationChain(ctx.tx, org);
      await advancePurge(ctx.tx, org, 'caches', {
        chainSeq: head.seq,
        chainHeadHash: head.hash,
        rowCounts: { ...(purge.rowCounts ?? {}), [AUDIT_EVENTS]: head.events },
      });
      return;
    }
    case 'caches':
      // The invalidation itself is published after this commits (runPurge).
      await advancePurge(ctx.tx, org, 'certificate');
      return;
    case 'certificate':
      await issueCertificate(ctx, deps, purge);
      return;
    case 'done':
      return;
  }
}

function addDays(date: Date, days: number): string {
  return jstDate(new Date(date.getTime() + days * DAY_MS));
}

async function issueCertificate(
  ctx: ProviderContext,
  deps: LifecycleDeps,
  purge: PurgeRecord,
): Promise<void> {
  const org = (await findLifecycle(ctx.tx, purge.org)) as LifecycleRecord;
  const finishedAt = new Date();
  const { [AUDIT_EVENTS]: auditEvents = 0, ...rows } = purge.rowCounts ?? {};
  const body: CertificateBody = {
    kind: 'mitte-c.deletion-certificate',
    version: 1,
    organisation: {
      serviceCode: org.serviceCode,
      nameJa: org.nameJa,
      nameEn: org.nameEn,
      lgCode: org.lgCode,
    },
    contract: { start: org.contractStart, end: org.contractEnd, terminatedAt: org.terminatedAt },
    purge: {
      startedAt: purge.startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      approvedBy: purge.approvedBy,
    },
    deleted: {
      rows,
      rowTotal: Object.values(rows).reduce((a, b) => a + b, 0),
      files: purge.blobFiles ?? 0,
      bytes: purge.blobBytes ?? 0,
      auditEvents,
    },
    auditChain: { finalSeq: purge.chainSeq ?? 0, finalHeadHash: purge.chainHeadHash },
    destroyedKeys: {
      versions: purge.keyVersions ?? [],
      ids: (purge.keyVersions ?? []).map((v) => `${org.serviceCode}:${v}`),
    },
    backupsExpireBy: addDays(finishedAt, deps.config.backupRetentionDays),
  };
  const key = loadSigningKey(deps.config);
  const pdf = await renderCertificatePdf(body, key.keyId, deps.config.certificateFont);
  const signed = signCertificate(key, body, pdf);
  await updateStatus(ctx.tx, org.serviceCode, { status: 'purged', reason: org.statusReason });
  await advancePurge(ctx.tx, org.serviceCode, 'done', {
    certificate: signed,
    certificatePdf: pdf,
    finishedAt,
  });
  await audit(ctx, {
    action: 'organisation.purged',
    target: { type: 'organisation', id: org.serviceCode },
    details: {
      rowTotal: body.deleted.rowTotal,
      files: body.deleted.files,
      bytes: body.deleted.bytes,
      keyVersions: body.destroyedKeys.versions,
      finalHeadHash: body.auditChain.finalHeadHash,
      certificateKeyId: key.keyId,
    },
  });
}

/** Mails the certificate (PDF and JSON) to the addresses kept at the purge's start; once. */
async function mailCertificate(deps: LifecycleDeps, serviceCode: string): Promise<void> {
  const found = await withScope(deps.db, { kind: 'provider' }, async (tx) => {
    const purge = await findPurge(tx, serviceCode);
    if (!purge || purge.mailedAt || !purge.certificate) return undefined;
    return { purge, pdf: await findCertificatePdf(tx, serviceCode) };
  });
  if (!found?.pdf) return;
  const { purge, pdf } = found;
  const body = (purge.certificate as { certificate: CertificateBody }).certificate;
  const mail = deletionCertificateMail({
    orgNameJa: body.organisation.nameJa,
    orgNameEn: body.organisation.nameEn,
    serviceCode,
    finishedAt: purge.finishedAt ?? new Date(),
  });
  const json = Buffer.from(`${JSON.stringify(purge.certificate, null, 2)}\n`);
  for (const to of purge.recipients) {
    await deps.mailer.send({
      to,
      ...mail,
      serviceCode,
      attachments: [
        { filename: `deletion-certificate-${serviceCode}.pdf`, content: pdf, contentType: 'application/pdf' },
        {
          filename: `deletion-certificate-${serviceCode}.json`,
          content: json,
          contentType: 'application/json',
        },
      ],
    });
  }
  await withScope(deps.db, { kind: 'provider' }, (tx) => markCertificateMailed(tx, serviceCode));
}

/** The signed certificate of a finished purge, as JSON or PDF (operators). */
export async function getDeletionCertificate(
  ctx: ProviderContext,
  serviceCode: string,
  format: 'json' | 'pdf',
): Promise<Buffer> {
  ctx.require('ops:organisations');
  const purge = await findPurge(ctx.tx, serviceCode);
  if (!purge?.certificate) throw Errors.notFound();
  if (format === 'json') return Buffer.from(`${JSON.stringify(purge.certificate, null, 2)}\n`);
  const pdf = found(await findCertificatePdf(ctx.tx, serviceCode));
  return pdf;
}

/**
 * The periodic job (every node; each change claimed once): contracts whose end date has passed
 * are terminated, organisations past their purge date are purged, unfinished purges resume,
 * certificates not yet mailed are mailed.
 */
export async function runLifecycleJob(
  ctx: ActorContext,
  deps: LifecycleDeps,
  now = new Date(),
): Promise<{ terminated: string[]; purged: string[] }> {
  ctx.require('ops:organisations');
  const inProvider = <T>(fn: (c: ProviderContext) => Promise<T>) =>
    withScope(deps.db, { kind: 'provider' }, (tx) =>
      fn({ ...ctx, scope: { kind: 'provider' }, org: null, tx }),
    );
  const terminated: string[] = [];
  for (const code of await inProvider((c) => contractsEnded(c.tx, jstDate(now)))) {
    await inProvider(async (c) => {
      const org = await lockLifecycle(c.tx, code);
      // Another node may have terminated it meanwhile.
      if (!org || (org.status !== 'active' && org.status !== 'suspended')) return;
      await terminateOrganisation(c, deps, code, { reason: 'contract_end' }, now);
      terminated.push(code);
    });
  }
  const purged: string[] = [];
  const due = await inProvider(async (c) => [
    ...new Set([...(await purgeDatesReached(c.tx, now)), ...(await unfinishedPurges(c.tx))]),
  ]);
  for (const code of due) {
    await inProvider((c) => startPurge(c, code, { dueDate: true }));
    if ((await runPurge(ctx, deps, code)) === 'done') purged.push(code);
  }
  for (const code of await inProvider((c) => certificatesToMail(c.tx))) await mailCertificate(deps, code);
  return { terminated, purged };
}
