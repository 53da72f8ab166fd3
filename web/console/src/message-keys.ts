/** Message keys named after the codes they label. No React. */

/**
 * One message key per code, `<prefix>.<code>`, for a code list of the contract (statuses, levels,
 * categories). The result's type names every key, so assigning it to `Record<Code, MessageKey>`
 * fails to compile when the catalogue lacks one.
 */
export function keysByCode<const P extends string, const C extends string>(
  prefix: P,
  codes: readonly C[],
): Record<C, `${P}.${C}`> {
  return Object.fromEntries(codes.map((code) => [code, `${prefix}.${code}`])) as Record<C, `${P}.${C}`>;
}
