/** The middle value (of an even count, the upper of the two middle ones). */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/** The median and, in brackets, each value (a run's rounds or pairs), to `digits` decimals. */
export function medianOfEach(values: readonly number[], digits: number): string {
  return `${median(values).toFixed(digits)} [${values.map((v) => v.toFixed(digits)).join(', ')}]`;
}

/** The value at or below which the share `p` of the values lies (nearest rank); NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}
