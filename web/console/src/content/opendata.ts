/**
 * 自治体標準オープンデータセット (観光施設一覧, イベント一覧): the console API of import (preview,
 * then apply) and export, and the pure helpers the wizard and the list pages use. No DOM, no React.
 */
import { API_BASE, type ApiError, api, type DownloadedFile, type LocalisedText } from '../api';
import type { Lang } from '../i18n';
import type { ContentKind } from './model';

/** The two data sets: 観光施設一覧 (spots) and イベント一覧 (events). */
export type OpenDataset = 'tourism' | 'events';

/** The content kinds that have a standard data set, and theirs. */
export const KIND_DATASET: Partial<Record<ContentKind, OpenDataset>> = { spot: 'tourism', event: 'events' };

export function datasetOf(kind: ContentKind): OpenDataset | undefined {
  return KIND_DATASET[kind];
}

/** How the server is to read the file: detect it, or the one the user names. */
export const IMPORT_ENCODINGS = ['auto', 'utf8', 'sjis'] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

/** What the server found the file to be (null when it could not decode it at all). */
export type DetectedEncoding = 'utf8' | 'utf8-bom' | 'cp932';

/** Encodings of the console export; UTF-8 with BOM is what Excel opens without garbling. */
export const EXPORT_ENCODINGS = ['utf8-bom', 'utf8', 'sjis'] as const;
export type ExportEncoding = (typeof EXPORT_ENCODINGS)[number];

/** The server refuses larger bodies (413). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export type ImportAction = 'create' | 'update' | 'unchanged';
export const IMPORT_ACTIONS: readonly ImportAction[] = ['create', 'update', 'unchanged'];

export interface ImportPlanRow {
  /** The line the row starts on (the header is line 1). */
  line: number;
  action: ImportAction;
  /** The item the row updates; null for a new one. */
  id: string | null;
  name: string;
}

/** A problem (refuses the whole file) or a warning (imported anyway) at a line of the file. */
export interface RowProblem {
  line: number;
  /** The header as written in the file (or the standard name of a missing column); null for the whole row or file. */
  column: string | null;
  code: string;
  message: LocalisedText;
  /** For a duplicate: the earlier line it repeats. */
  relatedLine?: number;
}

export interface ImportPreview {
  dataset: OpenDataset;
  encoding: DetectedEncoding | null;
  rows: ImportPlanRow[];
  problems: RowProblem[];
  warnings: RowProblem[];
}

export interface ImportOutcome {
  dataset: OpenDataset;
  encoding: DetectedEncoding | null;
  created: number;
  updated: number;
  unchanged: number;
  /** Published with the import (0 when it was not asked to publish). */
  published: number;
  warnings: RowProblem[];
}

// ---------------------------------------------------------------------------------------------
// Paths and calls

export function importPath(
  dataset: OpenDataset,
  encoding: ImportEncoding,
  preview: boolean,
  publish = false,
): string {
  return `/import/${dataset}${preview ? '/preview' : ''}?encoding=${encoding}${publish ? '&publish=true' : ''}`;
}

export function exportPath(dataset: OpenDataset, encoding: ExportEncoding): string {
  return `/export/${dataset}.csv?encoding=${encoding}`;
}

/** The file name to save an export as when the server did not name it. */
export function exportFallbackName(dataset: OpenDataset, serviceCode: string): string {
  return `${serviceCode}-${dataset}.csv`;
}

/** Reads the file and answers what importing it would do; changes nothing. */
export async function previewImport(
  dataset: OpenDataset,
  file: Blob,
  encoding: ImportEncoding,
): Promise<ImportPreview> {
  const answer = await api.upload<unknown>(importPath(dataset, encoding, true), file, 'text/csv');
  return readPreview(answer, dataset);
}

/**
 * Imports the file: every row, or nothing when any row is bad (400 `import_invalid`). With
 * `publish`, what it creates or updates is published too (403 before anything is written
 * without the publish right).
 */
export async function applyImport(
  dataset: OpenDataset,
  file: Blob,
  encoding: ImportEncoding,
  publish = false,
): Promise<ImportOutcome> {
  const answer = await api.upload<unknown>(importPath(dataset, encoding, false, publish), file, 'text/csv');
  return readOutcome(answer, dataset);
}

export function exportCsv(dataset: OpenDataset, encoding: ExportEncoding): Promise<DownloadedFile> {
  return api.download(exportPath(dataset, encoding));
}

// ---------------------------------------------------------------------------------------------
// Reading answers

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : 0;
}

function readEncoding(value: unknown): DetectedEncoding | null {
  return value === 'utf8' || value === 'utf8-bom' || value === 'cp932' ? value : null;
}

function readMessage(value: unknown): LocalisedText | undefined {
  if (!isRecord(value)) return undefined;
  const ja = typeof value.ja === 'string' ? value.ja : '';
  const en = typeof value.en === 'string' ? value.en : '';
  if (!ja && !en) return undefined;
  return { ja: ja || en, en: en || ja };
}

/** Problems or warnings from an answer; malformed entries are dropped. */
export function readProblems(value: unknown): RowProblem[] {
  if (!Array.isArray(value)) return [];
  const out: RowProblem[] = [];
  for (const item of value) {
    if (!isRecord(item)) continue;
    const message = readMessage(item.message);
    if (!message) continue;
    out.push({
      line: count(item.line),
      column: typeof item.column === 'string' && item.column !== '' ? item.column : null,
      code: typeof item.code === 'string' ? item.code : '',
      message,
      ...(typeof item.relatedLine === 'number' ? { relatedLine: item.relatedLine } : {}),
    });
  }
  return out;
}

