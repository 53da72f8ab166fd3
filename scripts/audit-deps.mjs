// Dependency audit for the test command: `npm audit --omit=dev --json` against package-lock.json,
// failing on any high or critical advisory in a run-time dependency unless security/audit-allowlist.json
// names it with a reason and an expiry date (an expired entry fails, so every exception is looked at
// again). If the registry's audit endpoint cannot be used the script says loudly that the dependencies
// were NOT checked and exits 3 ("not checked" is not "nothing found"); the test command fails on that
// only with AUDIT_REQUIRED=1, because some registries (mirrors, proxies) do not offer the endpoint.
// Usage: node scripts/audit-deps.mjs [--report file.json] (the file instead of npm).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ALLOWLIST = path.join(ROOT, 'security', 'audit-allowlist.json');
const FAILING = new Set(['high', 'critical']);

/**
 * The advisories of an npm audit report (format 2), one entry per advisory and package.
 * @param {any} report
 * @returns {{ id: string, ghsa: string | null, package: string, severity: string, title: string, url: string }[]}
 */
export function advisoriesOf(report) {
  const found = new Map();
  for (const vulnerability of Object.values(report?.vulnerabilities ?? {})) {
    for (const via of vulnerability.via ?? []) {
      // A string names another vulnerable package, whose own entry lists the advisory.
      if (typeof via !== 'object' || via === null) continue;
      const ghsa = /GHSA-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}/i.exec(via.url ?? '')?.[0] ?? null;
      const id = String(via.source ?? ghsa ?? via.url);
      found.set(`${id} ${via.name}`, {
        id,
        ghsa,
        package: via.name ?? vulnerability.name,
        severity: via.severity ?? vulnerability.severity,
        title: via.title ?? '',
        url: via.url ?? '',
      });
    }
  }
  return [...found.values()];
}

/**
 * Checks the allow-list's shape; every entry needs id, package, reason and an expiry date.
 * @param {any} list
 * @returns {{ entries: { id: string, package: string, reason: string, expires: string }[], problems: string[] }}
 */
export function readAllowlist(list) {
  const problems = [];
  const entries = [];
  if (!list || !Array.isArray(list.entries)) {
    return { entries, problems: ['the allow-list needs an "entries" array'] };
  }
  for (const [i, entry] of list.entries.entries()) {
    const where = `allow-list entry ${i + 1}`;
    if (!entry || typeof entry !== 'object') {
      problems.push(`${where} is not an object`);
      continue;
    }
    for (const field of ['id', 'package', 'reason', 'expires']) {
      if (typeof entry[field] !== 'string' && typeof entry[field] !== 'number') {
        problems.push(`${where} has no ${field}`);
      }
    }
    if (typeof entry.reason === 'string' && entry.reason.trim().length < 10) {
      problems.push(`${where} needs a real reason`);
    }
    if (typeof entry.expires === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(entry.expires)) {
      problems.push(`${where}: expires must be a date (YYYY-MM-DD)`);
    } else if (typeof entry.expires === 'string' && Number.isNaN(Date.parse(`${entry.expires}T00:00:00Z`))) {
      problems.push(`${where}: expires ${entry.expires} is not a date`);
    }
    entries.push({ ...entry, id: String(entry.id) });
  }
  return { entries, problems };
}

/**
 * The decision: which advisories fail the audit, which are excused, and which allow-list entries
 * are expired (failing) or no longer needed (reported, so they can be removed).
 * @param {any} report npm audit --json output
 * @param {any} list the allow-list file's content
 * @param {Date} today
 */
export function evaluateAudit(report, list, today = new Date()) {
  const errors = [];
  if (report?.error || report?.statusCode || !report?.vulnerabilities) {
    const why = report?.error?.summary || report?.message || 'no vulnerabilities section in the answer';
    errors.push(`the npm audit endpoint could not be used (${why}); the dependencies were NOT checked`);
    return { failing: [], allowed: [], expired: [], unused: [], errors, unavailable: true };
  }
  const { entries, problems } = readAllowlist(list);
  errors.push(...problems);
  const day = today.toISOString().slice(0, 10);
  const matches = (entry, advisory) =>
    entry.package === advisory.package && (entry.id === advisory.id || entry.id === advisory.ghsa);
  const failing = [];
  const allowed = [];
  const expired = [];
  const used = new Set();
  for (const advisory of advisoriesOf(report)) {
    if (!FAILING.has(advisory.severity)) continue;
    const entry = entries.find((e) => matches(e, advisory));
    if (!entry) {
      failing.push(advisory);
      continue;
    }
    used.add(entry);
    if (entry.expires < day) expired.push({ advisory, entry });
    else allowed.push({ advisory, entry });
  }
  const unused = entries.filter((e) => !used.has(e));
  for (const entry of entries) {
    if (entry.expires < day && !used.has(entry)) {
      // An expired entry fails even when the advisory is gone: remove it.
      expired.push({ advisory: null, entry });
    }
  }
  return { failing, allowed, expired, unused, errors, unavailable: false };
}

function runNpmAudit() {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['audit', '--omit=dev', '--json', '--package-lock-only'],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      // npm audit exits non-zero when it finds something; the JSON says what.
      (error, stdout) => {
        try {
          resolve(JSON.parse(stdout));
        } catch {
          resolve({ error: { summary: error ? error.message.split('\n')[0] : 'npm audit printed no JSON' } });
        }
      },
    );
  });
}

async function main() {
  const at = process.argv.indexOf('--report');
  const report = at > 0 ? JSON.parse(fs.readFileSync(process.argv[at + 1], 'utf8')) : await runNpmAudit();
  const list = JSON.parse(fs.readFileSync(ALLOWLIST, 'utf8'));
  const result = evaluateAudit(report, list);
  const line = (a) => `${a.severity} ${a.package} ${a.ghsa ?? a.id}: ${a.title} ${a.url}`;
  for (const { advisory, entry } of result.allowed) {
    console.log(`audit: allowed until ${entry.expires}: ${line(advisory)} (${entry.reason})`);
  }
  for (const entry of result.unused) {
    console.log(`audit: allow-list entry ${entry.id} (${entry.package}) matches nothing any more; remove it`);
  }
  for (const { advisory, entry } of result.expired) {
    console.error(
      `audit: EXPIRED allow-list entry ${entry.id} (${entry.package}, ${entry.expires})${advisory ? `: ${line(advisory)}` : ''}`,
    );
  }
  for (const advisory of result.failing) console.error(`audit: ${line(advisory)}`);
  for (const error of result.errors) console.error(`audit: ${error}`);
  if (result.unavailable) process.exit(3);
  const failed = result.failing.length + result.expired.length + result.errors.length;
  if (failed > 0) {
    console.error(
      `audit: FAILED: ${result.failing.length} high/critical advisories not allowed, ` +
        `${result.expired.length} expired allow-list entries, ${result.errors.length} errors`,
    );
    process.exit(1);
  }
  const total = advisoriesOf(report).length;
  console.log(
    `audit: passed: no high/critical advisory in run-time dependencies outside the allow-list ` +
      `(${total} advisories of any severity, ${result.allowed.length} allowed)`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
