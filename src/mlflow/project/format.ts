// Python's `str.format` as MLflow applies it to an entry point's command: `command.format(**params)`
// with every value a shell-quoted *string*. One parser, after CPython's format-string parser
// (Objects/stringlib/unicode_format.h), for both its readers: the language server checks a
// command with `scanCommand` (which keeps going after a problem, so that every one is shown),
// and the runner fills one in with `formatCommand` (which stops at the first). Offsets index the
// command's value.

export interface Field {
  /** `{` … `}` inclusive. */
  readonly start: number;
  readonly end: number;
  /** The argument name (`alpha` in `{alpha.real!r:>10}`); '' for `{}`. */
  readonly name: string;
  readonly nameStart: number;
  readonly nameEnd: number;
  /** Attribute/index accessors after the name (`.real`, `[0]`). */
  readonly accessors: string;
  readonly conversion?: string;
  readonly spec?: string;
  /** Fields nested in the format spec (`{x:>{width}}`). */
  readonly nested: boolean;
}

export interface FormatProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  /** `brace`: unbalanced braces; `field`: a replacement field MLflow cannot fill. */
  readonly kind: 'brace' | 'field';
}

export interface CommandScan {
  /** In order of their `{`: a field is followed by the fields nested in its spec. */
  readonly fields: Field[];
  readonly problems: FormatProblem[];
}

export function scanCommand(command: string): CommandScan {
  const fields: Field[] = [];
  const problems: FormatProblem[] = [];
  let i = 0;
  while (i < command.length) {
    const c = command[i];
    if (c !== '{' && c !== '}') {
      i++;
    } else if (command[i + 1] === c) {
      i += 2; // `{{` or `}}`: a literal brace
    } else if (c === '}') {
      problems.push({ start: i, end: i + 1, message: "Single '}' in the command: write '}}' for a literal brace (Python's str.format fails).", kind: 'brace' });
      i++;
    } else {
      const end = fieldEnd(command, i);
      if (end < 0) {
        problems.push({ start: i, end: command.length, message: "'{' is never closed: write '{{' for a literal brace (Python's str.format fails: expected '}' before end of string).", kind: 'brace' });
        break;
      }
      parseField(command, i, end, false, fields, problems);
      i = end;
    }
  }
  return { fields, problems };
}

