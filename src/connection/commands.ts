import * as vscode from 'vscode';
import { describeError } from '../log';
import { displayUrl } from '../mlflow/rest/options';
import type { CredentialStore } from './credentials';
import type { LocalServer } from './localServer';
import { describeTarget, type ConnectionManager } from './manager';
import { credentialKey, targetFromUri, type NamedConnection, type StoreTarget } from './resolve';
import { readConnections, writeConnections } from './settings';
import { storeLabel } from './statusBar';

/** Commands that choose where the data comes from and how to reach it. */
export function registerConnectionCommands(
  connection: ConnectionManager,
  credentials: CredentialStore,
  localServer: LocalServer,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  const register = (id: string, handler: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, handler);
  return [
    register('mlflow.selectStore', () => switchConnection(connection, credentials)),
    register('mlflow.openStore', () => openLocalStore(connection)),
    register('mlflow.connectServer', () => addConnection(connection, credentials)),
    register('mlflow.addConnection', () => addConnection(connection, credentials)),
    register('mlflow.removeConnection', () => removeConnection(connection, credentials)),
    register('mlflow.setCredentials', () => setCredentials(connection, credentials)),
    register('mlflow.clearCredentials', () => clearCredentials(connection, credentials)),
    register('mlflow.testConnection', () => testConnection(connection)),
    register('mlflow.startLocalServer', () => localServer.start()),
    register('mlflow.stopLocalServer', () => localServer.stop()),
    register('mlflow.showServerOutput', () => localServer.showOutput()),
    register('mlflow.showLog', () => log.show()),
  ];
}

type Action = vscode.QuickPickItem & { run?: () => unknown };

async function switchConnection(connection: ConnectionManager, credentials: CredentialStore) {
  const active = connection.activeTarget;
  const isActive = (target: StoreTarget) => active !== undefined && describeTarget(active) === describeTarget(target);
  const items: Action[] = [];
  const named = readConnections();
  if (named.length) items.push({ label: 'Tracking servers', kind: vscode.QuickPickItemKind.Separator });
  for (const server of named) {
    items.push({
      label: `$(server) ${server.name}`,
      description: isActive({ kind: 'rest', uri: server.uri, origin: 'selection', connection: server }) ? 'active' : displayUrl(server.uri),
      detail: server.workspace ? `workspace ${server.workspace}` : undefined,
      run: () => connection.select({ kind: 'connection', name: server.name }),
    });
  }
  if (connection.discoveredStores.length) items.push({ label: 'In this workspace (read-only)', kind: vscode.QuickPickItemKind.Separator });
  for (const storePath of connection.discoveredStores) {
    const target = targetFromUri(storePath, 'selection');
    items.push({
      label: `$(${target.kind === 'file' ? 'folder' : 'database'}) ${storeLabel(storePath)}`,
      description: isActive(target) ? 'active' : target.kind === 'file' ? 'file store' : undefined,
      detail: storePath,
      run: () => connection.select({ kind: 'local', path: storePath }),
    });
  }
  items.push(
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(add) Add Tracking Server…', run: () => addConnection(connection, credentials) },
    { label: '$(folder-opened) Open Local Store…', run: () => openLocalStore(connection) },
  );
  if (connection.selection) {
    items.push({ label: '$(discard) Use the Default', detail: 'mlflow.trackingUri, MLFLOW_TRACKING_URI, then a store in the workspace', run: () => connection.select(undefined) });
  }
  const configured = vscode.workspace.getConfiguration('mlflow').get<string>('trackingUri')?.trim();
  const picked = await vscode.window.showQuickPick(items, {
    title: 'MLflow: Switch Connection',
    placeHolder: configured ? `Default: mlflow.trackingUri = ${configured}` : 'Choose where runs come from',
  });
  await picked?.run?.();
}

