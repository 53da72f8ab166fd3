import type { Database } from '../../db/database.js';
import { asOrganisation } from '../../db/scope.js';
import { runAsSystem } from '../../platform/access/system-context.js';
import { audit } from '../../platform/audit/audit.js';
import { KeyRing, masterKeyId } from '../../platform/crypto/data-keys.js';
import { SecretBox } from '../../platform/crypto/secret-box.js';
import { listServiceCodes } from '../../platform/tenancy/organisations.repo.js';
import { listUserTotpSeeds, updateUserTotpSeed } from '../users/index.js';
import { listOperatorTotpSeeds, updateOperatorTotpSeed } from './operators.repo.js';

// The purpose under which app.ts seals TOTP seeds with the master key.
const TOTP_PURPOSE = 'totp-secrets';

export interface MasterKeyRotation {
  from: string;
  to: string;
  dataKeys: number;
  totpSeeds: number;
}

/**
 * Moves everything the master key protects to a new one, in one provider transaction (all or
 * nothing): every live data key is re-wrapped (KeyRing.rewrapWithin) and every TOTP seed,
 * sealed under a key derived from the master key, is re-sealed. Audited on the provider chain.
 * Seeds already sealed under the new key are left alone, so a repeated run is harmless.
 */
export async function rotateMasterKey(
  db: Database,
  currentKey: Buffer,
  newKey: Buffer,
  actorId = 'cli',
): Promise<MasterKeyRotation> {
  const from = masterKeyId(currentKey);
  const to = masterKeyId(newKey);
  if (from === to) throw new Error('the new master key is the current one');
  const ring = new KeyRing(db, currentKey);
  const oldBox = new SecretBox(currentKey, TOTP_PURPOSE);
  const newBox = new SecretBox(newKey, TOTP_PURPOSE);
  const reseal = (sealed: string, context: string): string | null => {
    try {
      newBox.open(sealed, context);
      return null;
    } catch {
      return newBox.seal(oldBox.open(sealed, context), context);
    }
  };
  return runAsSystem(db, { kind: 'provider' }, actorId, [], async (ctx) => {
    const dataKeys = await ring.rewrapWithin(ctx.tx, newKey, to);
    let totpSeeds = 0;
    for (const operator of await listOperatorTotpSeeds(ctx.tx)) {
      const sealed = reseal(operator.sealed, `totp:#provider:${operator.id}`);
      if (sealed === null) continue;
      await updateOperatorTotpSeed(ctx.tx, operator.id, sealed);
      totpSeeds++;
    }
    for (const org of await listServiceCodes(ctx.tx)) {
      totpSeeds += await asOrganisation(ctx.tx, org, async () => {
        let count = 0;
        for (const user of await listUserTotpSeeds(ctx.tx, org)) {
          const sealed = reseal(user.sealed, `totp:${org}:${user.id}`);
          if (sealed === null) continue;
          await updateUserTotpSeed(ctx.tx, org, user.id, sealed);
          count++;
        }
        return count;
      });
    }
    await audit(ctx, {
      action: 'crypto.master_key_rotated',
      target: { type: 'master_key', id: to },
      // Names the redaction of secret-looking keys (totp, master key) leaves readable.
      details: { fromId: from, toId: to, dataKeysRewrapped: dataKeys, authenticatorSeedsResealed: totpSeeds },
    });
    return { from, to, dataKeys, totpSeeds };
  });
}
