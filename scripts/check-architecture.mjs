#!/usr/bin/env node
// The layering rules of docs/architecture.md ("Rules that hold the layers"), checked over src/:
//   query-builder  SQL (selectFrom/insertInto/updateTable/deleteFrom/mergeInto/replaceInto, sql``)
//                  only in *.repo.ts files and src/db/.
//   table-owner    a table is named only by its owner (TABLE_OWNERS) and its documented readers;
//                  every table of src/db/schema*.ts has an owner.
//   deep-import    src/modules/a/** imports src/modules/b/** only through b/index.ts.
//   outside-import a file outside every module (app.ts, cli.ts, server.ts, bootstrap.ts, site/,
//                  src/modules/index.ts) imports a module only through its index.ts.
//   platform       src/platform/** imports no module (nor site/, app.ts, cli.ts).
//   cycle          no import cycle between modules, nor between the folders of src/platform/.
// Plain node, no dependencies: imports are read with a regular expression, which is enough for
// this code base (ESM, relative specifiers ending in .js). Exit 1 with file:line and the rule.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Every table's owner (the files that hold its SQL) and the documented readers beside it; a path
 * ending in / means the folder. docs/architecture.md, "Who owns which table", says the same.
 */
const TABLE_OWNERS = {
  'provider.organisations': {
    owner: ['src/platform/tenancy/organisations.repo.ts'],
    // The typed contexts' organisation reference, built below platform (core, issue 11).
    // The quarantine list (provider operators) joins the organisations' names (media, issue 11).
    // The data keys' version floor after a service code was reused (lifecycle, issue 14).
    readers: [
      'src/db/organisation-ref.ts',
      'src/modules/media/quarantine.repo.ts',
      'src/platform/crypto/data-keys.repo.ts',
    ],
  },
  'auth.sessions': { owner: ['src/platform/auth/sessions.repo.ts'] },
  'auth.throttles': { owner: ['src/platform/auth/throttle.repo.ts'] },
  'audit.events': {
    owner: ['src/platform/audit/audit.repo.ts'],
    // The dashboard's "colleagues' changes" reads the chain (one bounded query); the operators'
    // work log reads the provider chain's operator events (issue 15).
    readers: [
      'src/modules/audit-log/audit-log.repo.ts',
      'src/modules/dashboard/dashboard.repo.ts',
      'src/modules/work-log/work-log.repo.ts',
    ],
  },
  'audit.chain_heads': { owner: ['src/platform/audit/audit.repo.ts'] },
  'tenant.users': {
    owner: ['src/modules/users/users.repo.ts'],
    // The session lookup (platform imports no module), and the account names beside the audit
    // log's events and content's and campaigns' revisions (a join in the same query; the name only).
    readers: [
      'src/platform/auth/sessions.repo.ts',
      'src/modules/audit-log/audit-log.repo.ts',
      'src/modules/content/content-revisions.repo.ts',
      'src/modules/rally/rally-revisions.repo.ts',
      'src/modules/dashboard/dashboard.repo.ts',
      'src/modules/export/export.repo.ts',
      // Capacity counts the accounts in use (issue 14).
      'src/modules/capacity/capacity.repo.ts',
    ],
  },
  'tenant.user_tokens': { owner: ['src/modules/users/users.repo.ts'] },
  'tenant.user_recovery_codes': { owner: ['src/modules/users/users.repo.ts'] },
  'tenant.account_settings': { owner: ['src/modules/users/users.repo.ts'] },
  'provider.operators': {
    owner: ['src/modules/operators/operators.repo.ts'],
    // The session lookup (status, rights); the work log's operator names (a join, the name only).
    readers: ['src/platform/auth/sessions.repo.ts', 'src/modules/work-log/work-log.repo.ts'],
  },
  'provider.operator_recovery_codes': { owner: ['src/modules/operators/operators.repo.ts'] },
  'provider.operator_tokens': { owner: ['src/modules/operators/operators.repo.ts'] },
  'provider.operator_reset_requests': { owner: ['src/modules/operators/operators.repo.ts'] },
  'provider.work_log_reviews': { owner: ['src/modules/work-log/work-log.repo.ts'] },
  'tenant.site_settings': {
    readers: ['src/modules/export/export.repo.ts'],
    owner: ['src/modules/site-settings/site-settings.repo.ts'],
  },
  'tenant.analytics_daily': {
    // Capacity sums the page views per day (issue 14).
    readers: ['src/modules/export/export.repo.ts', 'src/modules/capacity/capacity.repo.ts'],
    owner: ['src/modules/analytics/analytics.repo.ts'],
  },
  'tenant.analytics_daily_visitors': {
    readers: ['src/modules/export/export.repo.ts'],
    owner: ['src/modules/analytics/analytics.repo.ts'],
  },
  'tenant.analytics_visitors': { owner: ['src/modules/analytics/analytics.repo.ts'] },
  'provider.analytics_salts': { owner: ['src/modules/analytics/analytics.repo.ts'] },
  'tenant.content_items': {
    owner: ['src/modules/content/'],
    // The dashboard's work lists are bounded read-only views over the items (issue 12); capacity
    // counts them by kind (issue 14).
    readers: [
      'src/modules/dashboard/dashboard.repo.ts',
      'src/modules/export/export.repo.ts',
      'src/modules/capacity/capacity.repo.ts',
    ],
  },
  'tenant.content_links': { readers: ['src/modules/export/export.repo.ts'], owner: ['src/modules/content/'] },
  'tenant.content_revisions': {
    readers: ['src/modules/export/export.repo.ts'],
    owner: ['src/modules/content/'],
  },
  'tenant.content_categories': {
    readers: ['src/modules/export/export.repo.ts'],
    owner: ['src/modules/content/'],
  },
  'tenant.media': {
    owner: ['src/modules/media/'],
    readers: ['src/modules/dashboard/dashboard.repo.ts', 'src/modules/export/export.repo.ts'],
  },
  'provider.quarantine': { owner: ['src/modules/media/'] },
  'provider.organisation_keys': { owner: ['src/platform/crypto/'] },
  'provider.organisation_purges': { owner: ['src/modules/lifecycle/lifecycle.repo.ts'] },
  'provider.schema_migrations': { owner: ['src/db/migrate.ts'] },
  'tenant.exports': { owner: ['src/modules/export/export.repo.ts'] },
  'provider.backups': { owner: ['src/modules/backup/backup.repo.ts'] },
  'tenant.api_requests_daily': { owner: ['src/modules/capacity/capacity.repo.ts'] },
  'tenant.rally_campaigns': { owner: ['src/modules/rally/'], readers: ['src/modules/export/export.repo.ts'] },
  'tenant.rally_checkpoints': {
    owner: ['src/modules/rally/'],
    readers: ['src/modules/export/export.repo.ts'],
  },
  'tenant.rally_participants': {
    owner: ['src/modules/rally/'],
    readers: ['src/modules/export/export.repo.ts'],
  },
  'tenant.rally_stamps': { owner: ['src/modules/rally/'], readers: ['src/modules/export/export.repo.ts'] },
  'tenant.rally_code_failures': { owner: ['src/modules/rally/'] },
  'tenant.rally_campaign_revisions': {
    owner: ['src/modules/rally/'],
    readers: ['src/modules/export/export.repo.ts'],
  },
  'tenant.rally_applications': {
    owner: ['src/modules/rally/'],
    readers: ['src/modules/export/export.repo.ts'],
  },
  'provider.notices': { owner: ['src/modules/notices/notices.repo.ts'] },
  'provider.notice_organisations': { owner: ['src/modules/notices/notices.repo.ts'] },
  'provider.notice_receipts': { owner: ['src/modules/notices/notices.repo.ts'] },
  'provider.incidents': { owner: ['src/modules/incidents/incidents.repo.ts'] },
  'provider.incident_organisations': { owner: ['src/modules/incidents/incidents.repo.ts'] },
  'provider.incident_updates': { owner: ['src/modules/incidents/incidents.repo.ts'] },
  // Support desk and break-glass (issue 15 items 3, 5).
  'provider.support_tickets': { owner: ['src/modules/support/support.repo.ts'] },
  'provider.support_mails': { owner: ['src/modules/support/support.repo.ts'] },
  'tenant.support_reports': { owner: ['src/modules/support/support.repo.ts'] },
  'tenant.support_messages': { owner: ['src/modules/support/support.repo.ts'] },
  'tenant.support_attachments': { owner: ['src/modules/support/support.repo.ts'] },
  'provider.break_glass_grants': { owner: ['src/modules/break-glass/break-glass.repo.ts'] },
  'provider.break_glass_reads': { owner: ['src/modules/break-glass/break-glass.repo.ts'] },
  'tenant.break_glass_settings': { owner: ['src/modules/break-glass/break-glass.repo.ts'] },
};

