import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createItem, transitionItem } from '../src/modules/content/content.service.js';
import { SCHEDULER_GRANTS } from '../src/modules/content/content-scheduler.js';
import { provisionOrganisation } from '../src/modules/organisations/organisation.service.js';
import { runAsSystem } from '../src/platform/access/system-context.js';
import { AppError } from '../src/platform/errors.js';
import { spotData } from './helpers/content.js';
import { openTestDatabase, type TestDatabase } from './helpers/database.js';
import { createOrganisation } from './helpers/fixtures.js';

/** Jobs and the CLI call the same operations as HTTP, and get the same checks: no bypass. */
const ORG = 'kengen-mura';
let t: TestDatabase;

beforeAll(async () => {
  t = await openTestDatabase();
  await createOrganisation(t.db, ORG);
});
afterAll(() => t.close());

async function refusal(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('system contexts hold only the permissions their job names', () => {
  it('a system context without the grant is refused like an account without the right', async () => {
    const refused = await refusal(
      runAsSystem(t.db, { kind: 'tenant', org: ORG }, 'test-job', [], (ctx) =>
        createItem(ctx, 'spot', spotData('無許可')),
      ),
    );
    expect(refused.status).toBe(403);
    expect(refused.code).toBe('forbidden');
  });

  it('a grant allows what it names and nothing more', async () => {
    const refused = await refusal(
      runAsSystem(t.db, { kind: 'tenant', org: ORG }, 'test-job', ['spots:edit'], async (ctx) => {
        const item = await createItem(ctx, 'spot', spotData('編集のみ'));
        expect(item.status).toBe('draft');
        // Publishing needs the publish right, which this job was not given.
        return transitionItem(ctx, 'spot', item.id, 'publish', item.version);
      }),
    );
    expect(refused.status).toBe(403);
  });

  it('the scheduler is granted publishing and nothing else', async () => {
    expect([...SCHEDULER_GRANTS].sort()).toEqual(
      ['articles:publish', 'courses:publish', 'events:publish', 'spots:publish'].sort(),
    );
    const refused = await refusal(
      runAsSystem(t.db, { kind: 'tenant', org: ORG }, 'scheduler', SCHEDULER_GRANTS, (ctx) =>
        createItem(ctx, 'spot', spotData('予約係は作らない')),
      ),
    );
    expect(refused.status).toBe(403);
  });

  it('provisioning needs the organisations grant', async () => {
    const refused = await refusal(
      runAsSystem(t.db, { kind: 'provider' }, 'test-job', [], (ctx) =>
        provisionOrganisation(ctx, {
          serviceCode: 'mukyoka-cho',
          nameJa: '無許可町',
          nameEn: 'No grant town',
        }),
      ),
    );
    expect(refused.status).toBe(403);
  });

  it('a tenant system context carries its organisation', async () => {
    const name = await runAsSystem(
      t.db,
      { kind: 'tenant', org: ORG },
      'test-job',
      [],
      async (ctx) => ctx.org.nameJa,
    );
    expect(name).toBe(`${ORG} 町`);
  });
});
