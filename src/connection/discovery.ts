import * as vscode from 'vscode';
import { rankDiscoveredStores } from './resolve';

/** Folders never searched for stores: dependencies and tool caches hold no user runs. */
const EXCLUDE = '**/{node_modules,.git,.venv,venv,.tox,__pycache__}/**';

/**
 * Finds `mlflow.db` files in the workspace folders, at the top or one or two levels down.
 * Uses `findFiles` so it works on remote and virtual workspaces alike.
 */
export async function discoverSqliteStores(token?: vscode.CancellationToken): Promise<string[]> {
  const found: string[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const pattern = new vscode.RelativePattern(folder, '{mlflow.db,*/mlflow.db,*/*/mlflow.db}');
    const uris = await vscode.workspace.findFiles(pattern, EXCLUDE, 50, token);
    found.push(...uris.filter((uri) => uri.scheme === 'file').map((uri) => uri.fsPath));
  }
  return rankDiscoveredStores(found);
}
