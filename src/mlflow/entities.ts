/**
 * MLflow entities as the extension sees them, independent of the backend that produced them.
 * Shapes follow MLflow's protobuf messages (camelCased); times are epoch milliseconds.
 */

export type LifecycleStage = 'active' | 'deleted';

export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

export const RUN_STATUSES: readonly RunStatus[] = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];

/** Which experiments or runs a search returns, as MLflow's `ViewType`. */
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

export interface Tag {
  key: string;
  value: string;
}

export type Param = Tag;

export interface Experiment {
  experimentId: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: LifecycleStage;
  creationTime?: number;
  lastUpdateTime?: number;
  tags: Tag[];
}

/** One logged point of a metric. `value` is NaN for points MLflow recorded as NaN. */
export interface MetricPoint {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

export interface RunInfo {
  runId: string;
  runName: string;
  experimentId: string;
  userId: string;
  status: RunStatus;
  startTime?: number;
  endTime?: number;
  artifactUri: string;
  lifecycleStage: LifecycleStage;
}

export interface RunData {
  /** Latest value of each metric (highest step, then latest timestamp). */
  metrics: MetricPoint[];
  params: Param[];
  tags: Tag[];
}

export interface Dataset {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  schema?: string;
  profile?: string;
}

export interface DatasetInput {
  dataset: Dataset;
  tags: Tag[];
}

export interface ModelInput {
  modelId: string;
}

export interface ModelOutput {
  modelId: string;
  step: number;
}

export interface RunInputs {
  datasetInputs: DatasetInput[];
  modelInputs: ModelInput[];
}

export interface RunOutputs {
  modelOutputs: ModelOutput[];
}

export interface Run {
  info: RunInfo;
  data: RunData;
  inputs: RunInputs;
  outputs: RunOutputs;
}

/** A run as listed in a tree or table: info plus what a list shows, without histories. */
export type RunSummary = Run;

export interface ArtifactEntry {
  /** Path relative to the run's artifact root, with `/` separators. */
  path: string;
  isDir: boolean;
  fileSize?: number;
}

export type LoggedModelStatus = 'PENDING' | 'READY' | 'FAILED' | 'UNSPECIFIED';

export interface LoggedModel {
  modelId: string;
  experimentId: string;
  name: string;
  artifactLocation: string;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  status: LoggedModelStatus;
  statusMessage?: string;
  modelType?: string;
  sourceRunId?: string;
  lifecycleStage: LifecycleStage;
  params: Param[];
  tags: Tag[];
  metrics: MetricPoint[];
}

export interface RegisteredModelAlias {
  alias: string;
  version: string;
}

export interface RegisteredModel {
  name: string;
  creationTimestamp?: number;
  lastUpdatedTimestamp?: number;
  description?: string;
  aliases: RegisteredModelAlias[];
  tags: Tag[];
  latestVersions: ModelVersion[];
}

export type ModelVersionStatus = 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';

export interface ModelVersion {
  name: string;
  /** A string, as MLflow's REST API sends it. */
  version: string;
  creationTimestamp?: number;
  lastUpdatedTimestamp?: number;
  description?: string;
  userId?: string;
  currentStage?: string;
  source?: string;
  runId?: string;
  status?: ModelVersionStatus;
  statusMessage?: string;
  aliases: string[];
  tags: Tag[];
  modelId?: string;
}

/** Well-known tag keys MLflow writes. */
export const MLFLOW_TAGS = {
  runName: 'mlflow.runName',
  parentRunId: 'mlflow.parentRunId',
  user: 'mlflow.user',
  sourceName: 'mlflow.source.name',
  sourceType: 'mlflow.source.type',
  gitCommit: 'mlflow.source.git.commit',
  gitBranch: 'mlflow.source.git.branch',
  gitRepoUrl: 'mlflow.source.git.repoURL',
  note: 'mlflow.note.content',
} as const;
