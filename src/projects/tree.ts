// The Projects view: the workspace's MLproject files → their entry points, with parameters and
// defaults in the tooltip. Reloads when an MLproject is created, changed or deleted.
import * as vscode from 'vscode';
import type { EntryPointSpec } from '../mlflow/project/model';
import { findProjects, type ProjectFile } from './discovery';
import { entryPointOffsets } from './positions';

export const PROJECTS_VIEW_ID = 'mlflow.projects';

export type ProjectsNode = { kind: 'project'; project: ProjectFile } | { kind: 'entryPoint'; project: ProjectFile; entry: EntryPointSpec };

export class ProjectsTree implements vscode.TreeDataProvider<ProjectsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/{MLproject,mlproject}');
  private projects?: Promise<ProjectFile[]>;

  constructor() {
    const reload = () => this.refresh();
    this.watcher.onDidCreate(reload);
    this.watcher.onDidChange(reload);
    this.watcher.onDidDelete(reload);
  }

  refresh(): void {
    this.projects = undefined;
    this.changed.fire();
  }

  async getChildren(node?: ProjectsNode): Promise<ProjectsNode[]> {
    if (!node) {
      this.projects ??= findProjects();
      return (await this.projects).map((project) => ({ kind: 'project', project }));
    }
    if (node.kind === 'project') return node.project.spec.entryPoints.map((entry) => ({ kind: 'entryPoint', project: node.project, entry }));
    return [];
  }

  getTreeItem(node: ProjectsNode): vscode.TreeItem {
    if (node.kind === 'project') {
      const { project } = node;
      const item = new vscode.TreeItem(project.label, vscode.TreeItemCollapsibleState.Expanded);
      const relative = vscode.workspace.asRelativePath(project.dir, false);
      // A project at a workspace folder's root is named by its label alone.
      item.description = relative === project.dir || relative === project.label || relative === '' ? undefined : relative;
      item.resourceUri = project.uri;
      item.iconPath = new vscode.ThemeIcon('project');
      item.contextValue = 'mlproject';
      item.tooltip = project.spec.errors.length ? `${project.uri.fsPath}\n\n${project.spec.errors.join('\n')}` : project.uri.fsPath;
      item.command = { command: 'vscode.open', title: 'Open MLproject', arguments: [project.uri] };
      return item;
    }
    const { entry, project } = node;
    const item = new vscode.TreeItem(entry.name, vscode.TreeItemCollapsibleState.None);
    item.description = entry.parameters.map((parameter) => parameter.name).join(', ');
    item.iconPath = new vscode.ThemeIcon('symbol-method');
    item.contextValue = 'entryPoint';
    item.tooltip = entryPointTooltip(entry);
    item.command = { command: 'mlflow.projects.revealEntryPoint', title: 'Show in MLproject', arguments: [node] };
    item.id = `${project.uri.toString()}#${entry.name}`;
    return item;
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}

export function entryPointTooltip(entry: EntryPointSpec): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(undefined, false);
  markdown.appendMarkdown(`**${escapeMarkdown(entry.name)}**\n\n`);
  if (entry.parameters.length) {
    markdown.appendMarkdown('| parameter | type | default |\n| --- | --- | --- |\n');
    for (const parameter of entry.parameters) {
      markdown.appendMarkdown(`| ${escapeMarkdown(parameter.name)} | ${escapeMarkdown(parameter.type)} | ${parameter.default === undefined ? '*required*' : escapeMarkdown(parameter.default)} |\n`);
    }
  } else {
    markdown.appendMarkdown('No parameters.\n');
  }
  if (entry.command !== undefined) markdown.appendMarkdown('\n').appendCodeblock(entry.command, 'shell');
  return markdown;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/** Opens the MLproject with the cursor on the entry point. */
export async function revealEntryPoint(node: ProjectsNode): Promise<void> {
  const document = await vscode.workspace.openTextDocument(node.project.uri);
  const offset = node.kind === 'entryPoint' ? entryPointOffsets(document.getText()).find((found) => found.name === node.entry.name)?.offset : undefined;
  const position = document.positionAt(offset ?? 0);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position) });
}
