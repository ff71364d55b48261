/** MLflow 3 logged models (`m-...`), with their params, tags and metrics. */
import type { LoggedModel, LoggedModelStatus, MetricPoint } from '../../entities';
import type { Database } from 'node-sqlite3-wasm';
import { experimentIdNumbers, groupBy, idList, IN_IDS, num, optStr, str, type Row } from '../rows';
import type { Schema } from '../schema';
import { lifecycle } from './experiments';

/** MLflow's `LoggedModelStatus` enum, stored as its number. */
const STATUSES: Record<number, LoggedModelStatus> = { 1: 'PENDING', 2: 'READY', 3: 'FAILED' };

export function searchLoggedModels(db: Database, schema: Schema, experimentIds: string[]): LoggedModel[] {
  if (!schema.loggedModels) return [];
  const rows = db.all(
    `SELECT model_id, experiment_id, name, artifact_location, creation_timestamp_ms, last_updated_timestamp_ms,
            status, lifecycle_stage, model_type, source_run_id, status_message
     FROM logged_models
     WHERE experiment_id IN ${IN_IDS(':experiments')} AND COALESCE(lifecycle_stage, 'active') = 'active'
     ORDER BY creation_timestamp_ms DESC, model_id ASC`,
    { ':experiments': idList(experimentIdNumbers(experimentIds)) },
  );
  if (rows.length === 0) return [];
  const ids = { ':ids': idList(rows.map((row) => str(row.model_id))) };
  const children = (table: 'logged_model_params' | 'logged_model_tags', key: string, value: string) =>
    schema.has(table)
      ? groupBy(
          db.all(`SELECT model_id, ${key} AS key, ${value} AS value FROM ${table} WHERE model_id IN ${IN_IDS(':ids')}`, ids),
          'model_id',
          (row) => ({ key: str(row.key), value: str(row.value) }),
        )
      : new Map<string, { key: string; value: string }[]>();
  const params = children('logged_model_params', 'param_key', 'param_value');
  const tags = children('logged_model_tags', 'tag_key', 'tag_value');
  const metrics = schema.has('logged_model_metrics')
    ? groupBy(
        db.all(
          `SELECT model_id, metric_name, metric_value, metric_timestamp_ms, metric_step FROM logged_model_metrics
           WHERE model_id IN ${IN_IDS(':ids')} ORDER BY metric_name, metric_step, metric_timestamp_ms`,
          ids,
        ),
        'model_id',
        toMetric,
      )
    : new Map<string, MetricPoint[]>();
  return rows.map((row) => {
    const id = str(row.model_id);
    return {
      modelId: id,
      experimentId: str(row.experiment_id),
      name: str(row.name),
      artifactLocation: str(row.artifact_location),
      creationTimestamp: num(row.creation_timestamp_ms),
      lastUpdatedTimestamp: num(row.last_updated_timestamp_ms),
      status: STATUSES[num(row.status)] ?? 'UNSPECIFIED',
      statusMessage: optStr(row.status_message),
      modelType: optStr(row.model_type),
      sourceRunId: optStr(row.source_run_id),
      lifecycleStage: lifecycle(row.lifecycle_stage),
      params: params.get(id) ?? [],
      tags: tags.get(id) ?? [],
      metrics: metrics.get(id) ?? [],
    };
  });
}

function toMetric(row: Row): MetricPoint {
  return {
    key: str(row.metric_name),
    // A NULL value is how this table stores NaN.
    value: row.metric_value == null ? Number.NaN : num(row.metric_value),
    timestamp: num(row.metric_timestamp_ms),
    step: num(row.metric_step),
  };
}