/**
 * Exceptions to the rules, each `{ rule, path?, target?, cycle?, why }` with the branch and date.
 * Empty since issue 11 was finished: a needed read of another module's table is a documented
 * reader above, an import goes through the module's index.ts. An entry whose file no longer breaks
 * its rule is reported as stale, so the list can only shrink.
 */
const ALLOWED = [];

const QUERY_BUILDER =
  /\.(selectFrom|insertInto|updateTable|deleteFrom|mergeInto|replaceInto)\s*\(|\bsql\s*(<[^`;]*>)?\s*`|\bsql\.(raw|ref|table|id|lit|val|join)\s*\(/;
const TABLE_NAME = /(['"`])((?:provider|tenant|auth|audit)\.[a-z_]+)(?: as \w+)?\1/g;
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const posix = (p) => p.split(sep).join('/');
const isTest = (file) => /\.test\.tsx?$/.test(file);
const moduleOf = (file) => /^src\/modules\/([^/]+)\//.exec(file)?.[1];
const platformPartOf = (file) => /^src\/platform\/([^/]+)\//.exec(file)?.[1];
const lineOf = (text, index) => text.slice(0, index).split('\n').length;

/** Strips comments so that an example in a comment is not read as code; keeps line numbers. */
function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\/|(^|[^:'"`\\])\/\/[^\n]*/g, (match, lead = '') =>
    match.startsWith('/*') ? match.replace(/[^\n]/g, ' ') : lead,
  );
}

/** Resolves a relative specifier to a repository path (src/…/x.ts), or undefined for packages. */
function resolveImport(from, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const target = posix(relative(root, resolve(root, dirname(from), specifier)));
  return target.replace(/\.js$/, '.ts').replace(/\.jsx$/, '.tsx');
}

/**
 * Checks the files (repository paths under src/); `read` gives a file's text (tests pass their
 * own). Returns the violations not allowed and the allow-list entries no longer needed.
 */
export function checkArchitecture({
  files = walk(join(root, 'src')).map((f) => posix(relative(root, f))),
  read = (file) => readFileSync(join(root, file), 'utf8'),
} = {}) {
  const violations = [];
  const used = new Set();
  const report = (rule, file, line, why, detail = {}) => {
    const allowed = ALLOWED.find(
      (a) =>
        a.rule === rule &&
        (a.path === undefined || file.startsWith(a.path)) &&
        (a.target === undefined || detail.target?.startsWith(a.target)) &&
        (a.cycle === undefined || detail.cycle === a.cycle),
    );
    if (allowed) used.add(allowed);
    else violations.push({ rule, file, line, why });
  };
  // Edges of the module graph and of the platform-folder graph: "a -> b" → first file:line seen.
  const moduleEdges = new Map();
  const platformEdges = new Map();

  for (const file of files) {
    if (isTest(file)) continue;
    const text = stripComments(read(file));

    const isRepo = file.endsWith('.repo.ts');
    if (!isRepo && !file.startsWith('src/db/')) {
      text.split('\n').forEach((line, i) => {
        const m = QUERY_BUILDER.exec(line);
        if (m)
          report(
            'query-builder',
            file,
            i + 1,
            `\`${m[0].trim()}\` outside a *.repo.ts: move the query into the repo that owns the table`,
          );
      });
    }

    if (!/^src\/db\/schema[\w-]*\.ts$/.test(file)) {
      for (const m of text.matchAll(TABLE_NAME)) {
        const table = m[2];
        const owners = TABLE_OWNERS[table];
        if (!owners) continue;
        const allowed = [...owners.owner, ...(owners.readers ?? [])];
        if (!allowed.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p)))
          report(
            'table-owner',
            file,
            lineOf(text, m.index),
            `names ${table}, which ${owners.owner.join(', ')} owns: call the owner (through its module's index.ts)`,
          );
      }
    }

    const fromModule = moduleOf(file);
    const fromPlatform = platformPartOf(file);
    for (const m of text.matchAll(IMPORT)) {
      const target = resolveImport(file, m[1] ?? m[2]);
      if (!target) continue;
      const line = lineOf(text, m.index + m[0].indexOf(m[1] ?? m[2]));
      const toModule = moduleOf(target);
      if (fromModule && toModule && fromModule !== toModule) {
        if (target !== `src/modules/${toModule}/index.ts`)
          report(
            'deep-import',
            file,
            line,
            `imports ${target}: another module is used only through src/modules/${toModule}/index.ts`,
            { target },
          );
        const edge = `${fromModule} -> ${toModule}`;
        if (!moduleEdges.has(edge)) moduleEdges.set(edge, `${file}:${line}`);
      }
      if (!fromModule && !fromPlatform && toModule && target !== `src/modules/${toModule}/index.ts`)
        report(
          'outside-import',
          file,
          line,
          `imports ${target}: code outside the modules uses a module only through src/modules/${toModule}/index.ts`,
          { target },
        );
      if (
        file.startsWith('src/platform/') &&
        /^src\/(modules|site)\/|^src\/(app|cli|server)\.ts$/.test(target)
      )
        report(
          'platform',
          file,
          line,
          `imports ${target}: platform code is used by modules and imports none`,
        );
      const toPlatform = platformPartOf(target);
      if (fromPlatform && toPlatform && fromPlatform !== toPlatform) {
        const edge = `${fromPlatform} -> ${toPlatform}`;
        if (!platformEdges.has(edge)) platformEdges.set(edge, `${file}:${line}`);
      }
    }
  }

  for (const file of files.filter((f) => /^src\/db\/schema[\w-]*\.ts$/.test(f))) {
    const text = read(file);
    for (const m of text.matchAll(/^\s+'((?:provider|tenant|auth|audit)\.[a-z_]+)':/gm))
      if (!TABLE_OWNERS[m[1]])
        report(
          'table-owner',
          file,
          lineOf(text, m.index),
          `${m[1]} has no owner: add it to TABLE_OWNERS in scripts/check-architecture.mjs and to docs/architecture.md`,
        );
  }

  for (const [graph, edges, label] of [
    ['modules', moduleEdges, 'src/modules/'],
    ['platform', platformEdges, 'src/platform/'],
  ]) {
    for (const cycle of findCycles(edges)) {
      const path = cycle.map((n) => `${label}${n}`).join(' -> ');
      const where = cycle
        .slice(0, -1)
        .map((n, i) => `${n} -> ${cycle[i + 1]} at ${edges.get(`${n} -> ${cycle[i + 1]}`)}`)
        .join('; ');
      const [file, line] = edges.get(`${cycle[0]} -> ${cycle[1]}`).split(':');
      report('cycle', file, Number(line), `import cycle between ${graph}: ${path} (${where})`, {
        cycle: cycle.join(' -> '),
      });
    }
  }

  const stale = ALLOWED.filter((a) => !used.has(a));
  return { violations, stale };
}

/** One cycle per strongly connected component (Tarjan), as a closed path of node names. */
function findCycles(edges) {
  const next = new Map();
  for (const edge of edges.keys()) {
    const [a, b] = edge.split(' -> ');
    if (!next.has(a)) next.set(a, []);
    next.get(a).push(b);
  }
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  let counter = 0;
  const visit = (v) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component);
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  // Walk a shortest path from the component's first node back to itself, inside the component.
  return components.map((component) => {
    const members = new Set(component);
    const start = [...component].sort()[0];
    const previous = new Map([[start, undefined]]);
    const queue = [start];
    while (queue.length) {
      const v = queue.shift();
      for (const w of next.get(v) ?? []) {
        if (!members.has(w)) continue;
        if (w === start) {
          const path = [start];
          for (let u = v; u !== start; u = previous.get(u)) path.splice(1, 0, u);
          return [...path, start];
        }
        if (!previous.has(w)) {
          previous.set(w, v);
          queue.push(w);
        }
      }
    }
    return [start, start];
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { violations, stale } = checkArchitecture();
  for (const v of violations) console.error(`${v.file}:${v.line}  [${v.rule}] ${v.why}`);
  for (const a of stale)
    console.error(
      `scripts/check-architecture.mjs  [stale allow-list entry] ${a.rule} ${a.path} (${a.why}): remove it`,
    );
  if (violations.length || stale.length) {
    console.error(
      `\ncheck-architecture: ${violations.length} violation(s), ${stale.length} stale allow-list entr(y/ies); see docs/architecture.md, "Rules that hold the layers"`,
    );
    process.exit(1);
  }
  console.log('check-architecture: layers, module boundaries and cycles OK');
}
