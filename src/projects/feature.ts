// The Projects feature as the composition root sees it: the view, the CodeLens, the `mlflow`
// task type, the runner and its commands, the run follower, built once and disposed together.
import * as vscode from 'vscode';
import type { CredentialStore } from '../connection/credentials';
import type { ConnectionManager } from '../connection/manager';
import { ProjectCodeLenses } from './codeLens';
import { registerProjectCommands } from './commands';
import { TASK_TYPE } from './definition';
import { RunFollower } from './follow';
import { ProjectRunner } from './runner';
import { ProjectTasks } from './tasks';
import { PROJECTS_VIEW_ID, ProjectsTree } from './tree';
import { explainRestrictedMode } from './trust';

export class Projects implements vscode.Disposable {
  readonly tasks: ProjectTasks;
  readonly runner: ProjectRunner;
  readonly tree: ProjectsTree;
  readonly codeLenses: ProjectCodeLenses;
  readonly follower: RunFollower;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext, connection: ConnectionManager, credentials: CredentialStore) {
    this.tasks = new ProjectTasks(connection, credentials);
    this.runner = new ProjectRunner(context.workspaceState, this.tasks, connection);
    this.tree = new ProjectsTree();
    this.codeLenses = new ProjectCodeLenses();
    this.follower = new RunFollower(connection);
    const view = vscode.window.createTreeView(PROJECTS_VIEW_ID, { treeDataProvider: this.tree, showCollapseAll: true });
    this.disposables.push(
      this.tree,
      this.codeLenses,
      this.follower,
      view,
      explainRestrictedMode(view),
      vscode.languages.registerCodeLensProvider({ language: 'mlproject' }, this.codeLenses),
      vscode.tasks.registerTaskProvider(TASK_TYPE, this.tasks),
      ...registerProjectCommands(this.runner, this.tree),
    );
  }

  dispose(): void {
    for (const disposable of this.disposables.reverse()) disposable.dispose();
  }
}
