import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/manager';
import type { ExperimentsNode, ExperimentsTree } from './tree';

/**
 * Tracking servers do not push changes: while the view is visible and shows a RUNNING run,
 * re-read what it shows every `mlflow.runs.refreshInterval` seconds. Local stores need none of
 * this — their files are watched.
 */
export class LiveRunsRefresh implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly view: vscode.TreeView<ExperimentsNode>,
    private readonly tree: ExperimentsTree,
    private readonly connection: ConnectionManager,
  ) {
    this.disposables.push(
      view.onDidChangeVisibility(() => this.schedule()),
      connection.onDidChangeState(() => this.schedule()),
      vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('mlflow.runs.refreshInterval') && this.schedule()),
    );
    this.schedule();
  }

  private schedule(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    const seconds = vscode.workspace.getConfiguration('mlflow.runs').get<number>('refreshInterval') ?? 5;
    const state = this.connection.state;
    if (seconds <= 0 || !this.view.visible || state.kind !== 'connected' || state.store.description.kind !== 'rest') return;
    this.timer = setInterval(() => {
      if (this.tree.showsRunningRuns()) this.tree.reload();
    }, seconds * 1000);
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
