// Go to definition: `{alpha}` → its declaration; env files, `path` defaults, the script a command
// runs and the files an MLmodel names → the file.
import type { Location } from 'vscode-languageserver';
import type { Analysis } from './analysis';
import { fileUri, resolveIn, type FileSystem } from './fileSystem';
import { modelFileReferences } from './mlmodel/validate';
import { scriptReferences } from './mlproject/command';
import { commandAt, fieldAt } from './mlproject/project';
import { localPath } from '../../src/mlflow/project/values';
import { locate, spanOf, stringValue } from './yaml';

const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export async function definition(analysis: Analysis, offset: number, fs: FileSystem): Promise<Location[] | null> {
  const target = analysis.kind === 'mlproject' ? projectTarget(analysis, offset) : modelTarget(analysis, offset);
  if (!target) return null;
  if ('range' in target) return [target];
  if (!analysis.folder) return null;
  const absolute = resolveIn(analysis.folder, target.path);
  return (await fs.stat(absolute)) === 'file' ? [{ uri: fileUri(absolute), range: START }] : null;
}

type Target = Location | { path: string };

function projectTarget(analysis: Analysis, offset: number): Target | undefined {
  const inCommand = commandAt(analysis.project, offset);
  if (inCommand) {
    const { entryPoint, command, scan, index } = inCommand;
    if (index === undefined) return undefined;
    const field = fieldAt(scan, index);
    if (field) {
      const parameter = entryPoint.parameters.find((p) => p.name === field.name);
      return parameter && { uri: analysis.document.uri, range: analysis.range(parameter.keySpan) };
    }
    const script = scriptReferences(command.value).find((s) => s.start <= index && index <= s.end);
    return script && { path: script.path };
  }
  const located = locate(analysis.root, offset);
  const value = stringValue(located?.node);
  if (!located || located.part !== 'value' || value === undefined) return undefined;
  const path = located.path;
  if (path.length === 1 && (path[0] === 'python_env' || path[0] === 'conda_env')) return { path: value };
  if (path.length === 5 && path[0] === 'entry_points' && path[2] === 'parameters' && path[4] === 'default') {
    const parameter = analysis.project.entryPoints.find((e) => e.name === path[1])?.parameters.find((p) => p.name === path[3]);
    const local = parameter?.type === 'path' ? localPath(value) : undefined;
    return local === undefined ? undefined : { path: local };
  }
  return undefined;
}

function modelTarget(analysis: Analysis, offset: number): Target | undefined {
  const reference = modelFileReferences(analysis.root).find(({ node }) => {
    const span = spanOf(node);
    return span && span[0] <= offset && offset <= span[1];
  });
  return reference && { path: reference.path };
}
