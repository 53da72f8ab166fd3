/**
 * CSV for people to open in a spreadsheet (audit log, analytics): UTF-8 with a BOM so Excel
 * reads Japanese correctly, CRLF line ends, and cells starting with = + - @ neutralised so a
 * spreadsheet does not run them as formulas (values may come from visitors or other users).
 */
export function csvCell(value: unknown): string {
  const text =
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A whole spreadsheet CSV document from a header and rows. */
export function spreadsheetCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
