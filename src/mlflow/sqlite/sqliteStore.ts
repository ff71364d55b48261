/**
 * The embedded default backend: MLflow's SQLite store (`mlflow.db`), read strictly read-only in
 * a worker thread. Filters are compiled here (so their errors keep positions), queries run in
 * the worker, artifact files are read with async fs.
 */
import * as path from 'node:path';
import type { ArtifactEntry, Experiment, LoggedModel, MetricPoint, ModelVersion, RegisteredModel, Run, RunSummary } from '../entities';
import { StoreError } from '../errors';
import { listLocalArtifacts, readLocalArtifact } from '../artifacts/local';
import { resolveArtifactDirectory } from '../artifacts/resolve';
import { parseRunFilter } from '../search/filter';
import { parseOrderBy } from '../search/orderBy';
import { compileRunSearch } from '../search/sql';
import type {
  CallOptions,
  MetricHistoryRequest,
  MlflowStore,
  Page,
  SearchExperimentsRequest,
  SearchRunsRequest,
  StoreCapabilities,
  StoreDescription,
} from '../store';
import { WorkerClient } from './client';
import { decodePageToken, pageSize, toPage } from './paging';
import type { MetricColumns, SchemaSummary } from './protocol';
import { compileSimpleFilter } from './simpleFilter';
import { StoreWatcher } from './watcher';

export interface SqliteStoreOptions {
  /** The bundled worker; defaults to `sqliteWorker.js` beside the calling bundle. */
  workerPath?: string;
  /** Stat poll backing up fs.watch (ms, default 2000). */
  pollIntervalMs?: number;
  /** Quiet time before `onDidChange` fires (ms, default 300). */
  debounceMs?: number;
}

const EXPERIMENT_FIELDS = {
  attributes: {
    name: { column: 'experiments.name', kind: 'string' },
    creation_time: { column: 'experiments.creation_time', kind: 'number' },
    last_update_time: { column: 'experiments.last_update_time', kind: 'number' },
  },
  tags: { table: 'experiment_tags', match: 't.experiment_id = experiments.experiment_id' },
} as const;

const REGISTERED_MODEL_FIELDS = {
  attributes: { name: { column: 'registered_models.name', kind: 'string' } },
  tags: { table: 'registered_model_tags', match: 't.name = registered_models.name' },
} as const;

/** Points per slice when rebuilding a history: each slice keeps the host's thread busy < 5 ms. */
const POINTS_PER_SLICE = 20_000;

/** One object per point is what callers get; built in slices so 200,000 points never block. */
async function toPoints(key: string, columns: MetricColumns): Promise<MetricPoint[]> {
  const points: MetricPoint[] = new Array(columns.steps.length);
  for (let start = 0; start < points.length; start += POINTS_PER_SLICE) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    const end = Math.min(points.length, start + POINTS_PER_SLICE);
    for (let i = start; i < end; i++) {
      points[i] = { key, value: columns.values[i], timestamp: columns.timestamps[i], step: columns.steps[i] };
    }
  }
  return points;
}

/** Opens `dbPath` read-only; rejects with NOT_A_STORE, CORRUPT_STORE or UNREADABLE. */
export async function openSqliteStore(dbPath: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
  const absolute = path.resolve(dbPath);
  const client = new WorkerClient(options.workerPath ?? path.join(__dirname, 'sqliteWorker.js'), absolute);
  try {
    const schema = await client.open();
    return new SqliteStore(absolute, client, schema, options);
  } catch (error) {
    await client.dispose();
    throw error;
  }
}

export class SqliteStore implements MlflowStore {
  readonly description: StoreDescription;
  readonly capabilities: StoreCapabilities;
  private readonly watcher: StoreWatcher;

  constructor(
    readonly dbPath: string,
    private readonly client: WorkerClient,
    schema: SchemaSummary,
    options: SqliteStoreOptions = {},
  ) {
    this.capabilities = {
      writable: false,
      serverSideSampling: false,
      registry: schema.registry,
      loggedModels: schema.loggedModels,
      datasets: schema.datasets,
    };
    this.description = {
      kind: 'sqlite',
      label: `${path.basename(dbPath)} (${path.basename(path.dirname(dbPath))})`,
      location: dbPath,
      details: { schemaVersion: schema.alembicVersion ?? 'unknown (no alembic_version table)', tables: String(schema.tables.length) },
    };
    this.watcher = new StoreWatcher(dbPath, options);
  }

