import canonicalize from 'canonicalize';
import type { Validator } from 'typebox/compile';
import type { TenantContext } from '../../platform/access/context.js';
import { audit } from '../../platform/audit/audit.js';
import { AppError, found } from '../../platform/errors.js';
import { findOrganisationFacts } from '../../platform/tenancy/organisations.repo.js';
import {
  type ContentItem,
  createItems,
  DATA_SCHEMA,
  type EventData,
  exportItemData,
  exportItemDataPage,
  findItemsToUpdate,
  type ItemDataCursor,
  liveItemData,
  permissionFor,
  type SpotData,
  transitionItem,
  updateItem,
} from '../content/index.js';
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
import { eventFromOpenData, eventToOpenData, spotFromOpenData, spotToOpenData } from './opendata-mapping.js';

export type Dataset = 'tourism' | 'events';
const KIND = { tourism: 'spot', events: 'event' } as const;

/** The organisation's 全国地方公共団体コード and name, as the standard files carry them. */
async function publisher(ctx: TenantContext) {
  const organisation = found(await findOrganisationFacts(ctx.tx, ctx.scope.org));
  return { municipalityCode: organisation.lgCode, municipality: organisation.nameJa };
}

/** An existing item the row updates: same ID / POIコード, else same name and address. */
/** The items the rows update (by row index): by ID / POIコード, else by Japanese name and address. */
function matchExisting(ctx: TenantContext, dataset: Dataset, rows: (ParsedSpot | ParsedEvent)[]) {
  return findItemsToUpdate(
    ctx,
    KIND[dataset],
    rows.map((row) => ({
      externalId: row.externalId ?? ('poiCode' in row ? row.poiCode : null),
      nameJa: row.name.ja,
      addressJa: ('address' in row ? row.address : row.venue.address) ?? null,
    })),
  );
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

// Compiled once: a file of thousands of rows is checked row by row against the content model.
// The compiler is loaded then: it is some 300 more modules for every process that never imports.
const validators = new Map<'spot' | 'event', Validator>();
async function validatorOf(kind: 'spot' | 'event'): Promise<Validator> {
  let validator = validators.get(kind);
  if (!validator) {
    const { Compile } = await import('typebox/compile');
    validator = Compile(DATA_SCHEMA[kind]);
    validators.set(kind, validator);
  }
  return validator;
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
  const parsed = parse(dataset, bytes, encoding, (await publisher(ctx)).municipalityCode ?? undefined);
  const problems = [...parsed.problems];
  const rows: (ImportPlanRow & { data: SpotData | EventData; existing: ContentItem | undefined })[] = [];
  const matched = await matchExisting(ctx, dataset, parsed.rows);
  const validator = await validatorOf(KIND[dataset]);
  for (const [i, row] of parsed.rows.entries()) {
    const line = parsed.rowLines[i]!;
    const existing = matched.get(i);
    const data =
      dataset === 'tourism'
        ? spotFromOpenData(row as ParsedSpot, existing?.data as SpotData | undefined)
        : eventFromOpenData(row as ParsedEvent, existing?.data as EventData | undefined);
    const schemaErrors = validator.Check(data) ? [] : validator.Errors(data);
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

/** What an import does besides writing the rows. */
export interface ImportOptions {
  /**
   * Also publish what the file creates or changes, and rows it leaves unchanged whose live copy
   * is missing or older. Needs the publish right, checked before anything is read or written.
   */
  publish?: boolean;
  onProgress?: (done: number, total: number) => void;
}

/** Whether the row's working copy is not what the public sees (not live, or changed since). */
function notLive(item: ContentItem): boolean {
  return !item.live || item.hasUnpublishedChanges;
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
  options: ImportOptions = {},
) {
  const kind = KIND[dataset];
  ctx.require(permissionFor(kind, 'edit'));
  if (options.publish && !ctx.can(permissionFor(kind, 'publish'))) {
    throw new AppError(403, 'forbidden', {
      ja: '取り込んで公開するには公開の権限が必要です。何も取り込んでいません。公開せずに取り込むか、公開の権限のある人に依頼してください。',
      en: 'Importing and publishing needs the publish right. Nothing was imported: import without publishing, or ask someone with the publish right.',
    });
  }
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
  const counts = { created: 0, updated: 0, unchanged: 0, published: 0 };
  const publish = Boolean(options.publish);
  // New rows in one batch (created, and published, in a few statements); changed ones one by one.
  const created = plan.rows.filter((row) => row.action === 'create');
  await createItems(
    ctx,
    kind,
    created.map((row) => row.data as Record<string, unknown>),
    { publish },
  );
  counts.created = created.length;
  if (publish) counts.published = created.length;
  let done = created.length;
  options.onProgress?.(done, plan.rows.length);
  for (const row of plan.rows) {
    if (row.action === 'create') continue;
    let written: { id: string; version: number } | null = null;
    if (row.action === 'update') {
      written = await updateItem(ctx, kind, row.id!, {
        version: row.existing!.version,
        data: row.data as Record<string, unknown>,
      });
      counts.updated += 1;
    } else {
      counts.unchanged += 1;
      if (publish && notLive(row.existing!)) written = row.existing!;
    }
    if (publish && written) {
      await transitionItem(ctx, kind, written.id, 'publish', written.version);
      counts.published += 1;
    }
    done += 1;
    options.onProgress?.(done, plan.rows.length);
  }
  await audit(ctx, {
    action: `content.${kind}.imported`,
    details: { dataset, encoding: plan.encoding, publish: Boolean(options.publish), ...counts },
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
  const data = options.publishedOnly ? await liveItemData(ctx, kind) : await exportItemData(ctx, kind);
  const orgInfo = await publisher(ctx);
  const csv =
    dataset === 'tourism'
      ? exportTourismCsv(
          data.map((d) => spotToOpenData(d as SpotData)),
          orgInfo,
        )
      : exportEventsCsv(
          data.map((d) => eventToOpenData(d as EventData)),
          orgInfo,
        );
  const encoded = encodeCsv(csv, options.encoding);
  return { bytes: encoded.bytes, unmappable: encoded.unmappable.length };
}

/** Runs fn in one short transaction of the organisation (a page of a long export). */
export type PageReader = <T>(fn: (ctx: TenantContext) => Promise<T>) => Promise<T>;

/**
 * The standard CSV of every item (all statuses), UTF-8 with BOM, as chunks read a page at a
 * time, each page in its own transaction: the full export writes it with constant memory
 * however many items the organisation has.
 */
export async function* datasetCsvChunks(
  read: PageReader,
  dataset: Dataset,
  pageSize = 500,
): AsyncGenerator<Buffer> {
  const kind = KIND[dataset];
  const orgInfo = await read((ctx) => publisher(ctx));
  const write = (data: Record<string, unknown>[], header: boolean) =>
    dataset === 'tourism'
      ? exportTourismCsv(
          data.map((d) => spotToOpenData(d as SpotData)),
          orgInfo,
          { header },
        )
      : exportEventsCsv(
          data.map((d) => eventToOpenData(d as EventData)),
          orgInfo,
          { header },
        );
  yield encodeCsv(write([], true), 'utf8-bom').bytes;
  let after: ItemDataCursor = null;
  do {
    const page = await read((ctx) => exportItemDataPage(ctx, kind, after, pageSize));
    if (page.data.length) yield Buffer.from(write(page.data, false), 'utf8');
    after = page.next;
  } while (after);
}
