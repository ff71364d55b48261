import { isScalar, type Node } from 'yaml';

/**
 * A string scalar's value together with where each of its characters came from in the source.
 * MLflow reads the *value* (quotes removed, escapes decoded, lines folded), while diagnostics,
 * hovers and completions speak about the *source*; this bridges the two. The mapping is rebuilt
 * here and checked against the value the `yaml` parser produced; when they differ (an exotic
 * form such as an explicit block indentation indicator) every sub-range falls back to the whole
 * scalar, which is still a correct if coarser place.
 */
export class ScalarText {
  private mapping: Mapped | null | undefined;

  private constructor(
    private readonly text: string,
    readonly value: string,
    /** Source span [start, end) of the scalar as written (quotes and block header included). */
    readonly start: number,
    readonly end: number,
    private readonly type: string | undefined,
    /** Source span of the characters between the quotes (after a block header). */
    private readonly content: [number, number],
  ) {}

  static of(text: string, node: Node | null | undefined): ScalarText | undefined {
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
    const [start, end] = node.range;
    const quoted = node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE';
    const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
    const headerEnd = block ? Math.min(end, lineEndAfter(text, start)) : start;
    const content: [number, number] = quoted ? [start + 1, Math.max(start + 1, end - 1)] : [headerEnd, end];
    return new ScalarText(text, node.value, start, end, node.type, content);
  }

  /** The character offsets, rebuilt on first use (most values are never asked for a sub-range). */
  private get mapped(): Mapped | undefined {
    if (this.mapping === undefined) {
      const mapped = mapScalar(this.text, this.start, this.end, this.type);
      this.mapping = mapped?.value === this.value ? mapped : null;
    }
    return this.mapping ?? undefined;
  }

  /** The source span of value[from, to). */
  sourceRange(from: number, to: number): [number, number] {
    const mapped = this.mapped;
    if (!mapped) return [this.start, this.end];
    const length = this.value.length;
    const a = Math.max(0, Math.min(from, length));
    const b = Math.max(a, Math.min(to, length));
    if (a === length) {
      const position = length ? mapped.ends[length - 1] : this.content[0];
      return [position, position];
    }
    return b > a ? [mapped.starts[a], mapped.ends[b - 1]] : [mapped.starts[a], mapped.starts[a]];
  }

  /** The value index of a source offset (the character at or after it), if the offset is in the value. */
  valueIndexAt(offset: number): number | undefined {
    const mapped = this.mapped;
    if (!mapped || offset < this.content[0] || offset > this.content[1]) return undefined;
    const { starts, ends } = mapped;
    for (let i = 0; i < starts.length; i++) if (offset <= starts[i] || offset < ends[i]) return i;
    return starts.length;
  }
}

