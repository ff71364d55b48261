// Serving as the composition root sees it: the model server, the response documents and the
// commands, disposed together.
import * as vscode from 'vscode';
import type { CredentialStore } from '../connection/credentials';
import type { ConnectionManager } from '../connection/manager';
import { registerServingCommands } from './commands';
import { ModelServer } from './modelServer';
import { ResponseDocuments } from './testRequest';

export class Serving implements vscode.Disposable {
  readonly server: ModelServer;
  readonly responses = new ResponseDocuments();
  private readonly disposables: vscode.Disposable[];

  constructor(connection: ConnectionManager, credentials: CredentialStore) {
    this.server = new ModelServer(connection, credentials);
    this.disposables = [this.server, this.responses, ...registerServingCommands(this.server, this.responses, connection)];
  }

  dispose(): void {
    for (const disposable of this.disposables.reverse()) disposable.dispose();
  }
}
