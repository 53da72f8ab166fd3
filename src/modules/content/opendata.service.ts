import canonicalize from 'canonicalize';
import { sql } from 'kysely';
import { Value } from 'typebox/value';
import type { TenantContext } from '../../platform/access/context.js';
import { audit } from '../../platform/audit/audit.js';
import { AppError } from '../../platform/http/errors.js';
import { findItem, type ItemRow } from './content.repo.js';
import { DATA_SCHEMA, type EventData, type SpotData } from './content.schema.js';
import { createItem, permissionFor, updateItem } from './content.service.js';
import { encodeCsv } from './lib/csv-decode.js';
import { exportEventsCsv, exportTourismCsv } from './lib/opendata-export.js';
import { parseEventsCsv, parseTourismCsv } from './lib/opendata-import.js';
import type {
  CsvEncoding,
  CsvEncodingChoice,
  ImportResult,
  ParsedEvent,
  ParsedSpot,
  RowProblem,
} from './lib/opendata-types.js';

export type Dataset = 'tourism' | 'events';
const KIND = { tourism: 'spot', events: 'event' } as const;

type Loc = { ja: string; en?: string };

/** A per-language text from open-data cells; languages the file does not carry are kept. */
function text(
  ja: string | null | undefined,
  en?: string | null,
  keep?: Record<string, string>,
): Loc | undefined {
  if (!ja && !en) return undefined;
  return { ...(keep ?? {}), ja: ja ?? '', ...(en ? { en } : {}) } as Loc;
}

function clean<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function contactFrom(c: ParsedSpot['contact']) {
  return c.name || c.phone || c.extension
    ? { name: c.name ?? undefined, phone: c.phone ?? undefined, extension: c.extension ?? undefined }
    : undefined;
}

function contactTo(c: SpotData['contact']): ParsedSpot['contact'] {
  return { name: c?.name ?? null, phone: c?.phone ?? null, extension: c?.extension ?? null };
}

function feesFrom(f: ParsedSpot['fees'], existing?: { detail?: Record<string, string> }) {
  return f.basicYen !== null || f.detail
    ? { basicYen: f.basicYen, detail: text(f.detail, null, keepOf(existing?.detail)) }
    : undefined;
}

/** Translations the standard has no column for are kept when a re-import updates the Japanese. */
function keepOf(existing: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!existing) return undefined;
  const { ja: _ja, en: _en, ...others } = existing;
  return { ...(existing.en ? { en: existing.en } : {}), ...others };
}

export function spotFromOpenData(p: ParsedSpot, existing?: SpotData): SpotData {
  return clean({
    // What the standard has no column for stays as it was (category, tags, barrier-free codes…).
    ...(existing ?? {}),
    category: existing?.category ?? 'other',
    name: text(p.name.ja, p.name.en, existing?.name as Record<string, string>)!,
    kana: p.kana ?? undefined,
    poiCode: p.poiCode ?? undefined,
    externalId: p.externalId ?? undefined,
    address: text(p.address, null, keepOf(existing?.address)),
    addressDetail: text(p.addressDetail, null, keepOf(existing?.addressDetail)),
    lat: p.lat ?? undefined,
    lng: p.lng ?? undefined,
    openingHours: p.openingHours.length
      ? p.openingHours.map((h) => ({
          days: h.days,
          opens: h.opens,
          closes: h.closes,
          ...(h.note ? { note: { ja: h.note } } : {}),
        }))
      : undefined,
    fees: feesFrom(p.fees, existing?.fees as { detail?: Record<string, string> } | undefined),
    description: p.description
      ? text(p.description.ja, p.description.en, existing?.description as Record<string, string>)
      : undefined,
    access: text(p.access, null, keepOf(existing?.access)),
    parking: text(p.parking, null, keepOf(existing?.parking)),
    barrierFreeNote: text(p.barrierFree, null, keepOf(existing?.barrierFreeNote)),
    contact: contactFrom(p.contact),
    image: p.image ?? undefined,
    imageLicense: p.imageLicense ?? undefined,
    url: p.url ?? undefined,
    notes: text(p.notes, null, keepOf(existing?.notes)),
  } as SpotData);
}

