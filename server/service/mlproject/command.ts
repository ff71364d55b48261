// An entry point's command as MLflow fills it in: Python's `str.format(**params)` with every
// value a shell-quoted *string*. This follows CPython's format-string parser
// (Objects/stringlib/unicode_format.h) closely enough to report what `mlflow run` would raise,
// but keeps going after a problem so that every one is shown. Offsets index the command value.

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

/** What `str.__format__` says about a format spec, or undefined when a string accepts it. */
function stringSpecProblem(spec: string): string | undefined {
  const match = /^(?:(.)?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([a-zA-Z%])?$/s.exec(spec);
  if (!match) return `Invalid format spec \`${spec}\`.`;
  const [, , align, sign, , alternate, , , grouping, , type] = match;
  if (type && type !== 's') return `Format code \`${type}\` does not apply to strings.`;
  if (sign) return 'A sign is not allowed in a string format spec.';
  if (align === '=') return "'=' alignment is not allowed in a string format spec.";
  if (alternate) return "'#' is not allowed in a string format spec.";
  if (grouping) return `'${grouping}' is not allowed in a string format spec.`;
  return undefined;
}

export interface ScriptReference {
  readonly start: number;
  readonly end: number;
  readonly path: string;
}

/** Words of the command that name a script file (`python train.py` → `train.py`). */
export function scriptReferences(command: string): ScriptReference[] {
  const references: ScriptReference[] = [];
  for (const match of command.matchAll(/[^\s'"`;|&<>()]+/g)) {
    const word = match[0];
    if (/[{}$=*?]/.test(word) || !/\.(py|sh|R)$/.test(word)) continue;
    references.push({ start: match.index!, end: match.index! + word.length, path: word });
  }
  return references;
}
