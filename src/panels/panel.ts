import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/manager';
import type { MlflowStore } from '../mlflow/store';
import { panelHtml } from './html';

/** What every panel needs from the workbench. */
export interface PanelServices {
  readonly extensionUri: vscode.Uri;
  readonly connection: ConnectionManager;
  readonly log: vscode.LogOutputChannel;
}

type Message = { type: string };

/** Webview options shared by new and restored panels: scripts on, only our bundles readable. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/**
 * One webview panel: loads `dist/webview-<bundle>.js` under a nonce CSP, waits for the webview's
 * `ready`, then sends complete snapshots (again on every refresh). Subclasses say what a
 * snapshot is and how to answer the webview's requests.
 */
export abstract class Panel<ToWebview extends Message, ToHost extends Message> implements vscode.Disposable {
  private webviewReady = false;
  private disposed = false;
  protected readonly disposables: vscode.Disposable[] = [];
  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.closed.event;
  private readonly sent = new vscode.EventEmitter<ToWebview>();
  /** Fires after each snapshot (or error) is posted to the webview. */
  readonly onDidSendSnapshot = this.sent.event;
  /** The first message sent after `ready`: how tests (and nothing else) know the webview loaded. */
  readonly firstSnapshot = new Promise<ToWebview>((resolve) => {
    const subscription = this.sent.event((message) => {
      subscription.dispose();
      resolve(message);
    });
  });

  constructor(
    protected readonly services: PanelServices,
    readonly panel: vscode.WebviewPanel,
    bundle: string,
  ) {
    const webview = panel.webview;
    webview.options = webviewOptions(services.extensionUri);
    const asset = (file: string, folder = 'dist') => webview.asWebviewUri(vscode.Uri.joinPath(services.extensionUri, folder, file)).toString();
    webview.html = panelHtml({
      title: panel.title,
      cspSource: webview.cspSource,
      scriptUri: asset(`webview-${bundle}.js`),
      styleUri: asset('panels.css', 'media'),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((message: ToHost) => void this.receive(message)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Sends a fresh snapshot if the webview is listening (it asks for one when it starts). */
  async refresh(): Promise<void> {
    if (!this.webviewReady || this.disposed) return;
    let message: ToWebview;
    try {
      message = await this.snapshot();
    } catch (error) {
      this.services.log.error(`${this.panel.title}: ${describe(error)}`);
      message = this.errorMessage(describe(error));
    }
    await this.post(message);
    this.sent.fire(message);
  }

  /** The active store changed (another one, or reconnected): forget what was kept from the old one. */
  storeChanged(): void {}

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  protected async post(message: ToWebview): Promise<void> {
    if (!this.disposed) await this.panel.webview.postMessage(message);
  }

  /** The active store, or an error that says how to get one. */
  protected store(): MlflowStore {
    const state = this.services.connection.state;
    if (state.kind !== 'connected') throw new Error('No MLflow store is open: select one from the status bar.');
    return state.store;
  }

  protected abstract snapshot(): Promise<ToWebview>;
  protected abstract errorMessage(message: string): ToWebview;
  protected abstract handle(message: ToHost): Promise<void>;

  private async receive(message: ToHost): Promise<void> {
    if (message.type === 'ready') {
      this.webviewReady = true;
      await this.refresh();
      return;
    }
    try {
      await this.handle(message);
    } catch (error) {
      this.services.log.error(`${this.panel.title}: ${message.type} failed: ${describe(error)}`);
      void vscode.window.showErrorMessage(`MLflow: ${describe(error)}`);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.closed.fire();
    this.closed.dispose();
    this.sent.dispose();
    for (const disposable of this.disposables) disposable.dispose();
    this.panel.dispose();
  }
}

/**
 * The open panels of one type, by key (a run id, a set of run ids): showing a key that is open
 * reveals it instead of opening a second one. Registers the serializer that brings panels back
 * after a reload, and refreshes every panel when the store or its content changes.
 */
export class PanelRegistry<P extends Panel<Message, Message>, State> implements vscode.Disposable {
  private readonly open = new Map<string, P>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly viewType: string,
    private readonly services: PanelServices,
    private readonly create: (panel: vscode.WebviewPanel, state: State) => P,
    private readonly keyOf: (state: State) => string,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(viewType, {
        deserializeWebviewPanel: async (panel, state: State | undefined) => {
          if (!state) {
            panel.dispose();
            return;
          }
          this.adopt(panel, state);
        },
      }),
      services.connection.onDidChangeState(() => {
        for (const panel of this.open.values()) panel.storeChanged();
        this.refreshAll();
      }),
      services.connection.onDidChangeStoreContent(() => this.refreshAll()),
    );
  }

  show(state: State, title: string): P {
    const key = this.keyOf(state);
    const existing = this.open.get(key);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(this.viewType, title, vscode.ViewColumn.Active, webviewOptions(this.services.extensionUri));
    return this.adopt(panel, state);
  }

  get panels(): readonly P[] {
    return [...this.open.values()];
  }

  private adopt(webviewPanel: vscode.WebviewPanel, state: State): P {
    const key = this.keyOf(state);
    const panel = this.create(webviewPanel, state);
    this.open.set(key, panel);
    panel.onDidDispose(() => {
      if (this.open.get(key) === panel) this.open.delete(key);
    });
    return panel;
  }

  private refreshAll(): void {
    for (const panel of this.open.values()) void panel.refresh();
  }

  dispose(): void {
    for (const panel of [...this.open.values()]) panel.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
