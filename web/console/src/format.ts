/** Formatting and input normalisation shared by the console pages. No DOM, no React. */

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * An instant as Japan Standard Time, `YYYY/MM/DD HH:mm` (Japan has no daylight saving time, so
 * a fixed +09:00 is exact). `undefined` for null, empty or unparseable input.
 */
export function formatJst(iso: string | null | undefined): string | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  const d = new Date(ms + JST_OFFSET_MS);
  return (
    `${pad(d.getUTCFullYear(), 4)}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
  );
}

/** A calendar date `YYYY-MM-DD` (or the date part of an ISO instant, in JST) as `YYYY/MM/DD`. */
export function formatDate(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (plain) return `${plain[1]}/${plain[2]}/${plain[3]}`;
  return formatJst(value)?.slice(0, 10);
}

/** True when the instant lies before `now`. */
export function isPast(iso: string | null | undefined, now: number = Date.now()): boolean {
  if (!iso) return false;
  const ms = Date.parse(iso);
  return !Number.isNaN(ms) && ms < now;
}

/** Full-width ASCII (what a Japanese IME often types) to half-width; ideographic space to space. */
export function toHalfWidth(value: string): string {
  return value
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .replace(/[\u2010-\u2015\u2212\u30FC\uFF70]/g, '-');
}

/** A TOTP secret in groups of four for typing it by hand: `JBSW Y3DP EHPK 3PXP`. */
export function groupSecret(secret: string, size = 4): string {
  const compact = secret.replace(/[\s-]/g, '').toUpperCase();
  const groups: string[] = [];
  for (let i = 0; i < compact.length; i += size) groups.push(compact.slice(i, i + size));
  return groups.join(' ');
}

/** A 6-digit code from an authenticator app; spaces and full-width digits are accepted. */
export function normaliseTotpCode(raw: string): string | undefined {
  const compact = toHalfWidth(raw).replace(/[\s-]/g, '');
  return /^\d{6}$/.test(compact) ? compact : undefined;
}

/**
 * A recovery code as `abcd-efgh-ijkl`: case, spaces, full-width characters and missing hyphens
 * are forgiven.
 */
export function normaliseRecoveryCode(raw: string): string | undefined {
  const compact = toHalfWidth(raw).toLowerCase().replace(/[\s-]/g, '');
  if (!/^[a-z0-9]{12}$/.test(compact)) return undefined;
  return `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8, 12)}`;
}

/** A data: URI for an SVG document (the enrolment QR code), safe for <img src>. */
export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

/** `Browser (OS)` from a User-Agent string, or '' when neither is recognised. */
export function describeUserAgent(userAgent: string): string {
  const ua = userAgent ?? '';
  const browser = /Edg(e|A|iOS)?\//.test(ua)
    ? 'Edge'
    : /OPR\//.test(ua)
      ? 'Opera'
      : /(Firefox|FxiOS)\//.test(ua)
        ? 'Firefox'
        : /(Chrome|CriOS)\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : '';
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /(iPhone|iPad|iPod)/.test(ua)
      ? 'iOS'
      : /Android/.test(ua)
        ? 'Android'
        : /CrOS/.test(ua)
          ? 'ChromeOS'
          : /Mac OS X|Macintosh/.test(ua)
            ? 'macOS'
            : /Linux/.test(ua)
              ? 'Linux'
              : '';
  if (browser && os) return `${browser} (${os})`;
  return browser || os;
}

/** An organisation's name in the console's language: English in English, else Japanese. */
export function organisationName(org: { nameJa: string; nameEn: string }, lang: string): string {
  return lang === 'en' ? org.nameEn : org.nameJa;
}
