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
