/**
 * MLflow's protobuf-JSON answers as entities. Empty fields are omitted on the wire (an empty
 * list is no key at all), int64 values are numbers, ids and model versions are strings, NaN
 * metric values are the string "NaN".
 */
import {
  RUN_STATUSES,
  type ArtifactEntry,
  type Experiment,
  type LifecycleStage,
  type LoggedModel,
  type LoggedModelStatus,
  type MetricPoint,
  type ModelVersion,
  type ModelVersionStatus,
  type RegisteredModel,
  type Run,
  type RunStatus,
  type Tag,
} from '../entities';

/** Wire shapes, loosely typed: any field may be missing. */
export type Json = Record<string, unknown>;

const str = (value: unknown): string => (value == null ? '' : String(value));
const optStr = (value: unknown): string | undefined => (value == null ? undefined : String(value));
const optNum = (value: unknown): number | undefined => (value == null || value === '' ? undefined : Number(value));
const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const obj = (value: unknown): Json => (value && typeof value === 'object' ? (value as Json) : {});
const stage = (value: unknown): LifecycleStage => (value === 'deleted' ? 'deleted' : 'active');

/** NaN travels as "NaN"; "Infinity"/"-Infinity" are valid protobuf-JSON doubles too. */
export function metricValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  return value === 'NaN' || value == null ? Number.NaN : Number(value);
}

export const toTags = (value: unknown): Tag[] => list(value).map((t) => ({ key: str(t.key), value: str(t.value) }));

export const toMetric = (m: Json): MetricPoint => ({
  key: str(m.key),
  value: metricValue(m.value),
  timestamp: optNum(m.timestamp) ?? 0,
  step: optNum(m.step) ?? 0,
});

export function toExperiment(e: Json): Experiment {
  return {
    experimentId: str(e.experiment_id),
    name: str(e.name),
    artifactLocation: str(e.artifact_location),
    lifecycleStage: stage(e.lifecycle_stage),
    creationTime: optNum(e.creation_time),
    lastUpdateTime: optNum(e.last_update_time),
    tags: toTags(e.tags),
  };
}

export function toRun(r: Json): Run {
  const info = obj(r.info);
  const data = obj(r.data);
  const inputs = obj(r.inputs);
  const outputs = obj(r.outputs);
  const tags = toTags(data.tags);
  const status = String(info.status ?? 'RUNNING') as RunStatus;
  return {
    info: {
      runId: str(info.run_id ?? info.run_uuid),
      runName: str(info.run_name ?? tags.find((t) => t.key === 'mlflow.runName')?.value),
      experimentId: str(info.experiment_id),
      userId: str(info.user_id),
      status: RUN_STATUSES.includes(status) ? status : 'RUNNING',
      startTime: optNum(info.start_time),
      endTime: optNum(info.end_time),
      artifactUri: str(info.artifact_uri),
      lifecycleStage: stage(info.lifecycle_stage),
    },
    data: { metrics: list(data.metrics).map(toMetric), params: toTags(data.params), tags },
    inputs: {
      datasetInputs: list(inputs.dataset_inputs).map((d) => {
        const dataset = obj(d.dataset);
        return {
          dataset: {
            name: str(dataset.name),
            digest: str(dataset.digest),
            sourceType: str(dataset.source_type),
            source: str(dataset.source),
            schema: optStr(dataset.schema),
            profile: optStr(dataset.profile),
          },
          tags: toTags(d.tags),
        };
      }),
      modelInputs: list(inputs.model_inputs).map((m) => ({ modelId: str(m.model_id) })),
    },
    outputs: { modelOutputs: list(outputs.model_outputs).map((m) => ({ modelId: str(m.model_id), step: optNum(m.step) ?? 0 })) },
  };
}

export function toArtifactEntry(f: Json): ArtifactEntry {
  const entry: ArtifactEntry = { path: str(f.path), isDir: f.is_dir === true };
  const size = optNum(f.file_size);
  if (size !== undefined) entry.fileSize = size;
  return entry;
}

const LOGGED_MODEL_STATUS: Record<string, LoggedModelStatus> = {
  LOGGED_MODEL_PENDING: 'PENDING',
  LOGGED_MODEL_READY: 'READY',
  LOGGED_MODEL_UPLOAD_FAILED: 'FAILED',
};

export function toLoggedModel(m: Json): LoggedModel {
  const info = obj(m.info);
  const data = obj(m.data);
  return {
    modelId: str(info.model_id),
    experimentId: str(info.experiment_id),
    name: str(info.name),
    artifactLocation: str(info.artifact_uri),
    creationTimestamp: optNum(info.creation_timestamp_ms) ?? 0,
    lastUpdatedTimestamp: optNum(info.last_updated_timestamp_ms) ?? 0,
    status: LOGGED_MODEL_STATUS[str(info.status)] ?? 'UNSPECIFIED',
    statusMessage: optStr(info.status_message) || undefined,
    modelType: optStr(info.model_type) || undefined,
    sourceRunId: optStr(info.source_run_id) || undefined,
    lifecycleStage: stage(info.lifecycle_stage),
    params: toTags(data.params),
    tags: toTags(info.tags),
    metrics: list(data.metrics).map(toMetric),
  };
}

export function toModelVersion(v: Json): ModelVersion {
  return {
    name: str(v.name),
    version: str(v.version),
    creationTimestamp: optNum(v.creation_timestamp),
    lastUpdatedTimestamp: optNum(v.last_updated_timestamp),
    description: optStr(v.description),
    userId: optStr(v.user_id),
    currentStage: optStr(v.current_stage),
    source: optStr(v.source),
    runId: optStr(v.run_id),
    status: optStr(v.status) as ModelVersionStatus | undefined,
    statusMessage: optStr(v.status_message),
    aliases: Array.isArray(v.aliases) ? v.aliases.map(String) : [],
    tags: toTags(v.tags),
    modelId: optStr(v.model_id),
  };
}

export function toRegisteredModel(m: Json): RegisteredModel {
  return {
    name: str(m.name),
    creationTimestamp: optNum(m.creation_timestamp),
    lastUpdatedTimestamp: optNum(m.last_updated_timestamp),
    description: optStr(m.description),
    aliases: list(m.aliases).map((a) => ({ alias: str(a.alias), version: str(a.version) })),
    tags: toTags(m.tags),
    latestVersions: list(m.latest_versions).map(toModelVersion),
  };
}
