import type { Static } from 'typebox';
import type {
  Incident,
  IncidentReport,
  IncidentStatus,
  IncidentText,
  OpsIncident,
  ProviderStatus,
} from '../../contract/incidents.js';
import type { ProviderContext, TenantContext } from '../../platform/access/context.js';
import { audit } from '../../platform/audit/audit.js';
import { AppError, Errors, found } from '../../platform/errors.js';
import { listServiceCodes } from '../../platform/tenancy/organisations.repo.js';
import { checkOrganisations, issueNotice, upcomingMaintenance } from '../notices/index.js';
import {
  findIncident,
  type IncidentRow,
  insertIncident,
  insertIncidentOrganisations,
  insertIncidentUpdate,
  listIncidentOrganisations,
  listIncidents,
  listIncidentUpdates,
  setIncidentReport,
  setIncidentStatus,
} from './incidents.repo.js';
import type { IncidentReportInput, IncidentUpdateInput, NewIncidentInput } from './incidents.schema.js';

const LIST_LIMIT = 100;

const STATUS_TEXT: Record<IncidentStatus, IncidentText> = {
  investigating: { ja: '調査中', en: 'Investigating' },
  identified: { ja: '原因特定', en: 'Identified' },
  monitoring: { ja: '経過観察', en: 'Monitoring' },
  resolved: { ja: '解決', en: 'Resolved' },
};

const text = (t: { ja: string; en?: string | undefined }): IncidentText => ({
  ja: t.ja.trim(),
  en: (t.en ?? '').trim(),
});

function requireJapanese(field: string, value: { ja: string }) {
  if (value.ja.trim() === '')
    throw Errors.invalidField(field, { ja: '日本語を入力してください。', en: 'Enter the Japanese text.' });
}

/** Incidents with their timelines, in one read of the updates. */
async function withTimelines(ctx: { tx: ProviderContext['tx'] }, rows: IncidentRow[]): Promise<Incident[]> {
  const updates = await listIncidentUpdates(
    ctx.tx,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({
    id: row.id,
    title: { ja: row.title_ja, en: row.title_en },
    impact: { ja: row.impact_ja, en: row.impact_en },
    severity: row.severity,
    functions: row.functions,
    status: row.status,
    openedAt: row.opened_at.toISOString(),
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    updates: updates
      .filter((u) => u.incident_id === row.id)
      .map((u) => ({
        status: u.status,
        message: { ja: u.message_ja, en: u.message_en },
        at: u.created_at.toISOString(),
      })),
    report:
      row.report && row.report_at
        ? ({ ...row.report, at: row.report_at.toISOString() } as IncidentReport)
        : null,
  }));
}

/**
 * Adds an update to the timeline and tells the affected admins: a notice of category 'incident'
 * (mail from the support address, banner, read receipts) to the incident's organisations.
 */
async function announce(
  ctx: ProviderContext,
  incident: IncidentRow,
  status: IncidentStatus,
  message: IncidentText,
  now: Date,
): Promise<void> {
  const organisations = await listIncidentOrganisations(ctx.tx, incident.id);
  const label = STATUS_TEXT[status];
  const notice = await issueNotice(
    ctx,
    {
      category: 'incident',
      title: {
        ja: `${incident.title_ja}（${label.ja}）`,
        en: `${incident.title_en || incident.title_ja} (${label.en})`,
      },
      body: {
        ja: `${message.ja}\n\n影響：${incident.impact_ja}`,
        en: `${message.en || message.ja}\n\nImpact: ${incident.impact_en || incident.impact_ja}`,
      },
      window: null,
      organisations,
      incidentId: incident.id,
    },
    now,
  );
  const by = ctx.actor.type === 'anonymous' ? 'anonymous' : ctx.actor.id;
  await insertIncidentUpdate(ctx.tx, {
    incident_id: incident.id,
    status,
    message_ja: message.ja,
    message_en: message.en,
    created_by: by,
    notice_id: notice.id,
  });
}

/** An operator opens an incident for the organisations it affects, with its first update. */
export async function openIncident(
  ctx: ProviderContext,
  input: Static<typeof NewIncidentInput>,
  now = new Date(),
): Promise<OpsIncident> {
  ctx.require('ops:incidents');
  requireJapanese('title.ja', input.title);
  requireJapanese('impact.ja', input.impact);
  requireJapanese('message.ja', input.message);
  if (input.organisations !== 'all') await checkOrganisations(ctx, input.organisations, 'organisations');
  const organisations =
    input.organisations === 'all'
      ? await listServiceCodes(ctx.tx, { status: 'active' })
      : input.organisations;
  if (organisations.length === 0)
    throw Errors.invalidField('organisations', {
      ja: '影響を受ける組織がありません。',
      en: 'No organisation is affected.',
    });
  const title = text(input.title);
  const impact = text(input.impact);
  const row = await insertIncident(ctx.tx, {
    title_ja: title.ja,
    title_en: title.en,
    impact_ja: impact.ja,
    impact_en: impact.en,
    severity: input.severity,
    functions: input.functions ?? [],
    audience: input.organisations === 'all' ? 'all' : 'list',
    status: 'investigating',
    opened_by: ctx.actor.type === 'anonymous' ? 'anonymous' : ctx.actor.id,
  });
  await insertIncidentOrganisations(ctx.tx, row.id, organisations);
  await audit(ctx, {
    action: 'incident.opened',
    target: { type: 'incident', id: row.id },
    details: { severity: row.severity, organisations: organisations.length, functions: row.functions },
  });
  await announce(ctx, row, 'investigating', text(input.message), now);
  return getOpsIncident(ctx, row.id);
}