export function spotToOpenData(data: SpotData): ParsedSpot {
  const hours = data.openingHours ?? [];
  return {
    publisher: { municipalityCode: null, prefecture: null, municipality: null },
    externalId: data.externalId ?? null,
    name: { ja: data.name.ja, ...(data.name.en ? { en: data.name.en } : {}) },
    kana: data.kana ?? null,
    poiCode: data.poiCode ?? null,
    address: data.address?.ja || null,
    addressDetail: data.addressDetail?.ja || null,
    lat: data.lat ?? null,
    lng: data.lng ?? null,
    openingHours: hours
      .slice(0, 1)
      .map((h) => ({ days: [...h.days], opens: h.opens, closes: h.closes, note: h.note?.ja || null })),
    fees: { basicYen: data.fees?.basicYen ?? null, detail: data.fees?.detail?.ja || null },
    description: data.description
      ? { ja: data.description.ja, ...(data.description.en ? { en: data.description.en } : {}) }
      : null,
    access: data.access?.ja || null,
    parking: data.parking?.ja || null,
    barrierFree: data.barrierFreeNote?.ja || null,
    contact: contactTo(data.contact),
    image: data.image ?? null,
    imageLicense: data.imageLicense ?? null,
    url: data.url ?? null,
    notes: data.notes?.ja || null,
  };
}

export function eventFromOpenData(p: ParsedEvent, existing?: EventData): EventData {
  return clean({
    ...(existing ?? {}),
    category: existing?.category ?? 'other',
    eventStatus: existing?.eventStatus ?? 'scheduled',
    name: text(p.name.ja, p.name.en, existing?.name as Record<string, string>)!,
    kana: p.kana ?? undefined,
    externalId: p.externalId ?? undefined,
    startDate: p.startDate,
    endDate: p.endDate ?? undefined,
    startTime: p.startTime ?? undefined,
    endTime: p.endTime ?? undefined,
    allDay: p.allDay,
    scheduleNote: text(p.scheduleNote, null, keepOf(existing?.scheduleNote)),
    description: p.description
      ? text(p.description.ja, p.description.en, existing?.description as Record<string, string>)
      : undefined,
    fees: feesFrom(p.fees, existing?.fees as { detail?: Record<string, string> } | undefined),
    contact: contactFrom(p.contact),
    organiser: text(p.organiser, null, keepOf(existing?.organiser)),
    venue: {
      ...(existing?.venue ?? {}),
      name: text(p.venue.name, null, keepOf(existing?.venue?.name)),
      address: text(p.venue.address, null, keepOf(existing?.venue?.address)),
      addressDetail: text(p.venue.addressDetail, null, keepOf(existing?.venue?.addressDetail)),
      lat: p.venue.lat ?? undefined,
      lng: p.venue.lng ?? undefined,
    },
    access: text(p.access, null, keepOf(existing?.access)),
    parking: text(p.parking, null, keepOf(existing?.parking)),
    capacity: p.capacity ?? undefined,
    application:
      p.application.deadlineDate || p.application.deadlineTime || p.application.method
        ? {
            deadline: p.application.deadlineDate ?? undefined,
            deadlineTime: p.application.deadlineTime ?? undefined,
            method: text(p.application.method, null, keepOf(existing?.application?.method)),
          }
        : undefined,
    image: p.image ?? undefined,
    imageLicense: p.imageLicense ?? undefined,
    url: p.url ?? undefined,
    notes: text(p.notes, null, keepOf(existing?.notes)),
  } as EventData);
}

export function eventToOpenData(data: EventData): ParsedEvent {
  return {
    publisher: { municipalityCode: null, prefecture: null, municipality: null },
    externalId: data.externalId ?? null,
    name: { ja: data.name.ja, ...(data.name.en ? { en: data.name.en } : {}) },
    kana: data.kana ?? null,
    startDate: data.startDate,
    endDate: data.endDate ?? null,
    startTime: data.startTime ?? null,
    endTime: data.endTime ?? null,
    allDay: data.allDay,
    scheduleNote: data.scheduleNote?.ja || null,
    description: data.description
      ? { ja: data.description.ja, ...(data.description.en ? { en: data.description.en } : {}) }
      : null,
    fees: { basicYen: data.fees?.basicYen ?? null, detail: data.fees?.detail?.ja || null },
    contact: contactTo(data.contact),
    organiser: data.organiser?.ja || null,
    venue: {
      name: data.venue.name?.ja || null,
      address: data.venue.address?.ja || null,
      addressDetail: data.venue.addressDetail?.ja || null,
      lat: data.venue.lat ?? null,
      lng: data.venue.lng ?? null,
    },
    access: data.access?.ja || null,
    parking: data.parking?.ja || null,
    capacity: data.capacity ?? null,
    application: {
      deadlineDate: data.application?.deadline ?? null,
      deadlineTime: data.application?.deadlineTime ?? null,
      method: data.application?.method?.ja || null,
    },
    image: data.image ?? null,
    imageLicense: data.imageLicense ?? null,
    url: data.url ?? null,
    notes: data.notes?.ja || null,
  };
}

