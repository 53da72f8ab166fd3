import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PreviewTokens } from './preview-tokens.js';

const id = '0b8f6c2e-3a41-4d7e-9f10-2c5b7a9e4d31';
const key = randomBytes(32);
const tokens = new PreviewTokens(key);
const inAnHour = new Date(Date.now() + 3_600_000);

describe('preview tokens', () => {
  it('open for the organisation, item and kind they were made for, until they expire', () => {
    const token = tokens.seal('mihon', { kind: 'spot', id, expiresAt: inAnHour });
    const opened = tokens.open('mihon', token);
    expect(opened).toEqual({
      ok: true,
      grant: { kind: 'spot', id, expiresAt: new Date(Math.floor(inAnHour.getTime() / 1000) * 1000) },
    });
    expect(tokens.open('mihon', token, new Date(inAnHour.getTime() + 1000))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('are refused when moved to another organisation, altered, prolonged or made with another key', () => {
    const token = tokens.seal('mihon', { kind: 'spot', id, expiresAt: inAnHour });
    const [kind, item, expiry, mac] = token.split('.') as [string, string, string, string];
    const invalid = { ok: false, reason: 'invalid' };
    expect(tokens.open('tonari', token)).toEqual(invalid);
    expect(tokens.open('mihon', [kind, item, String(Number(expiry) + 86_400), mac].join('.'))).toEqual(
      invalid,
    );
    expect(tokens.open('mihon', ['event', item, expiry, mac].join('.'))).toEqual(invalid);
    expect(tokens.open('mihon', `${token}x`)).toEqual(invalid);
    expect(tokens.open('mihon', 'not-a-token')).toEqual(invalid);
    expect(new PreviewTokens(randomBytes(32)).open('mihon', token)).toEqual(invalid);
  });

  it('never say "expired" for a forged token', () => {
    const past = new Date(Date.now() - 1000);
    const genuine = tokens.seal('mihon', { kind: 'spot', id, expiresAt: past });
    expect(tokens.open('mihon', genuine)).toEqual({ ok: false, reason: 'expired' });
    const forged = `spot.${id}.1.${'A'.repeat(43)}`;
    expect(tokens.open('mihon', forged)).toEqual({ ok: false, reason: 'invalid' });
  });
});
