import { describe, expect, it } from 'vitest';
import { statisticsCsvUrl } from './rally-api';
import { checkpointDayGrid } from './rally-statistics';

const temple = '00000000-0000-4000-8000-000000000001';
const park = '00000000-0000-4000-8000-000000000002';
const gone = '00000000-0000-4000-8000-000000000003';

describe('stamps per checkpoint and day', () => {
  it('puts days down and checkpoints across in the campaign’s order, with totals both ways', () => {
    const grid = checkpointDayGrid({
      checkpoints: [
        { id: temple, name: '寺', stamps: 3 },
        { id: park, name: '公園', stamps: 1 },
      ],
      perCheckpointDay: [
        { checkpointId: park, day: '2026-11-02', stamps: 1 },
        { checkpointId: temple, day: '2026-11-02', stamps: 2 },
        { checkpointId: temple, day: '2026-11-01', stamps: 1 },
      ],
    });
    expect(grid.checkpoints).toEqual([
      { id: temple, name: '寺', total: 3 },
      { id: park, name: '公園', total: 1 },
    ]);
    expect(grid.days).toEqual([
      { day: '2026-11-01', counts: [1, 0], total: 1 },
      { day: '2026-11-02', counts: [2, 1], total: 3 },
    ]);
    expect(grid.total).toBe(4);
  });

  it('leaves out a deleted checkpoint’s stamps and answers an empty grid before any stamp', () => {
    const grid = checkpointDayGrid({
      checkpoints: [{ id: temple, name: '寺', stamps: 0 }],
      perCheckpointDay: [{ checkpointId: gone, day: '2026-11-01', stamps: 5 }],
    });
    expect(grid).toEqual({ checkpoints: [{ id: temple, name: '寺', total: 0 }], days: [], total: 0 });
  });

  it('links the CSV download of a campaign', () => {
    expect(statisticsCsvUrl('a b')).toBe('/api/v1/rally/campaigns/a%20b/statistics.csv');
  });
});
