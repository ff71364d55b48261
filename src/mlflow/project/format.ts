// Python's `command.format(**values)` for MLproject commands, where every value is a string
// (MLflow substitutes shell-quoted strings): `{name}`, `{{`/`}}`, `!s`/`!r` and string format
// specs (fill, align, width, precision). What Python would raise becomes an error message.

export type FormatResult = { ok: true; text: string } | { ok: false; error: string };

export function formatCommand(template: string, values: ReadonlyMap<string, string>): FormatResult {
  let text = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i];
    if (c !== '{' && c !== '}') {
      text += c;
      i++;
    } else if (template[i + 1] === c) {
      text += c;
      i += 2;
    } else if (c === '}') {
      return { ok: false, error: "Single '}' encountered in format string" };
    } else {
      const close = template.indexOf('}', i + 1);
      if (close < 0) return { ok: false, error: "Single '{' encountered in format string" };
      const field = substitute(template.slice(i + 1, close), values);
      if (!field.ok) return field;
      text += field.text;
      i = close + 1;
    }
  }
  return { ok: true, text };
}

function substitute(field: string, values: ReadonlyMap<string, string>): FormatResult {
  const match = /^([^!:]*)(?:!(.))?(?::(.*))?$/s.exec(field);
  if (!match || field.includes('{')) return { ok: false, error: `Unsupported placeholder {${field}}` };
  const [, name, conversion, spec] = match;
  if (name === '' || /^\d+$/.test(name)) return { ok: false, error: `Positional placeholder {${field}}: MLflow passes parameters by name` };
  if (/[.[]/.test(name)) return { ok: false, error: `Unsupported placeholder {${field}}: attribute or index access` };
  const value = values.get(name);
  if (value === undefined) return { ok: false, error: `The command uses {${name}}, which is not a parameter of the entry point` };
  let converted = value;
  if (conversion === 'r') converted = pythonRepr(value);
  else if (conversion !== undefined && conversion !== 's') return { ok: false, error: `Unsupported conversion !${conversion} in {${field}}` };
  return spec === undefined ? { ok: true, text: converted } : applySpec(converted, spec, field);
}

function applySpec(value: string, spec: string, field: string): FormatResult {
  const match = /^(?:(.)?([<>^]))?(\d+)?(?:\.(\d+))?s?$/s.exec(spec);
  if (!match) return { ok: false, error: `Format spec '${spec}' in {${field}} does not apply to a string` };
  const [, fill = ' ', align = '<', width, precision] = match;
  const chars = [...value];
  const cut = precision === undefined ? chars : chars.slice(0, Number(precision));
  const padding = Math.max(0, Number(width ?? 0) - cut.length);
  const body = cut.join('');
  if (align === '>') return { ok: true, text: fill.repeat(padding) + body };
  if (align === '^') return { ok: true, text: fill.repeat(Math.floor(padding / 2)) + body + fill.repeat(Math.ceil(padding / 2)) };
  return { ok: true, text: body + fill.repeat(padding) };
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
