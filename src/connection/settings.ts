import * as vscode from 'vscode';
import type { NamedConnection } from './resolve';

/** Named connections from the `mlflow.connections` setting, ignoring malformed entries. */
export function readConnections(): NamedConnection[] {
  const raw = vscode.workspace.getConfiguration('mlflow').get<unknown[]>('connections') ?? [];
  return raw.filter(isConnection);
}

function isConnection(value: unknown): value is NamedConnection {
  const candidate = value as Partial<NamedConnection> | null;
  return typeof candidate?.name === 'string' && candidate.name.trim() !== '' && typeof candidate.uri === 'string' && candidate.uri.trim() !== '';
}

/** Saves the connections where the user keeps them: workspace settings if they are there, else user settings. */
export async function writeConnections(connections: NamedConnection[]): Promise<void> {
  const configuration = vscode.workspace.getConfiguration('mlflow');
  const inspected = configuration.inspect<unknown[]>('connections');
  const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await configuration.update('connections', connections, target);
}
