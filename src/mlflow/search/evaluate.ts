/**
 * In-memory evaluation of parsed run searches, for backends that hold their runs as records
 * (the file store) rather than rows a database filters. It reproduces what `sql.ts` makes SQLite
 * return — latest metric points, missing keys never matching (not even `!=`), `run_name` filters
 * reading the `mlflow.runName` tag, missing values last in both directions with NaN metrics just
 * before them, ties broken by start_time DESC then run id — and, through `semantics`, the two
 * corners where MLflow's stores disagree:
 * - `sqlite`: a NaN metric is compared as the 0 MLflow stores for it; LIKE's `%` crosses newlines;
 * - `file`: a NaN metric is a real NaN (every comparison false except `!=`); `%` and `_` stop at
 *   a newline, as in the FileStore's regular expressions (see `likeMatcher`).
 */
import { MLFLOW_TAGS, type MetricPoint, type Run } from '../entities';
import type { Comparator, FilterClause, OrderClause } from './ast';

export type SearchSemantics = 'sqlite' | 'file';

type Scalar = string | number | undefined;

const DATASET_CONTEXT_TAG = 'mlflow.data.context';

/** The latest point of each metric, as `latest_metrics` keeps it (highest step, then timestamp, then value). */
export function latestMetrics(points: Iterable<MetricPoint>): Map<string, MetricPoint> {
  const latest = new Map<string, MetricPoint>();
  for (const point of points) {
    const current = latest.get(point.key);
    if (!current || isLater(point, current)) latest.set(point.key, point);
  }
  return latest;
}

function isLater(a: MetricPoint, b: MetricPoint): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  return !Number.isNaN(a.value) && (Number.isNaN(b.value) || a.value > b.value);
}

/** The runs matching every clause, ordered as MLflow orders them. */
export function evaluateRunSearch(runs: readonly Run[], filter: readonly FilterClause[], order: readonly OrderClause[], semantics: SearchSemantics): Run[] {
  return runs.filter((run) => matchesFilter(run, filter, semantics)).sort(compareRuns(order));
}

export function matchesFilter(run: Run, filter: readonly FilterClause[], semantics: SearchSemantics): boolean {
  return filter.every((clause) => matchesClause(run, clause, semantics));
}

function matchesClause(run: Run, clause: FilterClause, semantics: SearchSemantics): boolean {
  if (clause.entity === 'dataset') {
    // Any dataset input may satisfy the clause, as in MLflow (also for != and NOT IN).
    return run.inputs.datasetInputs.some((input) => {
      const value =
        clause.key === 'context'
          ? input.tags.find((tag) => tag.key === DATASET_CONTEXT_TAG)?.value
          : clause.key === 'name' || clause.key === 'digest'
            ? input.dataset[clause.key]
            : unknownField(clause);
      return compare(value, clause.comparator, clause.value, semantics);
    });
  }
  return compare(filterValue(run, clause, semantics), clause.comparator, clause.value, semantics);
}

function filterValue(run: Run, clause: FilterClause, semantics: SearchSemantics): Scalar {
  if (clause.entity === 'metric') {
    const value = metricValue(run, clause.key);
    return semantics === 'sqlite' && Number.isNaN(value) ? 0 : value;
  }
  if (clause.entity === 'attribute' && clause.key === 'run_name') return tagValue(run, 'tag', MLFLOW_TAGS.runName);
  return fieldValue(run, clause);
}

function fieldValue(run: Run, clause: FilterClause | OrderClause): Scalar {
  switch (clause.entity) {
    case 'metric':
      return metricValue(run, clause.key);
    case 'param':
    case 'tag':
      return tagValue(run, clause.entity, clause.key);
    case 'attribute':
      return attributeValue(run, clause);
    default:
      return unknownField(clause);
  }
}

function metricValue(run: Run, key: string): number | undefined {
  let latest: MetricPoint | undefined;
  for (const point of run.data.metrics) {
    if (point.key === key && (!latest || isLater(point, latest))) latest = point;
  }
  return latest?.value;
}

function tagValue(run: Run, entity: 'param' | 'tag', key: string): string | undefined {
  return (entity === 'param' ? run.data.params : run.data.tags).find((tag) => tag.key === key)?.value;
}

function attributeValue(run: Run, clause: FilterClause | OrderClause): Scalar {
  const info = run.info;
  switch (clause.key) {
    case 'run_id':
      return info.runId;
    case 'run_name':
      return info.runName;
    case 'user_id':
      return info.userId;
    case 'status':
      return info.status;
    case 'start_time':
      return info.startTime;
    case 'end_time':
      return info.endTime;
    case 'artifact_uri':
      return info.artifactUri;
    default:
      return unknownField(clause);
  }
}

