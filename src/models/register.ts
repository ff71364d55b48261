import * as vscode from 'vscode';
import type { RunNode } from '../experiments/tree';
import { describeError } from '../log';
import { isRegistryWritableStore, type CreateModelVersionRequest, type MlflowStore, type RegistryWritableStore } from '../mlflow/store';
import type { LoggedModelNode } from './loggedModels';
import { loggedModelSource, runFolderSource } from './model';
import type { ModelsTree } from './tree';

const NEW_MODEL = '$(add) New registered model…';

/**
 * Register Model: a run's logged model (MLflow 3) or one of its artifact folders (MLflow 2's
 * `runs:/<id>/model`) becomes a new version of a new or existing registered model.
 */
export function registerRegisterCommand(tree: ModelsTree): vscode.Disposable {
  return vscode.commands.registerCommand('mlflow.models.register', async (node?: LoggedModelNode | RunNode) => {
    const store = tree.store();
    if (!store || !isRegistryWritableStore(store)) {
      void vscode.window.showWarningMessage('MLflow: the model registry is read-only here. Connect to a tracking server to register models.');
      return;
    }
    try {
      const source = node?.kind === 'loggedModel' ? loggedModelSource(node.model) : node?.kind === 'run' ? await pickRunFolder(store, node) : undefined;
      if (!source) return;
      const name = await pickModelName(store);
      if (!name) return;
      const version = await store.registryWrites.createModelVersion({ ...source, name });
      const experimentId = node?.kind === 'loggedModel' ? node.model.experimentId : node?.run.info.experimentId;
      await tree.didRegister({ version, experimentId });
      void vscode.window.showInformationMessage(`MLflow: registered ${name} version ${version.version} from ${source.source}.`);
    } catch (error) {
      void vscode.window.showErrorMessage(`MLflow: ${describeError(error)}`);
    }
  });
}

async function pickRunFolder(store: MlflowStore, node: RunNode): Promise<Omit<CreateModelVersionRequest, 'name'> | undefined> {
  const runId = node.run.info.runId;
  const folders = (await store.listArtifacts(runId)).filter((entry) => entry.isDir).map((entry) => entry.path);
  if (folders.length === 0) {
    void vscode.window.showInformationMessage(`MLflow: the run ${node.run.info.runName || runId} has no artifact folder to register; register its logged model instead.`);
    return undefined;
  }
  const folder = folders.length === 1 ? folders[0] : await vscode.window.showQuickPick(folders, { title: 'Register which artifact folder?' });
  return folder ? runFolderSource(runId, folder) : undefined;
}

/** An existing registered model, or a new one created here (a name taken meanwhile is used as is). */
async function pickModelName(store: RegistryWritableStore): Promise<string | undefined> {
  const names = (await store.searchRegisteredModels()).map((model) => model.name);
  const picked = await vscode.window.showQuickPick([NEW_MODEL, ...names], { title: 'Register as a version of' });
  if (picked !== NEW_MODEL) return picked;
  const name = (
    await vscode.window.showInputBox({ title: 'New registered model', prompt: 'Name', validateInput: (v) => (v.trim() ? undefined : 'Enter a name') })
  )?.trim();
  if (!name) return undefined;
  try {
    await store.registryWrites.createRegisteredModel(name);
  } catch (error) {
    // As MLflow's own register_model: an existing name gets a new version.
    if ((error as { mlflowErrorCode?: string } | undefined)?.mlflowErrorCode !== 'RESOURCE_ALREADY_EXISTS') throw error;
  }
  return name;
}
