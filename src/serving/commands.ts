// Serving commands: Serve Model (a model URI, or a logged-model / model-version item of the
// Models and Experiments views), Stop, and Send Test Request.
import * as vscode from 'vscode';
import type { ModelServer } from './modelServer';
import { REQUEST_TEMPLATE, type ResponseDocuments } from './testRequest';

/** What the views hand over: a model version or a logged model (or a URI from another caller). */
type ModelArgument = string | { kind: 'modelVersion'; version: { name: string; version: string } } | { kind: 'loggedModel'; model: { modelId: string } } | undefined;

export function modelUriOf(argument: ModelArgument): string | undefined {
  if (typeof argument === 'string') return argument;
  if (argument?.kind === 'modelVersion') return `models:/${argument.version.name}/${argument.version.version}`;
  if (argument?.kind === 'loggedModel') return `models:/${argument.model.modelId}`;
  return undefined;
}

export function registerServingCommands(server: ModelServer, responses: ResponseDocuments): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('mlflow.serving.serve', async (argument?: ModelArgument) => {
      const uri =
        modelUriOf(argument) ??
        (await vscode.window.showInputBox({
          title: 'Serve Model',
          prompt: 'The model to serve: models:/<name>/<version>, models:/<name>@<alias>, models:/m-<id> or runs:/<run id>/<path>',
          validateInput: (text) => (/^[a-z][\w+.-]*:/i.test(text.trim()) ? undefined : 'A model URI, e.g. models:/wine-quality/3'),
        }));
      return uri ? server.serve(uri.trim()) : undefined;
    }),
    vscode.commands.registerCommand('mlflow.serving.stop', () => server.stop()),
    vscode.commands.registerCommand('mlflow.serving.sendTestRequest', async (body?: string) => {
      const endpoint = server.endpoint;
      if (!endpoint || !server.modelUri) {
        void vscode.window.showInformationMessage('MLflow: no model is being served. Use "Serve Model" on a model version or a logged model first.');
        return undefined;
      }
      const editor = vscode.window.activeTextEditor;
      const text = body ?? (editor?.document.languageId === 'json' ? editor.document.getText() : undefined);
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
