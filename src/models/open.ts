import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelRef } from '../../webview/shared/protocol';
import type { LoggedModel, ModelVersion } from '../mlflow/entities';
import type { MlflowStore } from '../mlflow/store';
import type { ModelViewActions } from '../panels/run/panel';
import { localLoggedModelFile, MAX_OPEN_BYTES, readLoggedModelFile, versionLoggedModel, versionSourceFolder } from './files';
import { findModel, loadModelView, modelRefKey } from './modelView';

/**
 * Opens a logged model's file in an editor: the file itself on a local store, else its text
 * downloaded into an untitled document — an `MLmodel` with the `mlmodel` language, so the
 * language server checks it either way.
 */
export async function openLoggedModelFile(store: MlflowStore, model: Pick<LoggedModel, 'artifactLocation' | 'modelId'>, relative: string): Promise<vscode.TextEditor | undefined> {
  const local = await localLoggedModelFile(store, model, relative);
  if (local && existsSync(local)) return vscode.window.showTextDocument(vscode.Uri.file(local), { preview: true });
  const bytes = await readLoggedModelFile(store, model, relative);
  if (bytes.length > MAX_OPEN_BYTES || bytes.includes(0)) {
    void vscode.window.showInformationMessage(`MLflow: ${relative} of ${model.modelId} is ${bytes.includes(0) ? 'binary' : 'too large'} to open as text.`);
    return undefined;
  }
  const language = path.posix.basename(relative) === 'MLmodel' ? 'mlmodel' : undefined;
  const document = await vscode.workspace.openTextDocument({ content: Buffer.from(bytes).toString('utf8'), language });
  return vscode.window.showTextDocument(document, { preview: true });
}

/** Opens a version's MLmodel: its logged model's, or the one in the folder it was registered from. */
export async function openVersionMlmodel(store: MlflowStore, version: ModelVersion): Promise<void> {
  const logged = await versionLoggedModel(store, version);
  if (logged) {
    await openLoggedModelFile(store, logged, 'MLmodel');
    return;
  }
  const folder = await versionSourceFolder(store, version);
  const file = folder && path.join(folder, 'MLmodel');
  if (!file || !existsSync(file)) {
    void vscode.window.showInformationMessage(`MLflow: no MLmodel found for ${version.name} v${version.version} (source ${version.source ?? 'unknown'}).`);
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
}

/** What the panels' model view asks of the models feature, on the active store. */
export function modelViewActions(activeStore: () => MlflowStore | undefined): ModelViewActions & { keyOf(ref: ModelRef): string } {
  const store = () => {
    const current = activeStore();
    if (!current) throw new Error('No MLflow store is open: select one from the status bar.');
    return current;
  };
  return {
    keyOf: modelRefKey,
    loadModel: (ref) => loadModelView(store(), ref),
    openModelFile: async (ref) => {
      const found = await findModel(store(), ref);
      if (found.kind === 'version') await openVersionMlmodel(store(), found.version);
      else await openLoggedModelFile(store(), found.model, 'MLmodel');
    },
  };
}
