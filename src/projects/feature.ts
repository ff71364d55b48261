// The Projects feature as the composition root sees it: the `mlflow` task type, the runner and
// its commands, built once and disposed together.
import * as vscode from 'vscode';
import type { CredentialStore } from '../connection/credentials';
import type { ConnectionManager } from '../connection/manager';
import { registerProjectCommands } from './commands';
import { TASK_TYPE } from './definition';
import { ProjectRunner } from './runner';
import { ProjectTasks } from './tasks';

export class Projects implements vscode.Disposable {
  readonly tasks: ProjectTasks;
  readonly runner: ProjectRunner;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext, connection: ConnectionManager, credentials: CredentialStore) {
    this.tasks = new ProjectTasks(connection, credentials);
    this.runner = new ProjectRunner(context.workspaceState, this.tasks, connection);
    this.disposables.push(vscode.tasks.registerTaskProvider(TASK_TYPE, this.tasks), ...registerProjectCommands(this.runner));
  }

  dispose(): void {
    for (const disposable of this.disposables.reverse()) disposable.dispose();
  }
}
