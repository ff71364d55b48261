// What MLflow's project loader and `mlflow run` reject, plus what a linter adds (unknown types,
// numbers that are not numbers, unused parameters). Disk checks are in files.ts.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { DiagnosticCode, type MultipleEnvironmentsData, type UndeclaredParameterData, type UnknownParameterTypeData } from '../../protocol';
import type { Analysis } from '../analysis';
import type { DiagnosticSink } from '../diagnostics';
import { PARAMETER_TYPES } from '../keys/mlproject';
import { closest } from '../words';
import { findPair, keyName, keySpan, kindOf, spanOf, stringValue, valueOf } from '../yaml';
import type { EntryPoint, Parameter, Project } from './project';
import { isPythonFloat, isPythonInt, uriScheme } from '../../../src/mlflow/project/values';

export function validateProject(analysis: Analysis, sink: DiagnosticSink): void {
  const { root, project } = analysis;
  checkEnvironments(project, sink);
  checkDocker(root, sink);
  checkDatabricks(root, project, sink);
  for (const entryPoint of project.entryPoints) {
    checkCommand(entryPoint, sink);
    for (const parameter of entryPoint.parameters) checkParameter(analysis.text, parameter, sink);
  }
}

function checkEnvironments(project: Project, sink: DiagnosticSink): void {
  const keys = [...new Set(project.environments.map((pair) => keyName(pair)!))];
  if (keys.length < 2) return;
  const data: MultipleEnvironmentsData = { keys };
  for (const pair of project.environments) {
    sink.error(
      keySpan(pair)!,
      `Only one of ${keys.map((k) => `\`${k}\``).join(', ')} may be set: MLflow's loader fails (Project cannot contain multiple environment fields).`,
      DiagnosticCode.MultipleEnvironments,
      data,
    );
  }
}

function checkDocker(root: unknown, sink: DiagnosticSink): void {
  const pair = findPair(root, 'docker_env');
  if (!pair || !isMap(pair.value) || pair.value.items.length === 0) return; // MLflow skips a falsy docker_env
  const image = valueOf(pair.value, 'image');
  if (stringValue(image) === '') sink.error(spanOf(image)!, "The Docker image is empty: MLflow's loader fails (no image attribute found).", DiagnosticCode.DockerEnvironment);
  if (kindOf(valueOf(root, 'name')) === 'null') {
    sink.error(keySpan(pair)!, '`mlflow run` needs a project `name` with `docker_env`: it tags the Docker image with it (Project name in MLProject must be specified when using docker).', DiagnosticCode.DockerEnvironment);
  }
  const environment = valueOf(pair.value, 'environment');
  if (!isSeq(environment)) return;
  for (const item of environment.items) {
    if (!isSeq(item)) continue;
    if (item.items.length < 2) {
      sink.error(spanOf(item)!, 'A variable pair must be `[NAME, value]`: `mlflow run` fails on a shorter list.', DiagnosticCode.DockerEnvironment);
    } else if (item.items.length > 2) {
      sink.warning(spanOf(item)!, 'A variable pair is `[NAME, value]`: MLflow ignores the rest.', DiagnosticCode.DockerEnvironment);
    }
  }
}

function checkDatabricks(root: unknown, project: Project, sink: DiagnosticSink): void {
  const pair = findPair(root, 'databricks_spark_job');
  if (!pair || kindOf(pair.value) === 'null') return;
  const at = keySpan(pair)!;
  const hasFile = kindOf(valueOf(pair.value, 'python_file')) !== 'null';
  const hasEntryPoints = project.entryPoints.length > 0;
  if (!hasFile && !hasEntryPoints) sink.error(at, "A Databricks Spark job needs either `python_file` or `entry_points`: MLflow's loader fails.", DiagnosticCode.DatabricksSparkJob);
  if (hasFile && hasEntryPoints) sink.error(at, "A Databricks Spark job takes `python_file` or `entry_points`, not both: MLflow's loader fails.", DiagnosticCode.DatabricksSparkJob);
  for (const key of ['docker_env', 'python_env', 'conda_env']) {
    const other = findPair(root, key);
    if (other) sink.error(keySpan(other)!, `A Databricks Spark job does not support \`${key}\`: MLflow's loader fails.`, DiagnosticCode.DatabricksSparkJob);
  }
  for (const parameter of project.entryPoints.flatMap((entry) => entry.parameters)) {
    if (parameter.type === 'path') sink.error(spanOf(parameter.typeNode) ?? parameter.keySpan, "A Databricks Spark job does not support `path` parameters: MLflow's loader fails.", DiagnosticCode.DatabricksSparkJob);
  }
}

