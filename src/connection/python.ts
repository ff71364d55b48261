import { execFile } from 'node:child_process';
import * as vscode from 'vscode';

interface PythonExtensionApi {
  environments?: { getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined };
}

/**
 * The user's Python: the Python extension's selected interpreter when installed, else the
 * `mlflow.pythonPath` setting, else `python3`.
 */
export async function resolvePython(resource?: vscode.Uri): Promise<string> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (extension) {
    try {
      const api = extension.isActive ? extension.exports : await extension.activate();
      const active = api.environments?.getActiveEnvironmentPath(resource)?.path;
      if (active && active !== 'python') return active;
    } catch {
      // An older or broken Python extension: fall back to the setting.
    }
  }
  return vscode.workspace.getConfiguration('mlflow', resource).get<string>('pythonPath')?.trim() || 'python3';
}

/** MLflow's version in that interpreter, or undefined when `import mlflow` fails. */
export function mlflowVersion(python: string, signal?: AbortSignal): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(python, ['-c', 'import mlflow, sys; sys.stdout.write(mlflow.__version__)'], { timeout: 60_000, signal }, (error, stdout) =>
      resolve(error ? undefined : stdout.trim() || undefined),
    );
  });
}
