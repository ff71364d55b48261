/**
 * Which store to open, decided from the user's configuration alone (pure: no I/O), in the
 * product's resolution order: the `mlflow.trackingUri` setting, then `MLFLOW_TRACKING_URI`, then a
 * local store found in the workspace, then nothing (the welcome view).
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export type StoreTarget =
  | { kind: 'sqlite'; path: string; origin: TargetOrigin }
  | { kind: 'unsupported'; uri: string; reason: string; origin: TargetOrigin }
  | { kind: 'none' };

export type TargetOrigin = 'setting' | 'environment' | 'workspace';

export interface ResolveInput {
  setting?: string;
  environment?: string;
  /** Absolute paths of `mlflow.db` files found in the workspace, best first. */
  discovered: string[];
  /** The store the user picked earlier (must still be among `discovered`). */
  preferred?: string;
  /** Base for relative `sqlite:///` paths: the first workspace folder. */
  baseDir?: string;
}

export function resolveStoreTarget(input: ResolveInput): StoreTarget {
  const setting = input.setting?.trim();
  if (setting) return targetFromUri(setting, 'setting', input.baseDir);
  const environment = input.environment?.trim();
  if (environment) return targetFromUri(environment, 'environment', input.baseDir);
  if (input.preferred && input.discovered.includes(input.preferred)) {
    return { kind: 'sqlite', path: input.preferred, origin: 'workspace' };
  }
  const first = input.discovered[0];
  return first ? { kind: 'sqlite', path: first, origin: 'workspace' } : { kind: 'none' };
}

/** Parses a tracking URI the way MLflow does for the schemes this version can open. */
export function targetFromUri(uri: string, origin: TargetOrigin, baseDir?: string): StoreTarget {
  const sqlite = /^sqlite:\/\/\/(.*)$/i.exec(uri);
  if (sqlite) {
    // `sqlite:///rel.db` is relative; `sqlite:////abs.db` (four slashes) is absolute.
    const rest = decodeURIComponent(sqlite[1]);
    const resolved = path.isAbsolute(rest) || /^[a-z]:[\\/]/i.test(rest) ? rest : path.resolve(baseDir ?? '.', rest);
    return { kind: 'sqlite', path: resolved, origin };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri) && !/^file:/i.test(uri) && !/^[a-z]:[\\/]/i.test(uri)) {
    return {
      kind: 'unsupported',
      uri,
      origin,
      reason: `Tracking servers (${uri}) are not supported by this version of MLflow Workbench yet; it reads local mlflow.db stores.`,
    };
  }
  const local = /^file:/i.test(uri) ? fileURLToPath(uri) : path.resolve(baseDir ?? '.', uri);
  if (local.toLowerCase().endsWith('.db')) return { kind: 'sqlite', path: local, origin };
  return {
    kind: 'unsupported',
    uri,
    origin,
    reason: `${local} looks like a file store (mlruns/), which this version of MLflow Workbench cannot read yet.`,
  };
}

/** Orders discovered stores: shallow ones first, then by path, so the choice is stable. */
export function rankDiscoveredStores(paths: string[]): string[] {
  const depth = (p: string) => p.split(/[\\/]/).length;
  return [...new Set(paths)].sort((a, b) => depth(a) - depth(b) || a.localeCompare(b));
}
