// The active connection as the environment MLflow reads: what a run or a model server needs to
// log to, and read from, the store the user is looking at.
import * as vscode from 'vscode';
import type { CredentialStore } from '../connection/credentials';
import type { ConnectionManager } from '../connection/manager';
import { credentialKey } from '../connection/resolve';
import { trackingEnvironment, type ExperimentChoice, type TrackingTarget } from '../mlflow/project/environment';

export async function activeTrackingEnvironment(connection: ConnectionManager, credentials: CredentialStore, experiment?: ExperimentChoice): Promise<Record<string, string>> {
  return trackingEnvironment(await activeTrackingTarget(connection, credentials), experiment);
}

async function activeTrackingTarget(connection: ConnectionManager, credentials: CredentialStore): Promise<TrackingTarget | undefined> {
  const target = connection.activeTarget;
  if (!target) return undefined;
  if (target.kind === 'sqlite' || target.kind === 'file') return { kind: target.kind, path: target.path };
  if (target.kind !== 'rest') return undefined;
  const named = target.connection;
  return {
    kind: 'rest',
    uri: target.uri,
    auth: await credentials.get(credentialKey(target.uri, process.env)),
    workspace: named?.workspace || vscode.workspace.getConfiguration('mlflow').get<string>('workspace')?.trim() || undefined,
    caCertPath: named?.caCertPath,
    insecureTls: named?.insecureTls,
  };
}
