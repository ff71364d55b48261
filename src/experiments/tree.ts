import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/manager';
import type { Experiment, RunSummary } from '../mlflow/entities';
import { isStoreError } from '../mlflow/errors';
import type { MlflowStore } from '../mlflow/store';
import { describeError } from '../log';
import { isLoggedModelsNode, loggedModelChildren, LoggedModelGroups, loggedModelItem, type LoggedModelsNode } from '../models/loggedModels';
import { parentRunId, runDescription, runTooltip, statusAppearance } from './model';
import { DEFAULT_QUERY, RunList, type RunQuery } from './runList';

export type ExperimentsNode = ExperimentNode | RunNode | LoadMoreNode | MessageNode | LoggedModelsNode;

export interface ExperimentNode {
  kind: 'experiment';
  experiment: Experiment;
}

export interface RunNode {
  kind: 'run';
  run: RunSummary;
  list: RunList;
}

export interface LoadMoreNode {
  kind: 'loadMore';
  list: RunList;
}

export interface MessageNode {
  kind: 'message';
  id: string;
  text: string;
  detail?: string;
  severity: 'error' | 'info';
  command?: vscode.Command;
}

export const VIEW_ID = 'mlflow.experiments';

/**
 * Experiments → runs → child runs of the active store. Holds per-experiment queries (filter,
 * order, deleted runs) across refreshes; a change on disk reloads what is shown, in place.
 */
