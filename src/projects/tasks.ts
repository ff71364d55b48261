// The `mlflow` task type: a task per entry point (tasks.json or the commands), executed through
// `mlflow run` when the CLI is available and otherwise directly, the way `--env-manager local`
// runs it, with the active store's tracking environment either way.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CredentialStore } from '../connection/credentials';
import type { ConnectionManager } from '../connection/manager';
import { directCommand, mlflowRunArgs, shellInvocation } from '../mlflow/project/command';
import { resolveParameters } from '../mlflow/project/parameters';
import { envManagerSetting, isMlflowTaskDefinition, TASK_TYPE, type MlflowTaskDefinition } from './definition';
import { findProjects, projectInFolder } from './discovery';
import { findMlflowCli } from './mlflowCli';
import { activeTrackingEnvironment } from './tracking';

export type RunMode = 'mlflow' | 'direct';

export class ProjectTasks implements vscode.TaskProvider {
  constructor(
    private readonly connection: ConnectionManager,
    private readonly credentials: CredentialStore,
  ) {}

  async provideTasks(): Promise<vscode.Task[]> {
    const tasks: vscode.Task[] = [];
    for (const project of await findProjects()) {
      const folder = vscode.workspace.getWorkspaceFolder(project.uri);
      for (const entry of project.spec.entryPoints) {
        const definition: MlflowTaskDefinition = { type: TASK_TYPE, project: folder ? path.relative(folder.uri.fsPath, project.dir) || '.' : project.dir, entryPoint: entry.name };
        tasks.push(await this.build(definition, folder));
      }
    }
    return tasks;
  }

  async resolveTask(task: vscode.Task): Promise<vscode.Task | undefined> {
    if (!isMlflowTaskDefinition(task.definition)) return undefined;
    const scope = typeof task.scope === 'object' ? task.scope : undefined;
    return this.build(task.definition, scope);
  }

  /** The task for a definition; one that cannot run explains why in its terminal. */
  async build(definition: MlflowTaskDefinition, folder?: vscode.WorkspaceFolder): Promise<vscode.Task & { mode?: RunMode }> {
    const base = folder?.uri.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
    const projectDir = path.resolve(base, definition.project);
    const name = `${path.basename(projectDir)}: ${definition.entryPoint}`;
    const make = (execution: vscode.ProcessExecution | vscode.CustomExecution) =>
      new vscode.Task(definition, folder ?? vscode.TaskScope.Workspace, name, TASK_TYPE, execution);
    const project = await projectInFolder(projectDir);
    const entry = project?.spec.entryPoints.find((candidate) => candidate.name === definition.entryPoint);
    if (!project || !entry) {
      const why = project ? `${definition.entryPoint} is not an entry point of ${project.uri.fsPath} (${project.spec.entryPoints.map((e) => e.name).join(', ')})` : `No MLproject in ${projectDir}`;
      return make(failing(why));
    }
    const env = await activeTrackingEnvironment(this.connection, this.credentials, { name: definition.experiment, id: definition.experimentId });
    const parameters = definition.parameters ?? {};
    const cli = await findMlflowCli(folder?.uri ?? vscode.Uri.file(projectDir));
    if (cli) {
      const args = mlflowRunArgs({ projectDir, entryPoint: entry.name, parameters, experimentName: definition.experiment, experimentId: definition.experimentId, envManager: definition.envManager ?? envManagerSetting(folder?.uri) });
      return Object.assign(make(new vscode.ProcessExecution(cli[0], [...cli.slice(1), ...args], { cwd: projectDir, env })), { mode: 'mlflow' as const });
    }
    const resolved = resolveParameters(entry, parameters, { projectDir, exists: existsSync, remotePaths: false });
    if (!resolved.ok) return make(failing(resolved.errors.join('\n')));
    const shell = process.platform === 'win32' ? 'powershell' : 'posix';
    const command = directCommand(entry, resolved, shell);
    if (!command.ok) return make(failing(command.error));
    const { program, args } = shellInvocation(shell, command.text);
    return Object.assign(make(new vscode.ProcessExecution(program, args, { cwd: projectDir, env })), { mode: 'direct' as const });
  }
}

/** A task that only says why it cannot run, and fails. */
function failing(message: string): vscode.CustomExecution {
  return new vscode.CustomExecution(async () => {
    const write = new vscode.EventEmitter<string>();
    const close = new vscode.EventEmitter<number>();
    return {
      onDidWrite: write.event,
      onDidClose: close.event,
      open: () => {
        write.fire(`${message.replace(/\n/g, '\r\n')}\r\n`);
        close.fire(1);
      },
      close: () => undefined,
    };
  });
}
