import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionManager, ConnectionState } from './manager';
import type { TargetOrigin } from './resolve';

/** Names the active store; a click switches connections. */
export class ConnectionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mlflow.connection', vscode.StatusBarAlignment.Left, 10);
  private readonly subscription: vscode.Disposable;

  constructor(connection: ConnectionManager) {
    this.item.name = 'MLflow Connection';
    this.item.command = 'mlflow.selectStore';
    this.subscription = connection.onDidChangeState((state) => this.render(state));
    this.render(connection.state);
  }

  private render(state: ConnectionState): void {
    this.item.backgroundColor = undefined;
    switch (state.kind) {
      case 'loading':
        this.item.text = '$(loading~spin) MLflow';
        this.item.tooltip = 'Connecting…';
        break;
      case 'none':
        this.item.text = '$(beaker) MLflow: no store';
        this.item.tooltip = 'No MLflow store found in this workspace. Click to connect to a server or open a store.';
        break;
      case 'error':
        this.item.text = '$(warning) MLflow';
        this.item.tooltip = `MLflow unavailable: ${state.message}\n\nClick to switch connections.`;
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      case 'connected': {
        const { description, capabilities } = state.store;
        const icon = description.kind === 'rest' ? 'server' : 'beaker';
        const name = state.target.kind === 'rest' && state.target.connection ? state.target.connection.name : description.label;
        this.item.text = `$(${icon}) MLflow: ${name}`;
        const tooltip = new vscode.MarkdownString();
        tooltip.appendMarkdown(`**MLflow ${kindLabel(description.kind)}**${capabilities.writable ? '' : ' (read-only)'}\n\n`);
        tooltip.appendText(`${description.location}\n`);
        for (const [key, value] of Object.entries(description.details)) tooltip.appendText(`${key}: ${value}\n`);
        if (state.target.kind !== 'none') tooltip.appendText(`Chosen by: ${originLabel(state.target.origin)}`);
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

function kindLabel(kind: 'sqlite' | 'file' | 'rest'): string {
  return { sqlite: 'SQLite store', file: 'file store', rest: 'tracking server' }[kind];
}

function originLabel(origin: TargetOrigin): string {
  return {
    selection: 'your choice in this workspace',
    setting: 'the mlflow.trackingUri setting',
    environment: 'MLFLOW_TRACKING_URI',
    workspace: 'the store found in the workspace',
  }[origin];
}

/** `mlflow.db (examples/wine-quality)`: the store's name with its folder relative to the workspace. */
export function storeLabel(storePath: string): string {
  const folder = path.dirname(storePath);
  const relative = vscode.workspace.asRelativePath(folder, true);
  return `${path.basename(storePath)} (${relative === folder ? path.basename(folder) : relative})`;
}
