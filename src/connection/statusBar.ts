import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionManager, ConnectionState } from './manager';

/** Names the active store; a click lets the user pick another. */
export class ConnectionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mlflow.connection', vscode.StatusBarAlignment.Left, 10);
  private readonly subscription: vscode.Disposable;

  constructor(connection: ConnectionManager) {
    this.item.name = 'MLflow Store';
    this.item.command = 'mlflow.selectStore';
    this.subscription = connection.onDidChangeState((state) => this.render(state));
    this.render(connection.state);
  }

  private render(state: ConnectionState): void {
    this.item.backgroundColor = undefined;
    switch (state.kind) {
      case 'loading':
        this.item.text = '$(loading~spin) MLflow';
        this.item.tooltip = 'Looking for an MLflow store…';
        break;
      case 'none':
        this.item.text = '$(beaker) MLflow: no store';
        this.item.tooltip = 'No MLflow store found in this workspace. Click to open one.';
        break;
      case 'error':
        this.item.text = '$(warning) MLflow';
        this.item.tooltip = `MLflow store unavailable: ${state.message}`;
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      case 'connected': {
        const { description } = state.store;
        this.item.text = `$(beaker) MLflow: ${description.label}`;
        const tooltip = new vscode.MarkdownString();
        tooltip.appendMarkdown('**MLflow store** (read-only)\n\n');
        tooltip.appendText(`${description.location}\n`);
        for (const [key, value] of Object.entries(description.details)) tooltip.appendText(`${key}: ${value}\n`);
        tooltip.appendText(`Chosen from: ${state.target.kind === 'sqlite' ? originLabel(state.target.origin) : ''}`);
        this.item.tooltip = tooltip;
        break;
      }
    }
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}

function originLabel(origin: 'setting' | 'environment' | 'workspace'): string {
  return { setting: 'the mlflow.trackingUri setting', environment: 'MLFLOW_TRACKING_URI', workspace: 'the workspace' }[origin];
}

/** `mlflow.db (examples/wine-quality)`: the file name with the folder relative to the workspace. */
export function storeLabel(dbPath: string): string {
  const folder = path.dirname(dbPath);
  const relative = vscode.workspace.asRelativePath(folder, true);
  return `${path.basename(dbPath)} (${relative === folder ? path.basename(folder) : relative})`;
}
