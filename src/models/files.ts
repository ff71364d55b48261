/**
 * Where a logged model's or a model version's files are: on a local store, the artifact folder
 * MLflow recorded (relocated when the store was copied from another machine); on a server, the
 * logged model's own artifact endpoints.
 */
import * as path from 'node:path';
import { listLocalArtifacts, readLocalArtifact } from '../mlflow/artifacts/local';
import { resolveArtifactDirectory } from '../mlflow/artifacts/resolve';
import type { ArtifactEntry, LoggedModel, ModelVersion } from '../mlflow/entities';
import { hasLoggedModelFiles, type MlflowStore } from '../mlflow/store';

/** Files bigger than this open as a message, not an editor. */
export const MAX_OPEN_BYTES = 5 * 1024 * 1024;

/** The logged model's local artifact folder; undefined on a server or for a remote location. */
export function loggedModelFolder(store: MlflowStore, model: Pick<LoggedModel, 'artifactLocation' | 'modelId'>): Promise<string | undefined> {
  if (store.description.kind === 'rest') return Promise.resolve(undefined);
  return resolveArtifactDirectory(model.artifactLocation, { storeRoot: path.dirname(store.description.location), entityId: model.modelId });
}

/** `models:/m-…` (MLflow 3) names the logged model a version was registered from. */
export function versionModelId(version: ModelVersion): string | undefined {
  if (version.modelId) return version.modelId;
  const match = /^models:\/(m-[0-9a-f]+)$/.exec(version.source ?? '');
  return match?.[1];
}

/** One level of a logged model's files, wherever the store keeps them. */
export async function listLoggedModelFiles(store: MlflowStore, model: LoggedModel, relative?: string): Promise<ArtifactEntry[]> {
  const folder = await loggedModelFolder(store, model);
  if (folder) return listLocalArtifacts(folder, relative);
  if (hasLoggedModelFiles(store)) return store.listLoggedModelArtifacts(model.modelId, relative);
  return [];
}

/** The local path of a logged model's file, when the store has one. */
export async function localLoggedModelFile(store: MlflowStore, model: Pick<LoggedModel, 'artifactLocation' | 'modelId'>, relative: string): Promise<string | undefined> {
  const folder = await loggedModelFolder(store, model);
  return folder && path.join(folder, ...relative.split('/'));
}

/** A logged model's file read from the store (at most `MAX_OPEN_BYTES + 1` bytes). */
export async function readLoggedModelFile(store: MlflowStore, model: Pick<LoggedModel, 'artifactLocation' | 'modelId'>, relative: string): Promise<Uint8Array> {
  const folder = await loggedModelFolder(store, model);
  if (folder) return readLocalArtifact(folder, relative, MAX_OPEN_BYTES + 1);
  if (hasLoggedModelFiles(store)) return store.readLoggedModelArtifact(model.modelId, relative, MAX_OPEN_BYTES + 1);
  throw new Error(`${store.description.label} does not serve logged model files`);
}

/** The logged model a version was registered from, found among its source run's experiment. */
export async function versionLoggedModel(store: MlflowStore, version: ModelVersion): Promise<Pick<LoggedModel, 'artifactLocation' | 'modelId'> | undefined> {
  const modelId = versionModelId(version);
  if (!modelId) return undefined;
  if (store.description.kind === 'rest') return { modelId, artifactLocation: '' };
  if (!version.runId) return undefined;
  const run = await store.getRun(version.runId);
  return (await store.searchLoggedModels([run.info.experimentId])).find((m) => m.modelId === modelId);
}

/** The local folder of a version registered from a path (MLflow 2 `runs:/…` resolved by MLflow to a path). */
export async function versionSourceFolder(store: MlflowStore, version: ModelVersion): Promise<string | undefined> {
  if (store.description.kind === 'rest' || !version.source || /^(models|runs):\//.test(version.source)) return undefined;
  return resolveArtifactDirectory(version.source, { storeRoot: path.dirname(store.description.location), entityId: version.runId });
}

/**
 * Where a version's MLmodel is: its logged model's files (MLflow 3, local or served), the local
 * folder it was registered from, or the artifacts of the run a `runs:/<id>/<path>` source names.
 */
type VersionMlmodel =
  | { kind: 'logged'; model: Pick<LoggedModel, 'artifactLocation' | 'modelId'> }
  | { kind: 'folder'; folder: string }
  | { kind: 'run'; runId: string; path: string };

async function versionMlmodel(store: MlflowStore, version: ModelVersion): Promise<VersionMlmodel | undefined> {
  const logged = await versionLoggedModel(store, version);
  if (logged) return { kind: 'logged', model: logged };
  const folder = await versionSourceFolder(store, version);
  if (folder) return { kind: 'folder', folder };
  const runSource = /^runs:\/([^/]+)\/(.+)$/.exec(version.source ?? '');
  if (runSource) return { kind: 'run', runId: runSource[1], path: `${runSource[2].replace(/\/+$/, '')}/MLmodel` };
  return undefined;
}

/** The local path of a version's MLmodel, when the store keeps it on this machine (the file may be missing). */
export async function localVersionMlmodel(store: MlflowStore, version: ModelVersion): Promise<string | undefined> {
  const found = await versionMlmodel(store, version);
  if (!found) return undefined;
  if (found.kind === 'logged') return localLoggedModelFile(store, found.model, 'MLmodel');
  if (found.kind === 'folder') return path.join(found.folder, 'MLmodel');
  const directory = await store.localArtifactDirectory(found.runId).catch(() => undefined);
  return directory && path.join(directory, ...found.path.split('/'));
}

/** A version's MLmodel read from wherever it is (at most `MAX_OPEN_BYTES + 1` bytes); undefined when nothing says where. */
export async function readVersionMlmodel(store: MlflowStore, version: ModelVersion): Promise<Uint8Array | undefined> {
  const found = await versionMlmodel(store, version);
  if (!found) return undefined;
  if (found.kind === 'logged') return readLoggedModelFile(store, found.model, 'MLmodel');
  if (found.kind === 'folder') return readLocalArtifact(found.folder, 'MLmodel', MAX_OPEN_BYTES + 1);
  return store.readArtifact(found.runId, found.path, MAX_OPEN_BYTES + 1);
}
