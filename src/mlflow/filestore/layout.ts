/**
 * Where things live in an `mlruns/` folder: experiments (`<id>/meta.yaml`, deleted ones in
 * `.trash/`), their runs (every other sub-folder), datasets, and experiment tags.
 */
import * as path from 'node:path';
import type { Dataset, Experiment } from '../entities';
import { listDir, metaString, metaNumber, metaTags, readKeyValues, readMeta, type Log } from './files';

export const TRASH = '.trash';
/** The registry's folder beside the experiments. */
export const REGISTRY = 'models';
/** Sub-folders of an experiment that are not runs. */
const NOT_RUNS = new Set(['tags', 'datasets', 'models', 'traces', 'meta.yaml']);

export interface ExperimentFolder {
  experiment: Experiment;
  dir: string;
}

/** Experiment folders: `mlruns/<id>` and `mlruns/.trash/<id>`. */
export async function experimentDirs(mlruns: string, log: Log): Promise<string[]> {
  const [live, trashed] = await Promise.all([listDir(mlruns, log), listDir(path.join(mlruns, TRASH), log)]);
  return [
    ...live.filter((e) => e.isDirectory() && e.name !== TRASH && e.name !== REGISTRY && !e.name.startsWith('.')).map((e) => path.join(mlruns, e.name)),
    ...trashed.filter((e) => e.isDirectory()).map((e) => path.join(mlruns, TRASH, e.name)),
  ];
}

/** The experiment in `dir`, or undefined (logged) without a readable meta.yaml. */
export async function readExperiment(dir: string, log: Log): Promise<ExperimentFolder | undefined> {
  const meta = await readMeta(path.join(dir, 'meta.yaml'), log);
  if (!meta) {
    log(`Skipped the experiment folder ${dir}: it has no readable meta.yaml.`);
    return undefined;
  }
  // Tags given at creation stay in meta.yaml; set_experiment_tag writes files. Files win.
  const tags = new Map(metaTags(meta, 'tags').map((tag) => [tag.key, tag.value]));
  for (const tag of await readKeyValues(path.join(dir, 'tags'), log)) tags.set(tag.key, tag.value);
  const inTrash = path.basename(path.dirname(dir)) === TRASH;
  return {
    dir,
    experiment: {
      experimentId: metaString(meta, 'experiment_id') ?? path.basename(dir),
      name: metaString(meta, 'name') ?? '',
      artifactLocation: metaString(meta, 'artifact_location') ?? '',
      lifecycleStage: inTrash || meta.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
      creationTime: metaNumber(meta, 'creation_time'),
      lastUpdateTime: metaNumber(meta, 'last_update_time'),
      tags: [...tags].map(([key, value]) => ({ key, value })),
    },
  };
}

/** The run folders of an experiment folder. */
export async function runDirs(experimentDir: string, log: Log): Promise<string[]> {
  const entries = await listDir(experimentDir, log);
  return entries.filter((e) => e.isDirectory() && !NOT_RUNS.has(e.name)).map((e) => path.join(experimentDir, e.name));
}

export async function readDataset(experimentDir: string, datasetId: string, log: Log): Promise<Dataset | undefined> {
  if (datasetId === '' || datasetId.includes('/') || datasetId.includes('\\') || datasetId.startsWith('.')) return undefined;
  const meta = await readMeta(path.join(experimentDir, 'datasets', datasetId, 'meta.yaml'), log);
  if (!meta) return undefined;
  return {
    name: metaString(meta, 'name') ?? '',
    digest: metaString(meta, 'digest') ?? '',
    sourceType: metaString(meta, 'source_type') ?? '',
    source: metaString(meta, 'source') ?? '',
    schema: metaString(meta, 'schema'),
    profile: metaString(meta, 'profile'),
  };
}

/** MLflow's experiment order: newest first, then by id (numerically for numeric ids). */
export function compareExperiments(a: Experiment, b: Experiment): number {
  const time = (b.creationTime ?? -Infinity) - (a.creationTime ?? -Infinity);
  if (time !== 0 && !Number.isNaN(time)) return time;
  return compareIds(a.experimentId, b.experimentId);
}

export function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b) && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
