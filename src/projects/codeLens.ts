// "Run" and "Run with parameters…" above each entry point of an MLproject; in restricted mode a
// single lens that says why running is off and leads to the trust settings.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { entryPointOffsets } from './positions';
import type { RunRequest } from './runner';

export class ProjectCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly trust = vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire());

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const project = path.dirname(document.uri.fsPath);
    return entryPointOffsets(document.getText()).flatMap(({ name, offset }) => {
      const position = document.positionAt(offset);
      const range = new vscode.Range(position, position);
      const request: RunRequest = { project, entryPoint: name };
      if (!vscode.workspace.isTrusted) {
        return [new vscode.CodeLens(range, { title: '$(shield) Running needs a trusted workspace', command: 'workbench.trust.manage', tooltip: 'Running an entry point runs code from this workspace.' })];
      }
      return [
        new vscode.CodeLens(range, { title: '$(play) Run', command: 'mlflow.projects.runWithDefaults', arguments: [request], tooltip: `Run ${name} with the last values used (or the defaults)` }),
        new vscode.CodeLens(range, { title: 'Run with parameters…', command: 'mlflow.projects.run', arguments: [request], tooltip: `Choose ${name}'s parameters and experiment, then run` }),
      ];
    });
  }

  dispose(): void {
    this.trust.dispose();
    this.changed.dispose();
  }
}
