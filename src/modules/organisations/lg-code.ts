/**
 * 全国地方公共団体コード: five digits and a check digit. The check digit is
 * (11 − Σ dᵢ·wᵢ mod 11) mod 10 with weights 6, 5, 4, 3, 2 (総務省 definition).
 */
export function lgCodeCheckDigit(first5: string): number {
  const weights = [6, 5, 4, 3, 2];
  let sum = 0;
  for (let i = 0; i < 5; i += 1) sum += Number(first5[i]) * weights[i]!;
  return (11 - (sum % 11)) % 10;
}

export function isValidLgCode(code: string): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return lgCodeCheckDigit(code.slice(0, 5)) === Number(code[5]);
}
