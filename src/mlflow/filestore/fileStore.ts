/**
 * MLflow's legacy file store (`mlruns/` folders of YAML and text files), read-only. Every read
 * is async with bounded concurrency; parsed runs are cached by folder modification times, so a
 * refresh of a big store re-reads only what changed. Damaged files are skipped and reported to
 * `log`, never fatal. Searches run the shared parser and the in-memory evaluator with the file
 * store's semantics (real NaN comparisons, `%` not crossing newlines).
 */
import { access } from 'node:fs/promises';
import * as path from 'node:path';
import type { ArtifactEntry, Dataset, Experiment, LoggedModel, MetricPoint, ModelVersion, RegisteredModel, Run, RunSummary } from '../entities';
import { StoreError } from '../errors';
import { listLocalArtifacts, readLocalArtifact } from '../artifacts/local';
import { localPathOf, resolveArtifactDirectory } from '../artifacts/resolve';
import { downsampleMetric } from '../sampling';
import { evaluateRunSearch } from '../search/evaluate';
import { parseRunFilter } from '../search/filter';
import { parseOrderBy } from '../search/orderBy';
import { decodePageToken, encodePageToken, pageSize } from '../sqlite/paging';
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
import { CONCURRENCY, mapLimit, readText, type Log } from './files';
import { compareExperiments, experimentDirs, readDataset, readExperiment, REGISTRY, runDirs, TRASH, type ExperimentFolder } from './layout';
import { historyOf, parseMetricFile } from './metrics';
import { readLoggedModels, readRegisteredModels, readVersions } from './models';
import { RunReader } from './runReader';
import { parseSimpleFilter } from './simpleFilter';
import { FileStoreWatcher, type FileWatchOptions, type WatchTargets } from './watcher';

export interface FileStoreOptions extends FileWatchOptions {
  /** Receives what was skipped (damaged files) and why. */
  log?: Log;
}

const EXPERIMENT_FIELDS = { name: 'string', creation_time: 'number', last_update_time: 'number' } as const;
const REGISTERED_MODEL_FIELDS = { name: 'string' } as const;

function checkSignal(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new StoreError('CANCELLED', 'The request was cancelled.');
}

function page<T>(items: T[], request: { maxResults?: number; pageToken?: string }): Page<T> {
  const limit = pageSize(request.maxResults);
  const offset = decodePageToken(request.pageToken);
  const slice = items.slice(offset, offset + limit);
  return offset + limit < items.length ? { items: slice, nextPageToken: encodePageToken(offset + limit) } : { items: slice };
}

