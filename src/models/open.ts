import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelRef } from '../../webview/shared/protocol';
import type { LoggedModel, ModelVersion } from '../mlflow/entities';
import type { MlflowStore } from '../mlflow/store';
import type { ModelViewActions } from '../panels/run/panel';
import { localLoggedModelFile, localVersionMlmodel, MAX_OPEN_BYTES, readLoggedModelFile, readVersionMlmodel } from './files';
import { findModel, loadModelView, modelRefKey } from './modelView';

/**
 * Opens a logged model's file in an editor: the file itself on a local store, else its text
 * downloaded into an untitled document — an `MLmodel` with the `mlmodel` language, so the
 * language server checks it either way.
 */
export async function openLoggedModelFile(store: MlflowStore, model: Pick<LoggedModel, 'artifactLocation' | 'modelId'>, relative: string): Promise<vscode.TextEditor | undefined> {
  const local = await localLoggedModelFile(store, model, relative);
  if (local && existsSync(local)) return vscode.window.showTextDocument(vscode.Uri.file(local), { preview: true });
  return openDownloaded(await readLoggedModelFile(store, model, relative), relative, model.modelId);
}

/**
 * Opens a version's MLmodel, found where the model view reads it: the local file when the store
 * keeps one, else its text downloaded into an untitled `mlmodel` document.
 */
export async function openVersionMlmodel(store: MlflowStore, version: ModelVersion): Promise<vscode.TextEditor | undefined> {
  const local = await localVersionMlmodel(store, version);
  if (local && existsSync(local)) return vscode.window.showTextDocument(vscode.Uri.file(local), { preview: true });
  const bytes = await readVersionMlmodel(store, version).catch((error: unknown) => {
    if (local) return undefined;
    throw error;
  });
  if (!bytes) {
    void vscode.window.showInformationMessage(`MLflow: no MLmodel found for ${version.name} v${version.version} (source ${version.source ?? 'unknown'}).`);
    return undefined;
  }
  return openDownloaded(bytes, 'MLmodel', `${version.name} v${version.version}`);
}

/** A downloaded file's text in an untitled document (an MLmodel with the `mlmodel` language), unless binary or too large. */
async function openDownloaded(bytes: Uint8Array, relative: string, owner: string): Promise<vscode.TextEditor | undefined> {
  if (bytes.length > MAX_OPEN_BYTES || bytes.includes(0)) {
    void vscode.window.showInformationMessage(`MLflow: ${relative} of ${owner} is ${bytes.includes(0) ? 'binary' : 'too large'} to open as text.`);
    return undefined;
  }
  const language = path.posix.basename(relative) === 'MLmodel' ? 'mlmodel' : undefined;
  const document = await vscode.workspace.openTextDocument({ content: Buffer.from(bytes).toString('utf8'), language });
  return vscode.window.showTextDocument(document, { preview: true });
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