export class ExperimentsTree implements vscode.TreeDataProvider<ExperimentsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExperimentsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private experiments: Experiment[] | undefined;
  private experimentsError: unknown;
  private readonly lists = new Map<string, RunList>();
  /** The experiments last listed, kept across reloads so `getParent` can name a run's experiment. */
  private readonly knownExperiments = new Map<string, Experiment>();
  private showDeletedExperiments = false;
  private readonly loggedModelGroups = new LoggedModelGroups();
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly connection: ConnectionManager,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      connection.onDidChangeState(() => {
        this.lists.clear();
        this.knownExperiments.clear();
        this.reload();
      }),
      connection.onDidChangeStoreContent(() => this.reload()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('mlflow.runs')) this.reload();
      }),
    );
  }

  /** Forgets loaded data (keeping each experiment's query) and redraws. */
  reload(): void {
    this.experiments = undefined;
    this.experimentsError = undefined;
    for (const list of this.lists.values()) list.invalidate();
    this.changed.fire(undefined);
  }

  /** Redraws only an experiment's "Logged models" (a model was registered from it). */
  refreshLoggedModels(experimentId: string): void {
    const group = this.loggedModelGroups.shown(experimentId);
    if (group) this.changed.fire(group);
  }

  /** Whether any loaded run is still running, so a server-backed view should keep polling. */
  showsRunningRuns(): boolean {
    for (const list of this.lists.values()) {
      if (list.loadedRuns.some((run) => run.info.status === 'RUNNING')) return true;
    }
    return false;
  }

  get deletedExperimentsShown(): boolean {
    return this.showDeletedExperiments;
  }

  setShowDeletedExperiments(show: boolean): void {
    this.showDeletedExperiments = show;
    void vscode.commands.executeCommand('setContext', 'mlflow.showDeletedExperiments', show);
    this.reload();
  }

  runList(experimentId: string): RunList {
    let list = this.lists.get(experimentId);
    if (!list) {
      list = new RunList(experimentId, { ...DEFAULT_QUERY });
      this.lists.set(experimentId, list);
    }
    return list;
  }

  setQuery(experiment: Experiment, query: RunQuery): void {
    this.runList(experiment.experimentId).setQuery(query);
    this.changed.fire(undefined);
  }

  async loadMore(list: RunList): Promise<void> {
    const store = this.store();
    if (!store) return;
    await this.withProgress(list.loadMore(store, this.pageSize()));
    this.changed.fire(undefined);
  }

  getTreeItem(node: ExperimentsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'experiment':
        return this.experimentItem(node.experiment);
      case 'run':
        return this.runItem(node);
      case 'loadMore': {
        const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
        item.id = `more:${node.list.experimentId}`;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.description = `${node.list.loadedRuns.length} runs shown`;
        item.command = { command: 'mlflow.experiments.loadMore', title: 'Load More Runs', arguments: [node] };
        item.contextValue = 'loadMore';
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon(
          node.severity === 'error' ? 'warning' : 'info',
          new vscode.ThemeColor(node.severity === 'error' ? 'problemsWarningIcon.foreground' : 'problemsInfoIcon.foreground'),
        );
        item.tooltip = node.detail ?? node.text;
        item.command = node.command;
        if (node.command) item.description = `— ${node.command.title}`;
        item.contextValue = `message.${node.severity}`;
        return item;
      }
      case 'loggedModels':
      case 'loggedModel':
      case 'loggedModelFile':
        return loggedModelItem(node);
    }
  }

  async getChildren(node?: ExperimentsNode): Promise<ExperimentsNode[]> {
    if (!node) return this.rootChildren();
    if (node.kind === 'experiment') return this.experimentChildren(node.experiment);
    if (isLoggedModelsNode(node)) return this.loggedModelChildren(node);
    if (node.kind === 'run') {
      return (node.list.forest.children.get(node.run.info.runId) ?? []).map((run) => ({ kind: 'run', run, list: node.list }));
    }
    return [];
  }

  /**
   * Where a node sits, for `TreeView.reveal`: a run under its parent run when it is nested, else
   * under its experiment; logged models under their experiment's group. Experiments and messages
   * are taken as top-level (the messages under an experiment are never revealed).
   */
  getParent(node: ExperimentsNode): ExperimentsNode | undefined {
    switch (node.kind) {
      case 'run': {
        const parentId = parentRunId(node.run);
        const nested = parentId !== undefined && node.list.forest.children.get(parentId)?.some((child) => child.info.runId === node.run.info.runId);
        const parent = nested ? node.list.loadedRuns.find((run) => run.info.runId === parentId) : undefined;
        return parent ? { kind: 'run', run: parent, list: node.list } : this.experimentNode(node.list.experimentId);
      }
      case 'loadMore':
        return this.experimentNode(node.list.experimentId);
      case 'loggedModels':
        return { kind: 'experiment', experiment: node.experiment };
      case 'loggedModel': {
        const experiment = this.knownExperiments.get(node.model.experimentId);
        return experiment && { kind: 'loggedModels', experiment };
      }
      case 'loggedModelFile': {
        const folder = path.posix.dirname(node.path);
        return folder === '.' ? { kind: 'loggedModel', model: node.model } : { kind: 'loggedModelFile', model: node.model, path: folder, directory: true };
      }
      default:
        return undefined;
    }
  }

  /**
   * The node of a run as its experiment shows it under the experiment's current query, loading
   * what the view would; undefined when that query does not show it (with the reason). The run
   * may be newer than what the view loaded — a tracking server does not say when it changes — so
   * an experiment not listed makes the experiments listed again, and a run not among its
   * experiment's loaded runs makes them load again, once each, and the view shows what came.
   */
  async findRun(experimentId: string, runId: string): Promise<{ node: RunNode } | { node?: undefined; reason: string }> {
    const store = this.store();
    if (!store) return { reason: 'no store is connected' };
    const listed = () => this.experiments?.some((experiment) => experiment.experimentId === experimentId);
    await this.rootChildren();
    if (!listed() && this.experiments) {
      this.experiments = undefined;
      await this.rootChildren();
      this.changed.fire(undefined);
    }
    if (!listed()) return { reason: `experiment ${experimentId} is not listed` };
    const list = this.runList(experimentId);
    const find = () => list.loadedRuns.find((candidate) => candidate.info.runId === runId);
    const stale = list.isLoaded && !find();
    if (stale) list.invalidate();
    await this.loadRuns(store, list);
    if (stale) this.changed.fire(undefined);
    const run = find();
    if (run) return { node: { kind: 'run', run, list } };
    if (list.error) return { reason: `its runs could not be listed: ${list.error.message}` };
    if (list.query.filter) return { reason: `the experiment's filter (${list.query.filter}) hides it` };
    return { reason: list.hasMore ? 'it is not on the pages loaded under the current sort' : 'the experiment does not list it (yet)' };
  }

  private async loadRuns(store: MlflowStore, list: RunList): Promise<void> {
    // A change on disk during the load cancels it (the view reloads); load again then.
    for (let attempt = 0; attempt < 3 && !list.isLoaded; attempt++) await this.withProgress(list.ensureLoaded(store, this.pageSize()));
  }

  private experimentNode(experimentId: string): ExperimentNode | undefined {
    const experiment = this.knownExperiments.get(experimentId);
    return experiment && { kind: 'experiment', experiment };
  }

  private async rootChildren(): Promise<ExperimentsNode[]> {
    const state = this.connection.state;
    if (state.kind === 'loading' || state.kind === 'none') return [];
    if (state.kind === 'error') {
      return [errorNode('connection', state.message, state.message, retryCommand())];
    }
    if (!this.experiments && !this.experimentsError) {
      try {
        const page = await this.withProgress(
          state.store.searchExperiments({ viewType: this.showDeletedExperiments ? 'ALL' : 'ACTIVE_ONLY', maxResults: 1000 }),
        );
        this.experiments = page.items;
        for (const experiment of page.items) this.knownExperiments.set(experiment.experimentId, experiment);
      } catch (error) {
        this.experimentsError = error;
        this.log.error(`Listing experiments failed: ${describeError(error)}`);
      }
    }
    if (this.experimentsError) {
      const message = `Could not list experiments: ${describeError(this.experimentsError)}`;
      return [errorNode('experiments', message, message, retryCommand())];
    }
    const experiments = this.experiments ?? [];
    if (experiments.length === 0) {
      return [{ kind: 'message', id: 'msg:empty', text: 'No experiments in this store yet', severity: 'info' }];
    }
    return experiments.map((experiment) => ({ kind: 'experiment', experiment }));
  }

  private async experimentChildren(experiment: Experiment): Promise<ExperimentsNode[]> {
    const store = this.store();
    if (!store) return [];
    const list = this.runList(experiment.experimentId);
    await this.withProgress(list.ensureLoaded(store, this.pageSize()));
    const nodes: ExperimentsNode[] = [];
    if (list.error) {
      const invalidFilter = isStoreError(list.error) && list.error.code === 'INVALID_FILTER';
      nodes.push(
        errorNode(
          `runs:${experiment.experimentId}`,
          invalidFilter ? `Invalid filter: ${list.error.message}` : `Could not list runs: ${list.error.message}`,
          list.error.message,
          invalidFilter
            ? { command: 'mlflow.experiments.filterRuns', title: 'Edit Filter', arguments: [{ kind: 'experiment', experiment }] }
            : retryCommand(),
        ),
      );
    }
    nodes.push(...list.forest.roots.map((run): RunNode => ({ kind: 'run', run, list })));
    if (list.hasMore) nodes.push({ kind: 'loadMore', list });
    if (!list.error && list.loadedRuns.length === 0) {
      const text = list.query.filter ? 'No runs match the filter' : 'No runs in this experiment';
      nodes.push({ kind: 'message', id: `msg:none:${experiment.experimentId}`, text, severity: 'info' });
    }
    if (store.capabilities.loggedModels) nodes.push(this.loggedModelGroups.group(experiment));
    return nodes;
  }

  private async loggedModelChildren(node: LoggedModelsNode): Promise<ExperimentsNode[]> {
    const store = this.store();
    if (!store) return [];
    try {
      const children = await this.withProgress(loggedModelChildren(store, node));
      if (node.kind === 'loggedModels' && children.length === 0) {
        return [{ kind: 'message', id: `msg:noModels:${node.experiment.experimentId}`, text: 'No logged models in this experiment', severity: 'info' }];
      }
      return children;
    } catch (error) {
      return [errorNode(`loggedModels:${node.kind}`, `Could not list logged models: ${describeError(error)}`, describeError(error), retryCommand())];
    }
  }

  private experimentItem(experiment: Experiment): vscode.TreeItem {
    const item = new vscode.TreeItem(experiment.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `exp:${experiment.experimentId}`;
    const list = this.lists.get(experiment.experimentId);
    const query = list?.query ?? DEFAULT_QUERY;
    const deleted = experiment.lifecycleStage === 'deleted';
    item.iconPath = new vscode.ThemeIcon(deleted ? 'trash' : query.filter ? 'filter' : 'beaker');
    const notes = [query.filter && `filter: ${query.filter}`, query.orderBy[0] && `sort: ${query.orderBy[0]}`, deleted && 'deleted'];
    item.description = notes.filter(Boolean).join(' · ') || `id ${experiment.experimentId}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown('**').appendText(experiment.name).appendMarkdown('**\n\n');
    tooltip.appendText(`Experiment ID: ${experiment.experimentId}\n`);
    tooltip.appendText(`Artifact location: ${experiment.artifactLocation}\n`);
    if (experiment.creationTime) tooltip.appendText(`Created: ${new Date(experiment.creationTime).toLocaleString()}\n`);
    if (deleted) tooltip.appendText('Deleted\n');
    item.tooltip = tooltip;
    item.contextValue = [
      'experiment',
      deleted ? 'deleted' : 'active',
      query.filter ? 'filtered' : '',
      query.orderBy.length ? 'sorted' : '',
      query.showDeleted ? 'showingDeleted' : '',
    ]
      .filter(Boolean)
      .join('.');
    return item;
  }

  private runItem(node: RunNode): vscode.TreeItem {
    const { run, list } = node;
    const hasChildren = (list.forest.children.get(run.info.runId)?.length ?? 0) > 0;
    const item = new vscode.TreeItem(
      run.info.runName || run.info.runId,
      hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `run:${run.info.runId}`;
    const now = Date.now();
    const status = statusAppearance(run.info.status);
    item.iconPath =
      run.info.lifecycleStage === 'deleted'
        ? new vscode.ThemeIcon('trash', new vscode.ThemeColor('disabledForeground'))
        : new vscode.ThemeIcon(status.icon, new vscode.ThemeColor(status.color));
    item.description = runDescription(run, now, list.highlight ?? this.descriptionMetric());
    item.tooltip = renderTooltip(run, now);
    const hasSource = run.data.tags.some((tag) => tag.key === 'mlflow.source.name' && tag.value);
    item.command = { command: 'mlflow.openRun', title: 'Open Run', arguments: [node] };
    item.contextValue = ['run', run.info.status.toLowerCase(), run.info.lifecycleStage, hasSource ? 'hasSource' : '']
      .filter(Boolean)
      .join('.');
    return item;
  }

  private descriptionMetric(): { entity: 'metric'; key: string } | undefined {
    const key = vscode.workspace.getConfiguration('mlflow.runs').get<string>('descriptionMetric')?.trim();
    return key ? { entity: 'metric', key } : undefined;
  }

  private pageSize(): number {
    const size = vscode.workspace.getConfiguration('mlflow.runs').get<number>('pageSize') ?? 100;
    return Math.min(Math.max(Math.floor(size), 1), 1000);
  }

  private store(): MlflowStore | undefined {
    const state = this.connection.state;
    return state.kind === 'connected' ? state.store : undefined;
  }

  private withProgress<T>(work: Promise<T>): Promise<T> {
    return Promise.resolve(vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => work));
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function renderTooltip(run: RunSummary, now: number): vscode.MarkdownString {
  const tooltip = runTooltip(run, now);
  const markdown = new vscode.MarkdownString();
  markdown.appendMarkdown('**').appendText(tooltip.title).appendMarkdown('**\n\n');
  const rows = (title: string, entries: [string, string][], more: number) => {
    if (!entries.length) return;
    markdown.appendMarkdown(`\n\n**${title}**\n\n`);
    for (const [key, value] of entries) markdown.appendText(`${key}: ${value}`).appendMarkdown('  \n');
    if (more) markdown.appendText(`…and ${more} more`);
  };
  for (const [label, value] of tooltip.facts) markdown.appendText(`${label}: ${value}`).appendMarkdown('  \n');
  rows('Parameters', tooltip.params, tooltip.more.params);
  rows('Metrics', tooltip.metrics, tooltip.more.metrics);
  return markdown;
}

function errorNode(id: string, text: string, detail: string, command?: vscode.Command): MessageNode {
  return { kind: 'message', id: `err:${id}`, text, detail, severity: 'error', command };
}

function retryCommand(): vscode.Command {
  return { command: 'mlflow.refresh', title: 'Retry' };
}
