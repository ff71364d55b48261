// "Send Test Request": posts JSON to the served model's /invocations and shows the response (or
// the error) with its timing in a read-only document beside the editor.
import * as vscode from 'vscode';
import { describeInvocation, invoke } from './endpoint';

const SCHEME = 'mlflow-response';

/** MLflow's scoring input shape, for the user to fill in when the model has no example. */
export const REQUEST_TEMPLATE = `{
  "dataframe_split": {
    "columns": ["feature_1", "feature_2"],
    "data": [[0.0, 0.0]]
  }
}
`;

export class ResponseDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, this);
  private count = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Sends `body` and opens the outcome; resolves with the document shown. */
  async send(endpoint: string, modelUri: string, body: string): Promise<vscode.TextDocument> {
    const timeoutMs = vscode.workspace.getConfiguration('mlflow').get<number>('serving.requestTimeout', 60) * 1000;
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `MLflow: POST ${endpoint}/invocations` }, () => invoke(endpoint, body, timeoutMs));
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/Response ${++this.count} (${modelUri.replace(/\//g, '∕')}).md` });
    this.contents.set(uri.toString(), `# ${modelUri} at ${endpoint}\n\n${describeInvocation(body, result)}\n`);
    this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    return document;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
