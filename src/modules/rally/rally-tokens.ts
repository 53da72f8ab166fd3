import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { safeEqual } from '../../platform/auth/tokens.js';
import { SecretBox } from '../../platform/crypto/secret-box.js';

/**
 * The campaigns' QR keys. Each campaign has its own 32-byte HMAC key, stored sealed (AES-256-GCM
 * under a key derived from the master key, associated data = organisation, campaign and key
 * version, so a sealed key cannot be moved to another campaign). A checkpoint's token is
 * `<key version>.<HMAC-SHA-256 over org, campaign, checkpoint and version, 128 bits>`: short enough
 * for a small QR code, bound to that checkpoint only. Rotating the key bumps the version, so every
 * poster printed before says "rotated" rather than "forged".
 */
/** How long an opened campaign key stays in memory. */
export const OPENED_KEY_TTL_MS = 10 * 60_000;

/** An opened campaign key, until when it is kept, and the checkpoint tokens made with it. */
interface OpenedKey {
  key: Buffer;
  until: number;
  tokens: Map<string, string>;
}

export class RallyKeys {
  private readonly box: SecretBox;
  private readonly confirmationKey: Buffer;
  private readonly sourceKey: Buffer;

  constructor(masterKey: Buffer) {
    this.box = new SecretBox(masterKey, 'rally-campaign-keys');
    // Its own key, not the campaign's QR key: rotating posters must not void mailed links.
    this.confirmationKey = Buffer.from(
      hkdfSync('sha256', masterKey, Buffer.alloc(0), 'mitte-c rally application confirmation', 32),
    );
    this.sourceKey = Buffer.from(
      hkdfSync('sha256', masterKey, Buffer.alloc(0), 'mitte-c rally stamp source', 32),
    );
  }

  private static aad(org: string, campaignId: string, version: number): string {
    return `${org}\n${campaignId}\n${version}`;
  }

  newSealedKey(org: string, campaignId: string, version: number): string {
    return this.box.seal(randomBytes(32).toString('base64'), RallyKeys.aad(org, campaignId, version));
  }

  /**
   * Opened keys by sealed key and associated data: a check-in burst verifies the same few keys
   * thousands of times a second. A rotation stores a new sealed key, so it is a new entry. An
   * entry lives OPENED_KEY_TTL_MS at most and is then wiped: a purged or rotated campaign's key
   * does not stay in memory until the next restart.
   */
  private readonly opened = new Map<string, OpenedKey>();

  private key(org: string, campaign: SealedCampaignKey): Buffer {
    return this.openedKey(org, campaign).key;
  }

  private openedKey(org: string, campaign: SealedCampaignKey): OpenedKey {
    const aad = RallyKeys.aad(org, campaign.id, campaign.key_version);
    const cacheKey = `${aad}\n${campaign.sealed_key}`;
    const now = Date.now();
    const hit = this.opened.get(cacheKey);
    if (hit && hit.until > now) return hit;
    if (hit) this.forget(cacheKey, hit.key);
    if (this.opened.size >= 1000) for (const [k, v] of this.opened) this.forget(k, v.key);
    const key = Buffer.from(this.box.open(campaign.sealed_key, aad), 'base64');
    const entry = { key, until: now + OPENED_KEY_TTL_MS, tokens: new Map<string, string>() };
    this.opened.set(cacheKey, entry);
    return entry;
  }

  private forget(cacheKey: string, key: Buffer): void {
    this.opened.delete(cacheKey);
    key.fill(0);
  }

  /** How many opened keys are held (for tests). */
  get openedKeys(): number {
    return this.opened.size;
  }

  checkpointToken(org: string, campaign: SealedCampaignKey, checkpointId: string): string {
    const mac = createHmac('sha256', this.key(org, campaign))
      .update(`qr\n${org}\n${campaign.id}\n${checkpointId}\n${campaign.key_version}`)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
    return `${campaign.key_version}.${mac}`;
  }

  /** 'ok', 'rotated' (a genuine-looking token of an older key) or 'forged'. */
  checkToken(
    org: string,
    campaign: SealedCampaignKey,
    checkpointId: string,
    token: string,
  ): 'ok' | 'rotated' | 'forged' {
    const match = /^([1-9]\d{0,5})\.([A-Za-z0-9_-]{22})$/.exec(token);
    if (!match) return 'forged';
    const version = Number(match[1]);
    if (version < campaign.key_version) return 'rotated';
    if (version !== campaign.key_version) return 'forged';
    // Remembered with the opened key (and gone with it): during a burst every check-in at a
    // checkpoint expects the same token, and its HMAC was a noticeable share of a check-in's CPU.
    const { tokens } = this.openedKey(org, campaign);
    let expected = tokens.get(checkpointId);
    if (expected === undefined) {
      expected = this.checkpointToken(org, campaign, checkpointId);
      if (tokens.size < 10_000) tokens.set(checkpointId, expected);
    }
    return safeEqual(token, expected) ? 'ok' : 'forged';
  }

