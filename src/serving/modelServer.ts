// "Serve Model": `mlflow models serve` as a task on a free 127.0.0.1 port with the active store's
// tracking environment (so `models:/` URIs resolve against it), ready once `/ping` answers, shown
// in the status bar until stopped or its process ends. One model server at a time.
import * as vscode from 'vscode';
import type { CredentialStore } from '../connection/credentials';
import type { ConnectionManager } from '../connection/manager';
import { envManagerSetting } from '../projects/definition';
import { findMlflowCli } from '../projects/mlflowCli';
import { activeTrackingEnvironment } from '../projects/tracking';
import { terminateTask } from '../projects/terminate';
import { requireTrust } from '../projects/trust';
import { freePort, serveArgs, waitForPing } from './endpoint';

export const SERVE_TASK_TYPE = 'mlflow-serve';

interface Serving {
  readonly modelUri: string;
  readonly url: string;
  readonly execution: vscode.TaskExecution;
}

export class ModelServer implements vscode.Disposable {
  private current?: Serving;
  private readonly status = vscode.window.createStatusBarItem('mlflow.serving', vscode.StatusBarAlignment.Left, 50);
  private readonly ended = vscode.tasks.onDidEndTaskProcess((event) => {
    if (event.execution === this.current?.execution) this.clear();
  });

  constructor(
    private readonly connection: ConnectionManager,
    private readonly credentials: CredentialStore,
  ) {
    this.status.name = 'MLflow Model Server';
  }

  /** The served endpoint (`http://127.0.0.1:<port>`), once it answers /ping. */
  get endpoint(): string | undefined {
    return this.current?.url;
  }

  get modelUri(): string | undefined {
    return this.current?.modelUri;
  }

  /** Starts serving and resolves with the endpoint once ready; undefined when it could not start. */
  async serve(modelUri: string): Promise<string | undefined> {
    if (!(await requireTrust('serving a model'))) return undefined;
    const cli = await findMlflowCli();
    if (!cli) {
      void vscode.window.showErrorMessage('MLflow: serving a model needs the mlflow CLI. Install it in your Python (`pip install mlflow`), select that interpreter, or set `mlflow.pythonPath`.');
      return undefined;
    }
    await this.stop();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = await activeTrackingEnvironment(this.connection, this.credentials);
    const execution = new vscode.ProcessExecution(cli[0], [...cli.slice(1), ...serveArgs(modelUri, port, envManagerSetting())], { env });
    const task = new vscode.Task({ type: SERVE_TASK_TYPE, model: modelUri }, vscode.TaskScope.Workspace, `serve ${modelUri}`, 'mlflow', execution);
    task.isBackground = true;
    const running = await vscode.tasks.executeTask(task);
    const stopped = new AbortController();
    const watch = vscode.tasks.onDidEndTaskProcess((event) => event.execution === running && stopped.abort());
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `MLflow: starting a model server for ${modelUri}…`, cancellable: true },
        (_progress, token) => {
          token.onCancellationRequested(() => running.terminate());
          const timeoutMs = vscode.workspace.getConfiguration('mlflow').get<number>('serving.startTimeout', 300) * 1000;
          return waitForPing(url, { timeoutMs, signal: stopped.signal });
        },
      );
    } catch (error) {
      running.terminate();
      void vscode.window.showErrorMessage(`MLflow: ${(error as Error).message} See the task's terminal.`);
      return undefined;
    } finally {
      watch.dispose();
    }
    this.current = { modelUri, url, execution: running };
    this.status.text = `$(broadcast) ${url.replace('http://', '')}`;
    this.status.tooltip = `Serving ${modelUri} at ${url}. Click to send a test request.`;
    this.status.command = 'mlflow.serving.sendTestRequest';
    this.status.show();
    return url;
  }

  async stop(): Promise<void> {
    const current = this.current;
    if (!current) return;
    await terminateTask(current.execution);
    this.clear();
  }

  private clear(): void {
    this.current = undefined;
    this.status.hide();
  }

  dispose(): void {
    this.current?.execution.terminate();
    this.ended.dispose();
    this.status.dispose();
  }
}
