// Serving commands: Serve Model (a model URI, or a logged-model / model-version item of the
// Models and Experiments views), Stop, and Send Test Request (the JSON in the active editor, else
// the served model's serving_input_example.json, else a template to edit).
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/manager';
import type { LoggedModel, ModelVersion } from '../mlflow/entities';
import { readLoggedModelFile, versionLoggedModel } from '../models/files';
import { requireTrust } from '../projects/trust';
import type { ModelServer } from './modelServer';
import { REQUEST_TEMPLATE, type ResponseDocuments } from './testRequest';

/** What the views hand over: a model version or a logged model (or a URI from another caller). */
type ModelArgument = string | { kind: 'modelVersion'; version: ModelVersion } | { kind: 'loggedModel'; model: LoggedModel } | undefined;

export function modelUriOf(argument: ModelArgument): string | undefined {
  if (typeof argument === 'string') return argument;
  if (argument?.kind === 'modelVersion') return `models:/${argument.version.name}/${argument.version.version}`;
  if (argument?.kind === 'loggedModel') return `models:/${argument.model.modelId}`;
  return undefined;
}

/** The model's `serving_input_example.json`, when the argument names a model whose files the store has. */
async function servingExample(connection: ConnectionManager, argument: ModelArgument): Promise<string | undefined> {
  if (connection.state.kind !== 'connected' || typeof argument !== 'object') return undefined;
  const store = connection.state.store;
  const model = argument.kind === 'loggedModel' ? argument.model : await versionLoggedModel(store, argument.version);
  if (!model) return undefined;
  return readLoggedModelFile(store, model, 'serving_input_example.json').then((bytes) => new TextDecoder().decode(bytes), () => undefined);
}

export function registerServingCommands(server: ModelServer, responses: ResponseDocuments, connection: ConnectionManager): vscode.Disposable[] {
  let example: string | undefined;
  return [
    vscode.commands.registerCommand('mlflow.serving.serve', async (argument?: ModelArgument) => {
      // Say it before asking for a model that could not be served anyway.
      if (!(await requireTrust('serving a model'))) return undefined;
      const uri =
        modelUriOf(argument) ??
        (await vscode.window.showInputBox({
          title: 'Serve Model',
          prompt: 'The model to serve: models:/<name>/<version>, models:/<name>@<alias>, models:/m-<id> or runs:/<run id>/<path>',
          validateInput: (text) => (/^[a-z][\w+.-]*:/i.test(text.trim()) ? undefined : 'A model URI, e.g. models:/wine-quality/3'),
        }));
      if (!uri) return undefined;
      const endpoint = await server.serve(uri.trim());
      example = endpoint ? await servingExample(connection, argument) : undefined;
      return endpoint;
    }),
    vscode.commands.registerCommand('mlflow.serving.stop', () => server.stop()),
    vscode.commands.registerCommand('mlflow.serving.sendTestRequest', async (body?: string) => {
      const endpoint = server.endpoint;
      if (!endpoint || !server.modelUri) {
        void vscode.window.showInformationMessage('MLflow: no model is being served. Use "Serve Model" on a model version or a logged model first.');
        return undefined;
      }
      const editor = vscode.window.activeTextEditor;
      const text = body ?? (editor?.document.languageId === 'json' ? editor.document.getText() : example);
      if (text === undefined) {
        const draft = await vscode.workspace.openTextDocument({ language: 'json', content: REQUEST_TEMPLATE });
        await vscode.window.showTextDocument(draft);
        void vscode.window.showInformationMessage('MLflow: edit the request (MLflow scoring JSON), then run "Send Test Request" again with it open.');
        return undefined;
      }
      return responses.send(endpoint, server.modelUri, text);
    }),
  ];
}
