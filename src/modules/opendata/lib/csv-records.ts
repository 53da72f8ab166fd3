import type { Bilingual } from '../../../platform/errors.js';

/** One CSV record and the physical line (1-based) it starts on. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export interface CsvSyntaxError {
  line: number;
  code: 'csv_unclosed_quote' | 'csv_text_after_quote';
  message: Bilingual;
}

/**
 * RFC 4180 records with exact physical line numbers. Written here rather than taken from csv-parse
 * because csv-parse counts a CRLF inside a quoted cell as two lines and rejects files that mix CRLF
 * and LF, both of which hand-edited municipal files do.
 * - CRLF, LF and lone CR all end a line; inside quoted cells line breaks become LF.
 * - A quote inside an unquoted cell is kept literally (what Excel reads, too).
 * - Empty lines are skipped. The first syntax error stops parsing: after it, cells cannot be trusted.
 */
export function parseCsvRecords(text: string): { records: CsvRecord[]; error: CsvSyntaxError | null } {
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;

  while (i < n) {
    const startLine = line;
    const cells: string[] = [];
    let cell = '';
    let endOfRecord = false;
    // An empty physical line is not a record.
    if (text[i] === '\n' || text[i] === '\r') {
      i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    while (!endOfRecord) {
      if (text[i] === '"') {
        const quoteLine = line;
        i++;
        for (;;) {
          if (i >= n) {
            return {
              records,
              error: {
                line: quoteLine,
                code: 'csv_unclosed_quote',
                message: {
                  ja: `${quoteLine} 行目で始まる引用符（"）が閉じられていません。`,
                  en: `The quotation mark (") opened on line ${quoteLine} is never closed.`,
                },
              },
            };
          }
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\r' || c === '\n') {
            i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
            line++;
            cell += '\n';
            continue;
          }
          cell += c;
          i++;
        }
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
          return {
            records,
            error: {
              line,
              code: 'csv_text_after_quote',
              message: {
                ja: `${line} 行目: 閉じ引用符（"）の後に区切り以外の文字があります。セル内の " は "" と書いてください。`,
                en: `Line ${line}: there is text after a closing quotation mark ("). Write a " inside a cell as "".`,
              },
            },
          };
        }
      } else {
        while (i < n && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') cell += text[i++];
      }
      cells.push(cell);
      cell = '';
      if (i >= n) endOfRecord = true;
      else if (text[i] === ',') i++;
      else {
        i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        endOfRecord = true;
      }
    }
    records.push({ line: startLine, cells });
  }
  return { records, error: null };
}
