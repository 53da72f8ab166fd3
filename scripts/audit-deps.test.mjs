import { describe, expect, it } from 'vitest';
import { advisoriesOf, evaluateAudit, readAllowlist } from './audit-deps.mjs';

// npm audit --json (report format 2), trimmed to what the audit reads.
function report(...advisories) {
  const vulnerabilities = {};
  for (const a of advisories) {
    vulnerabilities[a.name] = {
      name: a.name,
      severity: a.severity,
      via: [
        {
          source: a.source,
          name: a.name,
          title: 'a flaw',
          url: `https://github.com/advisories/${a.ghsa}`,
          severity: a.severity,
        },
      ],
    };
  }
  // A package vulnerable only through another names it by string.
  vulnerabilities.wrapper = { name: 'wrapper', severity: 'high', via: ['lodash'] };
  return { auditReportVersion: 2, vulnerabilities, metadata: {} };
}
const lodash = { name: 'lodash', severity: 'high', source: 1106913, ghsa: 'GHSA-35jh-r3h4-6jhm' };
const minimist = { name: 'minimist', severity: 'critical', source: 1096466, ghsa: 'GHSA-xvch-5gv4-984h' };
const debug = { name: 'debug', severity: 'moderate', source: 1094219, ghsa: 'GHSA-gxpj-cx7g-858c' };
const today = new Date('2026-12-03T12:00:00Z');
const entry = (extra) => ({
  id: 'GHSA-35jh-r3h4-6jhm',
  package: 'lodash',
  reason: 'only reached through the CSV export, which never passes user keys to template()',
  expires: '2027-01-31',
  ...extra,
});

describe('dependency audit', () => {
  it('reads each advisory once, with its GHSA id, skipping packages that only point at another', () => {
    const found = advisoriesOf(report(lodash, debug));
    expect(found.map((a) => [a.package, a.ghsa, a.severity])).toEqual([
      ['lodash', 'GHSA-35jh-r3h4-6jhm', 'high'],
      ['debug', 'GHSA-gxpj-cx7g-858c', 'moderate'],
    ]);
  });

  it('fails on high and critical advisories, not on moderate ones', () => {
    const result = evaluateAudit(report(lodash, minimist, debug), { entries: [] }, today);
    expect(result.failing.map((a) => a.package)).toEqual(['lodash', 'minimist']);
    expect(result.errors).toEqual([]);
  });

  it('an allow-list entry excuses its advisory by GHSA id or npm number, for that package only', () => {
    const byGhsa = evaluateAudit(report(lodash), { entries: [entry()] }, today);
    expect(byGhsa.failing).toEqual([]);
    expect(byGhsa.allowed).toHaveLength(1);
    const byNumber = evaluateAudit(report(lodash), { entries: [entry({ id: 1106913 })] }, today);
    expect(byNumber.failing).toEqual([]);
    const otherPackage = evaluateAudit(report(lodash), { entries: [entry({ package: 'lodash-es' })] }, today);
    expect(otherPackage.failing).toHaveLength(1);
  });

  it('an expired entry fails, whether or not its advisory is still there', () => {
    const stillThere = evaluateAudit(report(lodash), { entries: [entry({ expires: '2026-12-02' })] }, today);
    expect(stillThere.expired).toHaveLength(1);
    expect(stillThere.allowed).toEqual([]);
    const gone = evaluateAudit(report(debug), { entries: [entry({ expires: '2026-12-02' })] }, today);
    expect(gone.expired).toHaveLength(1);
    // Valid through the expiry day itself.
    expect(
      evaluateAudit(report(lodash), { entries: [entry({ expires: '2026-12-03' })] }, today).expired,
    ).toEqual([]);
  });

  it('entries without a reason or a real date are errors', () => {
    expect(readAllowlist({ entries: [entry({ reason: '' })] }).problems).toEqual([
      'allow-list entry 1 needs a real reason',
    ]);
    expect(readAllowlist({ entries: [entry({ expires: 'next year' })] }).problems[0]).toMatch(/YYYY-MM-DD/);
    expect(readAllowlist({ entries: [{ id: 'x' }] }).problems).toEqual([
      'allow-list entry 1 has no package',
      'allow-list entry 1 has no reason',
      'allow-list entry 1 has no expires',
    ]);
    expect(readAllowlist({}).problems).toEqual(['the allow-list needs an "entries" array']);
  });

  it('an unreachable audit endpoint is reported as not checked, never as clean', () => {
    const result = evaluateAudit(
      { message: '405 Method Not Allowed', statusCode: 405, error: { summary: '', detail: '' } },
      { entries: [] },
      today,
    );
    expect(result.errors[0]).toMatch(/could not be used .*NOT checked/);
    expect(result.unavailable).toBe(true);
  });

  it('unused entries are reported so they can be removed', () => {
    const result = evaluateAudit(report(debug), { entries: [entry()] }, today);
    expect(result.unused).toHaveLength(1);
    expect(result.errors).toEqual([]);
  });
});
