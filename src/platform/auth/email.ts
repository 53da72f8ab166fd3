/** E-mail addresses compare in NFKC lower case, trimmed: body variations name the same account. */
export function normaliseEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}