async function ownLgCode(ctx: TenantContext): Promise<string | undefined> {
  const row = await ctx.tx
    .selectFrom('provider.organisations')
    .select('lg_code')
    .where('service_code', '=', ctx.scope.org)
    .executeTakeFirst();
  return row?.lg_code ?? undefined;
}

/** An existing item the row updates: same ID / POIコード, else same name and address. */
async function matchExisting(
  ctx: TenantContext,
  dataset: Dataset,
  row: ParsedSpot | ParsedEvent,
): Promise<ItemRow | undefined> {
  const kind = KIND[dataset];
  const key = row.externalId ?? ('poiCode' in row ? row.poiCode : null);
  if (key) {
    const found = await ctx.tx
      .selectFrom('tenant.content_items')
      .select('id')
      .where('org', '=', ctx.scope.org)
      .where('kind', '=', kind)
      .where('external_id', '=', key)
      .executeTakeFirst();
    if (found) return findItem(ctx.tx, ctx.scope.org, kind, found.id, true);
  }
  const address = 'address' in row ? row.address : row.venue.address;
  const found = await ctx.tx
    .selectFrom('tenant.content_items')
    .select('id')
    .where('org', '=', ctx.scope.org)
    .where('kind', '=', kind)
    .where(sql<boolean>`data->'name'->>'ja' = ${row.name.ja}`)
    .where(
      sql<boolean>`coalesce(${kind === 'spot' ? sql`data->'address'->>'ja'` : sql`data->'venue'->'address'->>'ja'`}, '') = ${address ?? ''}`,
    )
    .executeTakeFirst();
  return found ? findItem(ctx.tx, ctx.scope.org, kind, found.id, true) : undefined;
}

export interface ImportPlanRow {
  line: number;
  action: 'create' | 'update' | 'unchanged';
  id: string | null;
  name: string;
}

export interface ImportPlan {
  dataset: Dataset;
  encoding: CsvEncoding | null;
  rows: ImportPlanRow[];
  problems: RowProblem[];
  warnings: RowProblem[];
}

function parse(dataset: Dataset, bytes: Buffer, encoding: CsvEncodingChoice, lgCode: string | undefined) {
  const options = { encoding, ...(lgCode ? { ownMunicipalityCode: lgCode } : {}) };
  return (
    dataset === 'tourism' ? parseTourismCsv(bytes, options) : parseEventsCsv(bytes, options)
  ) as ImportResult<ParsedSpot | ParsedEvent>;
}

/**
 * Reads a file and works out what importing it would do, row by row, changing nothing. A row
 * whose data the content model refuses becomes a problem with its line number.
 */
export async function planImport(
  ctx: TenantContext,
  dataset: Dataset,
  bytes: Buffer,
  encoding: CsvEncodingChoice = 'auto',
) {
  ctx.require(permissionFor(KIND[dataset], 'edit'));
  const parsed = parse(dataset, bytes, encoding, await ownLgCode(ctx));
  const problems = [...parsed.problems];
  const rows: (ImportPlanRow & { data: SpotData | EventData; existing: ItemRow | undefined })[] = [];
  for (const [i, row] of parsed.rows.entries()) {
    const line = parsed.rowLines[i]!;
    const existing = await matchExisting(ctx, dataset, row);
    const data =
      dataset === 'tourism'
        ? spotFromOpenData(row as ParsedSpot, existing?.data as SpotData | undefined)
        : eventFromOpenData(row as ParsedEvent, existing?.data as EventData | undefined);
    const schemaErrors = [...Value.Errors(DATA_SCHEMA[KIND[dataset]], data)];
    for (const error of schemaErrors.slice(0, 3)) {
      problems.push({
        line,
        column: null,
        code: 'invalid_value',
        message: {
          ja: `${error.instancePath || '(行)'} の値が正しくありません（${error.message}）。`,
          en: `${error.instancePath || '(row)'} is not valid (${error.message}).`,
        },
      });
    }
    // jsonb reorders keys: compare canonical forms.
    const unchanged = existing && canonicalize(existing.data) === canonicalize(data);
    rows.push({
      line,
      action: !existing ? 'create' : unchanged ? 'unchanged' : 'update',
      id: existing?.id ?? null,
      name: row.name.ja,
      data,
      existing,
    });
  }
  return { dataset, encoding: parsed.encoding, rows, problems, warnings: parsed.warnings };
}

