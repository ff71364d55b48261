// Where the `mlflow` CLI is, if anywhere: in the user's interpreter (the Python extension's
// selection, else `mlflow.pythonPath`, else python3), else an `mlflow` executable on PATH.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { mlflowVersion, resolvePython } from '../connection/python';

/** The argv prefix that runs `mlflow`, or undefined when there is none (run entry points directly). */
export async function findMlflowCli(resource?: vscode.Uri): Promise<string[] | undefined> {
  const python = await resolvePython(resource);
  if (await mlflowVersion(python)) return [python, '-m', 'mlflow'];
  const onPath = await findOnPath(process.platform === 'win32' ? ['mlflow.exe', 'mlflow.cmd'] : ['mlflow']);
  return onPath ? [onPath] : undefined;
}

async function findOnPath(names: string[]): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // Not here: the next folder on PATH.
      }
    }
  }
  return undefined;
}
