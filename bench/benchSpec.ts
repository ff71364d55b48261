/**
 * What the benchmark measures: the synthetic store's shape, the steps with their requests and
 * targets, and the JSON the bench processes hand each other. Shared by the generator, the store
 * benchmark, the SQL capture and the native baseline so they cannot drift apart.
 */
import type { MlflowStore } from '../src/mlflow/store';

/** Bump when the generated data changes; a cached store of another version is rebuilt. */
export const GENERATOR_VERSION = 1;

export const SHAPE = {
  runs: 10_000,
  paramsPerRun: 20,
  metricsPerRun: 10,
  /** Points logged per metric of the 10,000 runs (steps 0..4); `latest_metrics` holds step 4. */
  stepsPerMetric: 5,
  tagsPerRun: 3,
  longRuns: 2,
  longRunSteps: 200_000,
} as const;

/** Experiment ids in the synthetic store. */
export const EXPERIMENT = { manyRuns: '1', longHistories: '2' } as const;
/** Names of the two runs holding the 200,000-step `loss` histories. */
export const LONG_RUN_NAMES = ['long-run-a', 'long-run-b'] as const;
export const LONG_METRIC = 'loss';

export const PAGE_SIZE = 100;
export const SAMPLED_POINTS = 1_000;

/**
 * `accuracy`'s latest value is 0.5 + 0.5·u with u equidistributed in [0, 1), so this keeps
 * 10% of the runs (988 of the 9,900 active ones).
 */
export const FILTER = 'metrics.accuracy > 0.95';
export const ORDER_BY_METRIC = 'metrics.rmse ASC';

export type StepId = 'open' | 'firstPage' | 'filter' | 'orderByMetric' | 'history' | 'sampledHistory';

export interface StepSpec {
  id: StepId;
  label: string;
  /** Target for the median, in ms; undefined when the issue sets none. */
  targetMs?: number;
}

export const STEPS: readonly StepSpec[] = [
  { id: 'open', label: 'open (factory until ready)' },
  { id: 'firstPage', label: 'first page: 100 runs by start time + params/tags/latest metrics', targetMs: 100 },
  { id: 'filter', label: `filter ${FILTER} (10%), first page`, targetMs: 200 },
  { id: 'orderByMetric', label: `order by ${ORDER_BY_METRIC}, first page` },
  { id: 'history', label: `full history of ${LONG_METRIC} (200,000 points)`, targetMs: 300 },
  { id: 'sampledHistory', label: 'that history sampled to 1,000 points' },
];

/** No step may keep the extension host's thread busy longer than this. */
export const MAX_MAIN_THREAD_BLOCK_MS = 50;

/** What each query step asks the store, exactly as the tree and the chart ask it. */
export async function runQueryStep(store: MlflowStore, step: Exclude<StepId, 'open'>, longRunId: string): Promise<StepOutcome> {
  const experimentIds = [EXPERIMENT.manyRuns];
  switch (step) {
    case 'firstPage':
      return page(await store.searchRuns({ experimentIds, maxResults: PAGE_SIZE }));
    case 'filter':
      return page(await store.searchRuns({ experimentIds, filter: FILTER, maxResults: PAGE_SIZE }));
    case 'orderByMetric':
      return page(await store.searchRuns({ experimentIds, orderBy: [ORDER_BY_METRIC], maxResults: PAGE_SIZE }));
    case 'history':
      return points(await store.getMetricHistory({ runId: longRunId, metricKey: LONG_METRIC }));
    case 'sampledHistory':
      return points(await store.getMetricHistory({ runId: longRunId, metricKey: LONG_METRIC, maxPoints: SAMPLED_POINTS }));
  }
}

export interface StepOutcome {
  /** Runs or points returned. */
  rows: number;
  /** Ids of the runs of a page, in order (to check that every rep returns the same page). */
  runIds?: string[];
  /** Params + tags + latest metrics of the page's runs. */
  children?: number;
  hasNextPage?: boolean;
}

function page(result: Awaited<ReturnType<MlflowStore['searchRuns']>>): StepOutcome {
  const children = result.items.reduce((n, run) => n + run.data.params.length + run.data.tags.length + run.data.metrics.length, 0);
  return { rows: result.items.length, runIds: result.items.map((run) => run.info.runId), children, hasNextPage: !!result.nextPageToken };
}

