/**
 * Metric histories, read in slices of consecutive steps, each slice its own consistent read.
 * A 200,000-point history takes ~200 ms to read; a training script that commits every 100 ms
 * would never leave it a quiet window, and the live chart of a running run is exactly where
 * that happens. Slices of 2,000 points (a few ms) fit between commits. Stitching slices read at
 * different moments is sound because MLflow only ever adds points: the result is the history
 * as it was when its first slice was read, plus points logged since at later steps.
 * Stores without an index on (run_uuid, key, step) (before MLflow 3) would rescan the run's
 * points for every slice, so there the history is read at once.
 *
 * Order: by step, then timestamp, points equal in both in the order the step index holds them
 * (the order they were written). With the index, SQLite returns that order for `ORDER BY step`
 * alone; asking it for `step, timestamp` made it sort every slice (`USE TEMP B-TREE FOR RIGHT
 * PART OF ORDER BY`), about a third of the history's time. Points of one step are rarely more
 * than one, so the timestamp order is restored here, only within runs of equal steps.
 */
import type { Database } from 'node-sqlite3-wasm';
import { sampleIndices } from '../../sampling';
import type { MetricColumns } from '../protocol';
import type { Schema } from '../schema';
import { runNotFound } from './runs';

export const SLICE_POINTS = 2_000;

export interface HistoryArgs {
  runId: string;
  metricKey: string;
  startStep?: number;
  endStep?: number;
  maxPoints?: number;
}

/**
 * The points read so far, straight into `Float64Array`s grown by doubling: no `number[]` and
 * no JS object kept per point, and the arrays are what the worker transfers.
 */
export class ColumnBuilder {
  length = 0;
  private steps = new Float64Array(4_096);
  private timestamps = new Float64Array(4_096);
  private values = new Float64Array(4_096);

  push(step: number, timestamp: number, value: number): void {
    if (this.length === this.steps.length) this.grow();
    this.steps[this.length] = step;
    this.timestamps[this.length] = timestamp;
    this.values[this.length] = value;
    this.length++;
  }

  stepAt(index: number): number {
    return this.steps[index];
  }

  /** Drops the points from `length` on. */
  truncate(length: number): void {
    this.length = Math.min(this.length, length);
  }

  /** Orders each run of equal steps by timestamp, stably; runs already in order are only scanned. */
  orderEqualStepsByTimestamp(): void {
    const { steps, timestamps } = this;
    for (let start = 0; start < this.length; ) {
      let end = start + 1;
      let ordered = true;
      while (end < this.length && steps[end] === steps[start]) {
        if (timestamps[end] < timestamps[end - 1]) ordered = false;
        end++;
      }
      if (!ordered) this.sortByTimestamp(start, end);
      start = end;
    }
  }

  /** The columns, trimmed to the points read (sampled to `keep` when given). */
  columns(keep?: readonly number[]): MetricColumns {
    const column = (source: Float64Array) => (keep ? Float64Array.from(keep, (i) => source[i]) : source.slice(0, this.length));
    return { steps: column(this.steps), timestamps: column(this.timestamps), values: column(this.values) };
  }

  valuesView(): Float64Array {
    return this.values.subarray(0, this.length);
  }

  private grow(): void {
    const grown = (source: Float64Array) => {
      const target = new Float64Array(source.length * 2);
      target.set(source);
      return target;
    };
    this.steps = grown(this.steps);
    this.timestamps = grown(this.timestamps);
    this.values = grown(this.values);
  }

  private sortByTimestamp(start: number, end: number): void {
    // Array.prototype.sort is stable: points equal in timestamp keep the index's order.
    const order = Array.from({ length: end - start }, (_, i) => start + i).sort((a, b) => this.timestamps[a] - this.timestamps[b]);
    const timestamps = order.map((i) => this.timestamps[i]);
    const values = order.map((i) => this.values[i]);
    this.timestamps.set(timestamps, start);
    this.values.set(values, start);
  }
}

type Read = <T>(fn: (db: Database, schema: Schema) => T) => Promise<T>;

/** Reads the whole history through `read`, one slice per call, then samples it if asked. */
export async function readMetricHistory(read: Read, args: HistoryArgs): Promise<MetricColumns> {
  const points = new ColumnBuilder();
  let from = args.startStep;
  for (let first = true; ; first = false) {
    const sliceStart = points.length;
    const next = await read((db, schema) => {
      // A read that is retried (the store changed meanwhile) starts its slice afresh.
      points.truncate(sliceStart);
      return readSlice(db, schema, args, from, first, points);
    });
    if (next === undefined) break;
    from = next;
  }
  points.orderEqualStepsByTimestamp();
  return points.columns(args.maxPoints === undefined ? undefined : sampleIndices(points.valuesView(), args.maxPoints));
}

/** Appends one slice to `points`; returns the step the next slice starts at, or undefined at the end. */
function readSlice(db: Database, schema: Schema, args: HistoryArgs, from: number | undefined, first: boolean, points: ColumnBuilder): number | undefined {
  const step = schema.hasColumn('metrics', 'step') ? 'metrics.step' : '0';
  const isNan = schema.hasColumn('metrics', 'is_nan') ? 'is_nan' : '0';
  const where = ['run_uuid = :run', 'key = :key'];
  const params: Record<string, string | number> = { ':run': args.runId, ':key': args.metricKey };
  if (from !== undefined) {
    where.push(`${step} >= :from`);
    params[':from'] = from;
  }
  if (args.endStep !== undefined) {
    where.push(`${step} <= :end`);
    params[':end'] = args.endStep;
  }
  // Without the index SQLite sorts anyway: it sorts by timestamp too, in one read.
  const order = schema.metricStepIndex ? step : step === '0' ? 'timestamp' : `${step}, timestamp`;
  // Numbers come back as REAL (a double, where an INTEGER column would cross wasm as a BigInt)
  // and NaN as NULL (MLflow keeps NaN as 0 with is_nan set): three cheap columns per row.
  const query = (extra: string, limit = '') =>
    `SELECT CAST(${step} AS REAL) AS s, CAST(timestamp AS REAL) AS t, iif(${isNan} = 1, NULL, ifnull(value, 0)) AS v FROM metrics
     WHERE ${[...where, extra].filter(Boolean).join(' AND ')} ORDER BY ${order} ${limit}`;
  const start = points.length;
  collect(db, query('', schema.metricStepIndex ? `LIMIT ${SLICE_POINTS}` : ''), params, points);
  let next: number | undefined;
  if (schema.metricStepIndex && points.length - start === SLICE_POINTS) {
    // The last step may continue in the next rows: leave it whole to the next slice.
    const last = points.stepAt(points.length - 1);
    let keep = points.length - 1;
    while (keep > start && points.stepAt(keep - 1) === last) keep--;
    if (keep > start) {
      points.truncate(keep);
      next = last;
    } else {
      // A single step with more points than a slice: read that step alone, then move past it.
      points.truncate(start);
      collect(db, query(`${step} = :last`), { ...params, ':last': last }, points);
      next = last + 1;
    }
  }
  if (first && points.length === start && !db.get('SELECT 1 AS found FROM runs WHERE run_uuid = :id', { ':id': args.runId })) {
    throw runNotFound(args.runId);
  }
  return next;
}

function collect(db: Database, sql: string, params: Record<string, string | number>, points: ColumnBuilder): void {
  const statement = db.prepare(sql);
  try {
    for (const row of statement.iterate(params)) {
      points.push(row.s as number, row.t as number, row.v === null ? Number.NaN : (row.v as number));
    }
  } finally {
    statement.finalize();
  }
}
