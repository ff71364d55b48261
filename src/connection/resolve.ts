/**
 * Which store to open, decided from the user's configuration alone (pure: no I/O). Order: the
 * connection the user picked in this workspace, the `mlflow.trackingUri` setting,
 * `MLFLOW_TRACKING_URI`, a local store found in the workspace, then nothing (the welcome view).
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export type TargetOrigin = 'selection' | 'setting' | 'environment' | 'workspace';

/** A named tracking-server connection from the `mlflow.connections` setting. */
export interface NamedConnection {
  name: string;
  uri: string;
  workspace?: string;
  caCertPath?: string;
  insecureTls?: boolean;
}

export type StoreTarget =
  | { kind: 'sqlite'; path: string; origin: TargetOrigin }
  | { kind: 'file'; path: string; origin: TargetOrigin }
  | { kind: 'rest'; uri: string; origin: TargetOrigin; connection?: NamedConnection }
  | { kind: 'unsupported'; uri: string; reason: string; origin: TargetOrigin }
  | { kind: 'none' };

/** What the user picked in this workspace: a named connection, a local store, or a server it started. */
export type Selection = { kind: 'connection'; name: string } | { kind: 'local'; path: string } | { kind: 'uri'; uri: string };

export interface ResolveInput {
  /** What the user picked; a local store that no longer exists must be left out by the caller. */
  selection?: Selection;
  connections?: NamedConnection[];
  setting?: string;
  environment?: string;
  /** Absolute paths of local stores found in the workspace (`mlflow.db` files or `mlruns` folders), best first. */
  discovered: string[];
  /** Base for relative paths: the first workspace folder. */
  baseDir?: string;
}

export function resolveStoreTarget(input: ResolveInput): StoreTarget {
  const { selection } = input;
  if (selection?.kind === 'connection') {
    const connection = input.connections?.find((candidate) => candidate.name === selection.name);
    if (connection) {
      const target = targetFromUri(connection.uri, 'selection', input.baseDir);
      return target.kind === 'rest' ? { ...target, connection } : target;
    }
  }
  if (selection?.kind === 'local') return localTarget(selection.path, 'selection');
  if (selection?.kind === 'uri') return targetFromUri(selection.uri, 'selection', input.baseDir);
  const setting = input.setting?.trim();
  if (setting) return targetFromUri(setting, 'setting', input.baseDir);
  const environment = input.environment?.trim();
  if (environment) return targetFromUri(environment, 'environment', input.baseDir);
  const first = input.discovered[0];
  return first ? localTarget(first, 'workspace') : { kind: 'none' };
}

function isRest(uri: string): boolean {
  return /^https?:\/\//i.test(uri.trim()) || /^databricks(:|$)/i.test(uri.trim());
}

/** A local store path: an `mlflow.db` (or any file) is SQLite, a folder is a file store. */
export function localTarget(storePath: string, origin: TargetOrigin): StoreTarget {
  return /\.(db|sqlite3?)$/i.test(storePath) ? { kind: 'sqlite', path: storePath, origin } : { kind: 'file', path: storePath, origin };
}

/** Parses a tracking URI the way MLflow does. */
export function targetFromUri(uri: string, origin: TargetOrigin, baseDir?: string): StoreTarget {
  const trimmed = uri.trim();
  if (isRest(trimmed)) return { kind: 'rest', uri: trimmed, origin };
  const sqlite = /^sqlite:\/\/\/(.*)$/i.exec(trimmed);
  if (sqlite) {
    // `sqlite:///rel.db` is relative; `sqlite:////abs.db` (four slashes) is absolute.
    const rest = decodeURIComponent(sqlite[1]);
    return { kind: 'sqlite', path: absolute(rest, baseDir), origin };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !/^file:/i.test(trimmed) && !/^[a-z]:[\\/]/i.test(trimmed)) {
    return {
      kind: 'unsupported',
      uri: trimmed,
      origin,
      reason: `MLflow Workbench cannot open the tracking URI ${trimmed}: use http(s)://, databricks, sqlite:/// or a folder path.`,
    };
  }
  const local = /^file:/i.test(trimmed) ? fileURLToPath(trimmed) : absolute(trimmed, baseDir);
  return localTarget(local, origin);
}

function absolute(target: string, baseDir?: string): string {
  return path.isAbsolute(target) || /^[a-z]:[\\/]/i.test(target) ? target : path.resolve(baseDir ?? '.', target);
}

/**
 * Orders discovered stores: SQLite before file stores (MLflow 3.7+ prefers `mlflow.db`), then
 * shallow ones first, then by path, so the choice is stable.
 */
export function rankDiscoveredStores(paths: string[]): string[] {
  const depth = (p: string) => p.split(/[\\/]/).length;
  const kind = (p: string) => (localTarget(p, 'workspace').kind === 'sqlite' ? 0 : 1);
  return [...new Set(paths)].sort((a, b) => kind(a) - kind(b) || depth(a) - depth(b) || a.localeCompare(b));
}

/** The origin (scheme, host, port) credentials are stored under; never includes user info. */
export function credentialKey(uri: string, environment: Record<string, string | undefined> = {}): string {
  const base = /^databricks/i.test(uri) ? environment.DATABRICKS_HOST ?? 'databricks' : uri;
  try {
    return new URL(/^https?:\/\//i.test(base) ? base : `https://${base}`).origin;
  } catch {
    return base;
  }
}
