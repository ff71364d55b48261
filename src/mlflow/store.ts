/**
 * The one interface every backend (SQLite, REST, file store) implements, and the views use.
 * Backends declare what they can do in `capabilities`; views ask, never `instanceof`.
 */
import type {
  ArtifactEntry,
  Experiment,
  LoggedModel,
  MetricPoint,
  ModelVersion,
  RegisteredModel,
  Run,
  RunSummary,
  Tag,
  ViewType,
} from './entities';

export interface StoreCapabilities {
  /** False for local stores: the extension never writes them. */
  readonly writable: boolean;
  /** The backend can sample long metric histories itself (REST `get-history-bulk-interval`). */
  readonly serverSideSampling: boolean;
  /** The backend has a model registry to read. */
  readonly registry: boolean;
  /** The backend has MLflow 3 logged models. */
  readonly loggedModels: boolean;
  /** The backend has dataset inputs. */
  readonly datasets: boolean;
}

/** What the status bar and logs say about a store. */
export interface StoreDescription {
  /** `sqlite`, `file` or `rest`. */
  readonly kind: 'sqlite' | 'file' | 'rest';
  /** A short label, e.g. `mlflow.db (examples/wine-quality)` or `http://127.0.0.1:5000`. */
  readonly label: string;
  /** The location (absolute path or URL). */
  readonly location: string;
  /** Extra facts (schema version, server version) for tooltips. */
  readonly details: Record<string, string>;
}

export interface Page<T> {
  items: T[];
  /** Opaque; present only when another page exists. */
  nextPageToken?: string;
}

export interface SearchExperimentsRequest {
  viewType?: ViewType;
  /** MLflow experiment filter; backends may support a subset. */
  filter?: string;
  maxResults?: number;
  pageToken?: string;
}

export interface SearchRunsRequest {
  experimentIds: string[];
  /** MLflow's run filter syntax, e.g. `metrics.rmse < 0.8 AND params.alpha = '0.1'`. */
  filter?: string;
  /** e.g. `['metrics.rmse ASC', 'attributes.start_time DESC']`. */
  orderBy?: string[];
  viewType?: ViewType;
  maxResults?: number;
  pageToken?: string;
}

export interface MetricHistoryRequest {
  runId: string;
  metricKey: string;
  /** Return at most this many points, sampled keeping first, last and extremes. */
  maxPoints?: number;
  startStep?: number;
  endStep?: number;
}

/** Cancellation without depending on `vscode`: an AbortSignal. */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface MlflowStore {
  readonly description: StoreDescription;
  readonly capabilities: StoreCapabilities;

  searchExperiments(request: SearchExperimentsRequest, options?: CallOptions): Promise<Page<Experiment>>;
  getExperiment(experimentId: string, options?: CallOptions): Promise<Experiment>;

  searchRuns(request: SearchRunsRequest, options?: CallOptions): Promise<Page<RunSummary>>;
  getRun(runId: string, options?: CallOptions): Promise<Run>;

  getMetricHistory(request: MetricHistoryRequest, options?: CallOptions): Promise<MetricPoint[]>;

  /** Lists one level of a run's artifacts; `path` is relative to the artifact root. */
  listArtifacts(runId: string, path?: string, options?: CallOptions): Promise<ArtifactEntry[]>;
  /** Reads at most `maxBytes` of an artifact (all of it when omitted). */
  readArtifact(runId: string, path: string, maxBytes?: number, options?: CallOptions): Promise<Uint8Array>;
  /**
   * The local folder holding a run's artifacts when the store has one (local stores), after
   * resolving a moved store; undefined for remote stores.
   */
  localArtifactDirectory(runId: string, options?: CallOptions): Promise<string | undefined>;

  searchLoggedModels(experimentIds: string[], options?: CallOptions): Promise<LoggedModel[]>;
  searchRegisteredModels(filter?: string, options?: CallOptions): Promise<RegisteredModel[]>;
  searchModelVersions(modelName: string, options?: CallOptions): Promise<ModelVersion[]>;

  /**
   * Fires when the store's content may have changed (a local file written by a training
   * script). Returns a function that unsubscribes.
   */
  onDidChange(listener: () => void): () => void;

  dispose(): Promise<void>;
}

/**
 * Writes a tracking server accepts. Only stores whose `capabilities.writable` is true implement
 * it (local stores are never written); narrow with `isWritableStore`. The run note is the tag
 * `mlflow.note.content` (`MLFLOW_TAGS.note`), set and deleted like any other tag.
 */
