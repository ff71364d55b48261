/**
 * Down-sampling of long metric histories for charts, shared by every backend that has the full
 * history in hand (SQLite, file store, REST without server-side sampling).
 *
 * A chart of N pixels cannot show more than about 2N values; what it must not lose are the
 * spikes (a loss that explodes for one step) and the ends of the curve. So the interior is cut
 * into equal-count buckets and each keeps its minimum and its maximum, in their original order.
 */
import type { MetricPoint } from './entities';

/**
 * Returns at most `maxPoints` points of `points` (already ordered by step): the first, the last,
 * and the min and max of each bucket in between. NaN points are never a bucket's min or max; a
 * bucket holding only NaN keeps one of them so the gap stays visible.
 */
export function downsampleMetric(points: readonly MetricPoint[], maxPoints: number): MetricPoint[] {
  const limit = Math.max(2, Math.floor(maxPoints));
  if (points.length <= limit) return points.slice();
  const interior = points.length - 2;
  const bucketCount = Math.floor((limit - 2) / 2);
  const kept: number[] = [0];
  for (let b = 0; b < bucketCount; b++) {
    const start = 1 + Math.floor((b * interior) / bucketCount);
    const end = 1 + Math.floor(((b + 1) * interior) / bucketCount);
    if (end > start) keepExtremes(points, start, end, kept);
  }
  kept.push(points.length - 1);
  return kept.map((i) => points[i]);
}

/** Pushes the indices of the min and max of `points[start, end)` onto `kept`, in index order. */
function keepExtremes(points: readonly MetricPoint[], start: number, end: number, kept: number[]): void {
  let min = -1;
  let max = -1;
  for (let i = start; i < end; i++) {
    const value = points[i].value;
    if (Number.isNaN(value)) continue;
    if (min < 0 || value < points[min].value) min = i;
    if (max < 0 || value > points[max].value) max = i;
  }
  if (min < 0) {
    kept.push(start);
  } else if (min === max) {
    kept.push(min);
  } else {
    kept.push(Math.min(min, max), Math.max(min, max));
  }
}
