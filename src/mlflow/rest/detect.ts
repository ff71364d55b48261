/**
 * What kind of server answers: `/health`, `/version` (plain text) and MLflow 3's
 * `/api/3.0/mlflow/server-info` (`{store_type, workspaces_enabled}`). Older servers or proxies
 * that expose only part of this answer 404 for the rest; that degrades features, it is no error.
 * An unreachable server or rejected credentials are errors: nothing else would work either.
 */
import type { CallOptions } from '../store';
import type { HttpClient } from './http';
import { RestError } from './httpErrors';

export interface ServerInfo {
  /** e.g. `3.11.2.dev0`; undefined when `/version` is missing or answers something else. */
  version?: string;
  /** e.g. `SqlStore`; undefined before MLflow 3 (no server-info endpoint). */
  storeType?: string;
  workspacesEnabled?: boolean;
}

/** A missing endpoint (404/405, often HTML) means an older server, not a failure. */
export function isMissingEndpoint(error: unknown): boolean {
  return error instanceof RestError && (error.status === 404 || error.status === 405) && error.mlflowErrorCode === undefined;
}

async function optional<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if (isMissingEndpoint(error)) return undefined;
    throw error;
  }
}

export async function detectServer(http: HttpClient, options: CallOptions = {}): Promise<ServerInfo> {
  const get = { method: 'GET', idempotent: true, signal: options.signal } as const;
  const [, versionText, info] = await Promise.all([
    optional(http.text({ ...get, path: '/health' })),
    optional(http.text({ ...get, path: '/version' })),
    optional(http.json<{ store_type?: unknown; workspaces_enabled?: unknown }>({ ...get, path: '/api/3.0/mlflow/server-info' })),
  ]);
  const version = versionText?.trim();
  return {
    version: version && /^\d+\.\d+[\w.+-]*$/.test(version) ? version : undefined,
    storeType: typeof info?.store_type === 'string' ? info.store_type : undefined,
    workspacesEnabled: typeof info?.workspaces_enabled === 'boolean' ? info.workspaces_enabled : undefined,
  };
}

/** The major version, or undefined when unknown. */
export function majorVersion(info: ServerInfo): number | undefined {
  const major = Number(info.version?.split('.')[0]);
  return Number.isInteger(major) ? major : undefined;
}
