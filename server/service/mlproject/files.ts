// MLproject checks that need the disk: environment files, `path` defaults and the scripts the
// commands run, all relative to the MLproject's folder (where `mlflow run .` runs).
import { DiagnosticCode, type MissingEnvFileData } from '../../protocol';
import type { Analysis } from '../analysis';
import type { DiagnosticSink } from '../diagnostics';
import { fileUri, resolveIn, type FileSystem } from '../fileSystem';
import { ScalarText } from '../scalarText';
import { findPair, spanOf, stringValue } from '../yaml';
import { scriptReferences } from './command';
import { localPath } from '../../../src/mlflow/project/values';

const INTERPRETERS = /(?:^|[\s;&|(])(?:python[\d.]*|bash|sh|zsh|Rscript|source)\s+(?:-\S+\s+)*$/;

export async function checkProjectFiles(analysis: Analysis, fs: FileSystem, sink: DiagnosticSink): Promise<void> {
  const folder = analysis.folder;
  if (!folder) return;
  const checks: Promise<void>[] = [];
  for (const key of ['python_env', 'conda_env'] as const) {
    const value = findPair(analysis.root, key)?.value;
    const file = stringValue(value);
    if (!file) continue;
    checks.push(
      fs.stat(resolveIn(folder, file)).then((type) => {
        if (type === 'file') return;
        const data: MissingEnvFileData = { key, uri: fileUri(resolveIn(folder, file)) };
        const what = key === 'python_env' ? 'python_env file' : 'conda environment file';
        const problem = type === 'directory' ? 'is a folder, not a file' : 'does not exist next to this MLproject';
        sink.error(spanOf(value)!, `\`${file}\` ${problem}: MLflow's loader fails (Project specified ${what} ${file}, but no such file was found).`, DiagnosticCode.MissingEnvFile, data);
      }),
    );
  }
  for (const entryPoint of analysis.project.entryPoints) {
    for (const parameter of entryPoint.parameters) {
      const value = stringValue(parameter.default);
      const local = value === undefined || parameter.type !== 'path' ? undefined : localPath(value);
      if (local === undefined) continue;
      checks.push(
        fs.stat(resolveIn(folder, local)).then((type) => {
          if (type) return;
          sink.error(
            spanOf(parameter.default)!,
            `\`${value}\` does not exist (relative to this MLproject's folder): \`mlflow run\` without \`-P ${parameter.name}=…\` fails (no such file or directory).`,
            DiagnosticCode.MissingFile,
          );
        }),
      );
    }
    const command = entryPoint.command;
    if (command) for (const script of runScripts(command)) checks.push(checkScript(fs, folder, command, script, sink));
  }
  await Promise.all(checks);
}

function runScripts(command: ScalarText) {
  return scriptReferences(command.value).filter((script) => INTERPRETERS.test(command.value.slice(0, script.start)));
}

async function checkScript(fs: FileSystem, folder: string, command: ScalarText, script: { start: number; end: number; path: string }, sink: DiagnosticSink): Promise<void> {
  if ((await fs.stat(resolveIn(folder, script.path))) === 'file') return;
  sink.warning(command.sourceRange(script.start, script.end), `\`${script.path}\` does not exist next to this MLproject: the command will fail when it runs.`, DiagnosticCode.MissingFile);
}
