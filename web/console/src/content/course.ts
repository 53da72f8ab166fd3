/** Model course arithmetic and ordering. No DOM, no React. */
import type { CourseStop } from './model';

const minutes = (value: number | undefined): number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;

/**
 * Total time of a course in minutes: every stop's stay plus the travel to the next stop. The last
 * stop's travel time is ignored (there is no next stop); missing or invalid numbers count as 0.
 */
export function courseDuration(stops: readonly Pick<CourseStop, 'stayMinutes' | 'minutesToNext'>[]): {
  stay: number;
  travel: number;
  total: number;
} {
  let stay = 0;
  let travel = 0;
  stops.forEach((stop, i) => {
    stay += minutes(stop.stayMinutes);
    if (i < stops.length - 1) travel += minutes(stop.minutesToNext);
  });
  return { stay, travel, total: stay + travel };
}

/** Minutes as whole hours and the rest: 200 → { hours: 3, minutes: 20 }. */
export function splitMinutes(total: number): { hours: number; minutes: number } {
  const whole = Math.max(0, Math.round(total));
  return { hours: Math.floor(whole / 60), minutes: whole % 60 };
}

/** A copy of the list with the item at `index` moved one place up (-1) or down (+1). */
export function moveItem<T>(items: readonly T[], index: number, direction: -1 | 1): T[] {
  const target = index + direction;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(index, 1);
  next.splice(target, 0, item as T);
  return next;
}
