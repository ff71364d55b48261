/**
 * One run folder (`<experiment>/<run_id>/`) as a `Run`, cached by the modification times of the
 * folder, its meta.yaml and its params/tags/metrics/inputs/outputs folders: a refresh re-reads a
 * finished run only when one of those moved. Runs still RUNNING or SCHEDULED are re-checked
 * file by file, because appending to a metric file or rewriting a tag in place moves no folder;
 * their unchanged metric files are not re-read (cached by size and mtime).
 */
import * as path from 'node:path';
import { MLFLOW_TAGS, RUN_STATUSES, type Dataset, type DatasetInput, type MetricPoint, type ModelInput, type ModelOutput, type Run, type RunStatus } from '../entities';
import { latestMetrics } from '../search/evaluate';
import { fileVersion, listDir, listKeyFiles, readKeyValues, readMeta, readText, metaNumber, metaString, metaTags, type Log } from './files';
import { parseMetricFile } from './metrics';

/** FileStore's `RunStatus` numbers; newer files may hold the name. */
const STATUS_BY_NUMBER: Record<number, RunStatus> = { 1: 'RUNNING', 2: 'SCHEDULED', 3: 'FINISHED', 4: 'FAILED', 5: 'KILLED' };

const SIGNATURE_PARTS = ['', 'meta.yaml', 'params', 'tags', 'metrics', 'inputs', 'outputs'];

export type DatasetLookup = (experimentDir: string, datasetId: string) => Promise<Dataset | undefined>;

interface MetricFileCache {
  version: string;
  latest?: MetricPoint;
}

interface CachedRun {
  signature: string;
  run: Run;
  metricFiles: Map<string, MetricFileCache>;
}

export function runStatus(value: unknown): RunStatus | undefined {
  if (typeof value === 'number') return STATUS_BY_NUMBER[value];
  return RUN_STATUSES.includes(value as RunStatus) ? (value as RunStatus) : undefined;
}


export class RunReader {
  private readonly cache = new Map<string, CachedRun>();

  constructor(
    private readonly log: Log,
    private readonly datasets: DatasetLookup,
  ) {}

  /** The run in `runDir`, or undefined (logged) when its meta.yaml is missing or unusable. */
  async read(runDir: string): Promise<Run | undefined> {
    const signature = (await Promise.all(SIGNATURE_PARTS.map((part) => fileVersion(path.join(runDir, part))))).join('|');
    const cached = this.cache.get(runDir);
    const live = cached && (cached.run.info.status === 'RUNNING' || cached.run.info.status === 'SCHEDULED');
    if (cached && cached.signature === signature && !live) return cached.run;
    const metricFiles = cached?.metricFiles ?? new Map<string, MetricFileCache>();
    const run = await this.parse(runDir, metricFiles);
    if (run) this.cache.set(runDir, { signature, run, metricFiles });
    else this.cache.delete(runDir);
    return run;
  }


  private async parse(runDir: string, metricFiles: Map<string, MetricFileCache>): Promise<Run | undefined> {
    const metaFile = path.join(runDir, 'meta.yaml');
    const meta = await readMeta(metaFile, this.log);
    if (!meta) {
      this.log(`Skipped the run folder ${runDir}: it has no readable meta.yaml.`);
      return undefined;
    }
    const runId = metaString(meta, 'run_id') ?? metaString(meta, 'run_uuid') ?? path.basename(runDir);
    const status = runStatus(meta.status);
    if (!status) this.log(`The run ${runId} has an unknown status ${String(meta.status)}; shown as RUNNING.`);
    const [params, tags, metrics, inputs, outputs] = await Promise.all([
      readKeyValues(path.join(runDir, 'params'), this.log),
      readKeyValues(path.join(runDir, 'tags'), this.log),
      this.latestMetrics(path.join(runDir, 'metrics'), metricFiles),
      this.inputs(runDir),
      this.outputs(runDir),
    ]);
    return {
      info: {
        runId,
        runName: tags.find((tag) => tag.key === MLFLOW_TAGS.runName)?.value ?? metaString(meta, 'run_name') ?? '',
        experimentId: metaString(meta, 'experiment_id') ?? path.basename(path.dirname(runDir)),
        userId: metaString(meta, 'user_id') ?? '',
        status: status ?? 'RUNNING',
        startTime: metaNumber(meta, 'start_time'),
        endTime: metaNumber(meta, 'end_time'),
        artifactUri: metaString(meta, 'artifact_uri') ?? '',
        lifecycleStage: meta.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
      },
      data: { metrics, params, tags },
      inputs,
      outputs,
    };
  }

  private async latestMetrics(dir: string, cache: Map<string, MetricFileCache>): Promise<MetricPoint[]> {
    const files = await listKeyFiles(dir, this.log);
    const latest = await Promise.all(
      files.map(async ({ key, file }) => {
        const current = await fileVersion(file);
        const cached = cache.get(file);
        if (cached?.version === current) return cached.latest;
        const text = await readText(file, this.log);
        const point = text === undefined ? undefined : latestMetrics(await parseMetricFile(key, text, file, this.log)).get(key);
        cache.set(file, { version: current, latest: point });
        return point;
      }),
    );
    const seen = new Set(files.map((f) => f.file));
    for (const file of cache.keys()) if (!seen.has(file)) cache.delete(file);
    return latest.filter((point): point is MetricPoint => point !== undefined).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Dataset inputs (`inputs/<id>/meta.yaml` pointing into the experiment's `datasets/`) and model inputs. */
  private async inputs(runDir: string): Promise<Run['inputs']> {
    const links = await this.links(path.join(runDir, 'inputs'));
    const datasetInputs: DatasetInput[] = [];
    const modelInputs: ModelInput[] = [];
    for (const link of links) {
      if (link.meta.source_type === 'DATASET') {
        const datasetId = metaString(link.meta, 'source_id') ?? '';
        const dataset = await this.datasets(path.dirname(runDir), datasetId);
        if (dataset) datasetInputs.push({ dataset, tags: metaTags(link.meta, 'tags') });
        else this.log(`The run folder ${runDir} names a dataset ${datasetId} that its experiment does not have.`);
      } else if (link.meta.destination_type === 'MODEL_INPUT') {
        modelInputs.push({ modelId: metaString(link.meta, 'destination_id') ?? '' });
      }
    }
    return { datasetInputs, modelInputs };
  }

  private async outputs(runDir: string): Promise<Run['outputs']> {
    const links = await this.links(path.join(runDir, 'outputs'));
    const modelOutputs: ModelOutput[] = links
      .filter((link) => link.meta.destination_type === 'MODEL_OUTPUT')
      .map((link) => ({ modelId: metaString(link.meta, 'destination_id') ?? '', step: metaNumber(link.meta, 'step') ?? 0 }));
    return { modelOutputs };
  }

  private async links(dir: string): Promise<{ name: string; meta: Record<string, unknown> }[]> {
    const entries = (await listDir(dir, this.log)).filter((entry) => entry.isDirectory());
    const metas = await Promise.all(entries.map((entry) => readMeta(path.join(dir, entry.name, 'meta.yaml'), this.log)));
    return entries.flatMap((entry, i) => (metas[i] ? [{ name: entry.name, meta: metas[i] }] : [])).sort((a, b) => (a.name < b.name ? -1 : 1));
  }
}
