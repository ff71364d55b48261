import * as path from 'node:path';
import * as vscode from 'vscode';
import { rankDiscoveredStores } from './resolve';

/** Folders never searched for stores: dependencies and tool caches hold no user runs. */
const EXCLUDE = '**/{node_modules,.git,.venv,venv,.tox,__pycache__}/**';

/**
 * Finds local stores in the workspace folders, at the top or one or two levels down: `mlflow.db`
 * files, and `mlruns` folders that are file stores (an experiment's `meta.yaml` inside; the
 * artifact folders beside an `mlflow.db` have none). Uses `findFiles`, so it works on remote
 * workspaces too.
 */
export async function discoverLocalStores(token?: vscode.CancellationToken): Promise<string[]> {
  const found: string[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const databases = new vscode.RelativePattern(folder, '{mlflow.db,*/mlflow.db,*/*/mlflow.db}');
    const fileStores = new vscode.RelativePattern(folder, '{mlruns/*/meta.yaml,*/mlruns/*/meta.yaml,*/*/mlruns/*/meta.yaml}');
    const [dbs, metas] = await Promise.all([
      vscode.workspace.findFiles(databases, EXCLUDE, 50, token),
      vscode.workspace.findFiles(fileStores, EXCLUDE, 200, token),
    ]);
    found.push(...dbs.filter((uri) => uri.scheme === 'file').map((uri) => uri.fsPath));
    found.push(...metas.filter((uri) => uri.scheme === 'file').map((uri) => path.dirname(path.dirname(uri.fsPath))));
  }
  return rankDiscoveredStores(found);
}
