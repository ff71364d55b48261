// Table-driven checks shared by both file kinds: value kinds, required keys, unknown and
// repeated keys. What is specific to MLflow's loaders lives in mlproject/ and mlmodel/.
import { isMap, isSeq } from 'yaml';
import { DiagnosticCode } from '../protocol';
import type { DiagnosticSink, Span } from './diagnostics';
import { childSpec, type FileSchema, type KeySpec, type ValueKind } from './keys/types';
import { keyName, keySpan, kindOf, pairsOf, spanOf, type NodeKind } from './yaml';
import { closest } from './words';

const KIND_NAMES: Record<ValueKind | NodeKind, string> = {
  mapping: 'a mapping',
  sequence: 'a list',
  string: 'a string',
  scalar: 'a single value',
  integer: 'an integer',
  boolean: 'true or false',
  any: 'any value',
  null: 'nothing',
  number: 'a number',
  alias: 'an alias',
  other: 'another kind of value',
};

function accepts(kind: ValueKind, node: unknown, found: NodeKind): boolean {
  switch (kind) {
    case 'any':
      return true;
    case 'scalar':
      return found === 'string' || found === 'number' || found === 'boolean';
    case 'integer':
      return found === 'number' && Number.isInteger(Number((node as { value: unknown }).value));
    default:
      return kind === found;
  }
}

export function kindsOf(spec: KeySpec): readonly ValueKind[] {
  return typeof spec.kind === 'string' ? [spec.kind] : spec.kind;
}

/** `fileAt`: where problems of the file as a whole are shown (a missing top-level key). */
export function checkStructure(root: unknown, schema: FileSchema, sink: DiagnosticSink, fileLabel: string, fileAt: Span): void {
  checkValue(root, schema.root, fileLabel, fileAt, schema, sink);
}

function checkValue(node: unknown, spec: KeySpec, label: string, keyAt: Span, schema: FileSchema, sink: DiagnosticSink): void {
  const found = kindOf(node);
  if (found === 'alias') return;
  if (found === 'null') {
    if (!spec.nullable && !kindsOf(spec).includes('any')) {
      const expected = kindsOf(spec).map((k) => KIND_NAMES[k]).join(' or ');
      report(sink, spec, keyAt, `${capitalize(label)} has no value; expected ${expected}${why(spec)}.`);
    }
    return;
  }
  if (!kindsOf(spec).some((kind) => accepts(kind, node, found))) {
    const expected = kindsOf(spec).map((k) => KIND_NAMES[k]).join(' or ');
    report(sink, spec, spanOf(node) ?? keyAt, `${capitalize(label)} must be ${expected}, not ${KIND_NAMES[found]}${why(spec)}.`);
    return;
  }
  // MLflow tests these with `if value:`, so an empty mapping counts as absent (`docker_env: {}`).
  if (isMap(node) && !(spec.nullable && node.items.length === 0)) checkMapping(node, spec, label, keyAt, schema, sink);
  else if (isSeq(node) && spec.items) {
    node.items.forEach((item, index) => checkValue(item, spec.items!, `item ${index + 1} of ${label}`, spanOf(item) ?? keyAt, schema, sink));
  }
}

function checkMapping(node: unknown, spec: KeySpec, label: string, keyAt: Span, schema: FileSchema, sink: DiagnosticSink): void {
  const seen = new Map<string, Span>();
  for (const pair of pairsOf(node)) {
    const name = keyName(pair);
    const at = keySpan(pair);
    if (name === undefined || !at) continue;
    if (seen.has(name)) sink.warning(seen.get(name)!, `\`${name}\` is repeated below; MLflow uses the last one.`, DiagnosticCode.DuplicateKey);
    seen.set(name, at);
    const child = childSpec(spec, name);
    if (child) {
      checkValue(pair.value, child.spec, child.label, at, schema, sink);
      continue;
    }
    const severity = spec.unknownKeys ?? schema.unknownKeys;
    if (severity === 'ignore' || !spec.keys) continue;
    const suggestion = closest(name, Object.keys(spec.keys));
    const hint = suggestion ? ` Did you mean \`${suggestion}\`?` : '';
    sink.add(severity, at, `Unknown key \`${name}\` in ${label}: MLflow ignores it.${hint}`, DiagnosticCode.UnknownKey);
  }
  for (const [name, child] of Object.entries(spec.keys ?? {})) {
    if (child.required && !seen.has(name)) {
      sink.error(keyAt, `${capitalize(label)} has no \`${name}\`: ${child.required}.`, DiagnosticCode.MissingKey);
    }
  }
}

function report(sink: DiagnosticSink, spec: KeySpec, span: Span, message: string): void {
  sink.add(spec.mismatch ?? 'error', span, message, DiagnosticCode.WrongType);
}

const why = (spec: KeySpec) => (spec.mismatchWhy ? `: ${spec.mismatchWhy}` : '');
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
