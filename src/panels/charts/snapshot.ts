/**
 * The Charts panel's snapshot: sampled histories of the chosen metrics for the chosen runs.
 * Sampling is the store's (`getMetricHistory({ maxPoints })`: server-side where the backend can,
 * else in the host, keeping first, last and extremes), so a 200,000-step history costs the
 * webview what a chart's width can show.
 */
import type { ChartsSnapshot, Series } from '../../../webview/shared/protocol';
import type { MetricPoint } from '../../mlflow/entities';
import type { MlflowStore } from '../../mlflow/store';
import { finiteOrNull, runRef } from '../run/snapshot';

/** More lines than this on one chart is noise; the panel says which runs it left out. */
export const MAX_RUNS_PER_CHART = 10;
/** About two points per pixel of a wide chart. */
export const DEFAULT_MAX_POINTS = 1000;
/** Charts shown before the user picks metrics. */
export const DEFAULT_METRIC_COUNT = 6;

export async function buildChartsSnapshot(
  store: MlflowStore,
  runIds: string[],
  wantedMetrics: string[] = [],
  maxPoints = DEFAULT_MAX_POINTS,
): Promise<ChartsSnapshot> {
  const runs = await Promise.all(runIds.map((id) => store.getRun(id)));
  const charted = runs.slice(0, MAX_RUNS_PER_CHART);
  const metricKeys = [...new Set(runs.flatMap((run) => run.data.metrics.map((m) => m.key)))].sort();
  const chosen = wantedMetrics.filter((key) => metricKeys.includes(key));
  const metrics = chosen.length ? chosen : metricKeys.slice(0, DEFAULT_METRIC_COUNT);
  const chartedIds = charted.map((run) => run.info.runId);
  const series: Record<string, Series[]> = {};
  await Promise.all(
    metrics.map(async (metric) => {
      series[metric] = await fetchSeries(store, chartedIds, metric, maxPoints);
    }),
  );
  return {
    runs: charted.map((run, colorIndex) => ({ ...runRef(run), startTime: run.info.startTime, colorIndex })),
    omittedRuns: runs.slice(MAX_RUNS_PER_CHART).map(runRef),
    maxRunsPerChart: MAX_RUNS_PER_CHART,
    metricKeys,
    metrics,
    series,
    maxPoints,
    live: runs.some((run) => run.info.status === 'RUNNING'),
  };
}

/** One metric's sampled histories for the runs that have it, optionally between two steps. */
export async function fetchSeries(
  store: MlflowStore,
  runIds: string[],
  metric: string,
  /** Undefined: the whole history (for export). */
  maxPoints: number | undefined,
  range?: { startStep: number; endStep: number },
): Promise<Series[]> {
  const histories = await Promise.all(
    runIds.map((runId) => store.getMetricHistory({ runId, metricKey: metric, maxPoints, ...range }).catch((): MetricPoint[] => [])),
  );
  return histories.flatMap((points, index) => (points.length ? [toSeries(runIds[index], points)] : []));
}

export function toSeries(runId: string, points: MetricPoint[]): Series {
  return {
    runId,
    steps: points.map((p) => p.step),
    values: points.map((p) => finiteOrNull(p.value)),
    timestamps: points.map((p) => p.timestamp),
  };
}

/** CSV of a chart's data: one row per point, NaN written as MLflow writes it. */
export function seriesCsv(metric: string, series: Series[], names: Record<string, string>): string {
  const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const lines = ['run_id,run_name,metric,step,timestamp,value'];
  for (const s of series) {
    s.steps.forEach((step, i) => {
      const value = s.values[i];
      lines.push([s.runId, quote(names[s.runId] ?? s.runId), quote(metric), step, s.timestamps[i], value === null ? 'NaN' : value].join(','));
    });
  }
  return `${lines.join('\n')}\n`;
}
