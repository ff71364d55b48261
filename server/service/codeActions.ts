// Quick fixes for the diagnostics that carry enough to repair: declare a missing parameter,
// keep one environment key, create a missing env file, correct an unknown parameter type.
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { isMap, type YAMLMap } from 'yaml';
import {
  DIAGNOSTIC_SOURCE,
  DiagnosticCode,
  type MissingEnvFileData,
  type MultipleEnvironmentsData,
  type UndeclaredParameterData,
  type UnknownParameterTypeData,
} from '../protocol';
import type { Analysis } from './analysis';
import type { Span } from './diagnostics';
import type { EntryPoint } from './mlproject/project';
import { keyName, keySpan, spanOf, stringValue, valueOf, type YamlPair } from './yaml';

export function codeActions(analysis: Analysis, diagnostics: Diagnostic[]): CodeAction[] {
  if (analysis.kind !== 'mlproject') return [];
  return diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE).flatMap((diagnostic) => {
    switch (diagnostic.code) {
      case DiagnosticCode.UndeclaredParameter:
        return declareParameter(analysis, diagnostic);
      case DiagnosticCode.MultipleEnvironments:
        return keepOneEnvironment(analysis, diagnostic);
      case DiagnosticCode.MissingEnvFile:
        return createEnvFile(analysis, diagnostic);
      case DiagnosticCode.UnknownParameterType:
        return replaceType(analysis, diagnostic);
      default:
        return [];
    }
  });
}

const fix = (title: string, diagnostic: Diagnostic, edit: WorkspaceEdit, preferred = false): CodeAction => ({
  title,
  kind: CodeActionKind.QuickFix,
  diagnostics: [diagnostic],
  isPreferred: preferred || undefined,
  edit,
});

const lineStartOf = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
const lineEndOf = (text: string, offset: number) => {
  const end = text.indexOf('\n', offset);
  return end < 0 ? text.length : end;
};
const columnOf = (text: string, offset: number) => offset - lineStartOf(text, offset);

function declareParameter(analysis: Analysis, diagnostic: Diagnostic): CodeAction[] {
  const data = diagnostic.data as UndeclaredParameterData | undefined;
  const entryPoint = analysis.project.entryPoints.find((e) => e.name === data?.entryPoint);
  if (!data || !entryPoint) return [];
  const edit = parameterInsertion(analysis, entryPoint, `${data.parameter}: string`);
  if (!edit) return [];
  return [fix(`Declare parameter '${data.parameter}' in entry point '${entryPoint.name}'`, diagnostic, { changes: { [analysis.document.uri]: [edit] } }, true)];
}

function parameterInsertion(analysis: Analysis, entryPoint: EntryPoint, declaration: string): TextEdit | undefined {
  const { text } = analysis;
  const insert = (offset: number, newText: string): TextEdit => ({ range: analysis.range([offset, offset]), newText });
  const parameters = entryPoint.parametersPair?.value;
  if (isMap(parameters) && (parameters as YAMLMap).flow) {
    const span = spanOf(parameters)!;
    return insert(span[1] - 1, parameters.items.length ? `, ${declaration}` : declaration);
  }
  if (isMap(parameters) && parameters.items.length) {
    const last = parameters.items[parameters.items.length - 1] as YamlPair;
    const firstKey = keySpan(parameters.items[0] as YamlPair)!;
    const end = spanOf(last.value)?.[1] ?? keySpan(last)![1];
    return insert(lineEndOf(text, end), `\n${' '.repeat(columnOf(text, firstKey[0]))}${declaration}`);
  }
  const entryMap = entryPoint.pair.value;
  if (!isMap(entryMap) || (entryMap as YAMLMap).flow) return undefined;
  const keyColumn = columnOf(text, keySpan(entryMap.items[0] as YamlPair)![0]);
  const unit = Math.max(2, keyColumn - columnOf(text, entryPoint.keySpan[0]));
  if (entryPoint.parametersPair) {
    return insert(lineEndOf(text, keySpan(entryPoint.parametersPair)![1]), `\n${' '.repeat(keyColumn + unit)}${declaration}`);
  }
  const anchor = lineStartOf(text, keySpan(entryMap.items[0] as YamlPair)![0]);
  return insert(anchor, `${' '.repeat(keyColumn)}parameters:\n${' '.repeat(keyColumn + unit)}${declaration}\n`);
}

/** The lines a top-level pair occupies, to delete it whole. */
function pairLines(text: string, pair: YamlPair): Span | undefined {
  const key = keySpan(pair);
  if (!key) return undefined;
  const end = spanOf(pair.value)?.[1] ?? key[1];
  const lineEnd = lineEndOf(text, Math.max(key[1], end - 1));
  return [lineStartOf(text, key[0]), Math.min(text.length, lineEnd + 1)];
}

function keepOneEnvironment(analysis: Analysis, diagnostic: Diagnostic): CodeAction[] {
  const data = diagnostic.data as MultipleEnvironmentsData | undefined;
  if (!data) return [];
  const pairs = analysis.project.environments;
  return data.keys.flatMap((keep) => {
    const edits = pairs
      .filter((pair) => keyName(pair) !== keep)
      .flatMap((pair) => {
        const lines = pairLines(analysis.text, pair);
        return lines ? [{ range: analysis.range(lines), newText: '' }] : [];
      });
    const removed = data.keys.filter((k) => k !== keep).join(', ');
    return edits.length ? [fix(`Keep only ${keep} (remove ${removed})`, diagnostic, { changes: { [analysis.document.uri]: edits } })] : [];
  });
}

const ENV_TEMPLATES: Record<MissingEnvFileData['key'], (name: string) => string> = {
  python_env: () => 'python: "3.11"\nbuild_dependencies:\n  - pip\ndependencies:\n  - mlflow\n',
  conda_env: (name) => `name: ${name}\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.11\n  - pip\n  - pip:\n      - mlflow\n`,
};

function createEnvFile(analysis: Analysis, diagnostic: Diagnostic): CodeAction[] {
  const data = diagnostic.data as MissingEnvFileData | undefined;
  if (!data || !(data.key in ENV_TEMPLATES)) return [];
  const projectName = stringValue(valueOf(analysis.root, 'name')) ?? 'mlflow-env';
  const file = data.uri.slice(data.uri.lastIndexOf('/') + 1);
  const edit: WorkspaceEdit = {
    documentChanges: [
      { kind: 'create', uri: data.uri, options: { ignoreIfExists: true } },
      { textDocument: { uri: data.uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: ENV_TEMPLATES[data.key](projectName) }] },
    ],
  };
  return [fix(`Create ${safeDecode(file)}`, diagnostic, edit, true)];
}

function replaceType(analysis: Analysis, diagnostic: Diagnostic): CodeAction[] {
  const suggestion = (diagnostic.data as UnknownParameterTypeData | undefined)?.suggestion;
  if (!suggestion) return [];
  return [fix(`Change the type to '${suggestion}'`, diagnostic, { changes: { [analysis.document.uri]: [{ range: diagnostic.range, newText: suggestion }] } }, true)];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
