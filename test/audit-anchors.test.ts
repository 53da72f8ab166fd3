import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anchorAuditHeads, readAnchors, verifyAuditAnchors } from '../src/platform/audit/anchors.js';
import { auditHash, PROVIDER_CHAIN } from '../src/platform/audit/chain.js';
import { verifyAuditLog } from '../src/platform/audit/verify.js';
import { loadSigningKey } from '../src/platform/crypto/signing-key.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { signedInOperator } from './helpers/client.js';
import { createOrganisation } from './helpers/fixtures.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { AUDIT_ANCHOR_MINUTES: '0' } });
  await createOrganisation(t.database.db, 'anchor-town');
  // Some provider-chain events through HTTP (sign-in, two-factor enrolment).
  await signedInOperator(t, 'ops-anchors@mitte-c.example.jp');
});
afterAll(() => t?.close());

const key = () => loadSigningKey(t.config);

interface Row {
  id: number;
  chain: string;
  seq: number;
  at: Date;
  org: string | null;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  outcome: string;
  request_id: string | null;
  details: Record<string, unknown>;
}

/**
 * What someone with the database owner's rights could do: change an old event of the provider's
 * chain and re-hash every event after it and the head, so that the chain verifies again.
 */
async function rewriteProviderChain(): Promise<void> {
  const { rows } = await t.database.superuser.query<Row>(
    `SELECT * FROM audit.events WHERE chain = $1 ORDER BY seq`,
    [PROVIDER_CHAIN],
  );
  let prev = '0'.repeat(64);
  const updates: string[] = [];
  for (const row of rows) {
    const details = Number(row.seq) === 1 ? { ...row.details, rewritten: true } : row.details;
    const hash = auditHash(prev, {
      chain: row.chain,
      // bigint arrives as text through the plain pg pool.
      seq: Number(row.seq),
      at: new Date(row.at).toISOString(),
      org: row.org,
      actorType: row.actor_type,
      actorId: row.actor_id,
      action: row.action,
      targetType: row.target_type,
      targetId: row.target_id,
      ip: row.ip,
      outcome: row.outcome,
      requestId: row.request_id,
      details,
    } as Parameters<typeof auditHash>[1]);
    updates.push(
      `UPDATE audit.events SET details = $j$${JSON.stringify(details)}$j$::jsonb, prev_hash = '${prev}', hash = '${hash}' WHERE id = ${row.id}`,
    );
    prev = hash;
  }
  updates.push(`UPDATE audit.chain_heads SET hash = '${prev}' WHERE chain = '${PROVIDER_CHAIN}'`);
  await t.database.superuser.query(
    `BEGIN; SET LOCAL session_replication_role = replica; ${updates.join('; ')}; COMMIT;`,
  );
}

describe(`anchored audit heads on ${process.env.TEST_DB ?? 'pglite'}`, () => {
  it("signs each chain's head into DATA_DIR/anchors, only when it moved, and the chains match them", async () => {
    const dir = t.config.auditAnchorDir;
    expect(dir.startsWith(t.dataDir)).toBe(true);
    expect(await anchorAuditHeads(t.database.db, key(), dir)).toBe(2);
    expect(await anchorAuditHeads(t.database.db, key(), dir)).toBe(0);
    const anchors = readAnchors(dir);
    expect(anchors.map((a) => a.chain).sort()).toEqual([PROVIDER_CHAIN, 'anchor-town'].sort());
    expect(anchors.every((a) => a.keyId === key().keyId && a.signature.length > 0)).toBe(true);
    expect(await verifyAuditAnchors(t.database.db, dir, key().publicKeyPem)).toMatchObject({ ok: true });
  });

  it('detects a chain rewritten and re-hashed as a whole in SQL, which the hash chain alone cannot', async () => {
    await rewriteProviderChain();
    const chains = await verifyAuditLog(t.database.db);
    expect(chains.chains.find((c) => c.chain === PROVIDER_CHAIN)?.ok).toBe(true);
    const report = await verifyAuditAnchors(t.database.db, t.config.auditAnchorDir, key().publicKeyPem);
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toMatch(/chain #provider: event \d+ does not have the hash anchored/);
  });

  it('refuses an anchor line altered without the key', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const file = path.join(t.config.auditAnchorDir, 'audit-heads.jsonl');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(
      file,
      text.replace(/"seq":(\d+)/, (_m, n) => `"seq":${Number(n) + 1}`),
    );
    const report = await verifyAuditAnchors(t.database.db, t.config.auditAnchorDir, key().publicKeyPem);
    expect(report.problems.join('\n')).toContain('bad signature');
  });

  it('anchors the heads once more when the app shuts down', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    // Outside the test app's data directory, which close() removes.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-anchors-'));
    const other = await startTestApp({ env: { AUDIT_ANCHOR_MINUTES: '0', AUDIT_ANCHOR_DIR: dir } });
    await createOrganisation(other.database.db, 'closing-town');
    expect(readAnchors(dir)).toEqual([]);
    await other.close();
    const anchors = readAnchors(dir);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(anchors.map((a) => a.chain)).toContain('closing-town');
  });
});