function points(result: Awaited<ReturnType<MlflowStore['getMetricHistory']>>): StepOutcome {
  return { rows: result.length };
}

/** Median and spread of a sample, in ms. */
export interface Stats {
  median: number;
  p25: number;
  p75: number;
  min: number;
  max: number;
  n: number;
}

export function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => {
    const pos = (sorted.length - 1) * q;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  };
  return { median: at(0.5), p25: at(0.25), p75: at(0.75), min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

export interface StoreStepResult {
  id: StepId;
  /** The first call (a cold statement and page cache), not in `samples`. */
  firstMs: number;
  firstWorkerWaitMs: number;
  /** Wall-clock ms of each timed call. */
  samples: number[];
  /**
   * Per call, how long the SQLite worker's thread was runnable but waiting for a core (other
   * processes on a busy machine); `samples[i] - workerWaitMs[i]` is the call without that.
   */
  workerWaitMs: number[];
  /** Per call, CPU ms of the worker thread (SQLite, rows, entities) and of the main thread. */
  workerCpuMs: number[];
  mainCpuMs: number[];
  /**
   * Longest time the main thread could not run a 1-ms timer while the call ran, less the time
   * it waited for a core (another process's doing), per call.
   */
  maxBlockMs: number[];
  /** The same, wall clock (includes waiting for a core on a busy machine). */
  maxBlockWallMs: number[];
  /** Of each call's longest block, the time the thread ran (the rest it slept in a system call). */
  maxBlockCpuMs: number[];
  outcome?: StepOutcome;
}

export interface MemoryFigures {
  /** RSS of the bench process before the store is opened (Node itself), MB. */
  rssBeforeOpenMb: number;
  /** Peak RSS of the whole process (main thread + SQLite worker + wasm heap), MB. */
  peakRssMb: number;
  /** RSS after each step's repetitions, MB. */
  rssAfterStepMb: Partial<Record<StepId, number>>;
  /** Peak V8 heap of the main thread (the extension host's share), MB. */
  peakMainHeapMb: number;
}

export interface StoreBenchResult {
  /** The step labels and targets, for the driver (plain JS, it cannot import this file). */
  spec: { steps: readonly StepSpec[]; maxMainThreadBlockMs: number };
  steps: StoreStepResult[];
  /** The same query steps on a store running another build's worker, its calls interleaved with these. */
  baselineSteps?: StoreStepResult[];
  memory: MemoryFigures;
}

/** One statement the store ran, with the values it bound (node-sqlite3-wasm's shape). */
export interface CapturedStatement {
  kind: 'statement' | 'exec';
  sql: string;
  values?: unknown;
}

export interface CaptureResult {
  /** SQLite inside node-sqlite3-wasm. */
  wasmSqliteVersion: string;
  statements: Record<StepId, CapturedStatement[]>;
  /** The same statements run in-process on node-sqlite3-wasm (no worker, no hydration), ms. */
  wasmReplay: Partial<Record<StepId, number[]>>;
  /** Per replay, how long the thread waited for a core (other processes). */
  wasmReplayWaitMs: Partial<Record<StepId, number[]>>;
}

export interface NativeResult {
  version: string;
  steps: Partial<Record<StepId, { firstMs: number; samples: number[]; wallSamples: number[] }>>;
  peakRssMb?: number;
  /** EXPLAIN QUERY PLAN of each query statement of each step, as the shell prints it. */
  plans: Partial<Record<StepId, { sql: string; plan: string }[]>>;
}

/** The recording worker announces statements on this channel. */
export const SQL_CHANNEL = 'mlflow-bench-sql';

export type RecordedEvent =
  | { type: 'statement'; sql: string; values: unknown }
  | { type: 'exec'; sql: string }
  | { type: 'response'; id: number };

/** The steps named by `--steps firstPage,history` (every step without it). */
export function selectedSteps(): readonly StepSpec[] {
  const names = flag('steps', '');
  if (!names) return STEPS;
  const wanted = names.split(',').map((name) => name.trim());
  const unknown = wanted.filter((name) => !STEPS.some((step) => step.id === name));
  if (unknown.length > 0) throw new Error(`unknown step ${unknown.join(', ')}: the steps are ${STEPS.map((step) => step.id).join(', ')}`);
  return STEPS.filter((step) => wanted.includes(step.id));
}

/** Parses `--name value` flags. */
export function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}
