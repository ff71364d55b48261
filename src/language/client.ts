import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { LANGUAGE_IDS } from '../../server/protocol';

const SCHEMES = ['file', 'untitled'];

/**
 * The MLproject/MLmodel language support: runs the language server (dist/server.js, a Node
 * process of its own) through vscode-languageclient. The server starts with the first MLproject
 * or MLmodel document the window opens, not with the extension, and stops on dispose.
 */
export function startLanguageClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  // Env files, scripts and `path` defaults are checked on disk: tell the server when files change.
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGE_IDS.flatMap((language) => SCHEMES.map((scheme) => ({ language, scheme }))),
    synchronize: { fileEvents: watcher },
    outputChannel: log,
  };
  let client: LanguageClient | undefined;
  const isLanguageDocument = (document: vscode.TextDocument) =>
    (LANGUAGE_IDS as readonly string[]).includes(document.languageId) && SCHEMES.includes(document.uri.scheme);
  const start = () => {
    if (client) return;
    client = new LanguageClient('mlflow.languageServer', 'MLflow Language Server', serverOptions, clientOptions);
    log.info(`Starting the MLproject/MLmodel language server (${module})`);
    client.start().catch((error: unknown) => log.error(`The MLproject/MLmodel language server did not start: ${error instanceof Error ? error.message : String(error)}`));
  };
  const opened = vscode.workspace.onDidOpenTextDocument((document) => {
    if (isLanguageDocument(document)) start();
  });
  if (vscode.workspace.textDocuments.some(isLanguageDocument)) start();
  return {
    dispose() {
      opened.dispose();
      void client?.stop().catch(() => {}); // already stopped, or still starting when the window closes
      watcher.dispose();
    },
  };
}
