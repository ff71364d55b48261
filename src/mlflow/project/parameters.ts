// The values an entry point runs with, checked the way `mlflow run` checks them
// (EntryPoint.compute_parameters): defaults fill in, required ones must be given, `uri` values
// need a scheme, local `path` values must exist and become absolute; anything undeclared is an
// extra parameter. Also the stricter as-you-type check the parameter prompt applies.
import * as path from 'node:path';
import type { EntryPointSpec, ParameterSpec } from './model';
// One reading of values for the runner and the language server: theirs is pure and plain Node.
import { isPythonFloat, isPythonInt, localPath, uriScheme } from './values';

export interface ResolvedParameters {
  /** Every declared parameter, in declaration order, with the value the command receives. */
  readonly declared: ReadonlyMap<string, string>;
  /** Undeclared parameters the user added, appended to the command as `--key value`. */
  readonly extra: ReadonlyMap<string, string>;
}

export type ResolveResult = ({ ok: true } & ResolvedParameters) | { ok: false; errors: string[] };

export interface ResolveOptions {
  /** The project folder: relative `path` values are resolved against it (the run's working folder). */
  readonly projectDir: string;
  readonly exists: (absolutePath: string) => boolean;
  /** False when nothing can download a remote `path` value (running without the mlflow CLI). */
  readonly remotePaths: boolean;
}

export function resolveParameters(entry: EntryPointSpec, given: Readonly<Record<string, string>>, options: ResolveOptions): ResolveResult {
  const errors: string[] = [];
  const missing = entry.parameters.filter((parameter) => given[parameter.name] === undefined && parameter.default === undefined);
  if (missing.length) errors.push(`No value given for missing parameters: ${missing.map((parameter) => `'${parameter.name}'`).join(', ')}`);
  const declared = new Map<string, string>();
  for (const parameter of entry.parameters) {
    const value = given[parameter.name] ?? parameter.default;
    if (value === undefined) continue;
    const computed = computeValue(parameter, value, options);
    if ('error' in computed) errors.push(computed.error);
    else declared.set(parameter.name, computed.value);
  }
  const extra = new Map<string, string>();
  for (const [key, value] of Object.entries(given)) {
    if (declared.has(key) || entry.parameters.some((parameter) => parameter.name === key)) continue;
    const problem = extraKeyProblem(key);
    if (problem) errors.push(problem);
    else extra.set(key, value);
  }
  return errors.length ? { ok: false, errors } : { ok: true, declared, extra };
}

function computeValue(parameter: ParameterSpec, value: string, options: ResolveOptions): { value: string } | { error: string } {
  if (parameter.type === 'uri' && uriScheme(value) === '') return { error: `Expected URI for parameter ${parameter.name} but got ${value}` };
  if (parameter.type !== 'path') return { value };
  const local = localPath(value);
  if (local === undefined) {
    return options.remotePaths ? { value } : { error: `Parameter ${parameter.name} is the remote path ${value}: downloading it needs the mlflow CLI` };
  }
  const absolute = path.resolve(options.projectDir, local);
  if (!options.exists(absolute)) return { error: `Got value ${value} for parameter ${parameter.name}, but no such file or directory was found.` };
  return { value: absolute };
}

/** Extra keys become `--key` flags and `-P key=value` pairs: a plain identifier keeps both unambiguous. */
export function extraKeyProblem(key: string): string | undefined {
  return /^[A-Za-z_][\w.-]*$/.test(key) ? undefined : `"${key}" is not a valid parameter name (letters, digits, _ . -)`;
}

export interface ValueCheck {
  readonly projectDir: string;
  readonly exists: (absolutePath: string) => boolean;
}

/** What is wrong with a value typed for a parameter, as the prompt shows it; undefined when fine. */
export function parameterValueProblem(parameter: ParameterSpec, value: string, check: ValueCheck): string | undefined {
  if (value === '' && parameter.default === undefined) return `${parameter.name} is required`;
  switch (parameter.type) {
    case 'float':
      return isPythonFloat(value) ? undefined : `${parameter.name} is a float: ${value} is not a number`;
    case 'int':
      return isPythonInt(value) ? undefined : `${parameter.name} is an int: ${value} is not a whole number`;
    case 'uri':
      return uriScheme(value) ? undefined : `${parameter.name} is a URI: add a scheme (file:, s3:, https:, …)`;
    case 'path': {
      const local = localPath(value);
      if (local === undefined) return undefined;
      if (local === '') return `${parameter.name} is a path: name a file or folder`;
      return check.exists(path.resolve(check.projectDir, local)) ? undefined : `${parameter.name} is a path: ${local} does not exist in ${check.projectDir}`;
    }
    default:
      return undefined;
  }
}

/** Parses an extra `key=value` the user typed; the value may itself contain `=`. */
export function parseExtraParameter(text: string): { key: string; value: string } | { error: string } {
  const equals = text.indexOf('=');
  if (equals <= 0) return { error: 'Write an extra parameter as key=value' };
  const key = text.slice(0, equals).trim();
  const problem = extraKeyProblem(key);
  return problem ? { error: problem } : { key, value: text.slice(equals + 1) };
}
