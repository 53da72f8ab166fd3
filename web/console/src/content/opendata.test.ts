import { describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import {
  canApply,
  checkImportFile,
  countActions,
  datasetOf,
  exportPath,
  firstOf,
  formatFileSize,
  importPath,
  importRefusal,
  MAX_IMPORT_BYTES,
  problemLines,
  problemMessage,
  publicOpenDataFiles,
  type RowProblem,
  readOutcome,
  readPreview,
  readProblems,
  sortProblems,
} from './opendata';

const problem = (line: number, column: string | null, ja = `${line}`, en = ja): RowProblem => ({
  line,
  column,
  code: 'x',
  message: { ja, en },
});

describe('paths', () => {
  it('names the data set of spots and events only', () => {
    expect(datasetOf('spot')).toBe('tourism');
    expect(datasetOf('event')).toBe('events');
    expect(datasetOf('course')).toBeUndefined();
    expect(datasetOf('article')).toBeUndefined();
  });

  it('builds the preview, import and export paths with the encoding', () => {
    expect(importPath('tourism', 'auto', true)).toBe('/import/tourism/preview?encoding=auto');
    expect(importPath('events', 'sjis', false)).toBe('/import/events?encoding=sjis');
    expect(importPath('tourism', 'auto', false, true)).toBe('/import/tourism?encoding=auto&publish=true');
    expect(exportPath('tourism', 'utf8-bom')).toBe('/export/tourism.csv?encoding=utf8-bom');
    expect(exportPath('events', 'sjis')).toBe('/export/events.csv?encoding=sjis');
  });

  it('lists the public open data files of each data set as absolute URLs', () => {
    expect(publicOpenDataFiles('https://mitte.example.jp/', 'kyoto-city', 'tourism')).toEqual([
      { id: 'tourismCsv', url: 'https://mitte.example.jp/api/v1/public/kyoto-city/opendata/tourism.csv' },
      {
        id: 'tourismCsvSjis',
        url: 'https://mitte.example.jp/api/v1/public/kyoto-city/opendata/tourism.csv?encoding=sjis',
      },
      { id: 'spotsGeojson', url: 'https://mitte.example.jp/api/v1/public/kyoto-city/opendata/spots.geojson' },
    ]);
    expect(publicOpenDataFiles('https://h', 'a b', 'events').map((f) => f.url)).toEqual([
      'https://h/api/v1/public/a%20b/opendata/events.csv',
      'https://h/api/v1/public/a%20b/opendata/events.csv?encoding=sjis',
      'https://h/api/v1/public/a%20b/opendata/events.ics',
    ]);
  });
});

describe('sortProblems', () => {
  it('orders by line, whole-row problems first, otherwise as listed', () => {
    const input = [
      problem(5, '緯度', 'a'),
      problem(2, null, 'b'),
      problem(5, null, 'c'),
      problem(5, '経度', 'd'),
    ];
    expect(sortProblems(input).map((p) => p.message.ja)).toEqual(['b', 'c', 'a', 'd']);
  });

  it('leaves its input alone', () => {
    const input = [problem(3, null), problem(1, null)];
    sortProblems(input);
    expect(input.map((p) => p.line)).toEqual([3, 1]);
  });

  it('counts the distinct lines with problems', () => {
    expect(problemLines([problem(7, 'a'), problem(2, null), problem(7, 'b')])).toEqual([2, 7]);
    expect(problemLines([])).toEqual([]);
  });
});

describe('counts', () => {
  const rows = (...actions: ('create' | 'update' | 'unchanged')[]) => actions.map((action) => ({ action }));

  it('counts each action', () => {
    expect(countActions(rows('create', 'update', 'create', 'unchanged'))).toEqual({
      create: 2,
      update: 1,
      unchanged: 1,
      total: 4,
    });
    expect(countActions([])).toEqual({ create: 0, update: 0, unchanged: 0, total: 0 });
  });

  it('allows importing only without problems and with something to change', () => {
    const line = (action: 'create' | 'update' | 'unchanged') => ({ line: 2, action, id: null, name: 'x' });
    expect(canApply({ rows: [line('create')], problems: [] })).toBe(true);
    expect(canApply({ rows: [line('update')], problems: [] })).toBe(true);
    expect(canApply({ rows: [line('create')], problems: [problem(3, null)] })).toBe(false);
    expect(canApply({ rows: [line('unchanged')], problems: [] })).toBe(false);
    expect(canApply({ rows: [], problems: [] })).toBe(false);
  });

  it('shows the first entries and says how many are left out', () => {
    expect(firstOf([1, 2, 3], 2)).toEqual({ shown: [1, 2], hidden: 1 });
    expect(firstOf([1], 2)).toEqual({ shown: [1], hidden: 0 });
  });
});

describe('reading answers', () => {
  it('reads a preview and sorts its problems and warnings', () => {
    const preview = readPreview(
      {
        dataset: 'tourism',
        encoding: 'cp932',
        rows: [
          { line: 2, action: 'create', id: null, name: '清水寺' },
          { line: 3, action: 'update', id: 'i1', name: '金閣寺' },
          { line: 4, action: 'delete', id: null, name: 'x' },
        ],
        problems: [problem(9, '緯度'), problem(3, '料金（基本）')],
        warnings: [{ line: 4, column: null, code: 'w', message: { ja: '注意' } }, 'junk'],
      },
      'tourism',
    );
    expect(preview.encoding).toBe('cp932');
    expect(preview.rows.map((r) => r.action)).toEqual(['create', 'update']);
    expect(preview.problems.map((p) => p.line)).toEqual([3, 9]);
    expect(preview.warnings).toEqual([
      { line: 4, column: null, code: 'w', message: { ja: '注意', en: '注意' } },
    ]);
  });

  it('treats an unknown or missing encoding as undetected', () => {
    expect(readPreview({ encoding: 'latin1' }, 'events').encoding).toBeNull();
    expect(readPreview(undefined, 'events')).toEqual({
      dataset: 'events',
      encoding: null,
      rows: [],
      problems: [],
      warnings: [],
    });
  });

  it('keeps relatedLine and drops problems without a message', () => {
    expect(
      readProblems([
        {
          line: 5,
          column: 'NO',
          code: 'duplicate',
          message: { ja: '重複', en: 'Duplicate' },
          relatedLine: 2,
        },
        { line: 6, column: null, code: 'x' },
      ]),
    ).toEqual([
      { line: 5, column: 'NO', code: 'duplicate', message: { ja: '重複', en: 'Duplicate' }, relatedLine: 2 },
    ]);
  });

  it('reads the import result', () => {
    expect(
      readOutcome(
        { dataset: 'events', encoding: 'utf8-bom', created: 3, updated: 1, unchanged: 0 },
        'events',
      ),
    ).toEqual({
      dataset: 'events',
      encoding: 'utf8-bom',
      created: 3,
      updated: 1,
      unchanged: 0,
      published: 0,
      warnings: [],
    });
  });

  it('reads the problems of a refused import from the error details', () => {
    const error = new ApiError(400, {
      code: 'import_invalid',
      message: { ja: '取り込みませんでした。', en: 'Nothing was imported.' },
      details: { problems: [problem(8, null), problem(2, '開始日')], warnings: [] },
    });
    expect(importRefusal(error)?.problems.map((p) => p.line)).toEqual([2, 8]);
    const other = new ApiError(400, { code: 'validation_failed', message: { ja: 'a', en: 'b' } });
    expect(importRefusal(other)).toBeUndefined();
  });

  it('gives the message in the console language, falling back to Japanese', () => {
    expect(problemMessage(problem(1, null, '日本語', 'English'), 'en')).toBe('English');
    expect(problemMessage({ message: { ja: '日本語', en: '' } }, 'en')).toBe('日本語');
  });
});

describe('checkImportFile', () => {
  it('accepts a CSV file within the limit', () => {
    expect(checkImportFile({ name: '観光施設一覧.CSV', size: 100 })).toBeUndefined();
    expect(checkImportFile({ name: 'a.csv', size: MAX_IMPORT_BYTES })).toBeUndefined();
  });

  it('names what is wrong', () => {
    expect(checkImportFile(undefined)).toBe('missing');
    expect(checkImportFile({ name: 'a.xlsx', size: 100 })).toBe('not_csv');
    expect(checkImportFile({ name: 'a.csv', size: 0 })).toBe('empty');
    expect(checkImportFile({ name: 'a.csv', size: MAX_IMPORT_BYTES + 1 })).toBe('too_large');
  });

  it('formats sizes', () => {
    expect(formatFileSize(812)).toBe('812 B');
    expect(formatFileSize(2048)).toBe('2.0 KB');
    expect(formatFileSize(25 * 1024 * 1024)).toBe('25.0 MB');
  });
});