export interface WritableStore extends MlflowStore {
  /** Returns the new experiment's id. */
  createExperiment(name: string, artifactLocation?: string, options?: CallOptions): Promise<string>;
  renameExperiment(experimentId: string, newName: string, options?: CallOptions): Promise<void>;
  deleteExperiment(experimentId: string, options?: CallOptions): Promise<void>;
  restoreExperiment(experimentId: string, options?: CallOptions): Promise<void>;
  setExperimentTag(experimentId: string, key: string, value: string, options?: CallOptions): Promise<void>;
  deleteExperimentTag(experimentId: string, key: string, options?: CallOptions): Promise<void>;
  deleteRun(runId: string, options?: CallOptions): Promise<void>;
  restoreRun(runId: string, options?: CallOptions): Promise<void>;
  setRunTag(runId: string, key: string, value: string, options?: CallOptions): Promise<void>;
  deleteRunTag(runId: string, key: string, options?: CallOptions): Promise<void>;
}

export function isWritableStore(store: MlflowStore): store is WritableStore {
  return store.capabilities.writable && typeof (store as Partial<WritableStore>).setRunTag === 'function';
}

/** A new model version: from a logged model (`models:/m-…`) or a run artifact folder (`runs:/<id>/model`). */
export interface CreateModelVersionRequest {
  name: string;
  source: string;
  runId?: string;
  /** The MLflow 3 logged model the version points at. */
  modelId?: string;
  description?: string;
  tags?: Tag[];
}

/**
 * The model registry's writes on a tracking server, behind `registryWrites` so a store opts in
 * without widening `WritableStore`; narrow with `isRegistryWritableStore`.
 */
export interface RegistryWrites {
  createRegisteredModel(name: string, description?: string, tags?: Tag[], options?: CallOptions): Promise<RegisteredModel>;
  renameRegisteredModel(name: string, newName: string, options?: CallOptions): Promise<RegisteredModel>;
  updateRegisteredModel(name: string, description: string, options?: CallOptions): Promise<void>;
  deleteRegisteredModel(name: string, options?: CallOptions): Promise<void>;
  setRegisteredModelTag(name: string, key: string, value: string, options?: CallOptions): Promise<void>;
  deleteRegisteredModelTag(name: string, key: string, options?: CallOptions): Promise<void>;
  createModelVersion(request: CreateModelVersionRequest, options?: CallOptions): Promise<ModelVersion>;
  updateModelVersion(name: string, version: string, description: string, options?: CallOptions): Promise<void>;
  deleteModelVersion(name: string, version: string, options?: CallOptions): Promise<void>;
  setModelVersionTag(name: string, version: string, key: string, value: string, options?: CallOptions): Promise<void>;
  deleteModelVersionTag(name: string, version: string, key: string, options?: CallOptions): Promise<void>;
  /** Sets or moves an alias (an alias names at most one version). */
  setAlias(name: string, alias: string, version: string, options?: CallOptions): Promise<void>;
  deleteAlias(name: string, alias: string, options?: CallOptions): Promise<void>;
  /** Deprecated by MLflow since 2.9 (aliases replace stages), still served by MLflow 3. */
  transitionStage(name: string, version: string, stage: string, archiveExistingVersions: boolean, options?: CallOptions): Promise<ModelVersion>;
}

export interface RegistryWritableStore extends MlflowStore {
  readonly registryWrites: RegistryWrites;
  /** One registered model as the server has it now (views re-read what a write changed). */
  getRegisteredModel(name: string, options?: CallOptions): Promise<RegisteredModel>;
}

export function isRegistryWritableStore(store: MlflowStore): store is RegistryWritableStore {
  return store.capabilities.writable && store.capabilities.registry && typeof (store as Partial<RegistryWritableStore>).registryWrites === 'object';
}

/** MLflow 3 logged models whose files a store lists and reads itself (a server keeps them outside run artifacts). */
export interface LoggedModelFiles {
  listLoggedModelArtifacts(modelId: string, path?: string, options?: CallOptions): Promise<ArtifactEntry[]>;
  readLoggedModelArtifact(modelId: string, path: string, maxBytes?: number, options?: CallOptions): Promise<Uint8Array>;
}

export function hasLoggedModelFiles(store: MlflowStore): store is MlflowStore & LoggedModelFiles {
  const candidate = store as Partial<LoggedModelFiles>;
  return typeof candidate.listLoggedModelArtifacts === 'function' && typeof candidate.readLoggedModelArtifact === 'function';
}
