/**
 * Compiles parsed run searches to SQL over MLflow's SQLite schema, reproducing what MLflow's
 * SqlAlchemyStore returns for the same filter and order_by on the same database:
 * - metrics compare the run's latest point (`latest_metrics`); a NaN point is stored there as
 *   value 0 with is_nan = 1, and MLflow's filters compare that 0, so this does too;
 * - a run without the key never matches, not even `!=` (EXISTS over the key's row);
 * - `run_name` filters read the `mlflow.runName` tag (MLflow does, because runs.name is empty for
 *   runs logged by MLflow <= 1.29), while ordering by `run_name` reads the runs.name column;
 * - MLflow runs SQLite with `PRAGMA case_sensitive_like = true`. Our connection is read-only and
 *   shared, so LIKE is compiled to the equivalent case-sensitive GLOB instead; ILIKE is
 *   `lower(x) LIKE lower(p)`, which is what SQLAlchemy emits for SQLite;
 * - ordering puts missing values last in both directions and, for metrics, NaN after numbers but
 *   before missing values; ties fall to start_time DESC, then run id.
 */
import type { Comparator, FilterClause, OrderClause, RunAttribute } from './ast';

export interface CompiledRunSearch {
  /** JOIN clauses to append after `FROM runs` (may be ''). */
  joins: string;
  /** A boolean SQL expression over the `runs` table (never empty: '1' when no filter). */
  where: string;
  /** ORDER BY expression list (no `ORDER BY` keyword), always ending with MLflow's tiebreak. */
  orderBy: string;
  /** Named parameters used in joins/where/orderBy; names start with `:s` (`:s0`, `:s1`, ...). */
  params: Record<string, string | number>;
}

const COLUMNS: Record<RunAttribute, string> = {
  run_id: 'runs.run_uuid',
  run_name: 'runs.name',
  user_id: 'runs.user_id',
  status: 'runs.status',
  start_time: 'runs.start_time',
  end_time: 'runs.end_time',
  artifact_uri: 'runs.artifact_uri',
};

const KEYED_TABLES = { metric: 'latest_metrics', param: 'params', tag: 'tags' } as const;
const RUN_NAME_TAG = 'mlflow.runName';
const DATASET_CONTEXT_TAG = 'mlflow.data.context';

class Params {
  readonly values: Record<string, string | number> = {};
  private next = 0;

  add(value: string | number): string {
    const name = `:s${this.next++}`;
    this.values[name] = value;
    return name;
  }
}

export function compileRunSearch(filter: FilterClause[], order: OrderClause[]): CompiledRunSearch {
  const params = new Params();
  const conditions = filter.map((clause, i) => `(${condition(clause, `f${i}`, params)})`);
  const joins: string[] = [];
  const orderBy: string[] = [];
  order.forEach((clause, i) => orderTerms(clause, `o${i}`, params, joins, orderBy));
  if (!order.some((o) => o.entity === 'attribute' && o.key === 'start_time')) orderBy.push('runs.start_time DESC');
  orderBy.push('runs.run_uuid ASC');
  return {
    joins: joins.join(' '),
    where: conditions.length > 0 ? conditions.join(' AND ') : '1',
    orderBy: orderBy.join(', '),
    params: params.values,
  };
}

function condition(clause: FilterClause, alias: string, params: Params): string {
  const { entity, key, comparator, value } = clause;
  switch (entity) {
    case 'metric':
    case 'param':
    case 'tag':
      return keyedCondition(KEYED_TABLES[entity], key, alias, comparator, value, params);
    case 'attribute':
      if (key === 'run_name') return keyedCondition('tags', RUN_NAME_TAG, alias, comparator, value, params);
      return compare(column(clause), comparator, value, params);
    case 'dataset':
      return datasetCondition(key, alias, comparator, value, params);
  }
}

/** A run matches when its row for the key exists and satisfies the comparison. */
function keyedCondition(table: string, key: string, alias: string, comparator: Comparator, value: FilterClause['value'], params: Params): string {
  // Key first, then run: the (key, run_uuid) primary key answers the lookup directly.
  const row = `SELECT 1 FROM ${table} AS ${alias} WHERE ${alias}.key = ${params.add(key)} AND ${alias}.run_uuid = runs.run_uuid`;
  if (comparator === 'IS NULL') return `NOT EXISTS (${row})`;
  if (comparator === 'IS NOT NULL') return `EXISTS (${row})`;
  return `EXISTS (${row} AND ${compare(`${alias}.value`, comparator, value, params)})`;
}

