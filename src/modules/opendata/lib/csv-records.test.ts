import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from './csv-records.js';

describe('parseCsvRecords', () => {
  it('splits records and cells, with the physical line each record starts on', () => {
    const text = 'a,b,c\r\n1,"x, y",3\r\n"multi\r\nline\r\ncell",5,6\r\n7,8,9';
    expect(parseCsvRecords(text)).toEqual({
      records: [
        { line: 1, cells: ['a', 'b', 'c'] },
        { line: 2, cells: ['1', 'x, y', '3'] },
        { line: 3, cells: ['multi\nline\ncell', '5', '6'] },
        { line: 6, cells: ['7', '8', '9'] },
      ],
      error: null,
    });
  });

  it('counts CRLF, LF and lone CR as one line each, mixed in one file', () => {
    const text = 'h\r\n"a\r\nb"\n"c\nd"\re\r\n\r\nf\n';
    const { records } = parseCsvRecords(text);
    expect(records.map((r) => [r.line, r.cells[0]])).toEqual([
      [1, 'h'],
      [2, 'a\nb'],
      [4, 'c\nd'],
      [6, 'e'],
      [8, 'f'],
    ]);
  });

  it('handles escaped quotes, empty cells and a trailing comma', () => {
    expect(parseCsvRecords('"say ""hi""",,x,\n').records).toEqual([
      { line: 1, cells: ['say "hi"', '', 'x', ''] },
    ]);
  });

  it('keeps a quote inside an unquoted cell literally', () => {
    expect(parseCsvRecords('5" floppy,x\n').records[0]?.cells).toEqual(['5" floppy', 'x']);
  });

  it('reports an unclosed quote at the line where it opened', () => {
    const result = parseCsvRecords('a,b\n1,2\n3,"never closed\nmore\n');
    expect(result.records).toHaveLength(2);
    expect(result.error).toMatchObject({ line: 3, code: 'csv_unclosed_quote' });
  });

  it('reports text after a closing quote', () => {
    const result = parseCsvRecords('a,b\n"x"y,2\n');
    expect(result.error).toMatchObject({ line: 2, code: 'csv_text_after_quote' });
    expect(result.error?.message.ja).toContain('2 行目');
  });

  it('returns nothing for an empty text', () => {
    expect(parseCsvRecords('')).toEqual({ records: [], error: null });
    expect(parseCsvRecords('\r\n\r\n')).toEqual({ records: [], error: null });
  });
});
