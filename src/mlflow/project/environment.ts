// The environment a run or a model server gets so that it logs to (and reads from) the store the
// user is looking at: MLflow's own variables, the way its Python client reads them.
import { pathToFileURL } from 'node:url';
import type { RestAuth } from '../rest/options';

export type TrackingTarget =
  | { kind: 'sqlite'; path: string }
  | { kind: 'file'; path: string }
  | { kind: 'rest'; uri: string; auth?: RestAuth; workspace?: string; caCertPath?: string; insecureTls?: boolean };

export interface ExperimentChoice {
  readonly id?: string;
  readonly name?: string;
}

/** Without a target (no store open), only the experiment: MLflow then uses its own default store. */
export function trackingEnvironment(target: TrackingTarget | undefined, experiment?: ExperimentChoice): Record<string, string> {
  const env: Record<string, string> = target ? { MLFLOW_TRACKING_URI: trackingUri(target) } : {};
  if (target?.kind === 'rest') {
    if (target.auth?.kind === 'basic') {
      env.MLFLOW_TRACKING_USERNAME = target.auth.username;
      env.MLFLOW_TRACKING_PASSWORD = target.auth.password;
    } else if (target.auth?.kind === 'bearer') {
      env.MLFLOW_TRACKING_TOKEN = target.auth.token;
    }
    if (target.workspace) env.MLFLOW_WORKSPACE = target.workspace;
    if (target.caCertPath) env.MLFLOW_TRACKING_SERVER_CERT_PATH = target.caCertPath;
    if (target.insecureTls) env.MLFLOW_TRACKING_INSECURE_TLS = 'true';
  }
  if (experiment?.name) env.MLFLOW_EXPERIMENT_NAME = experiment.name;
  if (experiment?.id) env.MLFLOW_EXPERIMENT_ID = experiment.id;
  return env;
}

/** MLflow's tracking URI for a target: `sqlite:///` + the absolute path (four slashes on POSIX). */
export function trackingUri(target: TrackingTarget): string {
  if (target.kind === 'rest') return target.uri;
  if (target.kind === 'file') return pathToFileURL(target.path).href;
  return `sqlite:///${target.path.replace(/\\/g, '/')}`;
}
