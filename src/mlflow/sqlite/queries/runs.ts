/** Run search, single runs and metric histories. */
import type { Run, ViewType } from '../../entities';
import { StoreError } from '../../errors';
import type { Database } from 'node-sqlite3-wasm';
import type { CompiledRunSearch, PageResult } from '../protocol';
import { bind, experimentIdNumbers, idList, IN_IDS, str } from '../rows';
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

export function runNotFound(runId: string): StoreError {
  return new StoreError('NOT_FOUND', `No run with id ${runId} in this store.`);
}
