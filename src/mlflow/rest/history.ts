/**
 * Metric histories over REST: the full history in pages of 25,000 points (what MLflow's Python
 * client asks for; without `max_results` the server answers no points and a token that then
 * fails), and server-side sampling through `get-history-bulk-interval` for charts.
 */
import type { MetricPoint } from '../entities';
import type { CallOptions } from '../store';
import type { HttpClient } from './http';
import { allPages, get } from './paging';
import { toMetric, type Json } from './protoJson';

export const HISTORY_PAGE_SIZE = 25_000;
/** The server's limits for `get-history-bulk-interval`. */
export const BULK_MAX_RUNS = 100;
export const BULK_MAX_POINTS = 2_500;

export function fullHistory(http: HttpClient, runId: string, metricKey: string, options?: CallOptions, pageSize = HISTORY_PAGE_SIZE) {
  return allPages(
    http,
    (pageToken) => get('metrics/get-history', { run_id: runId, metric_key: metricKey, max_results: pageSize, page_token: pageToken }, options),
    'metrics',
    toMetric,
  );
}

export interface SampledHistoryRequest {
  runIds: readonly string[];
  metricKey: string;
  maxPoints: number;
  /** Both or neither: the server takes the range only as a pair. */
  steps?: { start: number; end: number };
}

/** Sampled histories of many runs, by run id (runs without points map to `[]`). */
export async function sampledHistories(http: HttpClient, request: SampledHistoryRequest, options?: CallOptions): Promise<Map<string, MetricPoint[]>> {
  const byRun = new Map<string, MetricPoint[]>(request.runIds.map((id) => [id, []]));
  const maxResults = Math.min(BULK_MAX_POINTS, Math.max(1, Math.floor(request.maxPoints)));
  const chunks: string[][] = [];
  for (let i = 0; i < request.runIds.length; i += BULK_MAX_RUNS) chunks.push(request.runIds.slice(i, i + BULK_MAX_RUNS));
  const answers = await Promise.all(
    chunks.map((runIds) =>
      http.json<Json>(
        get(
          'metrics/get-history-bulk-interval',
          {
            run_ids: runIds,
            metric_key: request.metricKey,
            start_step: request.steps?.start,
            end_step: request.steps?.end,
            max_results: maxResults,
          },
          options,
        ),
      ),
    ),
  );
  for (const answer of answers) {
    for (const metric of Array.isArray(answer.metrics) ? (answer.metrics as Json[]) : []) {
      byRun.get(String(metric.run_id))?.push(toMetric(metric));
    }
  }
  for (const points of byRun.values()) points.sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
  return byRun;
}
