import { describe, expect, it } from 'vitest';
import { checkArchitecture } from './check-architecture.mjs';

/** Runs the check over an in-memory source tree. */
function check(tree) {
  return checkArchitecture({ files: Object.keys(tree), read: (file) => tree[file] }).violations.map(
    (v) => `${v.file}:${v.line} ${v.rule}`,
  );
}

describe('check-architecture', () => {
  it('passes on this repository', () => {
    const { violations, stale } = checkArchitecture();
    expect(violations).toEqual([]);
    expect(stale).toEqual([]);
  });

  it('finds SQL outside a repo, and allows it in a repo and in src/db/', () => {
    expect(
      check({
        'src/modules/spots/spots.service.ts':
          "import x from 'y';\nawait tx.selectFrom('tenant.spots').execute();\n",
        'src/modules/spots/spots.repo.ts': "await tx.selectFrom('tenant.spots').execute();\n",
        'src/db/scope.ts': 'await sql`SELECT 1`.execute(tx);\n',
        'src/platform/jobs/x.ts': '// tx.deleteFrom in a comment is no query\nawait sql<number>`SELECT 1`;\n',
      }),
    ).toEqual([
      'src/modules/spots/spots.service.ts:2 query-builder',
      'src/platform/jobs/x.ts:2 query-builder',
    ]);
  });

  it('finds a table named outside its owner and documented readers, and a table without owner', () => {
    expect(
      check({
        'src/modules/users/users.repo.ts': "tx.selectFrom('tenant.users as u')\n",
        'src/platform/auth/sessions.repo.ts': "tx.selectFrom('tenant.users')\n",
        'src/modules/spots/spots.repo.ts': "\n  tx.selectFrom('provider.organisations').selectAll()\n",
        'src/modules/spots/spots.service.ts': "audit(ctx, { action: 'auth.sign_in' });\n",
        'src/db/schema.ts':
          "export interface DB {\n  'tenant.users': UsersTable;\n  'tenant.spots': SpotsTable;\n}\n",
      }),
    ).toEqual(['src/modules/spots/spots.repo.ts:2 table-owner', 'src/db/schema.ts:3 table-owner']);
  });

  it('finds deep imports across modules and platform code importing a module', () => {
    expect(
      check({
        'src/modules/a/a.service.ts':
          "import { b } from '../b/index.js';\nimport { c } from '../b/b.service.js';\nimport { own } from './a.repo.js';\n",
        'src/modules/b/index.ts': "export { c } from './b.service.js';\n",
        'src/modules/b/b.service.ts': 'export const c = 1;\n',
        'src/platform/http/x.ts': "import type { T } from '../../modules/b/index.js';\n",
      }),
    ).toEqual(['src/modules/a/a.service.ts:2 deep-import', 'src/platform/http/x.ts:1 platform']);
  });

  it('finds app.ts, cli.ts, site/ and the module list importing a module file other than its index.ts', () => {
    expect(
      check({
        'src/app.ts':
          "import { b } from './modules/b/index.js';\nimport { c } from './modules/b/b.service.js';\n",
        'src/cli.ts': "import { c } from './modules/b/b.service.js';\n",
        'src/bootstrap.ts': "import { b } from './modules/b/index.js';\n",
        'src/site/site.routes.ts':
          "import { b } from '../modules/b/index.js';\nimport type { R } from '../modules/b/b.repo.js';\n",
        'src/modules/index.ts': "import { b } from './b/index.js';\nimport { r } from './b/b.routes.js';\n",
        'src/modules/b/index.ts': "export { c } from './b.service.js';\n",
        'src/modules/b/b.service.ts': "import { r } from './b.repo.js';\n",
      }),
    ).toEqual([
      'src/app.ts:2 outside-import',
      'src/cli.ts:1 outside-import',
      'src/site/site.routes.ts:2 outside-import',
      'src/modules/index.ts:2 outside-import',
    ]);
  });

  it('finds a cycle between modules and between platform folders, naming the edges', () => {
    const { violations } = checkArchitecture({
      files: [
        'src/modules/a/index.ts',
        'src/modules/b/index.ts',
        'src/platform/x/x.ts',
        'src/platform/y/y.ts',
      ],
      read: (file) =>
        ({
          'src/modules/a/index.ts': "export * from '../b/index.js';\n",
          'src/modules/b/index.ts': "import type { A } from '../a/index.js';\n",
          'src/platform/x/x.ts': "import { y } from '../y/y.js';\n",
          'src/platform/y/y.ts': "import { x } from '../x/x.js';\n",
        })[file],
    });
    expect(violations.map((v) => v.why)).toEqual([
      expect.stringContaining('src/modules/a -> src/modules/b -> src/modules/a'),
      expect.stringContaining('src/platform/x -> src/platform/y -> src/platform/x'),
    ]);
  });
});
