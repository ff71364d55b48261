import * as vscode from 'vscode';
import type { ConnectionManager } from './manager';
import { storeLabel } from './statusBar';

/** Commands that choose where the data comes from. */
export function registerConnectionCommands(connection: ConnectionManager, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('mlflow.selectStore', () => selectStore(connection)),
    vscode.commands.registerCommand('mlflow.openStore', () => openStoreFile(connection)),
    vscode.commands.registerCommand('mlflow.connectServer', () => connectServer()),
    vscode.commands.registerCommand('mlflow.showLog', () => log.show()),
  ];
}

async function selectStore(connection: ConnectionManager) {
  const configured = vscode.workspace.getConfiguration('mlflow').get<string>('trackingUri')?.trim();
  const active = connection.state.kind === 'connected' ? connection.state.store.description.location : undefined;
  type Item = vscode.QuickPickItem & { run: () => unknown };
  const items: Item[] = connection.discoveredStores.map((dbPath) => ({
    label: `$(database) ${storeLabel(dbPath)}`,
    description: dbPath === active ? 'active' : undefined,
    detail: dbPath,
    run: () => connection.useLocalStore(dbPath),
  }));
  items.push(
    { label: '$(folder-opened) Open mlflow.db…', run: () => openStoreFile(connection) },
    { label: '$(plug) Connect to Tracking Server…', run: () => connectServer() },
  );
  const picked = await vscode.window.showQuickPick(items, {
    title: 'MLflow store',
    placeHolder: configured ? `mlflow.trackingUri is set to ${configured}; it takes precedence over stores in the workspace` : 'Choose the store to browse',
  });
  await picked?.run();
}

async function openStoreFile(connection: ConnectionManager) {
  const picked = await vscode.window.showOpenDialog({
    title: 'Open an MLflow SQLite store',
    canSelectMany: false,
    filters: { 'MLflow store': ['db', 'sqlite', 'sqlite3'], 'All files': ['*'] },
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  if (!picked?.[0]) return;
  if (picked[0].scheme !== 'file') {
    void vscode.window.showErrorMessage('MLflow: only stores on the local or remote file system can be opened.');
    return;
  }
  await connection.useLocalStore(picked[0].fsPath);
}

async function connectServer() {
  const uri = await vscode.window.showInputBox({
    title: 'Connect to an MLflow tracking server',
    prompt: 'Tracking URI, saved to the mlflow.trackingUri setting of this workspace',
    placeHolder: 'http://127.0.0.1:5000',
    validateInput: (value) => (/^(https?:\/\/\S+|sqlite:\/\/\/\S+|databricks\S*)$/i.test(value.trim()) ? undefined : 'Enter an http(s)://, sqlite:/// or databricks URI'),
  });
  if (!uri) return;
  const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration('mlflow').update('trackingUri', uri.trim(), target);
}
