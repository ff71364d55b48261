/**
 * The Run panel's snapshot, assembled from the store: what the webview renders, complete, with
 * no `vscode` import (so the webview tests build it from the fixture store exactly as the panel does).
 */
import * as path from 'node:path';
import type { ArtifactNode, RunRef, RunSnapshot } from '../../../webview/shared/protocol';
import { localPathOf } from '../../mlflow/artifacts/resolve';
import { MLFLOW_TAGS, type Run } from '../../mlflow/entities';
import type { MlflowStore } from '../../mlflow/store';

/** Points per sparkline: a 120-pixel-wide line cannot show more. */
export const SPARKLINE_POINTS = 60;

export interface RunSnapshotOptions {
  /** Whether the recorded source file is found in the workspace (the host checks the disk). */
  sourceInWorkspace?: (source: string) => Promise<boolean>;
  now?: number;
  /** The run, when the caller has just read it. */
  run?: Run;
}

export async function buildRunSnapshot(store: MlflowStore, runId: string, options: RunSnapshotOptions = {}): Promise<RunSnapshot> {
  const run = options.run?.info.runId === runId ? options.run : await store.getRun(runId);
  const tag = (key: string) => run.data.tags.find((t) => t.key === key)?.value;
  const parentId = tag(MLFLOW_TAGS.parentRunId);
  const source = tag(MLFLOW_TAGS.sourceName);
  const [experimentName, parent, children, metrics, models, artifacts, inWorkspace, artifactFolder] = await Promise.all([
    store.getExperiment(run.info.experimentId).then((e) => e.name, () => undefined),
    parentId ? store.getRun(parentId).then(runRef, () => ({ runId: parentId, name: parentId, status: '' })) : undefined,
    childRuns(store, run),
    Promise.all(
      run.data.metrics.map(async (metric) => {
        const history = await store
          .getMetricHistory({ runId, metricKey: metric.key, maxPoints: SPARKLINE_POINTS })
          .catch(() => []);
        return { key: metric.key, value: metric.value, step: metric.step, timestamp: metric.timestamp, history: history.map((p) => finiteOrNull(p.value)) };
      }),
    ),
    loggedModels(store, run),
    store.listArtifacts(runId, '').then(toArtifactNodes, () => []),
    source && options.sourceInWorkspace ? options.sourceInWorkspace(source) : false,
    store.localArtifactDirectory(runId).catch(() => undefined),
  ]);
  const commit = tag(MLFLOW_TAGS.gitCommit);
  const branch = tag(MLFLOW_TAGS.gitBranch);
  const repoUrl = tag(MLFLOW_TAGS.gitRepoUrl);
  return {
    run: {
      ...runRef(run),
      experimentId: run.info.experimentId,
      experimentName,
      userId: run.info.userId || tag(MLFLOW_TAGS.user) || '',
      startTime: run.info.startTime,
      endTime: run.info.endTime,
      artifactUri: run.info.artifactUri,
      artifactFolder: artifactFolder && !sameLocation(artifactFolder, run.info.artifactUri) ? artifactFolder : undefined,
      lifecycleStage: run.info.lifecycleStage,
    },
    source: source ? { name: source, type: tag(MLFLOW_TAGS.sourceType), inWorkspace } : undefined,
    git: commit || branch || repoUrl ? { commit, branch, repoUrl } : undefined,
    parent,
    children,
    note: tag(MLFLOW_TAGS.note),
    params: sortByKey(run.data.params),
    metrics: metrics.sort((a, b) => a.key.localeCompare(b.key)),
    tags: sortByKey(run.data.tags),
    datasets: run.inputs.datasetInputs.map((input) => ({
      name: input.dataset.name,
      digest: input.dataset.digest,
      sourceType: input.dataset.sourceType,
      source: input.dataset.source,
      schema: input.dataset.schema,
      context: input.tags.find((t) => t.key === 'mlflow.data.context')?.value,
    })),
    models,
    artifacts,
    now: options.now ?? Date.now(),
  };
}

export function runRef(run: Run): RunRef {
  return { runId: run.info.runId, name: run.info.runName || run.info.runId, status: run.info.status };
}

export function toArtifactNodes(entries: { path: string; isDir: boolean; fileSize?: number }[]): ArtifactNode[] {
  return entries
    .map((entry) => ({ path: entry.path, isDir: entry.isDir, size: entry.fileSize }))
    .sort((a, b) => Number(b.isDir) - Number(a.isDir) || a.path.localeCompare(b.path));
}

async function childRuns(store: MlflowStore, run: Run): Promise<RunRef[]> {
  try {
    const page = await store.searchRuns({
      experimentIds: [run.info.experimentId],
      filter: `tags.\`${MLFLOW_TAGS.parentRunId}\` = '${run.info.runId}'`,
      maxResults: 1000,
    });
    return page.items.map(runRef);
  } catch {
    return [];
  }
}

async function loggedModels(store: MlflowStore, run: Run) {
  const outputs = run.outputs.modelOutputs;
  if (!store.capabilities.loggedModels) return [];
  const all = await store.searchLoggedModels([run.info.experimentId]).catch(() => []);
  const byId = new Map(all.map((model) => [model.modelId, model]));
  const ids = new Set([...outputs.map((o) => o.modelId), ...all.filter((m) => m.sourceRunId === run.info.runId).map((m) => m.modelId)]);
  return [...ids].map((modelId) => {
    const model = byId.get(modelId);
    return {
      modelId,
      name: model?.name ?? modelId,
      status: model?.status ?? 'UNSPECIFIED',
      step: outputs.find((o) => o.modelId === modelId)?.step,
      modelType: model?.modelType,
    };
  });
}

export function finiteOrNull(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

function sortByKey<T extends { key: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => a.key.localeCompare(b.key));
}

/** Whether a local folder is where a recorded artifact URI (a path or a `file:` URI) points. */
function sameLocation(folder: string, recorded: string): boolean {
  const local = localPathOf(recorded);
  return local !== undefined && path.resolve(local) === path.resolve(folder);
}