function readRows(value: unknown): ImportPlanRow[] {
  if (!Array.isArray(value)) return [];
  const out: ImportPlanRow[] = [];
  for (const item of value) {
    if (!isRecord(item)) continue;
    const action = item.action;
    if (action !== 'create' && action !== 'update' && action !== 'unchanged') continue;
    out.push({
      line: count(item.line),
      action,
      id: typeof item.id === 'string' ? item.id : null,
      name: typeof item.name === 'string' ? item.name : '',
    });
  }
  return out;
}

/**
 * An answer of the preview or the import: what both carry (the dataset, the file's encoding, its
 * warnings in line order) and what `read` takes from the body for this one.
 */
function readAnswer<T>(json: unknown, dataset: OpenDataset, read: (body: Record<string, unknown>) => T) {
  const body = isRecord(json) ? json : {};
  return {
    dataset,
    encoding: readEncoding(body.encoding),
    warnings: sortProblems(readProblems(body.warnings)),
    ...read(body),
  };
}

/** The preview answer, with problems and warnings in line order. */
export function readPreview(json: unknown, dataset: OpenDataset): ImportPreview {
  return readAnswer(json, dataset, (body) => ({
    rows: readRows(body.rows),
    problems: sortProblems(readProblems(body.problems)),
  }));
}

export function readOutcome(json: unknown, dataset: OpenDataset): ImportOutcome {
  return readAnswer(json, dataset, (body) => ({
    created: count(body.created),
    updated: count(body.updated),
    unchanged: count(body.unchanged),
    published: count(body.published),
  }));
}

/** The rows a refused import named (400 `import_invalid`), or undefined for any other error. */
export function importRefusal(
  error: ApiError,
): { problems: RowProblem[]; warnings: RowProblem[] } | undefined {
  if (error.status !== 400 || error.code !== 'import_invalid') return undefined;
  const details = error.details ?? {};
  return {
    problems: sortProblems(readProblems(details.problems)),
    warnings: sortProblems(readProblems(details.warnings)),
  };
}

// ---------------------------------------------------------------------------------------------
// Problems, counts, files

/**
 * Problems in file order: by line, the whole-row ones (no column) first within a line, then as
 * the server listed them. Sorting is stable and does not change the input.
 */
export function sortProblems(problems: readonly RowProblem[]): RowProblem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort(
      (a, b) =>
        a.problem.line - b.problem.line ||
        Number(a.problem.column !== null) - Number(b.problem.column !== null) ||
        a.index - b.index,
    )
    .map(({ problem }) => problem);
}

/** The distinct lines that have at least one problem, in order. */
export function problemLines(problems: readonly RowProblem[]): number[] {
  return [...new Set(problems.map((p) => p.line))].sort((a, b) => a - b);
}

export interface ActionCounts {
  create: number;
  update: number;
  unchanged: number;
  total: number;
}

/** How many rows each action has. */
export function countActions(rows: readonly Pick<ImportPlanRow, 'action'>[]): ActionCounts {
  const counts: ActionCounts = { create: 0, update: 0, unchanged: 0, total: rows.length };
  for (const row of rows) counts[row.action] += 1;
  return counts;
}

/** True when importing would write something: no problems and at least one new or changed row. */
export function canApply(preview: Pick<ImportPreview, 'rows' | 'problems'>): boolean {
  if (preview.problems.length > 0) return false;
  const counts = countActions(preview.rows);
  return counts.create + counts.update > 0;
}

/** The message in the console language, falling back to Japanese. */
export function problemMessage(problem: Pick<RowProblem, 'message'>, lang: Lang): string {
  return problem.message[lang] || problem.message.ja;
}

/** At most `max` entries to show, and how many were left out. */
export function firstOf<T>(items: readonly T[], max: number): { shown: T[]; hidden: number } {
  return { shown: items.slice(0, max), hidden: Math.max(0, items.length - max) };
}

export type FileProblem = 'missing' | 'not_csv' | 'empty' | 'too_large';

/**
 * What is wrong with the chosen file before it is sent, if anything. Only the name decides
 * whether it is CSV: browsers report .csv as text/csv, application/vnd.ms-excel or nothing.
 */
export function checkImportFile(
  file: Pick<File, 'name' | 'size'> | undefined,
  maxBytes: number = MAX_IMPORT_BYTES,
): FileProblem | undefined {
  if (!file) return 'missing';
  if (!/\.csv$/i.test(file.name.trim())) return 'not_csv';
  if (file.size === 0) return 'empty';
  if (file.size > maxBytes) return 'too_large';
  return undefined;
}

/** A file size for people: bytes, then KB and MB with one decimal. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

// ---------------------------------------------------------------------------------------------
// Public open data

export type PublicFileId =
  | 'tourismCsv'
  | 'tourismCsvSjis'
  | 'spotsGeojson'
  | 'eventsCsv'
  | 'eventsCsvSjis'
  | 'eventsIcs';

export interface PublicFile {
  id: PublicFileId;
  url: string;
}

/** The public open data files of a data set, as absolute URLs anyone can fetch. */
export function publicOpenDataFiles(origin: string, serviceCode: string, dataset: OpenDataset): PublicFile[] {
  const base = `${origin.replace(/\/+$/, '')}${API_BASE}/public/${encodeURIComponent(serviceCode)}/opendata`;
  return dataset === 'tourism'
    ? [
        { id: 'tourismCsv', url: `${base}/tourism.csv` },
        { id: 'tourismCsvSjis', url: `${base}/tourism.csv?encoding=sjis` },
        { id: 'spotsGeojson', url: `${base}/spots.geojson` },
      ]
    : [
        { id: 'eventsCsv', url: `${base}/events.csv` },
        { id: 'eventsCsvSjis', url: `${base}/events.csv?encoding=sjis` },
        { id: 'eventsIcs', url: `${base}/events.ics` },
      ];
}