/** Index after the `}` that closes the field opened at `open`, or -1 (nested braces count). */
function fieldEnd(command: string, open: number): number {
  let depth = 1;
  for (let i = open + 1; i < command.length; i++) {
    if (command[i] === '{') depth++;
    else if (command[i] === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

function parseField(command: string, start: number, end: number, nested: boolean, fields: Field[], problems: FormatProblem[]): void {
  const inner = start + 1;
  const close = end - 1;
  let i = inner;
  let bracket = false;
  while (i < close) {
    const c = command[i];
    if (bracket) {
      if (c === ']') bracket = false;
    } else if (c === '[') {
      bracket = true;
    } else if (c === '{') {
      problems.push({ start, end, message: "Unexpected '{' in a placeholder name.", kind: 'field' });
      return;
    } else if (c === ':' || c === '!') {
      break;
    }
    i++;
  }
  const fieldName = command.slice(inner, i);
  const nameLength = /^[^.[]*/.exec(fieldName)![0].length;
  const name = fieldName.slice(0, nameLength);
  let conversion: string | undefined;
  let spec: string | undefined;
  let specStart = close;
  if (command[i] === '!') {
    conversion = command[i + 1];
    if (conversion === undefined || i + 1 >= close) {
      problems.push({ start, end, message: 'Missing conversion after `!` (use `!r`, `!s` or `!a`).', kind: 'field' });
      return;
    }
    if (!'rsa'.includes(conversion)) problems.push({ start: i, end: i + 2, message: `Unknown conversion \`!${conversion}\` (use \`!r\`, \`!s\` or \`!a\`).`, kind: 'field' });
    i += 2;
    if (i < close && command[i] !== ':') {
      problems.push({ start: i, end: close, message: "Expected ':' after the conversion.", kind: 'field' });
      return;
    }
  }
  if (command[i] === ':') {
    specStart = i + 1;
    spec = command.slice(specStart, close);
  }
  fields.push({ start, end, name, nameStart: inner, nameEnd: inner + nameLength, accessors: fieldName.slice(nameLength), conversion, spec, nested });
  if (spec === undefined) return;
  if (/[{}]/.test(spec)) {
    if (nested) {
      problems.push({ start, end, message: "Placeholders nest one level deep at most (Python's str.format fails: Max string recursion exceeded).", kind: 'field' });
      return;
    }
    for (let j = specStart; j < close; j++) {
      if (command[j] !== '{') continue;
      const nestedEnd = fieldEnd(command, j);
      if (nestedEnd < 0 || nestedEnd > close) break;
      parseField(command, j, nestedEnd, true, fields, problems);
      j = nestedEnd - 1;
    }
  } else {
    const problem = stringSpecProblem(spec);
    if (problem) problems.push({ start: specStart, end: close, message: `${problem} MLflow substitutes every parameter as a quoted string.`, kind: 'field' });
  }
}

const STRING_SPEC = /^(?:(.)?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([a-zA-Z%])?$/s;

/** What `str.__format__` says about a format spec, or undefined when a string accepts it. */
function stringSpecProblem(spec: string): string | undefined {
  const match = STRING_SPEC.exec(spec);
  if (!match) return `Invalid format spec \`${spec}\`.`;
  const [, , align, sign, zero, alternate, , , grouping, , type] = match;
  if (type && type !== 's') return `Format code \`${type}\` does not apply to strings.`;
  if (sign) return 'A sign is not allowed in a string format spec.';
  if (zero) return "'z' is not allowed in a string format spec.";
  if (align === '=') return "'=' alignment is not allowed in a string format spec.";
  if (alternate) return "'#' is not allowed in a string format spec.";
  if (grouping) return `'${grouping}' is not allowed in a string format spec.`;
  return undefined;
}

export type FormatResult = { ok: true; text: string } | { ok: false; error: string };

/** `template.format(**values)` as Python computes it for string values; what Python would raise becomes an error message. */
export function formatCommand(template: string, values: ReadonlyMap<string, string>): FormatResult {
  const scan = scanCommand(template);
  if (scan.problems.length > 0) return { ok: false, error: scan.problems[0].message };
  let text = '';
  let literalStart = 0;
  for (const field of scan.fields) {
    if (field.nested) continue;
    const filled = fill(template, field, scan.fields, values);
    if (!filled.ok) return filled;
    text += literal(template.slice(literalStart, field.start)) + filled.text;
    literalStart = field.end;
  }
  return { ok: true, text: text + literal(template.slice(literalStart)) };
}

/** Text between fields, whose braces the scan found doubled. */
const literal = (text: string) => text.replace(/\{\{|\}\}/g, (pair) => pair[0]);

function fill(template: string, field: Field, fields: readonly Field[], values: ReadonlyMap<string, string>): FormatResult {
  const source = template.slice(field.start, field.end);
  if (field.name === '' || /^\d+$/.test(field.name)) return { ok: false, error: `Positional placeholder ${source}: MLflow passes parameters by name` };
  if (field.accessors) return { ok: false, error: `Unsupported placeholder ${source}: attribute or index access` };
  const value = values.get(field.name);
  if (value === undefined) return { ok: false, error: `The command uses {${field.name}}, which is not a parameter of the entry point` };
  const converted = field.conversion === 'r' ? pythonRepr(value) : field.conversion === 'a' ? pythonAscii(value) : value;
  if (field.spec === undefined) return { ok: true, text: converted };
  let spec = field.spec;
  const inSpec = fields.filter((other) => other.nested && other.start > field.start && other.end < field.end);
  if (inSpec.length > 0) {
    // `{x:>{width}}`: the nested fields are filled first, then the spec applies.
    const specStart = field.end - 1 - field.spec.length;
    spec = '';
    let at = specStart;
    for (const nested of inSpec) {
      const filled = fill(template, nested, fields, values);
      if (!filled.ok) return filled;
      spec += template.slice(at, nested.start) + filled.text;
      at = nested.end;
    }
    spec += template.slice(at, field.end - 1);
    const problem = stringSpecProblem(spec);
    if (problem) return { ok: false, error: `Format spec '${spec}' of ${source}: ${problem}` };
  }
  return { ok: true, text: applySpec(converted, spec) };
}

/** A string format spec that `stringSpecProblem` accepted, applied as `str.__format__` does. */
function applySpec(value: string, spec: string): string {
  const [, fill, align = '<', , , , zero, width, , precision] = STRING_SPEC.exec(spec)!;
  const padWith = fill ?? (zero ? '0' : ' ');
  const chars = [...value];
  const cut = precision === undefined ? chars : chars.slice(0, Number(precision));
  const padding = Math.max(0, Number(width ?? 0) - cut.length);
  const body = cut.join('');
  if (align === '>') return padWith.repeat(padding) + body;
  if (align === '^') return padWith.repeat(Math.floor(padding / 2)) + body + padWith.repeat(Math.ceil(padding / 2));
  return body + padWith.repeat(padding);
}

/** Python's repr() of a str, for `{name!r}`. */
export function pythonRepr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  const named: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  const escaped = [...value]
    .map((c) => named[c] ?? (c.charCodeAt(0) < 0x20 || c === '\x7f' ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : c))
    .join('');
  return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
}

/** Python's ascii() of a str, for `{name!a}`: repr() with everything past ASCII escaped. */
export function pythonAscii(value: string): string {
  return [...pythonRepr(value)]
    .map((c) => {
      const code = c.codePointAt(0)!;
      if (code < 0x80) return c;
      if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
      if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
      return `\\U${code.toString(16).padStart(8, '0')}`;
    })
    .join('');
}
