/**
 * The model view of the Run panel: a registered version or a logged model, its MLmodel read from
 * the store and summarised (signature, flavors, facts). Plain Node, no `vscode` import.
 */
import type { ArtifactPreview, ModelRef, ModelView } from '../../webview/shared/protocol';
import type { LoggedModel, ModelVersion } from '../mlflow/entities';
import type { MlflowStore } from '../mlflow/store';
import { summarizeMlmodel } from '../panels/run/artifacts';
import { readLoggedModelFile, readVersionMlmodel } from './files';
import { versionUri } from './model';

export function versionRef(version: Pick<ModelVersion, 'name' | 'version'>): ModelRef {
  return { kind: 'version', name: version.name, version: version.version };
}

export function loggedModelRef(model: Pick<LoggedModel, 'modelId' | 'experimentId'>): ModelRef {
  return { kind: 'logged', modelId: model.modelId, experimentId: model.experimentId };
}

/** One panel per model: the key of its ref. */
export function modelRefKey(ref: ModelRef): string {
  return ref.kind === 'version' ? versionUri(ref.name, ref.version) : `models:/${ref.modelId}`;
}

/** The version or logged model a ref names, as the store has it now. */
export async function findModel(store: MlflowStore, ref: ModelRef): Promise<{ kind: 'version'; version: ModelVersion } | { kind: 'logged'; model: LoggedModel }> {
  if (ref.kind === 'version') {
    const version = (await store.searchModelVersions(ref.name)).find((v) => v.version === ref.version);
    if (!version) throw new Error(`${ref.name} version ${ref.version} is not in the registry of ${store.description.label}.`);
    return { kind: 'version', version };
  }
  const model = (await store.searchLoggedModels([ref.experimentId])).find((m) => m.modelId === ref.modelId);
  if (!model) throw new Error(`The logged model ${ref.modelId} is not in ${store.description.label}.`);
  return { kind: 'logged', model };
}

/** Reads the model's MLmodel and summarises it; a model that cannot be read becomes an error preview. */
export async function loadModelView(store: MlflowStore, ref: ModelRef): Promise<ModelView> {
  const uri = modelRefKey(ref);
  const title = ref.kind === 'version' ? `${ref.name} v${ref.version}` : ref.modelId;
  const path = 'MLmodel';
  let found;
  try {
    found = await findModel(store, ref);
  } catch (error) {
    return { ref, title, uri, preview: errorPreview(error) };
  }
  const runId = found.kind === 'version' ? found.version.runId : found.model.sourceRunId;
  const named = found.kind === 'logged' ? `${found.model.name} (${found.model.modelId})` : title;
  const view = (preview: ArtifactPreview): ModelView => ({ ref, title: named, uri, runId, preview });
  try {
    const bytes = found.kind === 'version' ? await readVersionMlmodel(store, found.version) : await readLoggedModelFile(store, found.model, 'MLmodel');
    if (!bytes) {
      const source = found.kind === 'version' ? found.version.source : undefined;
      return view({ kind: 'error', path, message: `no MLmodel found for ${title}${source ? ` (source ${source})` : ''}` });
    }
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    return view({ kind: 'mlmodel', path, summary: summarizeMlmodel(text), text });
  } catch (error) {
    return view(errorPreview(error));
  }
}

function errorPreview(error: unknown): ArtifactPreview {
  return { kind: 'error', path: 'MLmodel', message: error instanceof Error ? error.message : String(error) };
}
