import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeError } from '../log';
import { openFileStore } from '../mlflow/filestore/fileStore';
import { displayUrl } from '../mlflow/rest/options';
import { openRestStore } from '../mlflow/rest/restStore';
import { openSqliteStore } from '../mlflow/sqlite/sqliteStore';
import type { MlflowStore } from '../mlflow/store';
import type { CredentialStore } from './credentials';
import { discoverLocalStores } from './discovery';
import { credentialKey, resolveStoreTarget, type Selection, type StoreTarget } from './resolve';
import { buildRestOptions } from './restOptions';
import { readConnections } from './settings';

/** What the views render: a store, an error to show with a retry, or nothing configured. */
export type ConnectionState =
  | { kind: 'loading' }
  | { kind: 'none' }
  | { kind: 'error'; message: string; target: StoreTarget }
  | { kind: 'connected'; store: MlflowStore; target: StoreTarget };

const SELECTION_KEY = 'mlflow.selection';

/**
 * Owns the active store: resolves it from the user's choice, settings, environment and the
 * workspace, opens it, re-resolves when any of those change, and tells the views.
 */
export class ConnectionManager implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ConnectionState>();
  /** Fires when the active store changes (or fails to open). */
  readonly onDidChangeState = this.changed.event;
  private readonly storeChanged = new vscode.EventEmitter<void>();
  /** Fires when the active store's content changed on disk. */
  readonly onDidChangeStoreContent = this.storeChanged.event;

  private current: ConnectionState = { kind: 'loading' };
  private discovered: string[] = [];
  private unsubscribe?: () => void;
  private inFlight?: AbortController;
  /** A server started in this session: not remembered, it will be gone after a restart. */
  private transientSelection?: Selection;
  private readonly disposables: vscode.Disposable[] = [this.changed, this.storeChanged];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly credentials: CredentialStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (['mlflow.trackingUri', 'mlflow.connections', 'mlflow.workspace'].some((key) => event.affectsConfiguration(key))) void this.reconnect();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reconnect()),
      credentials.onDidChange(() => this.current.kind !== 'loading' && this.activeTarget?.kind === 'rest' && void this.reconnect()),
    );
    // A store appearing later (the first `mlflow.log_*` of a new project) is picked up too.
    const watcher = vscode.workspace.createFileSystemWatcher('**/{mlflow.db,mlruns/*/meta.yaml}', false, true, false);
    watcher.onDidCreate(() => this.current.kind === 'none' && void this.reconnect());
    watcher.onDidDelete(() => void this.reconnect());
    this.disposables.push(watcher);
  }

  get state(): ConnectionState {
    return this.current;
  }

  get discoveredStores(): readonly string[] {
    return this.discovered;
  }

  get selection(): Selection | undefined {
    return this.transientSelection ?? this.context.workspaceState.get<Selection>(SELECTION_KEY);
  }

  get activeTarget(): StoreTarget | undefined {
    return this.current.kind === 'connected' || this.current.kind === 'error' ? this.current.target : undefined;
  }

  /** Resolves with the state once no connection attempt is in progress. */
  whenSettled(): Promise<ConnectionState> {
    if (this.current.kind !== 'loading') return Promise.resolve(this.current);
    return new Promise((resolve) => {
      const subscription = this.onDidChangeState((state) => {
        if (state.kind !== 'loading') {
          subscription.dispose();
          resolve(state);
        }
      });
    });
  }

  /** Re-resolves the target and opens it; a newer call cancels an older one still opening. */
  async reconnect(): Promise<ConnectionState> {
    this.inFlight?.abort();
    const abort = new AbortController();
    this.inFlight = abort;
    this.setState({ kind: 'loading' });
    this.discovered = await discoverLocalStores();
    const target = resolveStoreTarget({
      selection: await this.existingSelection(),
      connections: readConnections(),
      setting: vscode.workspace.getConfiguration('mlflow').get<string>('trackingUri'),
      environment: process.env.MLFLOW_TRACKING_URI,
      discovered: this.discovered,
      baseDir: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    });
    const next = await this.open(target, abort.signal);
    if (abort.signal.aborted) {
      if (next.kind === 'connected') await next.store.dispose();
      return this.current;
    }
    await this.closeCurrent();
    if (next.kind === 'connected') {
      this.unsubscribe = next.store.onDidChange(() => this.storeChanged.fire());
    }
    this.setState(next);
    return next;
  }

  /** The user's pick, unless it is a local store that has since been deleted. */
  private async existingSelection(): Promise<Selection | undefined> {
    const selection = this.selection;
    if (selection?.kind !== 'local') return selection;
    try {
      await stat(selection.path);
      return selection;
    } catch {
      this.log.info(`The store picked earlier, ${selection.path}, is gone; using the default.`);
      return undefined;
    }
  }

  /** Remembers what the user picked for this workspace and opens it. */
  async select(selection: Selection | undefined): Promise<ConnectionState> {
    if (selection?.kind === 'uri') {
      this.transientSelection = selection;
    } else {
      this.transientSelection = undefined;
      await this.context.workspaceState.update(SELECTION_KEY, selection);
    }
    return this.reconnect();
  }

  /** Opens a target on its own, e.g. to test a connection without switching to it. */
  async open(target: StoreTarget, signal?: AbortSignal): Promise<ConnectionState> {
    try {
      switch (target.kind) {
        case 'none':
          this.log.info('No MLflow store configured or found in the workspace.');
          return { kind: 'none' };
        case 'unsupported':
          this.log.warn(target.reason);
          return { kind: 'error', message: target.reason, target };
        case 'sqlite': {
          const workerPath = path.join(this.context.extensionPath, 'dist', 'sqliteWorker.js');
          const store = await openSqliteStore(target.path, { workerPath });
          this.log.info(`Opened ${target.path} (from ${target.origin}) read-only.`);
          return { kind: 'connected', store, target };
        }
        case 'file': {
          const store = await openFileStore(target.path, { log: (line: string) => this.log.warn(line) });
          this.log.info(`Opened the file store ${target.path} (from ${target.origin}) read-only.`);
          return { kind: 'connected', store, target };
        }
        case 'rest': {
          const options = buildRestOptions({
            uri: target.uri,
            connection: target.connection,
            stored: await this.credentials.get(credentialKey(target.uri, process.env)),
            workspaceSetting: vscode.workspace.getConfiguration('mlflow').get<string>('workspace'),
            environment: process.env,
          });
          const store = await openRestStore({ ...options, log: (line) => this.log.trace(line) }, { signal });
          this.log.info(`Connected to ${displayUrl(options.baseUrl)} (from ${target.origin}).`);
          return { kind: 'connected', store, target };
        }
      }
    } catch (error) {
      const message = describeError(error);
      this.log.error(`Could not open ${describeTarget(target)}: ${message}`);
      return { kind: 'error', message, target };
    }
  }

  private setState(state: ConnectionState): void {
    this.current = state;
    const writable = state.kind === 'connected' && state.store.capabilities.writable;
    void vscode.commands.executeCommand('setContext', 'mlflow.connection', state.kind);
    void vscode.commands.executeCommand('setContext', 'mlflow.writable', writable);
    this.changed.fire(state);
  }

  private async closeCurrent(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.current.kind === 'connected') await this.current.store.dispose();
  }

  dispose(): void {
    this.inFlight?.abort();
    void this.closeCurrent();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

export function describeTarget(target: StoreTarget): string {
  switch (target.kind) {
    case 'sqlite':
    case 'file':
      return target.path;
    case 'rest':
      return target.connection ? `${target.connection.name} (${displayUrl(target.uri)})` : displayUrl(target.uri);
    case 'unsupported':
      return target.uri;
    case 'none':
      return 'no store';
  }
}
