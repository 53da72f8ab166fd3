/** Methods that change nothing: no CSRF token needed, nothing to invalidate after them. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
