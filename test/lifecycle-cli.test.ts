import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliSandbox } from './helpers/cli.js';
import { testDbKind } from './helpers/env.js';

const kind = testDbKind();
const ORG = 'purge-cli';
const cli = cliSandbox('mitte-lifecycle-cli-');
const { mitte, failing } = cli;

describe(`mitte lifecycle commands on ${kind}`, () => {
  it('terminate-org ends the contract; a second suspend or a purge without the typed code is refused', async () => {
    await mitte(['migrate']);
    await mitte(['create-org', '--code', ORG, '--name-ja', '消去町', '--name-en', 'Purge Town']);
    const blobDir = path.join(cli.dataDir, 'blobs', ORG, '2026', '01');
    fs.mkdirSync(blobDir, { recursive: true });
    fs.writeFileSync(path.join(blobDir, randomUUID()), 'twelve bytes');

    const activePurge = await failing(['purge-org', '--org', ORG, '--confirm', ORG]);
    expect(activePurge.stderr).toContain('Only a terminated organisation can be purged');
    expect((await mitte(['suspend-org', '--org', ORG, '--reason', 'incident'])).stdout).toContain(
      `organisation ${ORG} is now suspended`,
    );
    const twice = await failing(['suspend-org', '--org', ORG]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('既に利用停止中');
    const terminated = await mitte(['terminate-org', '--org', ORG, '--export-days', '7']);
    expect(terminated.stdout).toContain(`organisation ${ORG} is now terminated`);
    expect(terminated.stdout).toMatch(/purge date: \d{4}-/);

    const unconfirmed = await failing(['purge-org', '--org', ORG]);
    expect(unconfirmed.stderr).toContain("required option '--confirm <serviceCode>'");
    const wrong = await failing(['purge-org', '--org', ORG, '--confirm', 'other-town']);
    expect(wrong.stderr).toContain("type the organisation's service code exactly");
    expect(fs.existsSync(blobDir)).toBe(true);
  });

  it('a purge killed with SIGKILL mid-way is finished by the next run, and the certificate verifies', async () => {
    for (const step of ['rows', 'keys']) {
      const killed = await failing(['purge-org', '--org', ORG, '--confirm', ORG], {
        MITTE_TEST_PURGE_KILL_AFTER: step,
      });
      expect(killed.signal).toBe('SIGKILL');
    }
    expect(fs.existsSync(path.join(cli.dataDir, 'blobs', ORG))).toBe(false);
    const finished = await mitte(['purge-org', '--org', ORG, '--confirm', ORG]);
    expect(finished.stdout).toContain(`organisation ${ORG} purged`);
    // The provider chain and the other chains still verify; the purged chain is gone.
    expect((await mitte(['verify-audit'])).stdout).toMatch(/^OK: /);

    const json = path.join(cli.dataDir, 'certificate.json');
    const pdf = path.join(cli.dataDir, 'certificate.pdf');
    await mitte(['deletion-certificate', '--org', ORG, '--out', json, '--pdf', pdf]);
    const certificate = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(certificate.certificate.deleted).toMatchObject({ files: 1, bytes: 12 });
    const ok = await mitte(['verify-certificate', json, '--pdf', pdf]);
    expect(ok.stdout).toContain(`OK: certificate of ${ORG}`);

    certificate.certificate.deleted.bytes = 0;
    const forged = path.join(cli.dataDir, 'forged.json');
    fs.writeFileSync(forged, JSON.stringify(certificate));
    const refused = await failing(['verify-certificate', forged]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('INVALID');
  }, 240_000);
});
