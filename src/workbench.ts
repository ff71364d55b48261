import * as vscode from 'vscode';
import { registerConnectionCommands } from './connection/commands';
import { CredentialStore } from './connection/credentials';
import { LocalServer } from './connection/localServer';
import { ConnectionManager } from './connection/manager';
import { ConnectionStatusBar } from './connection/statusBar';
import { registerExperimentCommands } from './experiments/commands';
import { registerEditCommands } from './experiments/editCommands';
import { LiveRunsRefresh } from './experiments/liveRefresh';
import { revealRun } from './experiments/reveal';
import { ExperimentsTree, VIEW_ID, type ExperimentsNode } from './experiments/tree';
import { startLanguageClient } from './language/client';
import { registerModelCommands } from './models/commands';
import { modelViewActions } from './models/open';
import { MODELS_VIEW_ID, ModelsTree } from './models/tree';
import { Panels } from './panels/commands';
import { Projects } from './projects/feature';
import { Serving } from './serving/feature';

/** What integration tests reach through `activate()`'s return value. */
export interface WorkbenchTestApi {
  readonly connection: ConnectionManager;
  readonly experiments: ExperimentsTree;
  readonly experimentsView: vscode.TreeView<ExperimentsNode>;
  readonly models: ModelsTree;
  readonly localServer: LocalServer;
  readonly panels: Panels;
  readonly projects: Projects;
  readonly serving: Serving;
  /** Resolves once the first store resolution has finished. */
  readonly ready: Promise<unknown>;
}

/**
 * The composition root: builds every feature with plain constructors and owns their lifetimes.
 */
export class Workbench implements vscode.Disposable {
  readonly testApi: WorkbenchTestApi;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext) {
    const log = this.track(vscode.window.createOutputChannel('MLflow', { log: true }));
    const credentials = new CredentialStore(context.secrets);
    const connection = this.track(new ConnectionManager(context, credentials, log));
    const localServer = this.track(new LocalServer(connection));
    const experiments = this.track(new ExperimentsTree(connection, log));
    const view = this.track(vscode.window.createTreeView(VIEW_ID, { treeDataProvider: experiments, canSelectMany: true, showCollapseAll: true }));
    this.track(new LiveRunsRefresh(view, experiments, connection));
    const models = this.track(new ModelsTree(connection, log));
    this.track(models.onDidRegisterModel(({ experimentId }) => experimentId && experiments.refreshLoggedModels(experimentId)));
    this.track(vscode.window.createTreeView(MODELS_VIEW_ID, { treeDataProvider: models, showCollapseAll: true }));
    this.track(new ConnectionStatusBar(connection));
    const panels = this.track(new Panels({ extensionUri: context.extensionUri, connection, log }, modelViewActions(() => models.store())));
    const projects = this.track(new Projects(context, connection, credentials));
    const serving = this.track(new Serving(connection, credentials));
    // A project run the moment it appears in the store: shown, selected, followed live.
    this.track(projects.follower.onDidStartRun((run) => void revealRun(view, experiments, log, run)));
    this.disposables.push(
      ...registerConnectionCommands(connection, credentials, localServer, log),
      ...registerExperimentCommands(experiments, connection),
      ...registerEditCommands(experiments, connection),
      ...registerModelCommands(models),
    );
    this.track(startLanguageClient(context, log));
    const ready = connection.reconnect();
    this.testApi = { connection, experiments, experimentsView: view, models, panels, projects, serving, localServer, ready };
  }

  private track<T extends vscode.Disposable>(disposable: T): T {
    this.disposables.push(disposable);
    return disposable;
  }

  dispose(): void {
    for (const disposable of this.disposables.reverse()) disposable.dispose();
  }
}
