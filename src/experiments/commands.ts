import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/manager';
import { copyToClipboard } from '../clipboard';
import { MLFLOW_TAGS } from '../mlflow/entities';
import { parseOrderBy } from '../mlflow/search/orderBy';
import { parseRunFilter } from '../mlflow/search/filter';
import { describeError } from '../log';
import { resolveSourceFile } from './source';
import { type ExperimentNode, type ExperimentsNode, type ExperimentsTree, type LoadMoreNode, type RunNode } from './tree';
import { tagValue } from './model';
import { selectedRuns } from './selection';

/** Registers the Experiments view's commands; every registration is returned for disposal. */
export function registerExperimentCommands(tree: ExperimentsTree, connection: ConnectionManager): vscode.Disposable[] {
  const register = (id: string, handler: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, handler);
  return [
    register('mlflow.refresh', () => (connection.state.kind === 'error' ? connection.reconnect() : tree.reload())),
    register('mlflow.experiments.filterRuns', (node?: ExperimentNode) => filterRuns(tree, node)),
    register('mlflow.experiments.clearFilter', (node?: ExperimentNode) => updateQuery(tree, node, { filter: '' })),
    register('mlflow.experiments.sortRuns', (node?: ExperimentNode) => sortRuns(tree, node)),
    register('mlflow.experiments.clearSort', (node?: ExperimentNode) => updateQuery(tree, node, { orderBy: [] })),
    register('mlflow.experiments.showDeletedRuns', (node?: ExperimentNode) => updateQuery(tree, node, { showDeleted: true })),
    register('mlflow.experiments.hideDeletedRuns', (node?: ExperimentNode) => updateQuery(tree, node, { showDeleted: false })),
    register('mlflow.experiments.showDeletedExperiments', () => tree.setShowDeletedExperiments(true)),
    register('mlflow.experiments.hideDeletedExperiments', () => tree.setShowDeletedExperiments(false)),
    register('mlflow.experiments.loadMore', (node: LoadMoreNode) => tree.loadMore(node.list)),
    register('mlflow.runs.copyId', (node?: RunNode, selection?: ExperimentsNode[]) =>
      copy(selectedRuns(node, selection).map((run) => run.run.info.runId)),
    ),
    register('mlflow.runs.copyUri', (node?: RunNode, selection?: ExperimentsNode[]) =>
      copy(selectedRuns(node, selection).map((run) => `runs:/${run.run.info.runId}`)),
    ),
    register('mlflow.runs.revealArtifacts', (node?: RunNode) => revealArtifacts(connection, node)),
    register('mlflow.runs.openSource', (node?: RunNode) => openSource(node)),
  ];
}

