// The `mlflow` task type as written in tasks.json (and as the commands build it).
import * as vscode from 'vscode';
import { ENV_MANAGERS, type EnvManager } from '../mlflow/project/command';

export const TASK_TYPE = 'mlflow';

export interface MlflowTaskDefinition extends vscode.TaskDefinition {
  readonly type: typeof TASK_TYPE;
  /** The folder holding the MLproject, absolute or relative to the task's workspace folder. */
  readonly project: string;
  readonly entryPoint: string;
  readonly parameters?: Record<string, string>;
  /** An experiment name (created by MLflow when new). */
  readonly experiment?: string;
  readonly experimentId?: string;
  /** Overrides the `mlflow.envManager` setting. */
  readonly envManager?: EnvManager;
}

export function isMlflowTaskDefinition(definition: vscode.TaskDefinition): definition is MlflowTaskDefinition {
  return definition.type === TASK_TYPE && typeof definition.project === 'string' && typeof definition.entryPoint === 'string';
}

export function envManagerSetting(resource?: vscode.Uri): EnvManager {
  const value = vscode.workspace.getConfiguration('mlflow', resource).get<string>('envManager');
  return (ENV_MANAGERS as readonly string[]).includes(value ?? '') ? (value as EnvManager) : 'local';
}
