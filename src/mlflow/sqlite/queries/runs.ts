/** Run search, single runs and metric histories. */
import type { Run, ViewType } from '../../entities';
import { StoreError } from '../../errors';
import type { Database } from 'node-sqlite3-wasm';
import { sampleIndices } from '../../sampling';
import type { CompiledRunSearch, MetricColumns, PageResult } from '../protocol';
import { bind, experimentIdNumbers, idList, IN_IDS, metricValue, num, str } from '../rows';
import { missingFeature, type Schema } from '../schema';
import { lifecycleClause } from './experiments';
import { hydrateRuns, runColumns } from './runData';

/** MLflow breaks ties by start time (newest first), then run id, whatever the ordering. */
const DEFAULT_ORDER = 'runs.start_time DESC, runs.run_uuid ASC';

export function searchRuns(
  db: Database,
  schema: Schema,
  args: { experimentIds: string[]; viewType: ViewType; search: CompiledRunSearch; limit: number; offset: number },
): PageResult<Run> {
  const where = [`runs.experiment_id IN ${IN_IDS(':_experiments')}`, lifecycleClause('runs.lifecycle_stage', args.viewType)];
  if (args.search.where.trim()) where.push(`(${args.search.where})`);
  const sql = `SELECT ${runColumns(schema)} FROM runs ${args.search.joins}
    WHERE ${where.join(' AND ')}
    ORDER BY ${args.search.orderBy.trim() || DEFAULT_ORDER}
    LIMIT :_limit OFFSET :_offset`;
  let rows;
  try {
    rows = db.all(
      sql,
      bind({
        ...args.search.params,
        _experiments: idList(experimentIdNumbers(args.experimentIds)),
        _limit: args.limit + 1,
        _offset: args.offset,
      }),
    );
  } catch (error) {
    throw missingFeature(error, schema);
  }
  return { items: hydrateRuns(db, schema, rows.slice(0, args.limit)), hasMore: rows.length > args.limit };
}

export function getRun(db: Database, schema: Schema, runId: string): Run {
  const row = db.get(`SELECT ${runColumns(schema)} FROM runs WHERE run_uuid = :id`, { ':id': runId });
  if (!row) throw runNotFound(runId);
  return hydrateRuns(db, schema, [row])[0];
}

export function getArtifactLocation(db: Database, runId: string): { experimentId: string; artifactUri: string } {
  const row = db.get('SELECT experiment_id, artifact_uri FROM runs WHERE run_uuid = :id', { ':id': runId });
  if (!row) throw runNotFound(runId);
  return { experimentId: str(row.experiment_id), artifactUri: str(row.artifact_uri) };
}

function runNotFound(runId: string): StoreError {
  return new StoreError('NOT_FOUND', `No run with id ${runId} in this store.`);
}

export function getMetricHistory(
  db: Database,
  schema: Schema,
  args: { runId: string; metricKey: string; startStep?: number; endStep?: number; maxPoints?: number },
): MetricColumns {
  const step = schema.hasColumn('metrics', 'step') ? 'step' : '0';
  const isNan = schema.hasColumn('metrics', 'is_nan') ? 'is_nan' : '0';
  const where = ['run_uuid = :run', 'key = :key'];
  const params: Record<string, string | number> = { ':run': args.runId, ':key': args.metricKey };
  if (args.startStep !== undefined) {
    where.push(`${step} >= :start`);
    params[':start'] = args.startStep;
  }
  if (args.endStep !== undefined) {
    where.push(`${step} <= :end`);
    params[':end'] = args.endStep;
  }
  const statement = db.prepare(
    `SELECT ${step} AS step, timestamp, value, ${isNan} AS is_nan FROM metrics WHERE ${where.join(' AND ')} ORDER BY ${step}, timestamp`,
  );
  const steps: number[] = [];
  const timestamps: number[] = [];
  const values: number[] = [];
  try {
    for (const row of statement.iterate(params)) {
      steps.push(num(row.step));
      timestamps.push(num(row.timestamp));
      values.push(metricValue(row.value, row.is_nan));
    }
  } finally {
    statement.finalize();
  }
  if (steps.length === 0 && !db.get('SELECT 1 AS found FROM runs WHERE run_uuid = :id', { ':id': args.runId })) {
    throw runNotFound(args.runId);
  }
  const keep = args.maxPoints === undefined ? undefined : sampleIndices(values, args.maxPoints);
  const column = (source: number[]) => (keep ? Float64Array.from(keep, (i) => source[i]) : Float64Array.from(source));
  return { steps: column(steps), timestamps: column(timestamps), values: column(values) };
}