/** Opens `mlrunsPath` (the `mlruns` folder itself); rejects with NOT_A_STORE or UNREADABLE. */
export async function openFileStore(mlrunsPath: string, options: FileStoreOptions = {}): Promise<FileStore> {
  const root = path.resolve(mlrunsPath);
  try {
    await access(root);
  } catch (error) {
    throw new StoreError('UNREADABLE', `The folder ${root} cannot be read: ${(error as Error).message}`);
  }
  const store = new FileStore(root, await exists(path.join(root, REGISTRY)), options);
  if ((await store.experimentFolders()).length === 0) {
    await store.dispose();
    throw new StoreError('NOT_A_STORE', `${root} holds no MLflow experiment (no <id>/meta.yaml): it is not an MLflow file store.`);
  }
  return store;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

export class FileStore implements MlflowStore {
  readonly description: StoreDescription;
  readonly capabilities: StoreCapabilities;
  private readonly log: Log;
  private readonly runs: RunReader;
  private readonly watcher: FileStoreWatcher;
  private readonly datasets = new Map<string, Promise<Dataset | undefined>>();
  /** Run id → folder, from the listings done so far. */
  private readonly runFolders = new Map<string, string>();
  /** What the watcher follows, from the listings done so far. */
  private experimentDirsSeen: string[] = [];
  private readonly liveRuns = new Map<string, Run>();
  private readonly runMetaFiles = new Set<string>();

  constructor(
    readonly mlrunsPath: string,
    registry: boolean,
    options: FileStoreOptions = {},
  ) {
    this.log = options.log ?? (() => undefined);
    this.capabilities = { writable: false, serverSideSampling: false, registry, loggedModels: true, datasets: true };
    this.description = {
      kind: 'file',
      label: `${path.basename(mlrunsPath)} (${path.basename(path.dirname(mlrunsPath))})`,
      location: mlrunsPath,
      details: { format: 'MLflow file store (mlruns/)' },
    };
    this.runs = new RunReader(this.log, (dir, id) => this.dataset(dir, id));
    this.watcher = new FileStoreWatcher(() => this.watchTargets(), options);
  }

  /** Every readable experiment folder, active and deleted, in MLflow's order. */
  async experimentFolders(): Promise<ExperimentFolder[]> {
    const dirs = await experimentDirs(this.mlrunsPath, this.log);
    const folders = (await mapLimit(dirs, CONCURRENCY, (dir) => readExperiment(dir, this.log))).filter((f): f is ExperimentFolder => f !== undefined);
    this.experimentDirsSeen = folders.map((f) => f.dir);
    return folders.sort((a, b) => compareExperiments(a.experiment, b.experiment));
  }

  async searchExperiments(request: SearchExperimentsRequest, options?: CallOptions): Promise<Page<Experiment>> {
    const matches = parseSimpleFilter(request.filter, EXPERIMENT_FIELDS);
    const viewType = request.viewType ?? 'ACTIVE_ONLY';
    const experiments = (await this.experimentFolders())
      .map((f) => f.experiment)
      .filter((e) => viewType === 'ALL' || (viewType === 'ACTIVE_ONLY') === (e.lifecycleStage === 'active'))
      .filter((e) => matches({ attributes: { name: e.name, creation_time: e.creationTime, last_update_time: e.lastUpdateTime }, tags: e.tags }));
    checkSignal(options?.signal);
    return page(experiments, request);
  }

  async getExperiment(experimentId: string, options?: CallOptions): Promise<Experiment> {
    const folder = await this.experimentFolder(experimentId);
    checkSignal(options?.signal);
    return folder.experiment;
  }

  async searchRuns(request: SearchRunsRequest, options?: CallOptions): Promise<Page<RunSummary>> {
    const filter = parseRunFilter(request.filter);
    const order = parseOrderBy(request.orderBy);
    const viewType = request.viewType ?? 'ACTIVE_ONLY';
    const wanted = new Set(request.experimentIds);
    const folders = (await this.experimentFolders()).filter((f) => wanted.has(f.experiment.experimentId));
    const runs = (await this.readRuns(folders, options?.signal)).filter(
      (run) => viewType === 'ALL' || (viewType === 'ACTIVE_ONLY') === (run.info.lifecycleStage === 'active'),
    );
    checkSignal(options?.signal);
    return page(evaluateRunSearch(runs, filter, order, 'file'), request);
  }

  async getRun(runId: string, options?: CallOptions): Promise<Run> {
    const run = await this.runs.read(await this.runFolder(runId));
    checkSignal(options?.signal);
    if (!run) throw new StoreError('NOT_FOUND', `The run ${runId} cannot be read: its meta.yaml is missing or damaged (see the log).`);
    return run;
  }

  async getMetricHistory(request: MetricHistoryRequest, options?: CallOptions): Promise<MetricPoint[]> {
    const { runId, metricKey, startStep, endStep, maxPoints } = request;
    const runDir = await this.runFolder(runId);
    const file = path.join(runDir, 'metrics', ...metricKey.split('/'));
    if (path.relative(path.join(runDir, 'metrics'), file).startsWith('..')) return [];
    const text = await readText(file, this.log);
    checkSignal(options?.signal);
    if (text === undefined) return [];
    const points = historyOf(await parseMetricFile(metricKey, text, file, this.log)).filter(
      (p) => (startStep === undefined || p.step >= startStep) && (endStep === undefined || p.step <= endStep),
    );
    return maxPoints === undefined ? points : downsampleMetric(points, maxPoints);
  }

  async listArtifacts(runId: string, artifactPath?: string, options?: CallOptions): Promise<ArtifactEntry[]> {
    return listLocalArtifacts(await this.artifactRoot(runId, options), artifactPath, options?.signal);
  }

  async readArtifact(runId: string, artifactPath: string, maxBytes?: number, options?: CallOptions): Promise<Uint8Array> {
    return readLocalArtifact(await this.artifactRoot(runId, options), artifactPath, maxBytes, options?.signal);
  }

  /**
   * The recorded location when it exists; otherwise the same path below this store (a moved
   * or copied store), as the SQLite store resolves it, or below the run's own folder when the
   * store's folder is not named `mlruns`.
   */
  async localArtifactDirectory(runId: string, options?: CallOptions): Promise<string | undefined> {
    const runDir = await this.runFolder(runId);
    const run = await this.getRun(runId, options);
    const uri = run.info.artifactUri;
    const resolved = await resolveArtifactDirectory(uri, { storeRoot: path.dirname(this.mlrunsPath), entityId: runId });
    if (resolved === undefined || (await exists(resolved))) return resolved;
    const segments = (localPathOf(uri) ?? '').split(/[\\/]+/);
    const at = segments.lastIndexOf(runId);
    const inRunFolder = at >= 0 ? path.join(runDir, ...segments.slice(at + 1)) : undefined;
    return inRunFolder && inRunFolder.startsWith(runDir) && (await exists(inRunFolder)) ? inRunFolder : resolved;
  }

  async searchLoggedModels(experimentIds: string[], options?: CallOptions): Promise<LoggedModel[]> {
    const wanted = new Set(experimentIds);
    const folders = (await this.experimentFolders()).filter((f) => wanted.has(f.experiment.experimentId));
    const models = (await mapLimit(folders, CONCURRENCY, (f) => readLoggedModels(f.dir, this.log))).flat();
    checkSignal(options?.signal);
    return models.sort((a, b) => b.creationTimestamp - a.creationTimestamp || (a.modelId < b.modelId ? -1 : 1));
  }

  async searchRegisteredModels(filter?: string, options?: CallOptions): Promise<RegisteredModel[]> {
    const matches = parseSimpleFilter(filter, REGISTERED_MODEL_FIELDS);
    const models = await readRegisteredModels(this.mlrunsPath, this.log);
    checkSignal(options?.signal);
    return models.filter((m) => matches({ attributes: { name: m.name }, tags: m.tags }));
  }

  async searchModelVersions(modelName: string, options?: CallOptions): Promise<ModelVersion[]> {
    const models = await readRegisteredModels(this.mlrunsPath, this.log);
    checkSignal(options?.signal);
    // Only a name the registry lists becomes a path: a name with `..` never leaves the store.
    if (!models.some((m) => m.name === modelName)) return [];
    return readVersions(path.join(this.mlrunsPath, REGISTRY, modelName), this.log);
  }

  onDidChange(listener: () => void): () => void {
    return this.watcher.subscribe(listener);
  }

  /** Resolves when changes from now on will be noticed (tests write files only after it). */
  whenWatching(): Promise<void> {
    return this.watcher.whenWatching();
  }

  async dispose(): Promise<void> {
    this.watcher.dispose();
  }

  private async experimentFolder(experimentId: string): Promise<ExperimentFolder> {
    const folder = (await this.experimentFolders()).find((f) => f.experiment.experimentId === experimentId);
    if (!folder) throw new StoreError('NOT_FOUND', `No experiment with id ${experimentId} in this store.`);
    return folder;
  }

  private async readRuns(folders: ExperimentFolder[], signal?: AbortSignal): Promise<Run[]> {
    const dirs = (await mapLimit(folders, CONCURRENCY, (f) => runDirs(f.dir, this.log))).flat();
    checkSignal(signal);
    const runs = await mapLimit(dirs, CONCURRENCY, (dir) => (signal?.aborted ? Promise.resolve(undefined) : this.runs.read(dir)));
    checkSignal(signal);
    const read = runs.filter((run): run is Run => run !== undefined);
    dirs.forEach((dir, i) => {
      const run = runs[i];
      if (!run) return;
      this.runFolders.set(run.info.runId, dir);
      this.runMetaFiles.add(path.join(dir, 'meta.yaml'));
      if (run.info.status === 'RUNNING' || run.info.status === 'SCHEDULED') this.liveRuns.set(dir, run);
      else this.liveRuns.delete(dir);
    });
    return read;
  }

  /** The folder of a run, from the listings so far or else by looking in every experiment. */
  private async runFolder(runId: string): Promise<string> {
    if (!/^[\w-]+$/.test(runId)) throw new StoreError('NOT_FOUND', `No run with id ${runId} in this store.`);
    const known = this.runFolders.get(runId);
    if (known && (await exists(path.join(known, 'meta.yaml')))) return known;
    for (const folder of await this.experimentFolders()) {
      const dir = path.join(folder.dir, runId);
      if (await exists(path.join(dir, 'meta.yaml'))) {
        this.runFolders.set(runId, dir);
        return dir;
      }
    }
    throw new StoreError('NOT_FOUND', `No run with id ${runId} in this store.`);
  }

  private dataset(experimentDir: string, datasetId: string): Promise<Dataset | undefined> {
    const key = `${experimentDir}\u0000${datasetId}`;
    let dataset = this.datasets.get(key);
    if (!dataset) this.datasets.set(key, (dataset = readDataset(experimentDir, datasetId, this.log)));
    return dataset;
  }

  private async artifactRoot(runId: string, options?: CallOptions): Promise<string> {
    const root = await this.localArtifactDirectory(runId, options);
    if (root === undefined) {
      const run = await this.getRun(runId, options);
      throw new StoreError('UNREADABLE', `The artifacts of run ${runId} are stored at ${run.info.artifactUri}, which is not a local folder; connect to the tracking server to read them.`);
    }
    return root;
  }

  private watchTargets(): WatchTargets {
    const root = this.mlrunsPath;
    const folders = [root, path.join(root, TRASH), path.join(root, REGISTRY), ...this.experimentDirsSeen];
    const polled = [...folders, ...this.experimentDirsSeen.map((dir) => path.join(dir, 'meta.yaml')), ...this.runMetaFiles];
    for (const [dir, run] of this.liveRuns) {
      polled.push(path.join(dir, 'metrics'), path.join(dir, 'tags'), ...run.data.metrics.map((m) => path.join(dir, 'metrics', ...m.key.split('/'))));
    }
    return { folders, polled };
  }
}