function unknownField(clause: FilterClause | OrderClause): never {
  throw new Error(`evaluateRunSearch: unknown ${clause.entity} field ${clause.key}`);
}

/** SQL's three-valued logic collapsed to false: a missing value never matches a comparison. */
function compare(actual: Scalar, comparator: Comparator, expected: FilterClause['value'], semantics: SearchSemantics): boolean {
  if (comparator === 'IS NULL') return actual === undefined;
  if (comparator === 'IS NOT NULL') return actual !== undefined;
  if (actual === undefined) return false;
  switch (comparator) {
    case 'IN':
      return asList(expected).includes(String(actual));
    case 'NOT IN':
      return !asList(expected).includes(String(actual));
    case 'LIKE':
    case 'ILIKE':
      return likeMatcher(String(expected), { ignoreCase: comparator === 'ILIKE', semantics })(String(actual));
    default:
      return compareScalar(actual, comparator, expected);
  }
}

function compareScalar(actual: string | number, comparator: Comparator, expected: FilterClause['value']): boolean {
  if (typeof expected !== 'string' && typeof expected !== 'number') {
    throw new Error(`evaluateRunSearch: expected a single value, got ${JSON.stringify(expected)}`);
  }
  switch (comparator) {
    case '=':
      return actual === expected;
    case '!=':
      // NaN != x is true (Python and IEEE agree); the sqlite semantics never get here with NaN.
      return actual !== expected;
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
    default:
      throw new Error(`evaluateRunSearch: unexpected comparator ${comparator}`);
  }
}

function asList(value: FilterClause['value']): string[] {
  if (Array.isArray(value)) return value;
  throw new Error(`evaluateRunSearch: expected a list, got ${JSON.stringify(value)}`);
}

/**
 * A LIKE pattern as a predicate: `%` and `_` are the only wildcards (MLflow has no escape
 * character). SQLite's ILIKE lowers ASCII letters only; the FileStore's `re.IGNORECASE` folds
 * every letter. The FileStore turns the pattern into a Python regular expression matched from
 * the start: its `%` stops at a newline, except a trailing one (the match need not reach the
 * end), and the end anchor `$` also accepts one final newline. Regular-expression characters in
 * the pattern stay literal here, where MLflow's FileStore would interpret them (or fail).
 */
export function likeMatcher(pattern: string, options: { ignoreCase: boolean; semantics: SearchSemantics }): (value: string) => boolean {
  const sqlite = options.semantics === 'sqlite';
  const any = sqlite ? '[\\s\\S]' : '[^\\n]';
  const lowerAscii = options.ignoreCase && sqlite;
  let source = '';
  for (const c of lowerAscii ? asciiLower(pattern) : pattern) {
    if (c === '%') source += `${any}*`;
    else if (c === '_') source += any;
    else source += c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  }
  const end = sqlite ? '$' : pattern.endsWith('%') ? '' : '\\n?$';
  const regex = new RegExp(`^${source}${end}`, options.ignoreCase && !sqlite ? 'iu' : 'u');
  return lowerAscii ? (value) => regex.test(asciiLower(value)) : (value) => regex.test(value);
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/** MLflow's ordering as a comparator: each clause missing-last, then start_time DESC, then run id. */
export function compareRuns(order: readonly OrderClause[]): (a: Run, b: Run) => number {
  const terms = [...order];
  if (!order.some((o) => o.entity === 'attribute' && o.key === 'start_time')) {
    terms.push({ entity: 'attribute', key: 'start_time', ascending: false });
  }
  return (a, b) => {
    for (const term of terms) {
      const result = compareTerm(fieldValue(a, term), fieldValue(b, term), term.ascending);
      if (result !== 0) return result;
    }
    return a.info.runId < b.info.runId ? -1 : a.info.runId > b.info.runId ? 1 : 0;
  };
}

/** Ranks ascend in both directions (value, then NaN, then missing); only values flip. */
function compareTerm(a: Scalar, b: Scalar, ascending: boolean): number {
  const rank = orderRank(a) - orderRank(b);
  if (rank !== 0) return rank;
  if (a === undefined || b === undefined || a === b || (typeof a === 'number' && Number.isNaN(a))) return 0;
  const result = a < b ? -1 : a > b ? 1 : 0;
  return ascending ? result : -result;
}

function orderRank(value: Scalar): number {
  if (value === undefined) return 2;
  return typeof value === 'number' && Number.isNaN(value) ? 1 : 0;
}
