import { stat } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * Finds a run's recorded source file on this machine. The recorded path is absolute on the
 * machine that trained (`/home/ml/wine-demo/train.py`); the project may live elsewhere here, so
 * when it does not exist, the longest trailing part of it found under a workspace folder wins.
 */
export async function resolveSourceFile(recorded: string, workspaceFolders: string[]): Promise<string | undefined> {
  if (path.isAbsolute(recorded) && workspaceFolders.some((folder) => isInside(recorded, folder)) && (await isFile(recorded))) {
    return recorded;
  }
  const segments = recorded.split(/[\\/]+/).filter(Boolean);
  for (let start = 0; start < segments.length; start++) {
    const suffix = segments.slice(start);
    for (const folder of workspaceFolders) {
      const candidate = path.join(folder, ...suffix);
      if (await isFile(candidate)) return candidate;
    }
  }
  return undefined;
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
