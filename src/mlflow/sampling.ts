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
  if (points.length <= Math.max(2, Math.floor(maxPoints))) return points.slice();
  return sampleIndices(
    points.map((p) => p.value),
    maxPoints,
  ).map((i) => points[i]);
}

/** The same selection on bare values: the ascending indices to keep. */
export function sampleIndices(values: ArrayLike<number>, maxPoints: number): number[] {
  const limit = Math.max(2, Math.floor(maxPoints));
  const count = values.length;
  if (count <= limit) return Array.from({ length: count }, (_, i) => i);
  const interior = count - 2;
  const bucketCount = Math.floor((limit - 2) / 2);
  const kept: number[] = [0];
  for (let b = 0; b < bucketCount; b++) {
    const start = 1 + Math.floor((b * interior) / bucketCount);
    const end = 1 + Math.floor(((b + 1) * interior) / bucketCount);
    if (end > start) keepExtremes(values, start, end, kept);
  }
  kept.push(count - 1);
  return kept;
}

/** Pushes the indices of the min and max of `values[start, end)` onto `kept`, in index order. */
function keepExtremes(values: ArrayLike<number>, start: number, end: number, kept: number[]): void {
  let min = -1;
  let max = -1;
  for (let i = start; i < end; i++) {
    const value = values[i];
    if (Number.isNaN(value)) continue;
    if (min < 0 || value < values[min]) min = i;
    if (max < 0 || value > values[max]) max = i;
  }
  if (min < 0) {
    kept.push(start);
  } else if (min === max) {
    kept.push(min);
  } else {
    kept.push(Math.min(min, max), Math.max(min, max));
  }
}
