// When an `mlflow` task ends: find the run it logged (the newest in its experiment that started
// after the task did) and offer to open it.
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/manager';
import type { MlflowStore } from '../mlflow/store';
import { TASK_TYPE, type MlflowTaskDefinition } from './definition';

export interface FinishedRun {
  readonly execution: vscode.TaskExecution;
  readonly exitCode: number;
  /** The run the task logged, when the active store has it. */
  readonly runId?: string;
}

export class RunFollower implements vscode.Disposable {
  private readonly started = new Map<vscode.TaskExecution, number>();
  private readonly finished = new vscode.EventEmitter<FinishedRun>();
  readonly onDidFinishRun = this.finished.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly connection: ConnectionManager) {
    this.subscriptions = [
      vscode.tasks.onDidStartTaskProcess((event) => {
        if (event.execution.task.definition.type === TASK_TYPE) this.started.set(event.execution, Date.now());
      }),
      vscode.tasks.onDidEndTaskProcess((event) => void this.ended(event.execution, event.exitCode)),
    ];
  }

  private async ended(execution: vscode.TaskExecution, exitCode: number | undefined): Promise<void> {
    const since = this.started.get(execution);
    this.started.delete(execution);
    if (since === undefined || exitCode === undefined) return;
    const { name, definition } = execution.task;
    const state = this.connection.state;
    const runId = state.kind === 'connected' ? await launchedRun(state.store, (definition as MlflowTaskDefinition).experiment, since).catch(() => undefined) : undefined;
    this.finished.fire({ execution, exitCode, runId });
    const open = 'Open Run';
    const actions = runId ? [open] : [];
    const answer = exitCode === 0
      ? await vscode.window.showInformationMessage(`MLflow: ${name} finished.`, ...actions)
      : await vscode.window.showWarningMessage(`MLflow: ${name} failed (exit code ${exitCode}). See its terminal.`, ...actions);
    if (answer === open && runId) await vscode.commands.executeCommand('mlflow.openRun', runId);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.finished.dispose();
  }
}

/** The newest run of the experiment (MLflow's default one when unnamed) started since `since`. */
export async function launchedRun(store: MlflowStore, experimentName: string | undefined, since: number): Promise<string | undefined> {
  const experiments = (await store.searchExperiments({ maxResults: 1000 })).items;
  const experiment = experimentName ? experiments.find((candidate) => candidate.name === experimentName) : experiments.find((candidate) => candidate.experimentId === '0');
  if (!experiment) return undefined;
  const page = await store.searchRuns({ experimentIds: [experiment.experimentId], orderBy: ['attributes.start_time DESC'], maxResults: 1 });
  const run = page.items[0];
  // Clocks of the task and the store's writer are the same machine's, give or take a second.
  return run && (run.info.startTime ?? 0) >= since - 1000 ? run.info.runId : undefined;
}
