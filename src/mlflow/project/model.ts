// The MLproject as `mlflow run` reads it (mlflow/projects/_project_spec.py), runtime-neutral:
// entry points with their parameters (type and default as the strings MLflow substitutes) and
// command template, no source positions. The runner and the Projects view use it; the language
// server keeps positions in its own richer model and can map onto this one.
import { parseDocument, type Tags } from 'yaml';

export type ParameterType = 'string' | 'float' | 'int' | 'uri' | 'path';

export interface ParameterSpec {
  readonly name: string;
  /** The declared type as written; MLflow treats unknown types like `string`. */
  readonly type: string;
  /** The default as `str(value)` in Python gives it; undefined when none (a required parameter). */
  readonly default?: string;
}

export interface EntryPointSpec {
  readonly name: string;
  readonly parameters: readonly ParameterSpec[];
  /** The command template; undefined when the MLproject has none (MLflow refuses to run it). */
  readonly command?: string;
}

export interface ProjectSpec {
  readonly name?: string;
  readonly entryPoints: readonly EntryPointSpec[];
  /** `python_env`, `conda_env` or `docker_env`, when declared. */
  readonly environment?: string;
  /** YAML errors, in the parser's words; the entry points read before them are still listed. */
  readonly errors: readonly string[];
}

const ENVIRONMENTS = ['python_env', 'conda_env', 'docker_env'];

export function readProjectSpec(text: string): ProjectSpec {
  // PyYAML reads YAML 1.1 (`yes` is True, `1_000` an int), so defaults print as MLflow sees them.
  const document = parseDocument(text, { version: '1.1', uniqueKeys: false, intAsBigInt: true, customTags: asPyYaml });
  const errors = document.errors.map((error) => error.message);
  const root = safeJs(document);
  if (!isRecord(root)) return { entryPoints: [], errors };
  const entryPoints = isRecord(root.entry_points)
    ? Object.entries(root.entry_points).map(([name, value]) => readEntryPoint(name, value))
    : [];
  return {
    name: typeof root.name === 'string' ? root.name : undefined,
    entryPoints,
    environment: ENVIRONMENTS.find((key) => key in root),
    errors,
  };
}

function readEntryPoint(name: string, value: unknown): EntryPointSpec {
  const body = isRecord(value) ? value : {};
  const parameters = isRecord(body.parameters) ? Object.entries(body.parameters).map(([key, spec]) => readParameter(key, spec)) : [];
  return { name, parameters, command: typeof body.command === 'string' ? body.command : undefined };
}

function readParameter(name: string, spec: unknown): ParameterSpec {
  if (!isRecord(spec)) return { name, type: spec === null || spec === undefined ? 'string' : pythonStr(spec) };
  const type = spec.type === undefined || spec.type === null ? 'string' : pythonStr(spec.type);
  const hasDefault = spec.default !== undefined && spec.default !== null;
  return hasDefault ? { name, type, default: pythonStr(spec.default) } : { name, type };
}

/** Python's `str(value)` for what YAML yields: how MLflow turns a default into text. */
export function pythonStr(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  // Integers arrive as bigint (intAsBigInt), so every number here is a YAML float.
  if (typeof value === 'number') return pythonFloat(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

/** Python's repr of a float: shortest round-trip digits, exponent outside [1e-4, 1e16). */
export function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Object.is(value, -0)) return '-0.0';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace(/^-/, '').replace('.', '');
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${fraction}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1) || '0';
  return `${sign}${whole}.${fraction}`;
}

/**
 * PyYAML's resolvers are narrower than the YAML 1.1 spec the yaml package follows: `y`/`n` stay
 * strings (a parameter named `n` is common), and an exponent needs a dot and a sign (`1e3` is a string).
 */
function asPyYaml(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || !('test' in tag) || !tag.test) return tag;
    if (tag.tag === 'tag:yaml.org,2002:bool') return { ...tag, test: tag.test.test('true') ? /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/ : /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/ };
    if (tag.tag === 'tag:yaml.org,2002:float' && tag.format === 'EXP') return { ...tag, test: /^[-+]?[0-9][0-9_]*\.[0-9_]*[eE][-+][0-9]+$/ };
    return tag;
  });
}

function safeJs(document: ReturnType<typeof parseDocument>): unknown {
  try {
    return document.toJS();
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
