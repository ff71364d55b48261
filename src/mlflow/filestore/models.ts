/**
 * MLflow 3 logged models (`<experiment>/models/m-.../`) and the model registry
 * (`mlruns/models/<name>/{meta.yaml, tags/, aliases/<alias>, version-N/}`), in the shapes and
 * orders the SQLite store returns.
 */
import * as path from 'node:path';
import type { LoggedModel, LoggedModelStatus, MetricPoint, ModelVersion, ModelVersionStatus, RegisteredModel, RegisteredModelAlias } from '../entities';
import { CONCURRENCY, listDir, listKeyFiles, mapLimit, metaNumber, metaString, readKeyValues, readMeta, readText, type Log } from './files';
import { compareIds } from './layout';
import { historyOf, parseMetricFile } from './metrics';

/** MLflow's `LoggedModelStatus` enum, stored as its number. */
const LOGGED_MODEL_STATUSES: Record<number, LoggedModelStatus> = { 1: 'PENDING', 2: 'READY', 3: 'FAILED' };
/** Versions MLflow keeps after deletion, hidden from every listing. */
const DELETED_STAGE = 'Deleted_Internal';

export async function readLoggedModels(experimentDir: string, log: Log): Promise<LoggedModel[]> {
  const dirs = (await listDir(path.join(experimentDir, 'models'), log)).filter((e) => e.isDirectory()).map((e) => path.join(experimentDir, 'models', e.name));
  const models = await mapLimit(dirs, CONCURRENCY, (dir) => readLoggedModel(dir, log));
  return models
    .filter((m): m is LoggedModel => m !== undefined && m.lifecycleStage === 'active')
    .sort((a, b) => b.creationTimestamp - a.creationTimestamp || compareIds(a.modelId, b.modelId));
}

async function readLoggedModel(dir: string, log: Log): Promise<LoggedModel | undefined> {
  const meta = await readMeta(path.join(dir, 'meta.yaml'), log);
  if (!meta) {
    log(`Skipped the logged model folder ${dir}: it has no readable meta.yaml.`);
    return undefined;
  }
  const [params, tags, metrics] = await Promise.all([
    readKeyValues(path.join(dir, 'params'), log),
    readKeyValues(path.join(dir, 'tags'), log),
    readAllMetrics(path.join(dir, 'metrics'), log),
  ]);
  const status = meta.status;
  return {
    modelId: metaString(meta, 'model_id') ?? path.basename(dir),
    experimentId: metaString(meta, 'experiment_id') ?? path.basename(path.dirname(path.dirname(dir))),
    name: metaString(meta, 'name') ?? '',
    artifactLocation: metaString(meta, 'artifact_location') ?? '',
    creationTimestamp: metaNumber(meta, 'creation_timestamp') ?? 0,
    lastUpdatedTimestamp: metaNumber(meta, 'last_updated_timestamp') ?? 0,
    status: (typeof status === 'number' ? LOGGED_MODEL_STATUSES[status] : (status as LoggedModelStatus | undefined)) ?? 'UNSPECIFIED',
    statusMessage: metaString(meta, 'status_message'),
    modelType: metaString(meta, 'model_type'),
    sourceRunId: metaString(meta, 'source_run_id'),
    lifecycleStage: meta.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
    params,
    tags,
    metrics,
  };
}

/** Every point of every metric file below `dir`, by key then step. */
async function readAllMetrics(dir: string, log: Log): Promise<MetricPoint[]> {
  const files = (await listKeyFiles(dir, log)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const histories = await Promise.all(
    files.map(async ({ key, file }) => {
      const text = await readText(file, log);
      return text === undefined ? [] : historyOf(await parseMetricFile(key, text, file, log));
    }),
  );
  return histories.flat();
}

export async function readRegisteredModels(mlruns: string, log: Log): Promise<RegisteredModel[]> {
  const root = path.join(mlruns, 'models');
  const dirs = (await listDir(root, log)).filter((e) => e.isDirectory()).map((e) => path.join(root, e.name));
  const models = await mapLimit(dirs, CONCURRENCY, (dir) => readRegisteredModel(dir, log));
  return models.filter((m): m is RegisteredModel => m !== undefined).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function readRegisteredModel(dir: string, log: Log): Promise<RegisteredModel | undefined> {
  const meta = await readMeta(path.join(dir, 'meta.yaml'), log);
  if (!meta) {
    log(`Skipped the registered model folder ${dir}: it has no readable meta.yaml.`);
    return undefined;
  }
  const [aliases, tags, versions] = await Promise.all([readAliases(dir, log), readKeyValues(path.join(dir, 'tags'), log), readVersions(dir, log)]);
  // The latest version in each stage, as MLflow's `latest_versions`.
  const latest = new Map<string, ModelVersion>();
  for (const version of versions) {
    const stage = version.currentStage ?? 'None';
    const current = latest.get(stage);
    if (!current || Number(version.version) > Number(current.version)) latest.set(stage, version);
  }
  return {
    name: metaString(meta, 'name') ?? path.basename(dir),
    creationTimestamp: metaNumber(meta, 'creation_timestamp'),
    lastUpdatedTimestamp: metaNumber(meta, 'last_updated_timestamp'),
    description: metaString(meta, 'description'),
    aliases,
    tags,
    latestVersions: [...latest.values()].sort((a, b) => Number(a.version) - Number(b.version)),
  };
}

/** `aliases/<alias>` files hold the version. */
async function readAliases(modelDir: string, log: Log): Promise<RegisteredModelAlias[]> {
  const pairs = await readKeyValues(path.join(modelDir, 'aliases'), log);
  return pairs.map(({ key, value }) => ({ alias: key, version: value.trim() }));
}

/** All live versions of the model in `modelDir`, newest first. */
export async function readVersions(modelDir: string, log: Log): Promise<ModelVersion[]> {
  const entries = (await listDir(modelDir, log)).filter((e) => e.isDirectory() && /^version-\d+$/.test(e.name));
  const aliases = await readAliases(modelDir, log);
  const versions = await mapLimit(entries, CONCURRENCY, async (entry): Promise<ModelVersion | undefined> => {
    const dir = path.join(modelDir, entry.name);
    const meta = await readMeta(path.join(dir, 'meta.yaml'), log);
    if (!meta) return undefined;
    const version = metaString(meta, 'version') ?? entry.name.slice('version-'.length);
    const source = metaString(meta, 'source');
    return {
      name: metaString(meta, 'name') ?? path.basename(modelDir),
      version,
      creationTimestamp: metaNumber(meta, 'creation_timestamp'),
      lastUpdatedTimestamp: metaNumber(meta, 'last_updated_timestamp'),
      description: metaString(meta, 'description'),
      userId: metaString(meta, 'user_id'),
      currentStage: metaString(meta, 'current_stage'),
      source,
      runId: metaString(meta, 'run_id'),
      status: metaString(meta, 'status') as ModelVersionStatus | undefined,
      statusMessage: metaString(meta, 'status_message'),
      aliases: aliases.filter((a) => a.version === version).map((a) => a.alias).sort(),
      tags: await readKeyValues(path.join(dir, 'tags'), log),
      modelId: metaString(meta, 'model_id') ?? source?.match(/^models:\/(m-[0-9a-f]+)$/)?.[1],
    };
  });
  return versions
    .filter((v): v is ModelVersion => v !== undefined && v.currentStage !== DELETED_STAGE)
    .sort((a, b) => Number(b.version) - Number(a.version));
}
