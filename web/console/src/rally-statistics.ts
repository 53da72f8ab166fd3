/**
 * The statistics' stamps per checkpoint and day as a grid for the console's table: one row per
 * day (Japan time) with stamps, one column per checkpoint in the campaign's order, and totals
 * both ways. Days run down the page, since a campaign has more days than checkpoints. No React.
 */
import type { RallyStatistics } from './rally-api';

export interface CheckpointDayGrid {
  checkpoints: { id: string; name: string; total: number }[];
  days: { day: string; counts: number[]; total: number }[];
  total: number;
}

export function checkpointDayGrid(
  stats: Pick<RallyStatistics, 'checkpoints' | 'perCheckpointDay'>,
): CheckpointDayGrid {
  const column = new Map(stats.checkpoints.map((c, index) => [c.id, index]));
  const byDay = new Map<string, number[]>();
  for (const cell of stats.perCheckpointDay) {
    const index = column.get(cell.checkpointId);
    // A stamp of a checkpoint since deleted has no column; the per-day table still counts it.
    if (index === undefined) continue;
    let counts = byDay.get(cell.day);
    if (!counts) {
      counts = stats.checkpoints.map(() => 0);
      byDay.set(cell.day, counts);
    }
    counts[index] = (counts[index] ?? 0) + cell.stamps;
  }
  const days = [...byDay.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([day, counts]) => ({ day, counts, total: sum(counts) }));
  const checkpoints = stats.checkpoints.map((c, index) => ({
    id: c.id,
    name: c.name,
    total: sum(days.map((d) => d.counts[index] ?? 0)),
  }));
  return { checkpoints, days, total: sum(days.map((d) => d.total)) };
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
