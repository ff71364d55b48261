// The transport layer: LSP requests and notifications in, thin handlers that hand a document to
// the language service, results out. Used by index.ts (stdio / IPC) and by tests (streams).
import { CodeActionKind, TextDocuments, TextDocumentSyncKind, type Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileSystem } from './service/fileSystem';
import { LanguageService } from './service/languageService';
import { ValidationQueue } from './validationQueue';

const ANY_FILE = { filters: [{ pattern: { glob: '**/*' } }] };

/** Quiet time after the last keystroke before a document is validated again. */
const VALIDATION_DELAY_MS = 200;

export function startServer(connection: Connection, fileSystem: FileSystem): void {
  const documents = new TextDocuments(TextDocument);
  const service = new LanguageService(fileSystem);
  const validation = new ValidationQueue({
    validate: (document) => service.validate(document),
    publish: (uri, version, diagnostics) => void connection.sendDiagnostics({ uri, version, diagnostics }),
    onError: (uri, error) => connection.console.error(`Validating ${uri} failed: ${describe(error)}`),
    delayMs: VALIDATION_DELAY_MS,
  });

  /** Runs a request on an open document; a failure is logged and answered with `fallback`. */
  const handle = <P extends { textDocument: { uri: string } }, R>(fallback: R, run: (document: TextDocument, params: P) => R | Promise<R>) => {
    return async (params: P): Promise<R> => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return fallback;
      try {
        return await run(document, params);
      } catch (error) {
        connection.console.error(`${describe(error)} (${params.textDocument.uri})`);
        return fallback;
      }
    };
  };

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: ['{', '"'] },
      hoverProvider: true,
      definitionProvider: true,
      documentSymbolProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      // Files the editor itself creates, deletes or renames (a quick fix creating an env file)
      // arrive here even outside the folders the client watches.
      workspace: { fileOperations: { didCreate: ANY_FILE, didDelete: ANY_FILE, didRename: ANY_FILE } },
    },
    serverInfo: { name: 'mlflow-language-server' },
  }));

  documents.onDidChangeContent(({ document }) => validation.changed(document));
  documents.onDidClose(({ document }) => {
    validation.closed(document.uri);
    service.forget(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });
  const filesChanged = () => {
    service.filesChanged();
    for (const document of documents.all()) validation.schedule(document);
  };
  connection.onDidChangeWatchedFiles(filesChanged);
  connection.workspace.onDidCreateFiles(filesChanged);
  connection.workspace.onDidDeleteFiles(filesChanged);
  connection.workspace.onDidRenameFiles(filesChanged);

  connection.onCompletion(handle({ isIncomplete: false, items: [] }, (document, params) => service.complete(document, params.position)));
  connection.onHover(handle(null, (document, params) => service.hover(document, params.position)));
  connection.onDefinition(handle(null, (document, params) => service.definition(document, params.position)));
  connection.onDocumentSymbol(handle([], (document) => service.symbols(document)));
  connection.onCodeAction(handle([], (document, params) => service.codeActions(document, params.context.diagnostics)));
  connection.onShutdown(() => validation.dispose());

  documents.listen(connection);
  connection.listen();
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
