/** Path prefixes the one console bundle is served under. */
export const CONSOLE_BASENAME = '/console';
export const OPS_BASENAME = '/ops';

/** The operator console answers under /ops (and /ops/…); everything else is the organisation console. */
export function isOpsPath(pathname: string): boolean {
  return pathname === OPS_BASENAME || pathname.startsWith(`${OPS_BASENAME}/`);
}

/** A same-app path to return to after sign-in; anything else (other sites, `//host`) gives '/'. */
export function safeReturnPath(state: unknown): string {
  if (typeof state === 'object' && state !== null && 'from' in state) {
    const from = (state as { from: unknown }).from;
    if (typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/\\'))
      return from;
  }
  return '/';
}
