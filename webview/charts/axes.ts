/** What a chart's x axis shows, and how its ticks read. Pure, for the chart and its tests. */
import type { Series } from '../shared/protocol';

export type XAxis = 'step' | 'wall' | 'relative';

export interface Point {
  x: number;
  y: number | null;
}

/** The points of one series for an x axis; `log` turns values ≤ 0 into gaps (log(0) is -∞). */
export function toPoints(series: Series, axis: XAxis, values: readonly (number | null)[], runStart: number | undefined, log: boolean): Point[] {
  const origin = runStart ?? series.timestamps[0] ?? 0;
  return series.steps.map((step, i) => {
    const x = axis === 'step' ? step : axis === 'wall' ? series.timestamps[i] : (series.timestamps[i] - origin) / 1000;
    const value = values[i];
    return { x, y: value === null || (log && value <= 0) ? null : value };
  });
}

export function formatTick(axis: XAxis, value: number): string {
  if (axis === 'step') return Number.isInteger(value) ? String(value) : value.toFixed(1);
  if (axis === 'wall') {
    const date = new Date(value);
    return `${date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })}`;
  }
  return formatSeconds(value);
}

export function formatSeconds(seconds: number): string {
  const abs = Math.abs(seconds);
  if (abs < 60) return `${Number(seconds.toFixed(1))}s`;
  if (abs < 3600) return `${Math.floor(seconds / 60)}m${Math.round(seconds % 60)}s`;
  return `${Math.floor(seconds / 3600)}h${Math.round((seconds % 3600) / 60)}m`;
}

export const AXIS_LABELS: Record<XAxis, string> = { step: 'Step', wall: 'Wall time', relative: 'Relative time' };

/**
 * The steps a zoomed x range covers, worked out from the points shown: on the step axis the range
 * itself; on a time axis every step whose segment (a point and the next) reaches into the range,
 * so the re-sampled steps fill the window edge to edge. Undefined when no series reaches into it.
 */
export function stepRange(
  series: readonly Series[],
  axis: XAxis,
  runStart: (runId: string) => number | undefined,
  range: { min: number; max: number },
): { min: number; max: number } | undefined {
  if (axis === 'step') return range;
  let min = Infinity;
  let max = -Infinity;
  for (const s of series) {
    const points = toPoints(s, axis, s.values, runStart(s.runId), false);
    points.forEach((point, i) => {
      const next = points[i + 1]?.x ?? point.x;
      if (Math.max(point.x, next) < range.min || Math.min(point.x, next) > range.max) return;
      const last = Math.min(i + 1, points.length - 1);
      min = Math.min(min, s.steps[i], s.steps[last]);
      max = Math.max(max, s.steps[i], s.steps[last]);
    });
  }
  return min <= max ? { min, max } : undefined;
}