/** Any dataset input of the run may satisfy the clause, as in MLflow (also for != and NOT IN). */
function datasetCondition(key: string, alias: string, comparator: Comparator, value: FilterClause['value'], params: Params): string {
  const dataset = `d${alias}`;
  let from = `inputs AS ${alias} JOIN datasets AS ${dataset} ON ${dataset}.dataset_uuid = ${alias}.source_id`;
  let column: string;
  if (key === 'context') {
    const tag = `t${alias}`;
    from += ` JOIN input_tags AS ${tag} ON ${tag}.input_uuid = ${alias}.input_uuid AND ${tag}.name = '${DATASET_CONTEXT_TAG}'`;
    column = `${tag}.value`;
  } else if (key === 'name' || key === 'digest') {
    column = `${dataset}.${key}`;
  } else {
    throw new Error(`compileRunSearch: unknown dataset field ${key}`);
  }
  // Matches index_inputs_destination_type_destination_id_source_type column for column.
  const where = `${alias}.destination_type = 'RUN' AND ${alias}.destination_id = runs.run_uuid AND ${alias}.source_type = 'DATASET'`;
  return `EXISTS (SELECT 1 FROM ${from} WHERE ${where} AND ${compare(column, comparator, value, params)})`;
}

function compare(column: string, comparator: Comparator, value: FilterClause['value'], params: Params): string {
  switch (comparator) {
    case '=':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return `${column} ${comparator} ${params.add(scalar(value))}`;
    case 'LIKE':
      return `${column} GLOB ${params.add(likeToGlob(String(scalar(value))))}`;
    case 'ILIKE':
      return `lower(${column}) LIKE lower(${params.add(scalar(value))})`;
    case 'IN':
    case 'NOT IN':
      return `${column} ${comparator} (${list(value).map((v) => params.add(v)).join(', ')})`;
    case 'IS NULL':
    case 'IS NOT NULL':
      return `${column} ${comparator}`;
  }
}

/**
 * LIKE has no escape character in MLflow's queries, so `%` and `_` are always wildcards and
 * everything else is literal; GLOB's own wildcards must be bracketed to stay literal.
 */
export function likeToGlob(pattern: string): string {
  let glob = '';
  for (const c of pattern) {
    if (c === '%') glob += '*';
    else if (c === '_') glob += '?';
    else if (c === '*' || c === '?' || c === '[') glob += `[${c}]`;
    else glob += c;
  }
  return glob;
}

function orderTerms(clause: OrderClause, alias: string, params: Params, joins: string[], orderBy: string[]): void {
  const direction = clause.ascending ? 'ASC' : 'DESC';
  if (clause.entity === 'attribute') {
    const attribute = column(clause);
    orderBy.push(`(${attribute} IS NULL)`, `${attribute} ${direction}`);
    return;
  }
  const table = KEYED_TABLES[clause.entity];
  joins.push(`LEFT JOIN ${table} AS ${alias} ON ${alias}.key = ${params.add(clause.key)} AND ${alias}.run_uuid = runs.run_uuid`);
  // The rank term is ascending in both directions: that is what keeps missing values last.
  const rank = clause.entity === 'metric' ? `CASE WHEN ${alias}.is_nan = 1 THEN 1 WHEN ${alias}.value IS NULL THEN 2 ELSE 0 END` : `(${alias}.value IS NULL)`;
  orderBy.push(rank, `${alias}.value ${direction}`);
}

function scalar(value: FilterClause['value']): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  throw new Error(`compileRunSearch: expected a single value, got ${JSON.stringify(value)}`);
}

function list(value: FilterClause['value']): string[] {
  if (Array.isArray(value) && value.length > 0) return value;
  throw new Error(`compileRunSearch: expected a non-empty list, got ${JSON.stringify(value)}`);
}

/** Clauses normally come from the parser, but a hand-built one must not inject SQL. */
function column(clause: FilterClause | OrderClause): string {
  if (Object.hasOwn(COLUMNS, clause.key)) return COLUMNS[clause.key as RunAttribute];
  throw new Error(`compileRunSearch: unknown attribute ${clause.key}`);
}
