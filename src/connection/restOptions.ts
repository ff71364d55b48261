/**
 * The options a tracking-server connection opens with, combining (in this order of precedence)
 * what the user typed into VS Code (credentials in SecretStorage, the connection's settings) and
 * the environment variables MLflow's Python client reads. Pure, so it is unit-tested.
 */
import { fromEnvironment, type RestAuth, type RestStoreOptions } from '../mlflow/rest/options';
import type { NamedConnection } from './resolve';

export interface RestOptionsInput {
  uri: string;
  connection?: NamedConnection;
  /** Credentials the user stored for this server's origin. */
  stored?: RestAuth;
  /** The `mlflow.workspace` setting. */
  workspaceSetting?: string;
  environment: Record<string, string | undefined>;
}

export function buildRestOptions(input: RestOptionsInput): RestStoreOptions {
  const { environment, connection } = input;
  // Read the environment as if it named this server, so its credentials and TLS settings apply
  // the way they do for `mlflow` in a terminal.
  const fromEnv = fromEnvironment({ ...environment, MLFLOW_TRACKING_URI: input.uri }) ?? { baseUrl: input.uri };
  // Addresses are pasted with and without a trailing slash; the API paths are appended to the root.
  const options: RestStoreOptions = { ...fromEnv, baseUrl: fromEnv.baseUrl.replace(/\/+$/, '') };
  if (input.stored) options.auth = input.stored;
  const workspace = connection?.workspace || input.workspaceSetting?.trim() || environment.MLFLOW_WORKSPACE;
  if (workspace) options.workspace = workspace;
  else delete options.workspace;
  if (connection?.caCertPath) options.caCertPath = connection.caCertPath;
  if (connection?.insecureTls) options.insecure = true;
  return options;
}
