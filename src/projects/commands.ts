// The Projects commands, and what the user hears when a run's task ends.
import * as vscode from 'vscode';
import { TASK_TYPE } from './definition';
import type { ProjectRunner, RunRequest } from './runner';

export function registerProjectCommands(runner: ProjectRunner): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('mlflow.projects.run', (request?: RunRequest) => runner.run(request)),
    vscode.commands.registerCommand('mlflow.projects.runWithDefaults', (request?: RunRequest) => runner.run({ ...request, prompt: false })),
    vscode.tasks.onDidEndTaskProcess((event) => {
      const { definition, name } = event.execution.task;
      if (definition.type !== TASK_TYPE || event.exitCode === undefined) return;
      if (event.exitCode === 0) void vscode.window.showInformationMessage(`MLflow: ${name} finished.`);
      else void vscode.window.showWarningMessage(`MLflow: ${name} failed (exit code ${event.exitCode}). See its terminal.`);
    }),
  ];
}
