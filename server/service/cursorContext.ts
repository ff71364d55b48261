// Where the cursor is, read from the lines around it rather than from the YAML tree: while a
// key or value is being typed the tree is often incomplete, but the indentation above the cursor
// still tells which mapping it is in.

export interface CursorContext {
  /** Keys from the root to the mapping being typed in (`key`), or to the key whose value is typed (`value`). */
  readonly path: string[];
  readonly kind: 'key' | 'value';
  /** Inside a flow mapping (`{type: float, …}`) rather than a block. */
  readonly flow: boolean;
  /** The word under the cursor, to be replaced: [start, end). */
  readonly replace: [number, number];
  /** The text of the value from its start to the cursor (for `value`). */
  readonly valueBefore: string;
  /** Keys already present in the mapping being typed in. */
  readonly siblings: ReadonlySet<string>;
  /** A key is being edited that already has its `:` (complete the name only). */
  readonly keyFollowed: boolean;
}

interface LineInfo {
  /** Column of the key (after indentation and any `- `), or -1 for a blank or comment line. */
  readonly indent: number;
  /** The key written on the line (`key:`), if any. */
  readonly key?: string;
  /** What follows `key:` on the line, comments removed. */
  readonly rest?: string;
}

const KEY_LINE = /^(\s*(?:-\s+)*)((?:"[^"]*"|'[^']*'|[^\s#'"{[\]}:,][^#:]*?))\s*:(?:\s+(.*))?$/;

function readLine(text: string, start: number, end: number): LineInfo {
  const line = text.slice(start, end).replace(/\r$/, '');
  const content = /^(\s*(?:-\s+)*)(.*)$/s.exec(line)!;
  if (content[2] === '' || content[2].startsWith('#')) return { indent: -1 };
  const match = KEY_LINE.exec(stripComment(line));
  if (!match) return { indent: content[1].length };
  return { indent: match[1].length, key: unquote(match[2]), rest: (match[3] ?? '').trim() };
}

function stripComment(line: string): string {
  return line.replace(/(^|\s)#.*$/, '');
}

function lineStarts(text: string, from: number, step: -1 | 1, count: number): number[] {
  const starts: number[] = [];
  let position = from;
  while (starts.length < count) {
    if (step < 0) {
      if (position <= 0) break;
      position = text.lastIndexOf('\n', position - 2) + 1;
    } else {
      const next = text.indexOf('\n', position);
      if (next < 0) break;
      position = next + 1;
    }
    starts.push(position);
  }
  return starts;
}

const lineEnd = (text: string, start: number) => {
  const end = text.indexOf('\n', start);
  return end < 0 ? text.length : end;
};

/** How far up and down to look: MLproject/MLmodel mappings are short, files may not be. */
const SCAN_LINES = 400;

export function cursorContext(text: string, offset: number): CursorContext | undefined {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(start, offset);
  if (/(^|\s)#/.test(before.replace(/"[^"]*"|'[^']*'/g, ''))) return undefined;
  const wordAfter = /[\w.-]*/y;
  wordAfter.lastIndex = offset;
  const after = wordAfter.exec(text)![0];
  const word = /[\w.-]*$/.exec(before)![0];
  const replace: [number, number] = [offset - word.length, offset + after.length];
  const keyed = KEY_LINE.exec(before);
  if (keyed) {
    const level = keyed[1].length;
    const parent = parentPath(text, start, level);
    if (!parent) return undefined;
    const path = [...parent, unquote(keyed[2])];
    const valueBefore = keyed[3] ?? '';
    const flowKey = flowContext(valueBefore);
    if (flowKey === undefined) return { path, kind: 'value', flow: false, replace, valueBefore, siblings: new Set(), keyFollowed: false };
    if (flowKey !== '') return { path: [...path, flowKey], kind: 'value', flow: true, replace, valueBefore, siblings: new Set(), keyFollowed: false };
    return { path, kind: 'key', flow: true, replace, valueBefore, siblings: flowSiblings(valueBefore), keyFollowed: false };
  }
  const level = /^\s*(?:-\s+)*/.exec(before)![0].length;
  const block = blockScalarOwner(text, start, level);
  if (block) return { path: block, kind: 'value', flow: false, replace, valueBefore: before.trimStart(), siblings: new Set(), keyFollowed: false };
  if (before.slice(level) !== word) return undefined;
  const parent = parentPath(text, start, level);
  if (!parent) return undefined;
  const keyFollowed = /^\s*:/.test(text.slice(replace[1], lineEnd(text, replace[1])));
  return { path: parent, kind: 'key', flow: false, replace, valueBefore: '', siblings: siblingKeys(text, start, level), keyFollowed };
}

const unquote = (key: string) => key.replace(/^(["'])(.*)\1$/, '$2');
const opensMapping = (rest: string | undefined) => !rest || /^[&!]\S*$/.test(rest);

/** Keys of the mappings enclosing a line whose key is at column `level`, outermost first. */
function parentPath(text: string, lineStart: number, level: number): string[] | undefined {
  const path: string[] = [];
  let limit = level;
  for (const start of lineStarts(text, lineStart, -1, SCAN_LINES)) {
    if (limit === 0) break;
    const line = readLine(text, start, lineEnd(text, start));
    if (line.indent < 0 || line.indent >= limit) continue;
    if (line.key === undefined || !opensMapping(line.rest)) return undefined;
    path.push(line.key);
    limit = line.indent;
  }
  return path.reverse();
}

/** The key path of a block scalar (`command: |`) the line at `level` is a content line of. */
function blockScalarOwner(text: string, lineStart: number, level: number): string[] | undefined {
  for (const start of lineStarts(text, lineStart, -1, SCAN_LINES)) {
    const line = readLine(text, start, lineEnd(text, start));
    if (line.indent < 0) continue;
    if (line.indent >= level && level > 0 && line.key === undefined) continue;
    if (line.key !== undefined && line.indent < level && /^[|>][-+0-9]*$/.test(line.rest ?? '')) {
      const parent = parentPath(text, start, line.indent);
      return parent && [...parent, line.key];
    }
    if (line.indent < level || line.key !== undefined) return undefined;
  }
  return undefined;
}

/** Keys already written at column `level` in the same mapping, above and below the line. */
function siblingKeys(text: string, lineStart: number, level: number): Set<string> {
  const keys = new Set<string>();
  for (const step of [-1, 1] as const) {
    for (const start of lineStarts(text, lineStart, step, SCAN_LINES)) {
      const line = readLine(text, start, lineEnd(text, start));
      if (line.indent < 0 || line.indent > level) continue;
      if (line.indent < level) break;
      if (line.key !== undefined) keys.add(line.key);
    }
  }
  return keys;
}

/** In a flow mapping still open at the cursor: '' for a key position, else the key whose value is typed. */
function flowContext(valueBefore: string): string | undefined {
  if (!valueBefore.startsWith('{')) return undefined;
  let depth = 0;
  let segmentStart = -1;
  for (let i = 0; i < valueBefore.length; i++) {
    const c = valueBefore[i];
    if (c === '{') {
      depth++;
      segmentStart = i + 1;
    } else if (c === '}') {
      depth--;
    } else if (c === ',' && depth === 1) {
      segmentStart = i + 1;
    }
  }
  if (depth !== 1 || segmentStart < 0) return undefined;
  const segment = valueBefore.slice(segmentStart);
  const colon = segment.indexOf(':');
  return colon < 0 ? '' : segment.slice(0, colon).trim();
}

function flowSiblings(valueBefore: string): Set<string> {
  const open = valueBefore.lastIndexOf('{');
  return new Set([...valueBefore.slice(open + 1).matchAll(/([\w.-]+)\s*:/g)].map((m) => m[1]));
}
