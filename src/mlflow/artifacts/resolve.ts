/**
 * Where a local store keeps a run's (or a logged model's) artifacts. Stores are moved and copied
 * between machines, and MLflow records absolute locations, so a recorded path that no longer
 * exists is looked up again relative to the store: the part after `mlruns/` (MLflow's default
 * artifact root) or, for custom roots, from the `<experiment>/<run>` segments on.
 */
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A local path for a bare path or `file:` URI; undefined for remote schemes (s3:, mlflow-artifacts:...). */
export function localPathOf(location: string): string | undefined {
  if (/^file:\/\//i.test(location)) {
    try {
      return fileURLToPath(location);
    } catch {
      return undefined;
    }
  }
  if (/^file:/i.test(location)) return location.slice('file:'.length);
  // A URI scheme, but not a Windows drive letter (C:\ or C:/).
  if (/^[a-z][\w+.-]*:/i.test(location) && !/^[a-z]:[\\/]/i.test(location)) return undefined;
  return location;
}

export interface RelocationHints {
  /** The folder that holds the store's `mlruns/` (for `mlflow.db`, the folder of the db). */
  storeRoot: string;
  /** A path segment that identifies the entity (a run id, a logged model id). */
  entityId?: string;
}

/** Local folders that may hold the artifacts, most likely first. Empty for remote locations. */
export function artifactCandidates(recorded: string, hints: RelocationHints): string[] {
  const local = localPathOf(recorded);
  if (local === undefined || local === '') return [];
  const segments = local.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  const candidates: string[] = [];
  if (path.isAbsolute(local)) candidates.push(path.normalize(local));
  else candidates.push(path.resolve(hints.storeRoot, local));
  for (let i = segments.length - 1; i >= 0; i--) {
    if (segments[i] === 'mlruns') candidates.push(path.join(hints.storeRoot, 'mlruns', ...segments.slice(i + 1)));
  }
  const entity = hints.entityId ? segments.lastIndexOf(hints.entityId) : -1;
  if (entity > 0) candidates.push(path.join(hints.storeRoot, 'mlruns', ...segments.slice(entity - 1)));
  return [...new Set(candidates)];
}

async function isDirectory(candidate: string): Promise<boolean> {
  try {
    return (await stat(candidate)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The first candidate folder that exists; when none does, the best guess (the relocated path,
 * where a copied store's artifacts would be); undefined for remote locations.
 */
export async function resolveArtifactDirectory(
  recorded: string,
  hints: RelocationHints,
  exists: (candidate: string) => Promise<boolean> = isDirectory,
): Promise<string | undefined> {
  const candidates = artifactCandidates(recorded, hints);
  for (const candidate of candidates) {
    if (await exists(candidate)) return candidate;
  }
  return candidates[1] ?? candidates[0];
}
