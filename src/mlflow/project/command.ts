// The two ways an entry point runs: through `mlflow run` (an argv, no shell involved), or
// directly the way `--env-manager local` does it — the command template filled with quoted
// values and undeclared parameters appended as `--key value`, run by a shell in the project folder.
import { formatCommand, type FormatResult } from './format';
import type { EntryPointSpec } from './model';
import type { ResolvedParameters } from './parameters';
import { quoteFor, type ShellKind } from './quote';

export type EnvManager = 'local' | 'virtualenv' | 'uv' | 'conda';
export const ENV_MANAGERS: readonly EnvManager[] = ['local', 'virtualenv', 'uv', 'conda'];

/** The command line the shell runs for an entry point, every value quoted for that shell. */
export function directCommand(entry: EntryPointSpec, parameters: ResolvedParameters, shell: ShellKind): FormatResult {
  if (entry.command === undefined) return { ok: false, error: `Entry point ${entry.name} has no command` };
  const quoted = new Map([...parameters.declared].map(([name, value]) => [name, quoteFor(shell, value)]));
  const filled = formatCommand(entry.command, quoted);
  if (!filled.ok) return filled;
  const extras = [...parameters.extra].map(([key, value]) => `${quoteFor(shell, `--${key}`)} ${quoteFor(shell, value)}`);
  return { ok: true, text: [filled.text, ...extras].join(' ') };
}

/** How the shell is started to run one command line. */
export function shellInvocation(shell: ShellKind, commandText: string): { program: string; args: string[] } {
  // MLflow itself runs entry points with `bash -c` on POSIX.
  return shell === 'posix' ? { program: 'bash', args: ['-c', commandText] } : { program: 'powershell.exe', args: ['-NoProfile', '-NonInteractive', '-Command', commandText] };
}

export interface MlflowRunRequest {
  readonly projectDir: string;
  readonly entryPoint: string;
  /** As the user gave them: `mlflow run` applies defaults and resolves paths itself. */
  readonly parameters: Readonly<Record<string, string>>;
  readonly experimentName?: string;
  readonly experimentId?: string;
  readonly envManager: EnvManager;
}

/** The arguments after `mlflow`: `run <dir> -e <ep> -P k=v … --experiment-name <name> --env-manager <m>`. */
export function mlflowRunArgs(request: MlflowRunRequest): string[] {
  const args = ['run', request.projectDir, '-e', request.entryPoint];
  for (const [key, value] of Object.entries(request.parameters)) args.push('-P', `${key}=${value}`);
  if (request.experimentName) args.push('--experiment-name', request.experimentName);
  else if (request.experimentId) args.push('--experiment-id', request.experimentId);
  args.push('--env-manager', request.envManager);
  return args;
}
