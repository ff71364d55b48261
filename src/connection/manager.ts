import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MlflowStore } from '../mlflow/store';
import { openSqliteStore } from '../mlflow/sqlite/sqliteStore';
import { discoverSqliteStores } from './discovery';
import { resolveStoreTarget, type StoreTarget } from './resolve';

/** What the views render: a store, an error to show with a retry, or nothing configured. */
export type ConnectionState =
  | { kind: 'loading' }
  | { kind: 'none' }
  | { kind: 'error'; message: string; target: StoreTarget }
  | { kind: 'connected'; store: MlflowStore; target: StoreTarget };

const PREFERRED_STORE_KEY = 'mlflow.preferredStore';

/**
 * Owns the active store: resolves it from settings, environment and the workspace, opens it,
 * re-resolves when the configuration or the workspace changes, and tells the views.
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
  private generation = 0;
  private readonly disposables: vscode.Disposable[] = [this.changed, this.storeChanged];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('mlflow.trackingUri')) void this.reconnect();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reconnect()),
    );
    // A store appearing later (the first `mlflow.log_*` of a new project) is picked up too.
    const watcher = vscode.workspace.createFileSystemWatcher('**/mlflow.db', false, true, false);
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

  /** Re-resolves the target and opens it; overlapping calls let only the latest win. */
  async reconnect(): Promise<ConnectionState> {
    const generation = ++this.generation;
    this.setState({ kind: 'loading' });
    this.discovered = await discoverSqliteStores();
    const target = resolveStoreTarget({
      setting: vscode.workspace.getConfiguration('mlflow').get<string>('trackingUri'),
      environment: process.env.MLFLOW_TRACKING_URI,
      discovered: this.discovered,
      preferred: this.context.workspaceState.get<string>(PREFERRED_STORE_KEY),
      baseDir: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    });
    const next = await this.open(target);
    if (generation !== this.generation) {
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

  /** Makes `dbPath` the workspace's store (remembered per workspace) and opens it. */
  async useLocalStore(dbPath: string): Promise<ConnectionState> {
    await this.context.workspaceState.update(PREFERRED_STORE_KEY, dbPath);
    if (!this.discovered.includes(dbPath)) this.discovered = [dbPath, ...this.discovered];
    return this.reconnect();
  }

  private async open(target: StoreTarget): Promise<ConnectionState> {
    switch (target.kind) {
      case 'none':
        this.log.info('No MLflow store configured or found in the workspace.');
        return { kind: 'none' };
      case 'unsupported':
        this.log.warn(target.reason);
        return { kind: 'error', message: target.reason, target };
      case 'sqlite':
        try {
          const workerPath = path.join(this.context.extensionPath, 'dist', 'sqliteWorker.js');
          const store = await openSqliteStore(target.path, { workerPath });
          this.log.info(`Opened ${target.path} (from ${target.origin}) read-only.`);
          return { kind: 'connected', store, target };
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          this.log.error(`Could not open ${target.path}: ${message}`);
          return { kind: 'error', message, target };
        }
    }
  }

  private setState(state: ConnectionState): void {
    this.current = state;
    void vscode.commands.executeCommand('setContext', 'mlflow.connection', state.kind);
    this.changed.fire(state);
  }

  private async closeCurrent(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.current.kind === 'connected') await this.current.store.dispose();
  }

  dispose(): void {
    void this.closeCurrent();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
