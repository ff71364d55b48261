/**
 * Metric histories, read in slices of consecutive steps, each slice its own consistent read.
 * A 200,000-point history takes ~300 ms to read; a training script that commits every 100 ms
 * would never leave it a quiet window, and the live chart of a running run is exactly where
 * that happens. Slices of 2,000 points (a few ms) fit between commits. Stitching slices read at
 * different moments is sound because MLflow only ever adds points: the result is the history
 * as it was when its first slice was read, plus points logged since at later steps.
 * Stores without an index on (run_uuid, key, step) (before MLflow 3) would rescan the run's
 * points for every slice, so there the history is read at once.
 */
import type { Database } from 'node-sqlite3-wasm';
import { sampleIndices } from '../../sampling';
import type { MetricColumns } from '../protocol';
import { metricValue, num } from '../rows';
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

interface Slice {
  steps: number[];
  timestamps: number[];
  values: number[];
  /** Where the next slice starts; undefined when this one reached the end. */
  next?: number;
}

/** Reads the whole history through `read`, one slice per call, then samples it if asked. */
export async function readMetricHistory(
  read: <T>(fn: (db: Database, schema: Schema) => T) => Promise<T>,
  args: HistoryArgs,
): Promise<MetricColumns> {
  const steps: number[] = [];
  const timestamps: number[] = [];
  const values: number[] = [];
  let from = args.startStep;
  for (let first = true; ; first = false) {
    const slice = await read((db, schema) => readSlice(db, schema, args, from, first));
    for (let i = 0; i < slice.steps.length; i++) {
      steps.push(slice.steps[i]);
      timestamps.push(slice.timestamps[i]);
      values.push(slice.values[i]);
    }
    if (slice.next === undefined) break;
    from = slice.next;
  }
  const keep = args.maxPoints === undefined ? undefined : sampleIndices(values, args.maxPoints);
  const column = (source: number[]) => (keep ? Float64Array.from(keep, (i) => source[i]) : Float64Array.from(source));
  return { steps: column(steps), timestamps: column(timestamps), values: column(values) };
}

function readSlice(db: Database, schema: Schema, args: HistoryArgs, from: number | undefined, first: boolean): Slice {
  const step = schema.hasColumn('metrics', 'step') ? 'step' : '0';
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
  const query = (extra: string, limit = '') =>
    `SELECT ${step} AS step, timestamp, value, ${isNan} AS is_nan FROM metrics
     WHERE ${[...where, extra].filter(Boolean).join(' AND ')} ORDER BY ${step}, timestamp ${limit}`;
  let slice = collect(db, query('', schema.metricStepIndex ? `LIMIT ${SLICE_POINTS}` : ''), params);
  if (schema.metricStepIndex && slice.steps.length === SLICE_POINTS) {
    // The last step may continue in the next rows: leave it whole to the next slice.
    const last = slice.steps[SLICE_POINTS - 1];
    const keep = slice.steps.indexOf(last);
    if (keep > 0) {
      const cut = (column: number[]) => column.slice(0, keep);
      slice = { steps: cut(slice.steps), timestamps: cut(slice.timestamps), values: cut(slice.values), next: last };
    } else {
      // A single step with more points than a slice: read that step alone, then move past it.
      slice = { ...collect(db, query(`${step} = :last`), { ...params, ':last': last }), next: last + 1 };
    }
  }
  if (first && slice.steps.length === 0 && !db.get('SELECT 1 AS found FROM runs WHERE run_uuid = :id', { ':id': args.runId })) {
    throw runNotFound(args.runId);
  }
  return slice;
}

function collect(db: Database, sql: string, params: Record<string, string | number>): Slice {
  const slice: Slice = { steps: [], timestamps: [], values: [] };
  const statement = db.prepare(sql);
  try {
    for (const row of statement.iterate(params)) {
      slice.steps.push(num(row.step));
      slice.timestamps.push(num(row.timestamp));
      slice.values.push(metricValue(row.value, row.is_nan));
    }
  } finally {
    statement.finalize();
  }
  return slice;
}
