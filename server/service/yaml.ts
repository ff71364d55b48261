// Small helpers over the `yaml` package's AST, with the semantics of PyYAML's safe_load where
// MLflow's behaviour depends on them (a repeated key: the last one wins).
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';

export type YamlPair = Pair<unknown, unknown>;

/** Parses with positions kept on every node; duplicate keys are reported by us, as warnings. */
export function parseYaml(text: string): Document.Parsed {
  return parseDocument(text, { uniqueKeys: false, prettyErrors: false });
}

export type NodeKind = 'null' | 'mapping' | 'sequence' | 'string' | 'number' | 'boolean' | 'alias' | 'other';

export function kindOf(node: unknown): NodeKind {
  if (node === null || node === undefined) return 'null';
  if (isMap(node)) return 'mapping';
  if (isSeq(node)) return 'sequence';
  if (isAlias(node)) return 'alias';
  if (isScalar(node)) {
    const value = node.value;
    if (value === null || value === undefined) return 'null';
    if (typeof value === 'string') return 'string';
    if (typeof value === 'number' || typeof value === 'bigint') return 'number';
    if (typeof value === 'boolean') return 'boolean';
  }
  return 'other';
}

export function keyName(pair: YamlPair): string | undefined {
  const key = pair.key;
  if (!isScalar(key) || key.value === null || key.value === undefined) return undefined;
  return String(key.value);
}

export function pairsOf(node: unknown): YamlPair[] {
  return isMap(node) ? (node as YAMLMap<unknown, unknown>).items : [];
}

/** The pair MLflow sees for `name` (the last one when the key is repeated). */
export function findPair(node: unknown, name: string): YamlPair | undefined {
  let found: YamlPair | undefined;
  for (const pair of pairsOf(node)) if (keyName(pair) === name) found = pair;
  return found;
}

export function valueOf(node: unknown, name: string): Node | undefined {
  const value = findPair(node, name)?.value;
  return value === null || value === undefined ? undefined : (value as Node);
}

/** Source span [start, end) of a node's value text, if it has one. */
export function spanOf(node: unknown): [number, number] | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? [range[0], range[1]] : undefined;
}

/** Span of a key, or of its pair's value when the key has none (e.g. `? `). */
export function keySpan(pair: YamlPair): [number, number] | undefined {
  return spanOf(pair.key) ?? spanOf(pair.value);
}

/** From the key's start to the value's end. */
export function pairSpan(pair: YamlPair): [number, number] | undefined {
  const key = spanOf(pair.key);
  const value = spanOf(pair.value);
  if (!key) return value;
  return value && value[1] > key[1] ? [key[0], value[1]] : key;
}

export function stringValue(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

export interface Located {
  /** Keys (and sequence indexes) from the root to the node at the offset. */
  readonly path: (string | number)[];
  /** Whether the offset is on a key, or on a value / sequence item. */
  readonly part: 'key' | 'value';
  readonly pair?: YamlPair;
  readonly node?: Node;
}

const within = (span: [number, number] | undefined, offset: number) => !!span && span[0] <= offset && offset <= span[1];

/** The innermost key or value at `offset` (an offset at a token's end still counts as on it). */
export function locate(root: unknown, offset: number): Located | undefined {
  let node: unknown = root;
  const path: (string | number)[] = [];
  let result: Located | undefined;
  for (;;) {
    if (isMap(node)) {
      const pair = (node as YAMLMap<unknown, unknown>).items.find((p) => within(keySpan(p), offset) || within(spanOf(p.value), offset));
      if (!pair) return result;
      const name = keyName(pair) ?? '';
      if (within(spanOf(pair.key), offset)) return { path: [...path, name], part: 'key', pair, node: pair.key as Node };
      path.push(name);
      result = { path: [...path], part: 'value', pair, node: pair.value as Node };
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => within(spanOf(isPair(item) ? item.key : item), offset));
      if (index < 0) return result;
      path.push(index);
      node = node.items[index];
      result = { path: [...path], part: 'value', node: node as Node };
    } else {
      return result;
    }
  }
}