  async searchExperiments(request: SearchExperimentsRequest, options?: CallOptions): Promise<Page<Experiment>> {
    const limit = pageSize(request.maxResults);
    const offset = decodePageToken(request.pageToken);
    const filter = compileSimpleFilter(request.filter, EXPERIMENT_FIELDS);
    const viewType = request.viewType ?? 'ACTIVE_ONLY';
    const result = await this.client.call('searchExperiments', { viewType, filter, limit, offset }, options?.signal);
    return toPage(result, offset, limit);
  }

  getExperiment(experimentId: string, options?: CallOptions): Promise<Experiment> {
    return this.client.call('getExperiment', { experimentId }, options?.signal);
  }

  async searchRuns(request: SearchRunsRequest, options?: CallOptions): Promise<Page<RunSummary>> {
    const limit = pageSize(request.maxResults);
    const offset = decodePageToken(request.pageToken);
    const search = compileRunSearch(parseRunFilter(request.filter), parseOrderBy(request.orderBy));
    const args = { experimentIds: request.experimentIds, viewType: request.viewType ?? 'ACTIVE_ONLY', search, limit, offset } as const;
    return toPage(await this.client.call('searchRuns', args, options?.signal), offset, limit);
  }

  getRun(runId: string, options?: CallOptions): Promise<Run> {
    return this.client.call('getRun', { runId }, options?.signal);
  }

  async getMetricHistory(request: MetricHistoryRequest, options?: CallOptions): Promise<MetricPoint[]> {
    const { runId, metricKey, startStep, endStep, maxPoints } = request;
    const columns = await this.client.call('getMetricHistory', { runId, metricKey, startStep, endStep, maxPoints }, options?.signal);
    return toPoints(metricKey, columns);
  }

  async listArtifacts(runId: string, artifactPath?: string, options?: CallOptions): Promise<ArtifactEntry[]> {
    return listLocalArtifacts(await this.artifactRoot(runId, options), artifactPath, options?.signal);
  }

  async readArtifact(runId: string, artifactPath: string, maxBytes?: number, options?: CallOptions): Promise<Uint8Array> {
    return readLocalArtifact(await this.artifactRoot(runId, options), artifactPath, maxBytes, options?.signal);
  }

  async localArtifactDirectory(runId: string, options?: CallOptions): Promise<string | undefined> {
    const { artifactUri } = await this.client.call('getArtifactLocation', { runId }, options?.signal);
    return resolveArtifactDirectory(artifactUri, { storeRoot: path.dirname(this.dbPath), entityId: runId });
  }

  searchLoggedModels(experimentIds: string[], options?: CallOptions): Promise<LoggedModel[]> {
    return this.client.call('searchLoggedModels', { experimentIds }, options?.signal);
  }

  searchRegisteredModels(filter?: string, options?: CallOptions): Promise<RegisteredModel[]> {
    return this.client.call('searchRegisteredModels', { filter: compileSimpleFilter(filter, REGISTERED_MODEL_FIELDS) }, options?.signal);
  }

  searchModelVersions(modelName: string, options?: CallOptions): Promise<ModelVersion[]> {
    return this.client.call('searchModelVersions', { modelName }, options?.signal);
  }

  onDidChange(listener: () => void): () => void {
    return this.watcher.subscribe(listener);
  }

  /** Reads done and retried because a writer was active (diagnostics). */
  stats(): Promise<{ reads: number; retries: number }> {
    return this.client.call('stats', {});
  }

  async dispose(): Promise<void> {
    this.watcher.dispose();
    await this.client.dispose();
  }

  private async artifactRoot(runId: string, options?: CallOptions): Promise<string> {
    const { artifactUri } = await this.client.call('getArtifactLocation', { runId }, options?.signal);
    const root = await resolveArtifactDirectory(artifactUri, { storeRoot: path.dirname(this.dbPath), entityId: runId });
    if (root === undefined) {
      throw new StoreError('UNREADABLE', `The artifacts of run ${runId} are stored at ${artifactUri}, which is not a local folder; connect to the tracking server to read them.`);
    }
    return root;
  }
}