async function openLocalStore(connection: ConnectionManager) {
  const picked = await vscode.window.showOpenDialog({
    title: 'Open an MLflow store: an mlflow.db file or an mlruns folder',
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  const uri = picked?.[0];
  if (!uri) return;
  if (uri.scheme !== 'file') {
    void vscode.window.showErrorMessage('MLflow: only stores on the (local or remote) file system can be opened.');
    return;
  }
  await connection.select({ kind: 'local', path: uri.fsPath });
}

function validateServerUri(value: string): string | undefined {
  const target = targetFromUri(value, 'selection');
  if (target.kind === 'rest') return undefined;
  return 'Enter the server address, e.g. http://127.0.0.1:5000, https://mlflow.example.com or databricks';
}

async function addConnection(connection: ConnectionManager, credentials: CredentialStore) {
  const uri = (
    await vscode.window.showInputBox({
      title: 'Add an MLflow tracking server (1/3): address',
      placeHolder: 'http://127.0.0.1:5000',
      validateInput: validateServerUri,
      ignoreFocusOut: true,
    })
  )?.trim();
  if (!uri) return;
  const existing = readConnections();
  const suggested = uri === 'databricks' ? 'databricks' : new URL(uri).host;
  const name = (
    await vscode.window.showInputBox({
      title: 'Add an MLflow tracking server (2/3): name',
      value: suggested,
      validateInput: (value) => (!value.trim() ? 'Give the connection a name' : existing.some((c) => c.name === value.trim()) ? 'A connection with this name exists' : undefined),
      ignoreFocusOut: true,
    })
  )?.trim();
  if (!name) return;
  const workspace = await vscode.window.showInputBox({
    title: 'Add an MLflow tracking server (3/3): workspace (optional)',
    prompt: 'For multi-tenant servers (X-MLFLOW-WORKSPACE). Leave empty otherwise.',
    ignoreFocusOut: true,
  });
  if (workspace === undefined) return;
  const added: NamedConnection = { name, uri, ...(workspace.trim() ? { workspace: workspace.trim() } : {}) };
  await writeConnections([...existing, added]);
  const state = await connection.select({ kind: 'connection', name });
  if (state.kind === 'error') {
    const choice = await vscode.window.showErrorMessage(`MLflow: ${state.message}`, 'Set Credentials…', 'Show Log');
    if (choice === 'Set Credentials…') await setCredentials(connection, credentials, added.uri);
    if (choice === 'Show Log') await vscode.commands.executeCommand('mlflow.showLog');
  }
}

async function pickServer(connection: ConnectionManager, title: string): Promise<NamedConnection | undefined> {
  const named = readConnections();
  const active = connection.activeTarget;
  const activeUri = active?.kind === 'rest' ? active.uri : undefined;
  const candidates: NamedConnection[] = [...named];
  if (activeUri && !named.some((c) => c.uri === activeUri)) candidates.unshift({ name: displayUrl(activeUri), uri: activeUri });
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage('MLflow: no tracking server is configured. Add one with "MLflow: Add Tracking Server…".');
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((c) => ({ label: c.name, description: displayUrl(c.uri), picked: c.uri === activeUri, c })),
    { title },
  );
  return picked?.c;
}

async function removeConnection(connection: ConnectionManager, credentials: CredentialStore) {
  const named = readConnections();
  const picked = await vscode.window.showQuickPick(
    named.map((c) => ({ label: c.name, description: displayUrl(c.uri), c })),
    { title: 'MLflow: Remove Tracking Server' },
  );
  if (!picked) return;
  const confirmed = await vscode.window.showWarningMessage(
    `Remove the connection "${picked.c.name}" (${displayUrl(picked.c.uri)}) and its stored credentials? Nothing on the server changes.`,
    { modal: true },
    'Remove',
  );
  if (confirmed !== 'Remove') return;
  await writeConnections(named.filter((c) => c.name !== picked.c.name));
  if (!named.some((c) => c.name !== picked.c.name && credentialKey(c.uri, process.env) === credentialKey(picked.c.uri, process.env))) {
    await credentials.clear(credentialKey(picked.c.uri, process.env));
  }
  const selection = connection.selection;
  if (selection?.kind === 'connection' && selection.name === picked.c.name) await connection.select(undefined);
}

async function setCredentials(connection: ConnectionManager, credentials: CredentialStore, uri?: string) {
  const serverUri = uri ?? (await pickServer(connection, 'MLflow: Set Credentials for…'))?.uri;
  if (!serverUri) return;
  const kind = await vscode.window.showQuickPick(
    [
      { label: 'Username and password', description: 'HTTP basic auth (mlflow server --app-name basic-auth)', value: 'basic' as const },
      { label: 'Token', description: 'Bearer token (Databricks, proxies)', value: 'bearer' as const },
    ],
    { title: `Credentials for ${displayUrl(serverUri)}` },
  );
  if (!kind) return;
  const origin = credentialKey(serverUri, process.env);
  if (kind.value === 'bearer') {
    const token = await vscode.window.showInputBox({ title: `Token for ${origin}`, password: true, ignoreFocusOut: true });
    if (!token) return;
    await credentials.set(origin, { kind: 'bearer', token });
  } else {
    const username = await vscode.window.showInputBox({ title: `Username for ${origin}`, ignoreFocusOut: true });
    if (!username) return;
    const password = await vscode.window.showInputBox({ title: `Password for ${username} at ${origin}`, password: true, ignoreFocusOut: true });
    if (password === undefined) return;
    await credentials.set(origin, { kind: 'basic', username, password });
  }
  vscode.window.setStatusBarMessage(`MLflow: credentials saved for ${origin}`, 4000);
}

async function clearCredentials(connection: ConnectionManager, credentials: CredentialStore) {
  const server = await pickServer(connection, 'MLflow: Clear Credentials for…');
  if (!server) return;
  await credentials.clear(credentialKey(server.uri, process.env));
  vscode.window.setStatusBarMessage(`MLflow: credentials cleared for ${displayUrl(server.uri)}`, 4000);
}

async function testConnection(connection: ConnectionManager) {
  const server = await pickServer(connection, 'MLflow: Test Connection to…');
  if (!server) return;
  const target: StoreTarget = { kind: 'rest', uri: server.uri, origin: 'selection', connection: server };
  const abort = new AbortController();
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Testing ${displayUrl(server.uri)}…`, cancellable: true },
    async (_progress, token) => {
      token.onCancellationRequested(() => abort.abort());
      const state = await connection.open(target, abort.signal);
      if (state.kind !== 'connected') return state;
      try {
        const experiments = await state.store.searchExperiments({ maxResults: 1000 }, { signal: abort.signal });
        const version = state.store.description.details.serverVersion;
        return { kind: 'ok' as const, text: `MLflow ${version ?? '(version unknown)'} at ${displayUrl(server.uri)}: ${experiments.items.length} experiments visible.` };
      } catch (error) {
        return { kind: 'error' as const, message: describeError(error), target };
      } finally {
        await state.store.dispose();
      }
    },
  );
  if (result.kind === 'ok') void vscode.window.showInformationMessage(result.text);
  else if (result.kind === 'error') void vscode.window.showErrorMessage(`MLflow: ${result.message}`);
}
