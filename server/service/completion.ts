// Completions: keys valid at the cursor (from the key tables), parameter types and other
// documented values, env files next to the MLproject, `{parameter}` names in commands, and type
// names inside the signature's JSON strings.
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList } from 'vscode-languageserver';
import type { Analysis } from './analysis';
import { cursorContext, type CursorContext } from './cursorContext';
import { resolveIn, type FileSystem } from './fileSystem';
import { specAt, type KeySpec } from './keys/types';
import { COMPOSITE_TYPES, DATA_TYPES, DTYPES, TENSOR_TYPE } from './mlmodel/signature';
import { describeParameter } from './mlproject/describe';
import { commandAt, type EntryPoint } from './mlproject/project';
import { ScalarText } from './scalarText';
import { kindsOf } from './structure';
import { locate } from './yaml';

const EMPTY: CompletionList = { isIncomplete: false, items: [] };
const list = (items: CompletionItem[]): CompletionList => ({ isIncomplete: false, items });

export async function complete(analysis: Analysis, offset: number, fs: FileSystem): Promise<CompletionList> {
  const inCommand = analysis.kind === 'mlproject' ? commandAt(analysis.project, offset) : undefined;
  if (inCommand?.index !== undefined) return list(placeholderItems(analysis, inCommand.entryPoint, inCommand.command.value.slice(0, inCommand.index), offset));
  if (analysis.kind === 'mlmodel') {
    const json = signatureCompletions(analysis, offset);
    if (json) return list(json);
  }
  const context = cursorContext(analysis.text, offset);
  if (!context) return EMPTY;
  if (context.kind === 'value') {
    const [first, entryPoint, last] = [context.path[0], context.path[1], context.path.at(-1)];
    if (analysis.kind === 'mlproject' && first === 'entry_points' && last === 'command' && context.path.length === 3) {
      const found = analysis.project.entryPoints.find((entry) => entry.name === entryPoint);
      return list(found ? placeholderItems(analysis, found, context.valueBefore, offset) : []);
    }
    return list(await valueItems(analysis, context, fs));
  }
  return list(keyItems(analysis, context));
}

function placeholderItems(analysis: Analysis, entryPoint: EntryPoint, before: string, offset: number): CompletionItem[] {
  const open = /(\{+)([A-Za-z_]\w*)?$/.exec(before);
  if (!open || open[1].length % 2 === 0) return [];
  const typed = open[2] ?? '';
  const closed = analysis.text[offset] === '}';
  const range = analysis.range([offset - typed.length, offset]);
  return entryPoint.parameters.map((parameter, index) => ({
    label: parameter.name,
    kind: CompletionItemKind.Variable,
    sortText: String(index).padStart(4, '0'), // in declaration order
    detail: describeParameter(analysis.text, parameter),
    documentation: { kind: MarkupKind.Markdown, value: `Parameter of entry point \`${entryPoint.name}\`, substituted shell-quoted.` },
    textEdit: { range, newText: closed ? parameter.name : `${parameter.name}}` },
  }));
}

function signatureCompletions(analysis: Analysis, offset: number): CompletionItem[] | undefined {
  const located = locate(analysis.root, offset);
  const [first, part] = located?.path ?? [];
  if (first !== 'signature' || located?.part !== 'value' || located.path.length !== 2) return undefined;
  const json = ScalarText.of(analysis.text, located.node);
  const index = json?.valueIndexAt(offset);
  if (!json || index === undefined) return [];
  const match = /"(type|dtype)"\s*:\s*("?)([\w[\]-]*)$/.exec(json.value.slice(0, index));
  if (!match) return [];
  const [, key, quote, typed] = match;
  const names: Record<string, string> =
    key === 'dtype'
      ? Object.fromEntries(DTYPES.map((dtype) => [dtype, 'numpy dtype']))
      : part === 'params'
        ? { ...Object.fromEntries(Object.entries(DATA_TYPES).filter(([name]) => name !== 'binary')), object: COMPOSITE_TYPES.object }
        : { ...DATA_TYPES, ...COMPOSITE_TYPES, ...TENSOR_TYPE };
  const range = analysis.range(json.sourceRange(index - typed.length, index));
  return Object.entries(names).map(([name, doc]) => ({
    label: name,
    kind: CompletionItemKind.TypeParameter,
    detail: doc,
    textEdit: { range, newText: quote ? name : `"${name}"` },
  }));
}

async function valueItems(analysis: Analysis, context: CursorContext, fs: FileSystem): Promise<CompletionItem[]> {
  const spec = specAt(analysis.schema, context.path);
  if (!spec) return [];
  const range = analysis.range(context.replace);
  if (spec.complete === 'envFile') return envFileItems(analysis, context.path.at(-1)!, fs, range);
  return Object.entries(spec.values ?? {}).map(([value, doc]) => ({
    label: value,
    kind: CompletionItemKind.EnumMember,
    documentation: { kind: MarkupKind.Markdown, value: doc },
    textEdit: { range, newText: value },
  }));
}

async function envFileItems(analysis: Analysis, key: string, fs: FileSystem, range: ReturnType<Analysis['range']>): Promise<CompletionItem[]> {
  if (!analysis.folder) return [];
  const preferred = key === 'python_env' ? 'python_env' : 'conda';
  const entries = await fs.readDirectory(resolveIn(analysis.folder, '.'));
  return entries
    .filter(([name, type]) => type === 'file' && /\.ya?ml$/i.test(name))
    .map(([name]) => ({
      label: name,
      kind: CompletionItemKind.File,
      sortText: `${name.startsWith(preferred) ? 0 : 1}${name}`,
      textEdit: { range, newText: name },
    }));
}

function keyItems(analysis: Analysis, context: CursorContext): CompletionItem[] {
  const parent = specAt(analysis.schema, context.path);
  if (!parent) return [];
  const range = analysis.range(context.replace);
  const items: CompletionItem[] = [];
  const add = (name: string, spec: KeySpec, detail?: string) => {
    if (context.siblings.has(name)) return;
    items.push({
      label: name,
      kind: CompletionItemKind.Property,
      detail,
      sortText: `${spec.required ? 0 : 1}${name}`,
      documentation: { kind: MarkupKind.Markdown, value: spec.doc },
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: keySnippet(name, spec, context) },
    });
  };
  for (const [name, spec] of Object.entries(parent.keys ?? {})) add(name, spec);
  const entries = parent.entries;
  for (const [name, spec] of Object.entries(entries?.known ?? {})) add(name, spec, entries!.label);
  if (entries?.snippet && !context.flow && !context.keyFollowed) {
    items.push({
      label: `new ${entries.label}`,
      kind: CompletionItemKind.Snippet,
      sortText: '2',
      filterText: context.replace[0] === context.replace[1] ? undefined : analysis.text.slice(...context.replace),
      documentation: { kind: MarkupKind.Markdown, value: entries.spec.doc },
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: entries.snippet },
    });
  }
  return items;
}

const escapeChoice = (value: string) => value.replace(/[|,$}\\]/g, '\\$&');

function keySnippet(name: string, spec: KeySpec, context: CursorContext): string {
  if (context.keyFollowed) return name;
  const choices = spec.values ? `\${1|${Object.keys(spec.values).map(escapeChoice).join(',')}|}` : '$0';
  if (context.flow) return `${name}: ${choices}`;
  if (spec.snippet) return spec.snippet;
  const kind = kindsOf(spec)[0];
  if (kind === 'mapping') return `${name}:\n  $0`;
  if (kind === 'sequence') return `${name}:\n  - $0`;
  return `${name}: ${choices}`;
}
