import type { Database } from '../../db/database.js';
import { asOrganisation } from '../../db/scope.js';
import { runAsSystem } from '../../platform/access/system-context.js';
import { audit } from '../../platform/audit/audit.js';
import { KeyRing, masterKeyId } from '../../platform/crypto/data-keys.js';
import { SecretBox } from '../../platform/crypto/secret-box.js';

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
    const operators = await ctx.tx
      .selectFrom('provider.operators')
      .select(['id', 'totp_secret'])
      .where('totp_secret', 'is not', null)
      .execute();
    for (const operator of operators) {
      const sealed = reseal(operator.totp_secret!, `totp:#provider:${operator.id}`);
      if (sealed === null) continue;
      await ctx.tx
        .updateTable('provider.operators')
        .set({ totp_secret: sealed })
        .where('id', '=', operator.id)
        .execute();
      totpSeeds++;
    }
    const orgs = await ctx.tx.selectFrom('provider.organisations').select('service_code').execute();
    for (const { service_code: org } of orgs) {
      totpSeeds += await asOrganisation(ctx.tx, org, async () => {
        const users = await ctx.tx
          .selectFrom('tenant.users')
          .select(['id', 'totp_secret'])
          .where('org', '=', org)
          .where('totp_secret', 'is not', null)
          .execute();
        let count = 0;
        for (const user of users) {
          const sealed = reseal(user.totp_secret!, `totp:${org}:${user.id}`);
          if (sealed === null) continue;
          await ctx.tx
            .updateTable('tenant.users')
            .set({ totp_secret: sealed })
            .where('org', '=', org)
            .where('id', '=', user.id)
            .execute();
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
