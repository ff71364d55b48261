/** Experiments, ordered as MLflow's SqlAlchemyStore does: newest first, then by id. */
import type { Experiment, LifecycleStage, ViewType } from '../../entities';
import { StoreError } from '../../errors';
import type { Database } from 'node-sqlite3-wasm';
import type { PageResult, SqlFilter } from '../protocol';
import { bind, groupBy, idList, IN_IDS, num, optNum, str, toTag, type Row } from '../rows';
import { missingFeature, type Schema } from '../schema';

/** Old rows may have no stage at all; MLflow treats them as active. */
export function lifecycleClause(column: string, viewType: ViewType): string {
  const stage = `COALESCE(${column}, 'active')`;
  if (viewType === 'ACTIVE_ONLY') return `${stage} = 'active'`;
  if (viewType === 'DELETED_ONLY') return `${stage} = 'deleted'`;
  return '1 = 1';
}

export function lifecycle(value: unknown): LifecycleStage {
  return value === 'deleted' ? 'deleted' : 'active';
}

function columns(schema: Schema): string {
  return [
    'experiments.experiment_id AS experiment_id',
    'experiments.name AS name',
    schema.column('experiments', 'artifact_location'),
    'experiments.lifecycle_stage AS lifecycle_stage',
    schema.column('experiments', 'creation_time'),
    schema.column('experiments', 'last_update_time'),
  ].join(', ');
}

export function searchExperiments(
  db: Database,
  schema: Schema,
  args: { viewType: ViewType; filter?: SqlFilter; limit: number; offset: number },
): PageResult<Experiment> {
  const where = [lifecycleClause('experiments.lifecycle_stage', args.viewType)];
  if (args.filter?.where) where.push(`(${args.filter.where})`);
  const order = schema.hasColumn('experiments', 'creation_time')
    ? 'experiments.creation_time DESC, experiments.experiment_id ASC'
    : 'experiments.experiment_id ASC';
  let rows;
  try {
    rows = db.all(
      `SELECT ${columns(schema)} FROM experiments WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT :_limit OFFSET :_offset`,
      bind({ ...(args.filter?.params ?? {}), _limit: args.limit + 1, _offset: args.offset }),
    );
  } catch (error) {
    throw missingFeature(error, schema);
  }
  const hasMore = rows.length > args.limit;
  return { items: withTags(db, schema, rows.slice(0, args.limit)), hasMore };
}

export function getExperiment(db: Database, schema: Schema, experimentId: string): Experiment {
  const row = /^\d+$/.test(experimentId)
    ? db.get(`SELECT ${columns(schema)} FROM experiments WHERE experiment_id = :id`, { ':id': Number(experimentId) })
    : null;
  if (!row) throw new StoreError('NOT_FOUND', `No experiment with id ${experimentId} in this store.`);
  return withTags(db, schema, [row])[0];
}

function withTags(db: Database, schema: Schema, rows: Row[]): Experiment[] {
  const ids = rows.map((row) => num(row.experiment_id));
  const tags = schema.has('experiment_tags') && ids.length
    ? groupBy(
        db.all(`SELECT experiment_id, key, value FROM experiment_tags WHERE experiment_id IN ${IN_IDS(':ids')}`, {
          ':ids': idList(ids),
        }),
        'experiment_id',
        toTag,
      )
    : new Map();
  return rows.map((row) => ({
    experimentId: str(row.experiment_id),
    name: str(row.name),
    artifactLocation: str(row.artifact_location),
    lifecycleStage: lifecycle(row.lifecycle_stage),
    creationTime: optNum(row.creation_time),
    lastUpdateTime: optNum(row.last_update_time),
    tags: tags.get(str(row.experiment_id)) ?? [],
  }));
}