export function publicPlan(plan: Awaited<ReturnType<typeof planImport>>): ImportPlan {
  return {
    dataset: plan.dataset,
    encoding: plan.encoding,
    rows: plan.rows.map(({ line, action, id, name }) => ({ line, action, id, name })),
    problems: plan.problems,
    warnings: plan.warnings,
  };
}

/**
 * Imports a whole file in the caller's one transaction: nothing is written unless every row is
 * valid, and any failure part-way rolls everything back.
 */
export async function applyImport(
  ctx: TenantContext,
  dataset: Dataset,
  bytes: Buffer,
  encoding: CsvEncodingChoice = 'auto',
  onProgress?: (done: number, total: number) => void,
) {
  ctx.require(permissionFor(KIND[dataset], 'edit'));
  const plan = await planImport(ctx, dataset, bytes, encoding);
  if (plan.problems.length > 0) {
    throw new AppError(
      400,
      'import_invalid',
      {
        ja: `ファイルに ${plan.problems.length} 件の誤りがあるため、取り込みませんでした。何も変更されていません。`,
        en: `The file has ${plan.problems.length} problem(s), so nothing was imported or changed.`,
      },
      { details: { problems: plan.problems, warnings: plan.warnings } },
    );
  }
  const kind = KIND[dataset];
  const counts = { created: 0, updated: 0, unchanged: 0 };
  for (const [i, row] of plan.rows.entries()) {
    if (row.action === 'create') {
      await createItem(ctx, kind, row.data as Record<string, unknown>);
      counts.created += 1;
    } else if (row.action === 'update') {
      await updateItem(ctx, kind, row.id!, {
        version: row.existing!.version,
        data: row.data as Record<string, unknown>,
      });
      counts.updated += 1;
    } else {
      counts.unchanged += 1;
    }
    onProgress?.(i + 1, plan.rows.length);
  }
  await audit(ctx, {
    action: `content.${kind}.imported`,
    details: { dataset, encoding: plan.encoding, ...counts },
  });
  return { dataset, encoding: plan.encoding, ...counts, warnings: plan.warnings };
}

/** The standard CSV of every item (console) or of the published ones (public open data). */
export async function exportDataset(
  ctx: TenantContext,
  dataset: Dataset,
  options: { publishedOnly: boolean; encoding: CsvEncoding },
): Promise<{ bytes: Buffer; unmappable: number }> {
  const kind = KIND[dataset];
  // The published items are open data; the working copies need the view right.
  if (!options.publishedOnly) ctx.require(permissionFor(kind, 'view'));
  const column = options.publishedOnly ? 'published_data' : 'data';
  const rows = await ctx.tx
    .selectFrom('tenant.content_items')
    .select(sql<Record<string, unknown>>`${sql.ref(column)}`.as('d'))
    .where('org', '=', ctx.scope.org)
    .where('kind', '=', kind)
    .where(sql.ref(column), 'is not', null)
    // A stable order: rows imported together share created_at, so their ID and name decide.
    .orderBy('created_at')
    .orderBy('external_id')
    .orderBy(sql`data->'name'->>'ja'`)
    .orderBy('id')
    .execute();
  const info = await ctx.tx
    .selectFrom('provider.organisations')
    .select(['lg_code', 'name_ja'])
    .where('service_code', '=', ctx.scope.org)
    .executeTakeFirstOrThrow();
  const orgInfo = { municipalityCode: info.lg_code, municipality: info.name_ja };
  const csv =
    dataset === 'tourism'
      ? exportTourismCsv(
          rows.map((r) => spotToOpenData(r.d as SpotData)),
          orgInfo,
        )
      : exportEventsCsv(
          rows.map((r) => eventToOpenData(r.d as EventData)),
          orgInfo,
        );
  const encoded = encodeCsv(csv, options.encoding);
  return { bytes: encoded.bytes, unmappable: encoded.unmappable.length };
}