function lineEndAfter(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

interface Mapped {
  value: string;
  starts: number[];
  ends: number[];
}

function mapScalar(text: string, start: number, end: number, type: string | undefined): Mapped | undefined {
  switch (type) {
    case 'PLAIN':
      return foldFlow(text, start, end, 'plain');
    case 'QUOTE_SINGLE':
      return text[start] === "'" && text[end - 1] === "'" && end - start >= 2 ? foldFlow(text, start + 1, end - 1, 'single') : undefined;
    case 'QUOTE_DOUBLE':
      return text[start] === '"' && text[end - 1] === '"' && end - start >= 2 ? foldFlow(text, start + 1, end - 1, 'double') : undefined;
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      return mapBlock(text, start, end, type === 'BLOCK_FOLDED');
    default:
      return undefined;
  }
}

class Builder implements Mapped {
  private readonly chunks: string[] = [];
  private joined: string | undefined;
  readonly starts: number[] = [];
  readonly ends: number[] = [];

  get value(): string {
    this.joined ??= this.chunks.join('');
    return this.joined;
  }

  /** Appends value text that comes from source [start, end) as a whole (an escape, a folded break). */
  push(chars: string, start: number, end: number): void {
    this.chunks.push(chars);
    this.joined = undefined;
    for (let i = 0; i < chars.length; i++) {
      this.starts.push(start);
      this.ends.push(end);
    }
  }

  /** Appends source [from, to) verbatim, one value character per source character. */
  copy(text: string, from: number, to: number): void {
    if (to <= from) return;
    this.chunks.push(text.slice(from, to));
    this.joined = undefined;
    for (let i = from; i < to; i++) {
      this.starts.push(i);
      this.ends.push(i + 1);
    }
  }
}

interface Line {
  start: number;
  end: number; // before the line break
  breakEnd: number; // after the line break
}

function splitLines(text: string, start: number, end: number): Line[] {
  const lines: Line[] = [];
  let lineStart = start;
  for (let i = text.indexOf('\n', start); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) {
    const lineEnd = i > lineStart && text[i - 1] === '\r' ? i - 1 : i;
    lines.push({ start: lineStart, end: lineEnd, breakEnd: i + 1 });
    lineStart = i + 1;
  }
  lines.push({ start: lineStart, end, breakEnd: end });
  return lines;
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/** Plain and quoted scalars: line folding, `''` in single quotes, escapes in double quotes. */
function foldFlow(text: string, start: number, end: number, style: 'plain' | 'single' | 'double'): Mapped | undefined {
  const out = new Builder();
  const lines = splitLines(text, start, end);
  let emptyLines = 0;
  let escapedBreak = false;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    let from = line.start;
    let to = line.end;
    const first = n === 0;
    const last = n === lines.length - 1;
    if (!first) while (from < to && isBlank(text[from])) from++;
    let endsWithEscape = false;
    if (style === 'double' && !last) {
      let slashes = 0;
      for (let i = to - 1; i >= from && text[i] === '\\'; i--) slashes++;
      if (slashes % 2 === 1) {
        endsWithEscape = true;
        to--;
      }
    }
    if (!last && !endsWithEscape) while (to > from && isBlank(text[to - 1])) to--;
    if (!first) {
      if (from === to && !last && !escapedBreak) {
        emptyLines++;
        continue;
      }
      const previousBreak = lines[n - 1].end;
      if (escapedBreak) {
        for (let k = 0; k < emptyLines; k++) out.push('\n', previousBreak, previousBreak + 1);
      } else if (emptyLines > 0) {
        for (let k = 0; k < emptyLines; k++) out.push('\n', previousBreak, previousBreak + 1);
      } else {
        out.push(' ', previousBreak, previousBreak + 1);
      }
      emptyLines = 0;
    }
    if (!appendContent(out, text, from, to, style)) return undefined;
    escapedBreak = endsWithEscape;
  }
  return out;
}

function appendContent(out: Builder, text: string, from: number, to: number, style: 'plain' | 'single' | 'double'): boolean {
  const special = style === 'single' ? "'" : style === 'double' ? '\\' : undefined;
  let run = from;
  for (let i = from; i < to; i++) {
    if (text[i] !== special) continue;
    out.copy(text, run, i);
    if (style === 'single') {
      if (text[i + 1] === "'") {
        out.push("'", i, i + 2);
        i++;
      } else {
        out.push("'", i, i + 1);
      }
    } else {
      const length = appendEscape(out, text, i);
      if (length === 0) return false;
      i += length - 1;
    }
    run = i + 1;
  }
  out.copy(text, run, to);
  return true;
}

/** Decodes the double-quoted escape at `at`; returns its source length, 0 if it is not one. */
function appendEscape(out: Builder, text: string, at: number): number {
  const e = text[at + 1];
  if (e === undefined) return 0;
  if (e in SIMPLE_ESCAPES) {
    out.push(SIMPLE_ESCAPES[e], at, at + 2);
    return 2;
  }
  if (!(e in HEX_ESCAPES)) return 0;
  const digits = text.slice(at + 2, at + 2 + HEX_ESCAPES[e]);
  if (digits.length !== HEX_ESCAPES[e] || !/^[0-9a-fA-F]+$/.test(digits)) return 0;
  const code = parseInt(digits, 16);
  if (code > 0x10ffff) return 0;
  out.push(String.fromCodePoint(code), at, at + 2 + digits.length);
  return 2 + digits.length;
}

/** Block scalars (`|`, `>`) with an auto-detected indentation and any chomping indicator. */
function mapBlock(text: string, start: number, end: number, folded: boolean): Mapped | undefined {
  const lines = splitLines(text, start, end);
  const header = text.slice(lines[0].start, lines[0].end);
  const indicators = /^[|>]([+-]?)(\d?)([+-]?)/.exec(header);
  if (!indicators || indicators[2]) return undefined;
  const chomp = indicators[1] || indicators[3];
  const body = lines.slice(1);
  if (body.length && body[body.length - 1].start === body[body.length - 1].end && body[body.length - 1].breakEnd === end) body.pop();
  let indent = -1;
  for (const line of body) {
    let i = line.start;
    while (i < line.end && text[i] === ' ') i++;
    if (i < line.end) {
      indent = i - line.start;
      break;
    }
  }
  const out = new Builder();
  if (indent < 0) return chomp === '+' ? keepOnlyBreaks(out, body) : out;
  let pendingBreaks: number[] = [];
  let previous: 'none' | 'normal' | 'more' = 'none';
  for (const line of body) {
    const contentStart = line.start + indent;
    const isEmpty = contentStart >= line.end && /^ *$/.test(text.slice(line.start, line.end));
    if (isEmpty) {
      pendingBreaks.push(line.start);
      continue;
    }
    const kind = isBlank(text[contentStart]) ? 'more' : 'normal';
    if (previous !== 'none') {
      const breakAt = pendingBreaks.length ? pendingBreaks[0] - 1 : line.start - 1;
      if (folded && previous === 'normal' && kind === 'normal') {
        if (pendingBreaks.length === 0) out.push(' ', breakAt, breakAt + 1);
      } else {
        out.push('\n', breakAt, breakAt + 1);
      }
      for (const emptyStart of pendingBreaks) out.push('\n', emptyStart, emptyStart + 1);
    } else {
      for (const emptyStart of pendingBreaks) out.push('\n', emptyStart, emptyStart + 1);
    }
    pendingBreaks = [];
    out.copy(text, contentStart, line.end);
    previous = kind;
  }
  const lastContent = [...body].reverse().find((line) => line.start + indent < line.end || !/^ *$/.test(text.slice(line.start, line.end)));
  if (chomp !== '-' && lastContent) {
    const at = lastContent.end;
    if (lastContent.breakEnd > lastContent.end || chomp === '+') out.push('\n', at, at + 1);
    if (chomp === '+') for (const emptyStart of pendingBreaks) out.push('\n', emptyStart, emptyStart + 1);
  }
  return out;
}

function keepOnlyBreaks(out: Builder, body: Line[]): Builder {
  for (const line of body) if (line.breakEnd > line.end) out.push('\n', line.end, line.end + 1);
  return out;
}
