import * as vscode from 'vscode';
import type { RestAuth } from '../mlflow/rest/options';

/**
 * Credentials the user typed in, kept in VS Code's SecretStorage per server origin — never in
 * settings, never in logs.
 */
export class CredentialStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(origin: string): Promise<RestAuth | undefined> {
    const raw = await this.secrets.get(key(origin));
    if (!raw) return undefined;
    try {
      const parsed = JSON.parse(raw) as RestAuth;
      return parsed.kind === 'basic' || parsed.kind === 'bearer' ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  set(origin: string, auth: RestAuth): Thenable<void> {
    return this.secrets.store(key(origin), JSON.stringify(auth));
  }

  clear(origin: string): Thenable<void> {
    return this.secrets.delete(key(origin));
  }

  get onDidChange(): vscode.Event<vscode.SecretStorageChangeEvent> {
    return this.secrets.onDidChange;
  }
}

function key(origin: string): string {
  return `mlflow.credentials:${origin}`;
}