async function lockedOpenIncident(ctx: ProviderContext, id: string): Promise<IncidentRow> {
  const row = found(await findIncident(ctx.tx, id, true));
  return row;
}

/** A timeline update (investigating → identified → monitoring → resolved), mailed to the affected admins. */
export async function updateIncident(
  ctx: ProviderContext,
  id: string,
  input: Static<typeof IncidentUpdateInput>,
  now = new Date(),
): Promise<OpsIncident> {
  ctx.require('ops:incidents');
  requireJapanese('message.ja', input.message);
  const row = await lockedOpenIncident(ctx, id);
  if (row.status === 'resolved')
    throw new AppError(409, 'incident_resolved', {
      ja: 'この障害は解決済みです。新しい経過は追加できません（事後報告を登録してください）。',
      en: 'This incident is resolved; no further updates can be added (publish the post-incident report).',
    });
  await setIncidentStatus(ctx.tx, id, input.status, now);
  await audit(ctx, {
    action: 'incident.updated',
    target: { type: 'incident', id },
    details: { from: row.status, to: input.status },
  });
  await announce(ctx, row, input.status, text(input.message), now);
  return getOpsIncident(ctx, id);
}

/** The post-incident report of a resolved incident: what happened, data affected, what was done. */
export async function publishIncidentReport(
  ctx: ProviderContext,
  id: string,
  input: Static<typeof IncidentReportInput>,
  now = new Date(),
): Promise<OpsIncident> {
  ctx.require('ops:incidents');
  requireJapanese('whatHappened.ja', input.whatHappened);
  requireJapanese('dataAffected.ja', input.dataAffected);
  requireJapanese('actions.ja', input.actions);
  const row = await lockedOpenIncident(ctx, id);
  if (row.status !== 'resolved')
    throw new AppError(409, 'incident_not_resolved', {
      ja: '事後報告は、障害を「解決」にしてから登録してください。',
      en: 'Resolve the incident before publishing its post-incident report.',
    });
  const report = {
    whatHappened: text(input.whatHappened),
    dataAffected: text(input.dataAffected),
    actions: text(input.actions),
  };
  await setIncidentReport(ctx.tx, id, report, now);
  await audit(ctx, { action: 'incident.reported', target: { type: 'incident', id } });
  const organisations = await listIncidentOrganisations(ctx.tx, id);
  await issueNotice(
    ctx,
    {
      category: 'incident',
      title: {
        ja: `${row.title_ja}（事後報告）`,
        en: `${row.title_en || row.title_ja} (post-incident report)`,
      },
      body: {
        ja: `発生した事象：${report.whatHappened.ja}\n\n影響を受けたデータ：${report.dataAffected.ja}\n\n対応：${report.actions.ja}`,
        en: `What happened: ${report.whatHappened.en || report.whatHappened.ja}\n\nData affected: ${report.dataAffected.en || report.dataAffected.ja}\n\nWhat was done: ${report.actions.en || report.actions.ja}`,
      },
      window: null,
      organisations,
      incidentId: id,
    },
    now,
  );
  return getOpsIncident(ctx, id);
}

export async function listOpsIncidents(ctx: ProviderContext): Promise<OpsIncident[]> {
  ctx.require('ops:incidents');
  const rows = await listIncidents(ctx.tx, { limit: LIST_LIMIT });
  const incidents = await withTimelines(ctx, rows);
  return Promise.all(
    incidents.map(async (incident, i) => ({
      ...incident,
      audience: rows[i]!.audience,
      organisations: await listIncidentOrganisations(ctx.tx, incident.id),
    })),
  );
}

export async function getOpsIncident(ctx: ProviderContext, id: string): Promise<OpsIncident> {
  ctx.require('ops:incidents');
  const row = found(await findIncident(ctx.tx, id));
  const [incident] = await withTimelines(ctx, [row]);
  return { ...incident!, audience: row.audience, organisations: await listIncidentOrganisations(ctx.tx, id) };
}

function signedIn(ctx: TenantContext) {
  if (ctx.actor.type !== 'user') throw Errors.forbidden();
}

/** The incidents that affect the signed-in person's organisation (row-level security narrows them). */
export async function listOwnIncidents(ctx: TenantContext): Promise<Incident[]> {
  signedIn(ctx);
  return withTimelines(ctx, await listIncidents(ctx.tx, { limit: LIST_LIMIT }));
}

export async function getOwnIncident(ctx: TenantContext, id: string): Promise<Incident> {
  signedIn(ctx);
  const row = found(await findIncident(ctx.tx, id));
  const [incident] = await withTimelines(ctx, [row]);
  return incident!;
}

/** The public status page: open incidents and announced maintenance, no organisation named. */
export async function providerStatus(ctx: ProviderContext): Promise<ProviderStatus> {
  const incidents = await withTimelines(ctx, await listIncidents(ctx.tx, { open: true, limit: 20 }));
  return { incidents, maintenance: await upcomingMaintenance(ctx) };
}
