/**
 * MLflow 3 logged models under each experiment of the Experiments view: a "Logged models" group,
 * the models with their status, params and metrics, and (on local stores) their files.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Experiment, LoggedModel } from '../mlflow/entities';
import type { MlflowStore } from '../mlflow/store';
import { listLoggedModelFiles } from './files';
import { loggedModelDescription, loggedModelTooltip, registeredAs } from './model';
import { markdown } from './tree';

export type LoggedModelsNode = LoggedModelGroupNode | LoggedModelNode | LoggedModelFileNode;

export interface LoggedModelGroupNode {
  kind: 'loggedModels';
  experiment: Experiment;
}

export interface LoggedModelNode {
  kind: 'loggedModel';
  model: LoggedModel;
}

export interface LoggedModelFileNode {
  kind: 'loggedModelFile';
  model: LoggedModel;
  /** Relative to the model's artifact root, with `/`. */
  path: string;
  directory: boolean;
}

/**
 * The "Logged models" group of each experiment, one object per experiment: VS Code redraws a
 * node it is given by object, so a registration can redraw just the group it came from.
 */
export class LoggedModelGroups {
  private readonly groups = new Map<string, LoggedModelGroupNode>();

  group(experiment: Experiment): LoggedModelGroupNode {
    let group = this.groups.get(experiment.experimentId);
    if (group) group.experiment = experiment;
    else this.groups.set(experiment.experimentId, (group = { kind: 'loggedModels', experiment }));
    return group;
  }

  /** The group shown for the experiment, if any was. */
  shown(experimentId: string): LoggedModelGroupNode | undefined {
    return this.groups.get(experimentId);
  }
}

export function isLoggedModelsNode(node: { kind: string }): node is LoggedModelsNode {
  return node.kind === 'loggedModels' || node.kind === 'loggedModel' || node.kind === 'loggedModelFile';
}

export function loggedModelItem(node: LoggedModelsNode): vscode.TreeItem {
  const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
  switch (node.kind) {
    case 'loggedModels': {
      const item = new vscode.TreeItem('Logged models', collapsed);
      item.id = `loggedModels:${node.experiment.experimentId}`;
      item.iconPath = new vscode.ThemeIcon('library');
      item.contextValue = 'loggedModels';
      return item;
    }
    case 'loggedModel': {
      const item = new vscode.TreeItem(node.model.name, collapsed);
      item.id = `loggedModel:${node.model.modelId}`;
      const failed = node.model.status === 'FAILED';
      item.iconPath = new vscode.ThemeIcon(failed ? 'error' : node.model.status === 'PENDING' ? 'loading~spin' : 'package');
      const registered = registeredAs(node.model);
      item.description = [loggedModelDescription(node.model), registered.length ? `→ ${registered.join(', ')}` : ''].filter(Boolean).join(' ');
      item.tooltip = markdown(loggedModelTooltip(node.model));
      // `loggedModel` with `.hasRun`: serving and registering key their menus on it.
      item.contextValue = ['loggedModel', node.model.sourceRunId ? 'hasRun' : ''].filter(Boolean).join('.');
      return item;
    }
    case 'loggedModelFile': {
      // A resource URI for the file icon theme; opening goes through the store (local or server).
      const item = new vscode.TreeItem(vscode.Uri.file(`/${node.path}`), node.directory ? collapsed : vscode.TreeItemCollapsibleState.None);
      item.label = path.posix.basename(node.path);
      item.id = `loggedModelFile:${node.model.modelId}:${node.path}`;
      if (!node.directory) item.command = { command: 'mlflow.models.openLoggedModelFile', title: 'Open', arguments: [node] };
      item.contextValue = node.directory ? 'loggedModelFolder' : 'loggedModelFile';
      return item;
    }
  }
}

export async function loggedModelChildren(store: MlflowStore, node: LoggedModelsNode): Promise<LoggedModelsNode[]> {
  switch (node.kind) {
    case 'loggedModels':
      return (await store.searchLoggedModels([node.experiment.experimentId])).map((model) => ({ kind: 'loggedModel', model }));
    case 'loggedModel':
      return files(store, node.model);
    case 'loggedModelFile':
      return node.directory ? files(store, node.model, node.path) : [];
  }
}

async function files(store: MlflowStore, model: LoggedModel, relative?: string): Promise<LoggedModelFileNode[]> {
  const entries = await listLoggedModelFiles(store, model, relative);
  return entries
    .sort((a, b) => Number(b.isDir) - Number(a.isDir) || a.path.localeCompare(b.path))
    .map((entry) => ({ kind: 'loggedModelFile', model, path: entry.path, directory: entry.isDir }));
}
