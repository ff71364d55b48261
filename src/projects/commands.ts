// The Projects commands: from the palette, the view's items and the CodeLens.
import * as vscode from 'vscode';
import type { ProjectRunner, RunRequest } from './runner';
import { revealEntryPoint, type ProjectsNode, type ProjectsTree } from './tree';

/** A view item, a CodeLens request or nothing (the palette) as what to run. */
type RunArgument = ProjectsNode | RunRequest | undefined;

function toRequest(argument: RunArgument): RunRequest {
  if (argument && 'kind' in argument) {
    return argument.kind === 'entryPoint' ? { project: argument.project.dir, entryPoint: argument.entry.name } : { project: argument.project.dir };
  }
  return argument ?? {};
}

export function registerProjectCommands(runner: ProjectRunner, tree: ProjectsTree): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('mlflow.projects.run', (argument?: RunArgument) => runner.run(toRequest(argument))),
    vscode.commands.registerCommand('mlflow.projects.runWithDefaults', (argument?: RunArgument) => runner.run({ ...toRequest(argument), prompt: false })),
    vscode.commands.registerCommand('mlflow.projects.revealEntryPoint', (node: ProjectsNode) => revealEntryPoint(node)),
    vscode.commands.registerCommand('mlflow.projects.refresh', () => tree.refresh()),
  ];
}
