/**
 * How to reach a tracking server, and the same settings read from the environment variables
 * MLflow's Python client uses, so a terminal that works with `mlflow` works here too.
 */
import { StoreError } from '../errors';

export type RestAuth = { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string };

export interface RestStoreOptions {
  /** The server's root, e.g. `http://127.0.0.1:5000` or `https://host/mlflow` (no `/api`). */
  baseUrl: string;
  auth?: RestAuth;
  /** Sent as `X-MLFLOW-WORKSPACE` on every request (multi-tenant servers, MLflow 3.13+). */
  workspace?: string;
  /** A PEM file of CA certificates to trust for an https server (self-signed, company CA). */
  caCertPath?: string;
  /** Skip certificate verification (MLFLOW_TRACKING_INSECURE_TLS). */
  insecure?: boolean;
  /** Per attempt, headers and body together (ms, default 30,000). */
  timeoutMs?: number;
  /** Requests in flight at once to this server; more wait in a queue (default 6). */
  maxConcurrent?: number;
  /** Extra attempts for idempotent requests after a transient failure (default 3). */
  retries?: number;
  /** First backoff delay; doubles per attempt, with full jitter (ms, default 500). */
  retryBaseDelayMs?: number;
  /** The longest `Retry-After` honoured; a longer one fails at once (ms, default 60,000). */
  maxRetryAfterMs?: number;
  /** The fetch to use (default: Node's global fetch, or node:https when TLS options are set). */
  fetch?: typeof fetch;
  /** One line per request and retry; never contains credentials. */
  log?: (line: string) => void;
}

type Env = Record<string, string | undefined>;

function envFlag(value: string | undefined): boolean {
  return value !== undefined && ['true', '1', 'yes'].includes(value.trim().toLowerCase());
}

function envSeconds(value: string | undefined): number | undefined {
  const seconds = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/**
 * REST options from `env` as MLflow's Python client reads them, or undefined when
 * `MLFLOW_TRACKING_URI` names no server (unset, `sqlite:`, a path). Basic credentials take
 * precedence over a token, as in MLflow.
 */
export function fromEnvironment(env: Env): RestStoreOptions | undefined {
  const uri = env.MLFLOW_TRACKING_URI?.trim();
  if (!uri) return undefined;
  let baseUrl: string;
  let auth: RestAuth | undefined;
  if (uri === 'databricks' || uri.startsWith('databricks:')) {
    if (uri !== 'databricks' || !env.DATABRICKS_HOST) {
      throw new StoreError(
        'UNREACHABLE',
        `MLFLOW_TRACKING_URI is '${uri}': set DATABRICKS_HOST and DATABRICKS_TOKEN (profiles in ~/.databrickscfg are not read).`,
      );
    }
    const host = env.DATABRICKS_HOST.trim();
    baseUrl = /^https?:\/\//.test(host) ? host : `https://${host}`;
    if (env.DATABRICKS_TOKEN) auth = { kind: 'bearer', token: env.DATABRICKS_TOKEN };
  } else if (/^https?:\/\//i.test(uri)) {
    baseUrl = uri;
  } else {
    return undefined;
  }
  if (env.MLFLOW_TRACKING_USERNAME && env.MLFLOW_TRACKING_PASSWORD) {
    auth = { kind: 'basic', username: env.MLFLOW_TRACKING_USERNAME, password: env.MLFLOW_TRACKING_PASSWORD };
  } else if (env.MLFLOW_TRACKING_TOKEN) {
    auth = { kind: 'bearer', token: env.MLFLOW_TRACKING_TOKEN };
  }
  const options: RestStoreOptions = { baseUrl, auth, insecure: envFlag(env.MLFLOW_TRACKING_INSECURE_TLS) };
  if (env.MLFLOW_TRACKING_SERVER_CERT_PATH) options.caCertPath = env.MLFLOW_TRACKING_SERVER_CERT_PATH;
  if (env.MLFLOW_WORKSPACE) options.workspace = env.MLFLOW_WORKSPACE;
  const timeoutMs = envSeconds(env.MLFLOW_HTTP_REQUEST_TIMEOUT);
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
  return options;
}

/** The URL without user info, for labels, logs and messages. */
export function displayUrl(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}
