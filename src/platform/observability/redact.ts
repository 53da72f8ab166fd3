/** Keys whose values are secrets: never logged, never written to the audit log. */
export const SECRET_KEY_PATTERN =
  /pass(word|phrase|code)?|secret|token|authorization|cookie|totp|otp|recovery|private.?key|master.?key|api.?key|session.?id|csrf/i;

export const REDACTED = '[REDACTED]';

/** A JSON-safe deep copy with every secret-looking key's value replaced. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[TRUNCATED]';
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'function' || typeof value === 'symbol') return undefined;
    return value;
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEY_PATTERN.test(key) ? REDACTED : redactSecrets(inner, depth + 1);
  }
  return out;
}