/** Commands from a context menu get the clicked node; from the palette, ask for the experiment. */
async function pickExperiment(tree: ExperimentsTree, node?: ExperimentNode): Promise<ExperimentNode | undefined> {
  if (node?.kind === 'experiment') return node;
  const experiments = (await tree.getChildren()).filter((child): child is ExperimentNode => child.kind === 'experiment');
  if (experiments.length === 0) {
    void vscode.window.showInformationMessage('MLflow: no experiments to choose from.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    experiments.map((child) => ({ label: child.experiment.name, description: `id ${child.experiment.experimentId}`, child })),
    { placeHolder: 'Experiment' },
  );
  return picked?.child;
}

async function updateQuery(tree: ExperimentsTree, node: ExperimentNode | undefined, change: Partial<{ filter: string; orderBy: string[]; showDeleted: boolean }>) {
  const target = await pickExperiment(tree, node);
  if (!target) return;
  const list = tree.runList(target.experiment.experimentId);
  tree.setQuery(target.experiment, { ...list.query, ...change });
}

/** Checks a filter as the user types, with MLflow's own rules, so mistakes show before searching. */
export function validateFilter(text: string): string | undefined {
  if (text === '') return undefined;
  try {
    parseRunFilter(text);
    return undefined;
  } catch (error) {
    return describeError(error);
  }
}

async function filterRuns(tree: ExperimentsTree, node?: ExperimentNode) {
  const target = await pickExperiment(tree, node);
  if (!target) return;
  const list = tree.runList(target.experiment.experimentId);
  const filter = await vscode.window.showInputBox({
    title: `Filter runs of ${target.experiment.name}`,
    prompt: "MLflow search syntax, e.g. metrics.rmse < 0.8 AND params.alpha = '0.1' AND tags.mlflow.user = 'alice'",
    placeHolder: "metrics.rmse < 0.8 AND params.alpha = '0.1'",
    value: list.query.filter,
    validateInput: validateFilter,
    ignoreFocusOut: true,
  });
  if (filter === undefined) return;
  tree.setQuery(target.experiment, { ...list.query, filter: filter.trim() });
  await vscode.commands.executeCommand('mlflow.experiments.focus');
}

interface SortChoice extends vscode.QuickPickItem {
  orderKey?: string;
  numeric?: boolean;
}

async function sortRuns(tree: ExperimentsTree, node?: ExperimentNode) {
  const target = await pickExperiment(tree, node);
  if (!target) return;
  const list = tree.runList(target.experiment.experimentId);
  const metrics = new Set<string>();
  const params = new Set<string>();
  for (const run of list.loadedRuns) {
    run.data.metrics.forEach((metric) => metrics.add(metric.key));
    run.data.params.forEach((param) => params.add(param.key));
  }
  const quote = (key: string) => (/^[\w.]+$/.test(key) ? key : `\`${key}\``);
  const choices: SortChoice[] = [
    { label: 'Start time', description: 'newest first (default)', orderKey: 'attributes.start_time', numeric: true },
    { label: 'Run name', orderKey: 'attributes.run_name' },
    { label: 'Status', orderKey: 'attributes.status' },
    { label: 'Metrics', kind: vscode.QuickPickItemKind.Separator },
    ...[...metrics].sort().map((key) => ({ label: key, description: 'metric', orderKey: `metrics.${quote(key)}`, numeric: true })),
    { label: 'Parameters', kind: vscode.QuickPickItemKind.Separator },
    ...[...params].sort().map((key) => ({ label: key, description: 'parameter', orderKey: `params.${quote(key)}` })),
  ];
  const picked = await vscode.window.showQuickPick(choices, { title: `Sort runs of ${target.experiment.name}`, placeHolder: 'Sort by' });
  if (!picked?.orderKey) return;
  const ascending = { label: picked.numeric ? 'Ascending' : 'A → Z', description: picked.numeric ? 'lowest first' : '', value: 'ASC' };
  const descending = { label: picked.numeric ? 'Descending' : 'Z → A', description: picked.numeric ? 'highest first' : '', value: 'DESC' };
  // Time reads best newest first; everything else lowest first.
  const directions = picked.orderKey === 'attributes.start_time' ? [descending, ascending] : [ascending, descending];
  const direction = await vscode.window.showQuickPick(directions,
    { title: `Sort by ${picked.label}`, placeHolder: 'Direction (runs without a value always come last)' },
  );
  if (!direction) return;
  const orderBy = [`${picked.orderKey} ${direction.value}`];
  parseOrderBy(orderBy);
  tree.setQuery(target.experiment, { ...list.query, orderBy });
}

async function copy(values: string[]) {
  if (!values.length) {
    void vscode.window.showInformationMessage('MLflow: select a run in the Experiments view first.');
    return;
  }
  await copyToClipboard(values.join('\n'), values.length === 1 ? values[0] : `${values.length} runs`);
}

async function revealArtifacts(connection: ConnectionManager, node?: RunNode) {
  if (node?.kind !== 'run' || connection.state.kind !== 'connected') return;
  const directory = await connection.state.store.localArtifactDirectory(node.run.info.runId);
  if (!directory) {
    void vscode.window.showWarningMessage(`MLflow: run ${node.run.info.runName} has no artifacts folder on this machine (${node.run.info.artifactUri}).`);
    return;
  }
  const uri = vscode.Uri.file(directory);
  if (vscode.workspace.getWorkspaceFolder(uri)) {
    await vscode.commands.executeCommand('revealInExplorer', uri);
  } else if (vscode.env.uiKind === vscode.UIKind.Desktop && !vscode.env.remoteName) {
    await vscode.commands.executeCommand('revealFileInOS', uri);
  } else {
    void vscode.window.showInformationMessage(`Artifacts of ${node.run.info.runName}: ${directory}`);
  }
}

async function openSource(node?: RunNode) {
  if (node?.kind !== 'run') return;
  const source = tagValue(node.run, MLFLOW_TAGS.sourceName);
  if (!source) return;
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const file = await resolveSourceFile(source, folders);
  if (!file) {
    void vscode.window.showWarningMessage(`MLflow: the run's source ${path.basename(source)} (${source}) is not in this workspace.`);
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(file));
}
