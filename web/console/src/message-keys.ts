/** Message keys named after the codes they label. No React. */
import type { MessageKey } from './i18n';

/** The catalogue's suffixes under `prefix` (`'users.col'` → `'name' | 'email' | …`). */
export type Suffixes<P extends string> = MessageKey extends infer K
  ? K extends `${P}.${infer S}`
    ? S
    : never
  : never;

/**
 * One message key per code, `<prefix>.<code>`, for a code list of the contract (statuses, levels,
 * categories). A code the catalogue has no `<prefix>.<code>` for does not compile.
 */
export function keysByCode<const P extends string, const C extends Suffixes<P>>(
  prefix: P,
  codes: readonly C[],
): Record<C, MessageKey> {
  return Object.fromEntries(codes.map((code) => [code, `${prefix}.${code}`])) as Record<C, MessageKey>;
}
