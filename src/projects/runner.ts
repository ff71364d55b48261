// Launching an entry point: which project and entry point, the parameters (asked, remembered per
// entry point), the experiment, then the `mlflow` task. Running code needs a trusted workspace.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/manager';
import type { EntryPointSpec } from '../mlflow/project/model';
import { TASK_TYPE } from './definition';
import { findProjects, projectInFolder, type ProjectFile } from './discovery';
import { promptExperiment, promptParameters, type RunChoices } from './prompts';
import type { ProjectTasks } from './tasks';
import { requireTrust } from './trust';

export interface RunRequest {
  /** The project folder; picked from the workspace's MLproject files when absent. */
  readonly project?: string;
  readonly entryPoint?: string;
  /** Given: no parameter prompts. */
  readonly parameters?: Record<string, string>;
  /** Given (even ''): no experiment prompt; '' leaves the choice to MLflow. */
  readonly experiment?: string;
  /** False (CodeLens "Run"): reuse the last values or the defaults, asking only for what is missing. */
  readonly prompt?: boolean;
}

export class ProjectRunner {
  constructor(
    private readonly memory: vscode.Memento,
    private readonly tasks: ProjectTasks,
    private readonly connection: ConnectionManager,
  ) {}

  async run(request: RunRequest = {}): Promise<vscode.TaskExecution | undefined> {
    if (!(await requireTrust('running a project'))) return undefined;
    const project = request.project ? await projectInFolder(request.project) : await pickProject();
    if (!project) {
      if (request.project) void vscode.window.showErrorMessage(`MLflow: no MLproject in ${request.project}.`);
      return undefined;
    }
    const entry = request.entryPoint ? project.spec.entryPoints.find((e) => e.name === request.entryPoint) : await pickEntryPoint(project);
    if (!entry) {
      if (request.entryPoint) void vscode.window.showErrorMessage(`MLflow: ${request.entryPoint} is not an entry point of ${project.label}.`);
      return undefined;
    }
    const key = `mlflow.projects.last:${project.dir}#${entry.name}`;
    const last = this.memory.get<RunChoices>(key);
    const parameters = request.parameters ?? (request.prompt === false && canSkipPrompts(entry, last) ? (last?.parameters ?? {}) : await promptParameters(entry, project.dir, last?.parameters));
    if (!parameters) return undefined;
    const store = this.connection.state.kind === 'connected' ? this.connection.state.store : undefined;
    const experiment = request.experiment ?? (request.prompt === false ? (last?.experiment ?? '') : await promptExperiment(store, last?.experiment));
    if (experiment === undefined) return undefined;
    await this.memory.update(key, { parameters, experiment } satisfies RunChoices);
    const folder = vscode.workspace.getWorkspaceFolder(project.uri);
    const task = await this.tasks.build({ type: TASK_TYPE, project: project.dir, entryPoint: entry.name, parameters, experiment: experiment || undefined }, folder);
    return vscode.tasks.executeTask(task);
  }
}

/** "Run" without questions works when every required parameter already has a value. */
function canSkipPrompts(entry: EntryPointSpec, last?: RunChoices): boolean {
  return entry.parameters.every((parameter) => parameter.default !== undefined || last?.parameters[parameter.name] !== undefined);
}

async function pickProject(): Promise<ProjectFile | undefined> {
  const projects = (await findProjects()).filter((project) => project.spec.entryPoints.length > 0);
  if (projects.length === 0) {
    void vscode.window.showInformationMessage('MLflow: there is no MLproject with entry points in this workspace.');
    return undefined;
  }
  if (projects.length === 1) return projects[0];
  const picked = await vscode.window.showQuickPick(
    projects.map((project) => ({ label: project.label, description: vscode.workspace.asRelativePath(project.dir), project })),
    { title: 'Run MLflow project', placeHolder: 'Pick a project' },
  );
  return picked?.project;
}

async function pickEntryPoint(project: ProjectFile): Promise<EntryPointSpec | undefined> {
  const picked = await vscode.window.showQuickPick(
    project.spec.entryPoints.map((entry) => ({
      label: entry.name,
      description: entry.parameters.map((parameter) => parameter.name).join(', '),
      detail: entry.command,
      entry,
    })),
    { title: `Run ${project.label} (${path.basename(project.dir)})`, placeHolder: 'Pick an entry point' },
  );
  return picked?.entry;
}
