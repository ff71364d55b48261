// The MLproject as MLflow's loader reads it (mlflow/projects/_project_spec.py): entry points with
// their parameters and command, and the environment keys. Built once per document version and
// shared by validation, completion, hover, definition, symbols and quick fixes.
import { isMap, type Node } from 'yaml';
import { ENVIRONMENT_KEYS } from '../keys/mlproject';
import { ScalarText } from '../scalarText';
import { findPair, keyName, keySpan, kindOf, pairsOf, stringValue, valueOf, type YamlPair } from '../yaml';
import { scanCommand, type CommandScan, type Field } from '../../../src/mlflow/project/format';

export interface Parameter {
  readonly name: string;
  readonly pair: YamlPair;
  readonly keySpan: [number, number];
  /** The declared type; `string` when none is given (MLflow's default). */
  readonly type: string;
  /** The node holding the type name (the value of `x: float`, or of `type:`). */
  readonly typeNode?: Node;
  /** The `default:` value, when there is one that is not null. */
  readonly default?: Node;
}

export interface EntryPoint {
  readonly name: string;
  readonly pair: YamlPair;
  readonly keySpan: [number, number];
  readonly parameters: Parameter[];
  readonly parametersPair?: YamlPair;
  readonly commandPair?: YamlPair;
  /** The command, when it is a string. */
  readonly command?: ScalarText;
  readonly scan?: CommandScan;
}

export interface Project {
  readonly entryPoints: EntryPoint[];
  /** conda_env / python_env / docker_env pairs present, in document order. */
  readonly environments: YamlPair[];
}

export function readProject(text: string, root: unknown): Project {
  const environments = pairsOf(root).filter((pair) => (ENVIRONMENT_KEYS as readonly string[]).includes(keyName(pair) ?? ''));
  const entryPoints = lastByName(pairsOf(valueOf(root, 'entry_points'))).map((pair) => readEntryPoint(text, pair));
  return { entryPoints, environments };
}

function readEntryPoint(text: string, pair: YamlPair): EntryPoint {
  const node = pair.value;
  const parametersPair = isMap(node) ? findPair(node, 'parameters') : undefined;
  const commandPair = isMap(node) ? findPair(node, 'command') : undefined;
  const command = ScalarText.of(text, commandPair?.value as Node | undefined);
  return {
    name: keyName(pair)!,
    pair,
    keySpan: keySpan(pair)!,
    parameters: lastByName(pairsOf(parametersPair?.value)).map(readParameter),
    parametersPair,
    commandPair,
    command,
    scan: command ? scanCommand(command.value) : undefined,
  };
}

function readParameter(pair: YamlPair): Parameter {
  const value = pair.value as Node | null;
  const base = { name: keyName(pair)!, pair, keySpan: keySpan(pair)! };
  if (stringValue(value) !== undefined) return { ...base, type: stringValue(value)!, typeNode: value! };
  const typeNode = valueOf(value, 'type');
  const defaultNode = valueOf(value, 'default');
  const hasDefault = kindOf(defaultNode) !== 'null';
  return { ...base, type: stringValue(typeNode) ?? 'string', typeNode, default: hasDefault ? defaultNode : undefined };
}

/** Named pairs with the last of each name winning, as PyYAML builds the dict. */
function lastByName(pairs: YamlPair[]): YamlPair[] {
  const byName = new Map<string, YamlPair>();
  for (const pair of pairs) {
    const name = keyName(pair);
    if (name !== undefined && keySpan(pair)) {
      byName.delete(name);
      byName.set(name, pair);
    }
  }
  return [...byName.values()];
}

export interface CommandPosition {
  readonly entryPoint: EntryPoint;
  readonly command: ScalarText;
  readonly scan: CommandScan;
  /** The index in the command's value; undefined when the source cannot be mapped (an open quote). */
  readonly index: number | undefined;
}

/** The entry point command whose source contains `offset`, if any. */
export function commandAt(project: Project, offset: number): CommandPosition | undefined {
  for (const entryPoint of project.entryPoints) {
    const { command, scan } = entryPoint;
    if (command && scan && command.start <= offset && offset <= command.end) return { entryPoint, command, scan, index: command.valueIndexAt(offset) };
  }
  return undefined;
}

/** The replacement field (`{…}`) at a value index of a command. */
export function fieldAt(scan: CommandScan, index: number): Field | undefined {
  return scan.fields.find((field) => field.start <= index && index < field.end);
}
