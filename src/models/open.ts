import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LoggedModel } from '../mlflow/entities';
import type { MlflowStore } from '../mlflow/store';
import { localLoggedModelFile, MAX_OPEN_BYTES, readLoggedModelFile } from './files';

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
