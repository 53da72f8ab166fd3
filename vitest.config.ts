import { defineConfig } from 'vitest/config';

// Projects: unit (no database), db (runs once per database: TEST_DB=pglite|postgres),
// pg (PostgreSQL-only privilege tests), system (the built server as a process, once),
// e2e (headless Chromium against a running app).
// Files that run on one database only, to keep the suite within its time limit (15 minutes on
// 2 cores). Every capability's own integration tests through HTTP still run on both databases.
// - PostgreSQL only: the hostile-input sweeps (the HTTP, validation and file-check layers are the
//   same code on both), the tests of the CLI and the server as processes (their database work is
//   the same repositories the HTTP tests run on both; backup.test.ts keeps the PGlite backup path),
//   the object store, and the scanner's own behaviour.
// - PGlite only: the embedded default's own concerns (its concurrency limits, the demo photos
//   painted at first start), and the backup drill, which restores PGlite files whatever TEST_DB
//   says (it ran twice, 190 s each; the PostgreSQL path is test/postgres/backup.test.ts).
const POSTGRES_ONLY = [
  'test/fuzz-api.test.ts',
  'test/auth-attacks.test.ts',
  'test/bad-input.test.ts',
  'test/http-errors.test.ts',
  'test/media-refusals.test.ts',
  'test/media-active-content.test.ts',
  'test/routes.test.ts',
  'test/cli.test.ts',
  'test/lifecycle-cli.test.ts',
  'test/master-key-rotation.test.ts',
  'test/cli-migrate-blobs.test.ts',
  'test/cli-export-backup.test.ts',
  'test/backup-s3.test.ts',
  'test/media-s3.test.ts',
  'test/signature-updates.test.ts',
  'test/scanner-status.test.ts',
];
const PGLITE_ONLY = ['test/demo-photos.test.ts', 'test/embedded-concurrency.test.ts', 'test/backup.test.ts'];

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    // Test files share their worker's module graph instead of importing the whole app again per
    // file (about a third of the database stage's CPU time). Tests keep no global state between
    // files: each builds its own app, database and data directory, and none mocks modules.
    isolate: false,
    // Generous limits: a migrated PGlite database or a spawned CLI can take tens of seconds on a
    // busy 2-core runner; speed is measured in bench/, never by these limits.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'web/console/src/**/*.test.ts', 'scripts/**/*.test.mjs'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'db',
          include: ['test/**/*.test.ts'],
          exclude: [
            'test/postgres/**',
            'test/e2e/**',
            'test/system/**',
            ...((process.env.TEST_DB ?? 'pglite') === 'pglite' ? POSTGRES_ONLY : PGLITE_ONLY),
          ],
          globalSetup: ['test/helpers/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'pg',
          include: ['test/postgres/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'system', include: ['test/system/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
        },
      },
    ],
  },
});
