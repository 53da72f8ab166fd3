/**
 * WCAG 2.x contrast ratio between two #rrggbb colours (relative luminance, sRGB). Dependency-free:
 * the console imports this file too, for the live readout while a colour is chosen.
 */
export const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function relativeLuminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** From 1 (same colour) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Rounded down to two decimals, so a shown "4.50" is never a rounded-up 4.497. */
export const formatRatio = (ratio: number) => `${(Math.floor(ratio * 100) / 100).toFixed(2)}:1`;

/** What the public site's theme needs (WCAG 2.1 AA): text 4.5:1, focus rings and bars 3:1. */
export const THEME_RULES = {
  /** White text on the primary colour (navigation, buttons), and primary links on the page's
   * lightest backgrounds: white and the pale grey of section heads. */
  primary: { against: ['#ffffff', '#f4f6f8'], minimum: 4.5 },
  /** The focus outline and heading bars on white. */
  accent: { against: ['#ffffff'], minimum: 3 },
} as const;

/** The lowest contrast of a theme colour against what it must stand out from. */
export function themeContrast(
  kind: keyof typeof THEME_RULES,
  colour: string,
): { ratio: number; ok: boolean } {
  const rule = THEME_RULES[kind];
  const ratio = Math.min(...rule.against.map((bg) => contrastRatio(colour, bg)));
  return { ratio, ok: ratio >= rule.minimum };
}
