/**
 * Everything a run summary shows besides its row in `runs`, fetched for a whole page of runs at
 * once: one query per table, never one per run.
 */
import { MLFLOW_TAGS, RUN_STATUSES, type DatasetInput, type MetricPoint, type ModelInput, type ModelOutput, type Run, type RunStatus } from '../../entities';
import type { Database } from 'node-sqlite3-wasm';
import { groupBy, idList, IN_IDS, metricValue, num, optNum, optStr, str, toTag, type Row } from '../rows';
import type { Schema } from '../schema';
import { lifecycle } from './experiments';

/** The `runs` columns a run summary needs, valid on every schema version. */
export function runColumns(schema: Schema): string {
  return [
    'runs.run_uuid AS run_uuid',
    schema.column('runs', 'name'),
    'runs.experiment_id AS experiment_id',
    'runs.user_id AS user_id',
    'runs.status AS status',
    'runs.start_time AS start_time',
    'runs.end_time AS end_time',
    'runs.artifact_uri AS artifact_uri',
    'runs.lifecycle_stage AS lifecycle_stage',
  ].join(', ');
}

function status(value: unknown): RunStatus {
  return RUN_STATUSES.includes(value as RunStatus) ? (value as RunStatus) : 'RUNNING';
}

export function hydrateRuns(db: Database, schema: Schema, rows: readonly Row[]): Run[] {
  if (rows.length === 0) return [];
  const ids = { ':ids': idList(rows.map((row) => str(row.run_uuid))) };
  const params = groupBy(db.all(`SELECT run_uuid, key, value FROM params WHERE run_uuid IN ${IN_IDS(':ids')}`, ids), 'run_uuid', toTag);
  const tags = groupBy(db.all(`SELECT run_uuid, key, value FROM tags WHERE run_uuid IN ${IN_IDS(':ids')}`, ids), 'run_uuid', toTag);
  const metrics = groupBy(latestMetrics(db, schema, ids), 'run_uuid', toMetric);
  const datasets = datasetInputs(db, schema, ids);
  const models = modelInputsOutputs(db, schema, ids);
  return rows.map((row) => {
    const id = str(row.run_uuid);
    const runTags = tags.get(id) ?? [];
    const runName = runTags.find((tag) => tag.key === MLFLOW_TAGS.runName)?.value ?? str(row.name);
    return {
      info: {
        runId: id,
        runName,
        experimentId: str(row.experiment_id),
        userId: str(row.user_id),
        status: status(row.status),
        startTime: optNum(row.start_time),
        endTime: optNum(row.end_time),
        artifactUri: str(row.artifact_uri),
        lifecycleStage: lifecycle(row.lifecycle_stage),
      },
      data: { metrics: metrics.get(id) ?? [], params: params.get(id) ?? [], tags: runTags },
      inputs: { datasetInputs: datasets.get(id) ?? [], modelInputs: models.inputs.get(id) ?? [] },
      outputs: { modelOutputs: models.outputs.get(id) ?? [] },
    };
  });
}

function toMetric(row: Row): MetricPoint {
  return { key: str(row.key), value: metricValue(row.value, row.is_nan), timestamp: num(row.timestamp), step: num(row.step) };
}

function latestMetrics(db: Database, schema: Schema, ids: Record<string, string>): Row[] {
  const step = schema.hasColumn('metrics', 'step') ? 'step' : '0';
  const isNan = schema.hasColumn('metrics', 'is_nan') ? 'is_nan' : '0';
  if (schema.has('latest_metrics')) {
    return db.all(
      `SELECT run_uuid, key, value, timestamp, step, is_nan FROM latest_metrics WHERE run_uuid IN ${IN_IDS(':ids')}`,
      ids,
    );
  }
  // Stores older than `latest_metrics` (MLflow < 1.9): the same rule, computed.
  return db.all(
    `SELECT run_uuid, key, value, timestamp, step, is_nan FROM (
       SELECT run_uuid, key, value, timestamp, ${step} AS step, ${isNan} AS is_nan,
              ROW_NUMBER() OVER (PARTITION BY run_uuid, key ORDER BY ${step} DESC, timestamp DESC, value DESC) AS rank
       FROM metrics WHERE run_uuid IN ${IN_IDS(':ids')}) WHERE rank = 1`,
    ids,
  );
}

function datasetInputs(db: Database, schema: Schema, ids: Record<string, string>): Map<string, DatasetInput[]> {
  if (!schema.datasets) return new Map();
  const rows = db.all(
    `SELECT i.destination_id AS run_uuid, i.input_uuid AS input_uuid, d.name AS name, d.digest AS digest,
            d.dataset_source_type AS source_type, d.dataset_source AS source,
            ${schema.hasColumn('datasets', 'dataset_schema') ? 'd.dataset_schema' : 'NULL'} AS schema,
            ${schema.hasColumn('datasets', 'dataset_profile') ? 'd.dataset_profile' : 'NULL'} AS profile
     FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id
     WHERE i.destination_type = 'RUN' AND i.source_type = 'DATASET' AND i.destination_id IN ${IN_IDS(':ids')}`,
    ids,
  );
  const tags = schema.has('input_tags') && rows.length
    ? groupBy(
        db.all(`SELECT input_uuid, name AS key, value FROM input_tags WHERE input_uuid IN ${IN_IDS(':inputs')}`, {
          ':inputs': idList(rows.map((row) => str(row.input_uuid))),
        }),
        'input_uuid',
        toTag,
      )
    : new Map();
  return groupBy(rows, 'run_uuid', (row) => ({
    dataset: {
      name: str(row.name),
      digest: str(row.digest),
      sourceType: str(row.source_type),
      source: str(row.source),
      schema: optStr(row.schema),
      profile: optStr(row.profile),
    },
    tags: tags.get(str(row.input_uuid)) ?? [],
  }));
}

/** MLflow 3 records logged models a run used or produced as `inputs` rows too. */
function modelInputsOutputs(db: Database, schema: Schema, ids: Record<string, string>) {
  const inputs = new Map<string, ModelInput[]>();
  const outputs = new Map<string, ModelOutput[]>();
  if (!schema.has('inputs')) return { inputs, outputs };
  const step = schema.hasColumn('inputs', 'step') ? 'step' : '0';
  const rows = db.all(
    // Written so the (source_type, source_id, destination_type) primary key answers it.
    `SELECT source_id AS run_uuid, source_type, destination_type, destination_id AS model_id, ${step} AS step FROM inputs
     WHERE source_type IN ('RUN_INPUT', 'RUN_OUTPUT') AND source_id IN ${IN_IDS(':ids')}
       AND destination_type IN ('MODEL_INPUT', 'MODEL_OUTPUT')`,
    ids,
  );
  for (const row of rows) {
    const id = str(row.run_uuid);
    if (row.source_type === 'RUN_INPUT' && row.destination_type === 'MODEL_INPUT') {
      inputs.set(id, [...(inputs.get(id) ?? []), { modelId: str(row.model_id) }]);
    } else if (row.source_type === 'RUN_OUTPUT' && row.destination_type === 'MODEL_OUTPUT') {
      outputs.set(id, [...(outputs.get(id) ?? []), { modelId: str(row.model_id), step: num(row.step) }]);
    }
  }
  return { inputs, outputs };
}
