/**
 * The messages between `SqliteStore` (extension host) and its worker. One request is one read
 * transaction on the store. Filters are compiled to SQL on the host, so filter errors keep their
 * position in the filter text; the worker only binds and runs them.
 */
import type { Experiment, LoggedModel, ModelVersion, RegisteredModel, Run, ViewType } from '../entities';
import type { StoreErrorCode } from '../errors';
import type { CompiledRunSearch } from '../search/sql';

export type { CompiledRunSearch };

export type SqlValue = string | number | null;

/** A WHERE condition and its named parameters (`:name` in the SQL, `name` in the object). */
export interface SqlFilter {
  where: string;
  params: Record<string, SqlValue>;
}

export interface SchemaSummary {
  alembicVersion?: string;
  tables: string[];
  registry: boolean;
  loggedModels: boolean;
  datasets: boolean;
}

/** Metric points as columns: transferred without copying, and without one object per point. */
export interface MetricColumns {
  steps: Float64Array;
  timestamps: Float64Array;
  values: Float64Array;
}

export interface PageResult<T> {
  items: T[];
  hasMore: boolean;
}

export interface Operations {
  open: { args: { dbPath: string }; result: SchemaSummary };
  searchExperiments: {
    args: { viewType: ViewType; filter?: SqlFilter; limit: number; offset: number };
    result: PageResult<Experiment>;
  };
  getExperiment: { args: { experimentId: string }; result: Experiment };
  searchRuns: {
    args: { experimentIds: string[]; viewType: ViewType; search: CompiledRunSearch; limit: number; offset: number };
    result: PageResult<Run>;
  };
  getRun: { args: { runId: string }; result: Run };
  getMetricHistory: {
    args: { runId: string; metricKey: string; startStep?: number; endStep?: number; maxPoints?: number };
    result: MetricColumns;
  };
  getArtifactLocation: { args: { runId: string }; result: { experimentId: string; artifactUri: string } };
  searchLoggedModels: { args: { experimentIds: string[] }; result: LoggedModel[] };
  searchRegisteredModels: { args: { filter?: SqlFilter }; result: RegisteredModel[] };
  searchModelVersions: { args: { modelName: string }; result: ModelVersion[] };
  /** Reads done and retried so far (diagnostics and tests). */
  stats: { args: Record<string, never>; result: { reads: number; retries: number } };
  /** Throws outside any handler, as a bug or an out-of-memory abort in the worker would. */
  crashForTesting: { args: Record<string, never>; result: never };
}

export type OpName = keyof Operations;
export type OpArgs<K extends OpName> = Operations[K]['args'];
export type OpResult<K extends OpName> = Operations[K]['result'];

export type WorkerRequest = { [K in OpName]: { id: number; op: K; args: OpArgs<K> } }[OpName];

/** A `StoreError` on the wire (class instances do not survive structured cloning). */
export interface WireError {
  code: StoreErrorCode;
  message: string;
  detail?: string;
}

export type WorkerResponse =
  | { [K in OpName]: { id: number; op: K; ok: true; result: OpResult<K> } }[OpName]
  | { id: number; op: OpName; ok: false; error: WireError };
