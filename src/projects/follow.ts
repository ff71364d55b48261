// Following the run an `mlflow` task logs: while the task runs, watch the active store for the
// run it creates (the newest in its experiment that started after the task did) and announce it,
// so the Experiments view can reveal it; when the task ends, offer to open the run.
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/manager';
import { LaunchedRunLookup, type ExperimentRef, type LaunchedRun } from '../mlflow/project/launched';
import type { MlflowStore } from '../mlflow/store';
import { TASK_TYPE, type MlflowTaskDefinition } from './definition';

export interface StartedRun extends LaunchedRun {
  readonly execution: vscode.TaskExecution;
}

export interface FinishedRun {
  readonly execution: vscode.TaskExecution;
  readonly exitCode: number;
  /** The run the task logged, when the active store has it. */
  readonly runId?: string;
}

interface Following {
  readonly lookup: LaunchedRunLookup;
  readonly watch: LaunchWatch;
  run?: LaunchedRun;
}

export class RunFollower implements vscode.Disposable {
  private readonly following = new Map<vscode.TaskExecution, Following>();
  private readonly started = new vscode.EventEmitter<StartedRun>();
  /** A task's run appeared in the active store (while the task runs). */
  readonly onDidStartRun = this.started.event;
  private readonly finished = new vscode.EventEmitter<FinishedRun>();
  readonly onDidFinishRun = this.finished.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly connection: ConnectionManager) {
    this.subscriptions = [
      vscode.tasks.onDidStartTaskProcess((event) => {
        if (event.execution.task.definition.type === TASK_TYPE) this.follow(event.execution);
      }),
      vscode.tasks.onDidEndTaskProcess((event) => void this.ended(event.execution, event.exitCode)),
    ];
  }

  private follow(execution: vscode.TaskExecution): void {
    const lookup = new LaunchedRunLookup(experimentOf(execution.task.definition as MlflowTaskDefinition), Date.now());
    const following: Following = {
      lookup,
      watch: new LaunchWatch(this.connection, (store) => lookup.find(store, this.claimedBesides(execution)), (run) => {
        following.run = run;
        this.started.fire({ ...run, execution });
      }),
    };
    this.following.set(execution, following);
  }

  /** The runs other running tasks already follow: a task never takes another's run. */
  private claimedBesides(execution: vscode.TaskExecution): Set<string> {
    const claimed = new Set<string>();
    for (const [other, following] of this.following) if (other !== execution && following.run) claimed.add(following.run.runId);
    return claimed;
  }

  private async ended(execution: vscode.TaskExecution, exitCode: number | undefined): Promise<void> {
    const following = this.following.get(execution);
    this.following.delete(execution);
    if (!following) return;
    following.watch.dispose();
    if (exitCode === undefined) return;
    const name = execution.task.name;
    const state = this.connection.state;
    const runId =
      following.run?.runId ??
      (state.kind === 'connected' ? (await following.lookup.find(state.store, this.claimedBesides(execution)).catch(() => undefined))?.runId : undefined);
    this.finished.fire({ execution, exitCode, runId });
    const open = 'Open Run';
    const actions = runId ? [open] : [];
    const answer = exitCode === 0
      ? await vscode.window.showInformationMessage(`MLflow: ${name} finished.`, ...actions)
      : await vscode.window.showWarningMessage(`MLflow: ${name} failed (exit code ${exitCode}). See its terminal.`, ...actions);
    if (answer === open && runId) await vscode.commands.executeCommand('mlflow.openRun', runId);
  }

  dispose(): void {
    for (const following of this.following.values()) following.watch.dispose();
    this.following.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.started.dispose();
    this.finished.dispose();
  }
}

function experimentOf(definition: MlflowTaskDefinition): ExperimentRef {
  return { name: definition.experiment || undefined, id: definition.experimentId || undefined };
}

/**
 * Looks for a task's run until it is found or disposed, without polling a store that says when
 * it changes: a local store is asked again on each of its change events (the file watcher the
 * view uses), a tracking server every `mlflow.runs.refreshInterval` seconds (0: not at all; a
 * change to the setting applies at once).
 * One lookup at a time; changes during a lookup make one more.
 */
class LaunchWatch implements vscode.Disposable {
  private done = false;
  private busy = false;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly connection: ConnectionManager,
    private readonly lookup: (store: MlflowStore) => Promise<LaunchedRun | undefined>,
    private readonly found: (run: LaunchedRun) => void,
  ) {
    this.subscriptions = [
      connection.onDidChangeStoreContent(() => void this.check()),
      connection.onDidChangeState((state) => {
        this.schedule();
        if (state.kind === 'connected') void this.check();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('mlflow.runs.refreshInterval') && this.schedule()),
    ];
    this.schedule();
  }

  private schedule(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    const state = this.connection.state;
    if (this.done || state.kind !== 'connected' || state.store.description.kind !== 'rest') return;
    const seconds = vscode.workspace.getConfiguration('mlflow.runs').get<number>('refreshInterval') ?? 5;
    // A tick during a slow lookup (a loaded machine, a slow server) is skipped, not queued.
    if (seconds > 0) this.timer = setInterval(() => this.busy || void this.check(), seconds * 1000);
  }

  private async check(): Promise<void> {
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    try {
      do {
        this.again = false;
        const state = this.connection.state;
        if (this.done || state.kind !== 'connected') return;
        const run = await this.lookup(state.store).catch(() => undefined);
        if (run && !this.done) {
          this.dispose();
          this.found(run);
          return;
        }
      } while (this.again);
    } finally {
      this.busy = false;
    }
  }

  dispose(): void {
    this.done = true;
    clearInterval(this.timer);
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
