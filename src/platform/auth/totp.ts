import { randomInt } from 'node:crypto';
import { generate, generateSecret, generateURI, verify } from 'otplib';
import { qrSvg } from '../qr.js';
import { tokenHash } from './tokens.js';

export const TOTP_ISSUER = 'mitte-C';
const STEP_SECONDS = 30;

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export async function totpEnrolment(
  secret: string,
  label: string,
): Promise<{ otpauthUri: string; qrSvg: string }> {
  const otpauthUri = generateURI({ issuer: TOTP_ISSUER, label, secret });
  return { otpauthUri, qrSvg: await qrSvg(otpauthUri) };
}

/**
 * Verifies a 6-digit code (RFC 6238, 30 s steps, one step of clock drift either way). A code
 * whose time step is not after the last accepted one is refused: each code works once.
 * Returns the accepted time step, or null.
 */
export async function verifyTotp(
  secret: string,
  code: string,
  lastStep: number | null,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epochTolerance: STEP_SECONDS,
    ...(lastStep === null ? {} : { afterTimeStep: lastStep }),
  });
  if (!result.valid) return null;
  return (result as { timeStep: number }).timeStep;
}

/** For tests and the demo: the current code of a secret. */
export function currentTotp(secret: string, epochSeconds?: number): Promise<string> {
  return generate({ secret, ...(epochSeconds === undefined ? {} : { epoch: epochSeconds }) });
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten one-time recovery codes like `k7m2-q9xp-4t8r` (about 60 bits each). */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from(
      { length: 12 },
      () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)],
    ).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

export function normaliseRecoveryCode(input: string): string | null {
  const compact = input.normalize('NFKC').toLowerCase().replace(/[\s-]/g, '');
  if (!/^[a-z0-9]{12}$/.test(compact)) return null;
  return `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8, 12)}`;
}

export function recoveryCodeHash(code: string): string {
  return tokenHash(`recovery:${code}`);
}
