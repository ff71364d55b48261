/**
 * Where a logged model's or a model version's files are on a local store: the artifact folder
 * MLflow recorded, relocated when the store was copied from another machine.
 */
import * as path from 'node:path';
import { resolveArtifactDirectory } from '../mlflow/artifacts/resolve';
import type { LoggedModel, ModelVersion } from '../mlflow/entities';
import type { MlflowStore } from '../mlflow/store';

/** The logged model's local artifact folder; undefined on a server or for a remote location. */
export function loggedModelFolder(store: MlflowStore, model: LoggedModel): Promise<string | undefined> {
  if (store.description.kind === 'rest') return Promise.resolve(undefined);
  return resolveArtifactDirectory(model.artifactLocation, { storeRoot: path.dirname(store.description.location), entityId: model.modelId });
}

/** `models:/m-…` (MLflow 3) names the logged model a version was registered from. */
export function versionModelId(version: ModelVersion): string | undefined {
  if (version.modelId) return version.modelId;
  const match = /^models:\/(m-[0-9a-f]+)$/.exec(version.source ?? '');
  return match?.[1];
}

/** The local folder holding a version's MLmodel: its logged model's, else its `source` path. */
export async function versionFolder(store: MlflowStore, version: ModelVersion): Promise<string | undefined> {
  if (store.description.kind === 'rest') return undefined;
  const modelId = versionModelId(version);
  if (modelId && version.runId) {
    const run = await store.getRun(version.runId);
    const logged = await store.searchLoggedModels([run.info.experimentId]);
    const model = logged.find((m) => m.modelId === modelId);
    if (model) return loggedModelFolder(store, model);
  }
  if (version.source && !version.source.startsWith('models:/') && !version.source.startsWith('runs:/')) {
    return resolveArtifactDirectory(version.source, { storeRoot: path.dirname(store.description.location), entityId: version.runId });
  }
  return undefined;
}