  /**
   * The link mailed to a prize applicant: `<application id>.<expiry, Unix seconds>.<HMAC, 128
   * bits>` over organisation, campaign, application and expiry. Signed, so nothing secret is
   * stored; it expires on its own, and the row's `confirm_by` must agree.
   */
  confirmationToken(org: string, campaignId: string, applicationId: string, expiresAt: Date): string {
    const expiry = Math.floor(expiresAt.getTime() / 1000);
    return `${applicationId}.${expiry}.${this.confirmationMac(org, campaignId, applicationId, expiry)}`;
  }

  /** The application a confirmation token names and until when, or 'forged'; expiry is the caller's. */
  checkConfirmationToken(
    org: string,
    campaignId: string,
    token: string,
  ): { applicationId: string; expiresAt: Date } | 'forged' {
    const match = /^([0-9a-f-]{36})\.(\d{9,11})\.([A-Za-z0-9_-]{22})$/.exec(token);
    if (!match) return 'forged';
    const [, applicationId = '', expiry = '', mac = ''] = match;
    if (!safeEqual(mac, this.confirmationMac(org, campaignId, applicationId, Number(expiry))))
      return 'forged';
    return { applicationId, expiresAt: new Date(Number(expiry) * 1000) };
  }

  private confirmationMac(org: string, campaignId: string, applicationId: string, expiry: number): string {
    return createHmac('sha256', this.confirmationKey)
      .update(`confirm\n${org}\n${campaignId}\n${applicationId}\n${expiry}`)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
  }

  /**
   * The code a screen at a staffed place shows: six digits for one 60-second window (TOTP-like,
   * from the campaign's key, so rotating the key changes it too).
   */
  rotatingCode(org: string, campaign: SealedCampaignKey, checkpointId: string, window: number): string {
    const digest = createHmac('sha256', this.key(org, campaign))
      .update(`rotating\n${org}\n${campaign.id}\n${checkpointId}\n${campaign.key_version}\n${window}`)
      .digest();
    return String(digest.readUInt32BE(0) % 1_000_000).padStart(6, '0');
  }

  /**
   * A typed rotating code: 'ok' within one window either side of now (clocks and typing take
   * time), 'expired' when it was shown during the last half hour, else 'wrong'.
   */
  checkRotatingCode(
    org: string,
    campaign: SealedCampaignKey,
    checkpointId: string,
    code: string,
    now: Date,
  ): 'ok' | 'expired' | 'wrong' {
    if (!/^\d{6}$/.test(code)) return 'wrong';
    const current = rotatingWindow(now);
    const matches = (w: number) => safeEqual(code, this.rotatingCode(org, campaign, checkpointId, w));
    if ([current - 1, current, current + 1].some(matches)) return 'ok';
    for (let w = current - 2; w >= current - ROTATING_LOOKBACK_WINDOWS; w--) if (matches(w)) return 'expired';
    return 'wrong';
  }

  /**
   * A check-in's source (address or device) as a keyed hash, per campaign: comparable within the
   * campaign, useless elsewhere, and not reversible by trying every IPv4 address.
   */
  sourceHash(org: string, campaignId: string, kind: 'address' | 'device', value: string): string {
    return createHmac('sha256', this.sourceKey)
      .update(`${kind}\n${org}\n${campaignId}\n${value}`)
      .digest()
      .subarray(0, 16)
      .toString('hex');
  }

  /** The code a shop's staff tells visitors at a staff-code checkpoint: six digits, per key. */
  staffCode(org: string, campaign: SealedCampaignKey, checkpointId: string): string {
    const digest = createHmac('sha256', this.key(org, campaign))
      .update(`staff\n${org}\n${campaign.id}\n${checkpointId}\n${campaign.key_version}`)
      .digest();
    return String(digest.readUInt32BE(0) % 1_000_000).padStart(6, '0');
  }
}

/** A rotating code changes every this many seconds. */
export const ROTATING_PERIOD_S = 60;
const ROTATING_LOOKBACK_WINDOWS = 30;
export const rotatingWindow = (now: Date) => Math.floor(now.getTime() / 1000 / ROTATING_PERIOD_S);

export interface SealedCampaignKey {
  id: string;
  key_version: number;
  sealed_key: string;
}

export const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');

/** A participant's cookie secret: 32 random bytes, URL-safe. */
export const newParticipantSecret = () => randomBytes(32).toString('base64url');

// Crockford-like alphabet without 0/O, 1/I/L: read aloud or copied from paper without mistakes.
const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A recovery code shown once: 12 characters in three groups (about 59 bits). */
export function newRecoveryCode(): string {
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}

/** A recovery code as typed (any case, spaces or no dashes) in its stored form. */
export function normaliseRecoveryCode(typed: string): string {
  const letters = typed.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return letters.length === 12 ? `${letters.slice(0, 4)}-${letters.slice(4, 8)}-${letters.slice(8)}` : '';
}
