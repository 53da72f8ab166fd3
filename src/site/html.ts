/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  // Most texts have nothing to escape: a test is cheaper than a replace that copies. Those that
  // do (a map's JSON in an attribute) have many quotes: one native pass per character beats a
  // callback per match.
  if (!SPECIAL.test(value)) return value;
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
const SPECIAL = /[&<>"']/;

/** A tagged template whose interpolations are escaped unless wrapped in `raw()`. */
export class Raw {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}
export const raw = (html: string) => new Raw(html);

export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    const parts = Array.isArray(value) ? value : [value];
    for (const part of parts) {
      if (part === null || part === undefined || part === false) continue;
      out += part instanceof Raw ? part.html : escapeHtml(String(part));
    }
    out += strings[i + 1] ?? '';
  });
  return new Raw(out);
}