function checkCommand(entryPoint: EntryPoint, sink: DiagnosticSink): void {
  const { command, scan } = entryPoint;
  if (!command || !scan) return;
  for (const problem of scan.problems) {
    const code = problem.kind === 'brace' ? DiagnosticCode.UnbalancedBrace : DiagnosticCode.BadPlaceholder;
    sink.error(command.sourceRange(problem.start, problem.end), problem.message, code);
  }
  const declared = new Set(entryPoint.parameters.map((parameter) => parameter.name));
  for (const field of scan.fields) {
    const fieldSpan = command.sourceRange(field.start, field.end);
    if (field.name === '' || /^\d+$/.test(field.name)) {
      sink.error(fieldSpan, `\`${command.value.slice(field.start, field.end)}\` is positional, but MLflow fills placeholders by parameter name: write \`{name}\` (IndexError in str.format).`, DiagnosticCode.BadPlaceholder);
    } else if (!declared.has(field.name)) {
      const data: UndeclaredParameterData = { entryPoint: entryPoint.name, parameter: field.name };
      sink.error(
        command.sourceRange(field.nameStart, field.nameEnd),
        `\`${field.name}\` is not a parameter of entry point \`${entryPoint.name}\`: \`mlflow run\` fails (KeyError: '${field.name}'). Declare it under \`parameters\`, or write \`{{${field.name}}}\` for literal braces.`,
        DiagnosticCode.UndeclaredParameter,
        data,
      );
    } else if (field.accessors) {
      sink.warning(fieldSpan, `\`${field.accessors}\` applies to the quoted string MLflow substitutes for \`${field.name}\`, not to a number or object.`, DiagnosticCode.BadPlaceholder);
    }
  }
  const unbalanced = scan.problems.some((problem) => problem.kind === 'brace');
  if (unbalanced) return;
  const used = new Set(scan.fields.map((field) => field.name));
  for (const parameter of entryPoint.parameters) {
    if (used.has(parameter.name)) continue;
    const required = parameter.default === undefined ? ' `mlflow run` still requires a value for it (it has no default).' : '';
    sink.add('hint', parameter.keySpan, `Parameter \`${parameter.name}\` is not used in the command.${required}`, DiagnosticCode.UnusedParameter, { unnecessary: true });
  }
}

const TYPE_SYNONYMS: Record<string, string> = { integer: 'int', long: 'int', str: 'string', text: 'string', double: 'float', number: 'float', file: 'path', dir: 'path', url: 'uri' };

function checkParameter(text: string, parameter: Parameter, sink: DiagnosticSink): void {
  const { type, typeNode } = parameter;
  const typeAt = spanOf(typeNode) ?? parameter.keySpan;
  if (stringValue(typeNode) !== undefined && !Object.hasOwn(PARAMETER_TYPES, type)) {
    const suggestion = TYPE_SYNONYMS[type.toLowerCase()] ?? closest(type, Object.keys(PARAMETER_TYPES));
    const data: UnknownParameterTypeData = { suggestion };
    const hint = suggestion ? ` Did you mean \`${suggestion}\`?` : '';
    sink.warning(typeAt, `Unknown parameter type \`${type}\`: MLflow treats it as \`string\`.${hint} Types: string, float, int, path, uri.`, DiagnosticCode.UnknownParameterType, data);
  }
  const node = parameter.default;
  if (!node || kindOf(node) === 'alias') return;
  const at = spanOf(node)!;
  const shown = defaultText(text, node);
  if (type === 'float' && (shown === undefined || !isPythonFloat(shown))) {
    sink.warning(at, `The default of \`${parameter.name}\` is not a float: a script reading it with float() fails.`, DiagnosticCode.InvalidDefault);
  } else if (type === 'int' && (shown === undefined || !isPythonInt(shown))) {
    sink.warning(at, `The default of \`${parameter.name}\` is not an integer: a script reading it with int() fails.`, DiagnosticCode.InvalidDefault);
  } else if (type === 'uri' && (typeof stringOf(node) !== 'string' || uriScheme(stringOf(node)!) === '')) {
    sink.error(at, `The default of \`${parameter.name}\` has no URI scheme (like \`s3://\` or \`file://\`): \`mlflow run\` without \`-P ${parameter.name}=…\` fails (Expected URI for parameter ${parameter.name}).`, DiagnosticCode.InvalidDefault);
  } else if (type === 'path' && typeof stringOf(node) !== 'string') {
    sink.error(at, `The default of \`${parameter.name}\` must be a path string: \`mlflow run\` fails on it.`, DiagnosticCode.InvalidDefault);
  }
}

const stringOf = (node: Node) => (isScalar(node) && typeof node.value === 'string' ? node.value : undefined);

/** The default as Python's str() shows it to the script (numbers as written, booleans True/False). */
function defaultText(text: string, node: Node): string | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'string') return node.value;
  if (typeof node.value === 'boolean') return node.value ? 'True' : 'False';
  if (typeof node.value === 'number' && node.range) {
    const source = text.slice(node.range[0], node.range[1]);
    return /^[-+]?0[xo][0-9a-f]+$/i.test(source) && Number.isInteger(node.value) ? String(node.value) : source;
  }
  return undefined;
}

