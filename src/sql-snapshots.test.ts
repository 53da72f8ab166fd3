import { describe, expect, it } from 'vitest';
import { formatSql, outdatedSnapshots } from '../scripts/sql-snapshots.js';

describe('SQL snapshots of the repositories', () => {
  it('sql-snapshots/ holds exactly what every *.repo.ts compiles to now', async () => {
    const outdated = await outdatedSnapshots();
    expect(
      outdated,
      `these snapshots are out of date: ${outdated.join(', ')}. Regenerate them with ` +
        '`npm run sql:snapshots` and review the SQL diff with the change.',
    ).toEqual([]);
  }, 60_000);

  it('puts one clause a line and leaves quoted text alone', () => {
    expect(formatSql('select "a from b" from "t" where "x" = \'where y\' order by "a"')).toBe(
      'select "a from b"\nfrom "t"\nwhere "x" = \'where y\'\norder by "a"',
    );
    expect(formatSql('delete from "t" where "id" = $1')).toBe('delete from "t"\nwhere "id" = $1');
  });
});
