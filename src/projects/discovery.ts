// The MLproject files of the workspace, read into the shared model.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readProjectSpec, type ProjectSpec } from '../mlflow/project/model';

export interface ProjectFile {
  readonly uri: vscode.Uri;
  /** The project folder: where the entry points run. */
  readonly dir: string;
  /** The project's name, else its folder's. */
  readonly label: string;
  readonly spec: ProjectSpec;
}

const EXCLUDE = '**/{node_modules,.git,mlruns,.venv,venv}/**';

export async function findProjects(): Promise<ProjectFile[]> {
  const uris = await vscode.workspace.findFiles('**/{MLproject,mlproject}', EXCLUDE);
  const projects = await Promise.all(uris.map((uri) => readProjectFile(uri).catch(() => undefined)));
  return projects.filter((project): project is ProjectFile => project !== undefined).sort((a, b) => a.dir.localeCompare(b.dir));
}

export async function readProjectFile(uri: vscode.Uri): Promise<ProjectFile> {
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  return projectFromText(uri, text);
}

export function projectFromText(uri: vscode.Uri, text: string): ProjectFile {
  const spec = readProjectSpec(text);
  const dir = path.dirname(uri.fsPath);
  return { uri, dir, label: spec.name ?? path.basename(dir), spec };
}

/** The MLproject in a folder, found the way MLflow finds it (the file name in any case). */
export async function projectInFolder(dir: string): Promise<ProjectFile | undefined> {
  const folder = vscode.Uri.file(dir);
  const entries = await vscode.workspace.fs.readDirectory(folder).then(
    (list) => list,
    () => [] as [string, vscode.FileType][],
  );
  const name = entries.find(([entry, type]) => entry.toLowerCase() === 'mlproject' && type === vscode.FileType.File)?.[0];
  return name ? readProjectFile(vscode.Uri.joinPath(folder, name)) : undefined;
}
