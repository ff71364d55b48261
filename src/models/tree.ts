import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/manager';
import { describeError } from '../log';
import type { ModelVersion, RegisteredModel } from '../mlflow/entities';
import { isRegistryWritableStore, type MlflowStore } from '../mlflow/store';
import { modelDescription, modelTooltip, newestFirst, withModelAliases, registryFilter, versionDescription, versionLabel, versionStatus, versionTooltip, type Tooltip } from './model';

export type ModelsNode = RegisteredModelNode | ModelVersionNode | MoreModelsNode | ModelsMessageNode;

export interface RegisteredModelNode {
  kind: 'registeredModel';
  model: RegisteredModel;
}

export interface ModelVersionNode {
  kind: 'modelVersion';
  model: RegisteredModel;
  version: ModelVersion;
}

/** A version Register Model… created, and the experiment of the run or logged model it came from. */
export interface ModelRegistration {
  version: ModelVersion;
  experimentId?: string;
}

export interface MoreModelsNode {
  kind: 'moreModels';
}

export interface ModelsMessageNode {
  kind: 'modelsMessage';
  id: string;
  text: string;
  severity: 'error' | 'info';
  command?: vscode.Command;
}

export const MODELS_VIEW_ID = 'mlflow.models';
const PAGE = 100;

/**
 * Registered models → versions (newest first) of the active store. The registry is read whole
 * (every backend answers one search) and shown a page at a time; versions load per model.
 */
