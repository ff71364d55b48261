// What makes an MLmodel fail to load or serve (mlflow/models/model.py, mlflow/pyfunc), beyond the
// table-driven structure checks: flavors, the signature's JSON, timestamps and ids, and the files
// the MLmodel points to (relative to its folder).
import { isMap, type Node } from 'yaml';
import { DiagnosticCode } from '../../protocol';
import type { Analysis } from '../analysis';
import type { DiagnosticSink } from '../diagnostics';
import { resolveIn, type FileSystem } from '../fileSystem';
import { ScalarText } from '../scalarText';
import { findPair, keySpan, pairsOf, spanOf, stringValue, valueOf } from '../yaml';
import type { SignatureChecks, SignatureKind } from './signature';

const SIGNATURE_PARTS: Record<string, SignatureKind> = { inputs: 'schema', outputs: 'schema', params: 'params' };

export function validateModel(analysis: Analysis, sink: DiagnosticSink, signatures: SignatureChecks): void {
  const { root, text } = analysis;
  const flavors = findPair(root, 'flavors');
  if (flavors && isMap(flavors.value) && flavors.value.items.length === 0) {
    sink.error(keySpan(flavors)!, 'No flavors: MLflow cannot load this model (add `python_function` or a framework flavor).', DiagnosticCode.MissingKey);
  }
  const signature = valueOf(root, 'signature');
  for (const [part, kind] of Object.entries(SIGNATURE_PARTS)) {
    const json = ScalarText.of(text, valueOf(signature, part));
    if (!json || json.value.trim() === '') continue;
    for (const problem of signatures.check(json.value, kind)) {
      sink.error(json.sourceRange(problem.start, problem.end), `signature.${part}: ${problem.message}`, DiagnosticCode.InvalidSignature);
    }
  }
  const created = valueOf(root, 'utc_time_created');
  if (stringValue(created) !== undefined && !isUtcTime(stringValue(created)!)) {
    sink.warning(spanOf(created)!, 'Not a UTC time as MLflow writes it: `YYYY-MM-DD HH:MM:SS.ffffff`.', DiagnosticCode.MalformedValue);
  }
  const uuid = valueOf(root, 'model_uuid');
  if (stringValue(uuid) !== undefined && !/^(?:m-)?[0-9a-f]{32}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(stringValue(uuid)!)) {
    sink.warning(spanOf(uuid)!, 'Not a model id as MLflow writes it: 32 hex digits (MLflow 3: `m-` and 32 hex digits).', DiagnosticCode.MalformedValue);
  }
}

function isUtcTime(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?$/.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
}

/** The files an MLmodel names, with what fails when one is missing. */
export function modelFileReferences(root: unknown): { node: Node; path: string; consequence: string }[] {
  const references: { node: Node; path: string; consequence: string }[] = [];
  const add = (node: Node | undefined, consequence: string) => {
    const path = stringValue(node);
    if (node && path) references.push({ node, path, consequence });
  };
  const example = valueOf(root, 'saved_input_example_info');
  add(valueOf(example, 'artifact_path'), 'loading the input example fails');
  add(valueOf(example, 'serving_input_path'), 'the serving input example cannot be read');
  const env = valueOf(valueOf(valueOf(root, 'flavors'), 'python_function'), 'env');
  if (isMap(env)) for (const pair of pairsOf(env)) add(pair.value as Node, 'MLflow cannot recreate the model environment (serving fails)');
  else add(env, 'MLflow cannot recreate the model environment (serving fails)');
  return references;
}

export async function checkModelFiles(analysis: Analysis, fs: FileSystem, sink: DiagnosticSink): Promise<void> {
  const folder = analysis.folder;
  if (!folder) return;
  await Promise.all(
    modelFileReferences(analysis.root).map(async ({ node, path, consequence }) => {
      if ((await fs.stat(resolveIn(folder, path))) === 'file') return;
      sink.error(spanOf(node)!, `\`${path}\` does not exist next to this MLmodel: ${consequence}.`, DiagnosticCode.MissingFile);
    }),
  );
}
