import * as vscode from 'vscode';
import { Workbench, type WorkbenchTestApi } from './workbench';

export function activate(context: vscode.ExtensionContext): WorkbenchTestApi {
  const workbench = new Workbench(context);
  context.subscriptions.push(workbench);
  return workbench.testApi;
}

export function deactivate(): void {}