export class ModelsTree implements vscode.TreeDataProvider<ModelsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ModelsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private models: RegisteredModel[] | undefined;
  private error: unknown;
  private shown = PAGE;
  private filterText = '';
  private readonly versions = new Map<string, Promise<ModelVersion[]>>();
  /** One node object per model name, so a write can redraw just that model (VS Code knows nodes by object). */
  private readonly modelNodes = new Map<string, RegisteredModelNode>();
  private readonly registered = new vscode.EventEmitter<ModelRegistration>();
  /** Fires after Register Model… made a new version (the Experiments view redraws where it came from). */
  readonly onDidRegisterModel = this.registered.event;
  private readonly disposables: vscode.Disposable[] = [this.changed, this.registered];

  constructor(
    private readonly connection: ConnectionManager,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      connection.onDidChangeState(() => this.reload()),
      connection.onDidChangeStoreContent(() => this.reload()),
    );
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    this.filterText = text.trim();
    this.shown = PAGE;
    void vscode.commands.executeCommand('setContext', 'mlflow.models.filtered', !!this.filterText);
    this.reload();
  }

  reload(): void {
    this.models = undefined;
    this.error = undefined;
    this.versions.clear();
    this.modelNodes.clear();
    this.changed.fire(undefined);
  }

  /**
   * After a write to one registered model: re-reads the model (aliases, description, tags, latest
   * versions) and its versions from the server, and redraws only that model. A model the view does
   * not show, or that cannot be read any more, reloads the list.
   */
  async refreshModel(name: string): Promise<void> {
    const node = this.modelNodes.get(name);
    const store = this.store();
    if (!node || !store || !isRegistryWritableStore(store)) return this.reload();
    this.versions.delete(name);
    try {
      node.model = await this.withProgress(store.getRegisteredModel(name));
    } catch (error) {
      this.log.warn(`Re-reading the registered model ${name} failed: ${describeError(error)}`);
      return this.reload();
    }
    this.models = this.models?.map((model) => (model.name === name ? node.model : model));
    this.changed.fire(node);
  }

  /** Register Model… made `version`: its model is redrawn (or the list, for a new model), and listeners told. */
  async didRegister(registration: ModelRegistration): Promise<void> {
    await this.refreshModel(registration.version.name);
    this.registered.fire(registration);
  }

  showMore(): void {
    this.shown += PAGE;
    this.changed.fire(undefined);
  }

  getTreeItem(node: ModelsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'registeredModel': {
        const item = new vscode.TreeItem(node.model.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `model:${node.model.name}`;
        item.iconPath = new vscode.ThemeIcon('package');
        item.description = modelDescription(node.model);
        item.tooltip = markdown(modelTooltip(node.model));
        item.contextValue = ['registeredModel', this.writable() ? 'writable' : ''].filter(Boolean).join('.');
        return item;
      }
      case 'modelVersion': {
        const { version } = node;
        const item = new vscode.TreeItem(versionLabel(version), vscode.TreeItemCollapsibleState.None);
        item.id = `version:${version.name}/${version.version}`;
        const status = versionStatus(version.status);
        item.iconPath = new vscode.ThemeIcon(status.icon, new vscode.ThemeColor(status.color));
        item.description = versionDescription(version);
        item.tooltip = markdown(versionTooltip(version));
        // Other features (serving) key their menus on `modelVersion`.
        // `.staged` only where the backend has stages (Unity Catalog has none): the deprecated transition keys on it.
        item.contextValue = ['modelVersion', version.runId ? 'hasRun' : '', version.aliases.length ? 'aliased' : '', version.currentStage ? 'staged' : '', this.writable() ? 'writable' : '']
          .filter(Boolean)
          .join('.');
        return item;
      }
      case 'moreModels': {
        const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
        item.id = 'models:more';
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.description = `${this.shown} of ${this.models?.length ?? 0} models shown`;
        item.command = { command: 'mlflow.models.loadMore', title: 'Load More Models' };
        return item;
      }
      case 'modelsMessage': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon(node.severity === 'error' ? 'warning' : 'info');
        item.tooltip = node.text;
        item.command = node.command;
        if (node.command) item.description = `— ${node.command.title}`;
        item.contextValue = `message.${node.severity}`;
        return item;
      }
    }
  }

  async getChildren(node?: ModelsNode): Promise<ModelsNode[]> {
    const store = this.store();
    if (!store) return [];
    if (!node) return this.rootChildren(store);
    if (node.kind !== 'registeredModel') return [];
    try {
      const versions = withModelAliases(await this.versionsOf(store, node.model.name), node.model);
      if (versions.length === 0) return [{ kind: 'modelsMessage', id: `msg:noVersions:${node.model.name}`, text: 'No versions', severity: 'info' }];
      return versions.map((version) => ({ kind: 'modelVersion', model: node.model, version }));
    } catch (error) {
      this.versions.delete(node.model.name);
      return [this.errorNode(`versions:${node.model.name}`, `Could not list versions: ${describeError(error)}`)];
    }
  }

  /** The versions of a model as the view shows them (cached until the next reload). */
  versionsOf(store: MlflowStore, name: string): Promise<ModelVersion[]> {
    let versions = this.versions.get(name);
    if (!versions) {
      versions = this.withProgress(store.searchModelVersions(name)).then(newestFirst);
      this.versions.set(name, versions);
    }
    return versions;
  }

  private async rootChildren(store: MlflowStore): Promise<ModelsNode[]> {
    if (!store.capabilities.registry) {
      return [{ kind: 'modelsMessage', id: 'msg:noRegistry', text: 'This store has no model registry', severity: 'info' }];
    }
    if (!this.models && !this.error) {
      try {
        this.models = await this.withProgress(store.searchRegisteredModels(registryFilter(this.filterText)));
      } catch (error) {
        this.error = error;
        this.log.error(`Listing registered models failed: ${describeError(error)}`);
      }
    }
    if (this.error) return [this.errorNode('models', `Could not list registered models: ${describeError(this.error)}`)];
    const models = this.models ?? [];
    if (models.length === 0) {
      const text = this.filterText ? `No registered model matches "${this.filterText}"` : 'No registered models yet';
      return [{ kind: 'modelsMessage', id: 'msg:noModels', text, severity: 'info' }];
    }
    const nodes: ModelsNode[] = models.slice(0, this.shown).map((model) => this.modelNode(model));
    if (models.length > this.shown) nodes.push({ kind: 'moreModels' });
    return nodes;
  }

  private modelNode(model: RegisteredModel): RegisteredModelNode {
    let node = this.modelNodes.get(model.name);
    if (node) node.model = model;
    else this.modelNodes.set(model.name, (node = { kind: 'registeredModel', model }));
    return node;
  }

  private errorNode(id: string, text: string): ModelsMessageNode {
    return { kind: 'modelsMessage', id: `err:${id}`, text, severity: 'error', command: { command: 'mlflow.models.refresh', title: 'Retry' } };
  }

  private writable(): boolean {
    const store = this.store();
    return !!store && isRegistryWritableStore(store);
  }

  store(): MlflowStore | undefined {
    const state = this.connection.state;
    return state.kind === 'connected' ? state.store : undefined;
  }

  private withProgress<T>(work: Promise<T>): Promise<T> {
    return Promise.resolve(vscode.window.withProgress({ location: { viewId: MODELS_VIEW_ID } }, () => work));
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

export function markdown(tooltip: Tooltip): vscode.MarkdownString {
  const text = new vscode.MarkdownString();
  text.appendMarkdown('**').appendText(tooltip.title).appendMarkdown('**\n\n');
  if (tooltip.description) text.appendText(tooltip.description).appendMarkdown('\n\n');
  for (const [label, value] of tooltip.facts) text.appendText(`${label}: ${value}`).appendMarkdown('  \n');
  if (tooltip.tags.length) {
    text.appendMarkdown('\n\n**Tags**\n\n');
    for (const [key, value] of tooltip.tags) text.appendText(`${key}: ${value}`).appendMarkdown('  \n');
  }
  return text;
}
