import { safeEqual } from '../../platform/auth/tokens.js';
import { keyedMac } from '../../platform/crypto/keyed-mac.js';
import { CONTENT_KINDS, type ContentKind } from '../content/index.js';

/** What a preview link grants: one item's working copy, until a moment. */
export interface PreviewGrant {
  kind: ContentKind;
  id: string;
  expiresAt: Date;
}

export type OpenedPreview = { ok: true; grant: PreviewGrant } | { ok: false; reason: 'invalid' | 'expired' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Preview links carry no session: the token itself is the permission. It is signed
 * (HMAC-SHA-256, key derived from the master key, so every node accepts every node's links)
 * over the organisation, the item and the expiry, so it cannot be moved to another organisation
 * or item, nor prolonged. `<kind>.<id>.<expiry in seconds>.<mac>` — only URL-safe characters.
 */
export class PreviewTokens {
  private readonly mac: (org: string, body: string) => string;

  constructor(masterKey: Buffer) {
    this.mac = keyedMac(masterKey, 'preview-links');
  }

  seal(org: string, grant: PreviewGrant): string {
    const body = `${grant.kind}.${grant.id}.${Math.floor(grant.expiresAt.getTime() / 1000)}`;
    return `${body}.${this.mac(org, body)}`;
  }

  /** Checks the signature first; only a genuine token can say it has expired. */
  open(org: string, token: string, now = new Date()): OpenedPreview {
    const parts = token.split('.');
    if (parts.length !== 4) return { ok: false, reason: 'invalid' };
    const [kind, id, expiry, mac] = parts as [string, string, string, string];
    const body = `${kind}.${id}.${expiry}`;
    if (!safeEqual(mac, this.mac(org, body))) return { ok: false, reason: 'invalid' };
    if (!(CONTENT_KINDS as readonly string[]).includes(kind) || !UUID.test(id) || !/^\d{1,12}$/.test(expiry))
      return { ok: false, reason: 'invalid' };
    const expiresAt = new Date(Number(expiry) * 1000);
    if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
    return { ok: true, grant: { kind: kind as ContentKind, id, expiresAt } };
  }
}
