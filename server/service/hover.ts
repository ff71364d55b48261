// Hovers: the documentation of every key (from the key tables), of documented values, and on
// `{alpha}` in a command the parameter's type and default.
import { MarkupKind, type Hover } from 'vscode-languageserver';
import type { Analysis } from './analysis';
import type { Span } from './diagnostics';
import { childSpec, specAt } from './keys/types';
import { PARAMETER_TYPES } from './keys/mlproject';
import { defaultSource } from './mlproject/describe';
import { commandAt, fieldAt } from './mlproject/project';
import { locate, spanOf, stringValue } from './yaml';

const markdown = (analysis: Analysis, span: Span, value: string): Hover => ({
  contents: { kind: MarkupKind.Markdown, value },
  range: analysis.range(span),
});

export function hover(analysis: Analysis, offset: number): Hover | null {
  if (analysis.kind === 'mlproject') {
    const placeholder = placeholderHover(analysis, offset);
    if (placeholder) return placeholder;
  }
  const located = locate(analysis.root, offset);
  if (!located) return null;
  const { path, part, node } = located;
  const name = path.at(-1);
  if (part === 'key' && typeof name === 'string') {
    const child = childSpec(specAt(analysis.schema, path.slice(0, -1)), name);
    const span = spanOf(node);
    if (!child || !span) return null;
    const parameter = parameterAt(analysis, path);
    const summary = parameter ? `\n\n${typeLine(analysis, parameter)}` : '';
    const title = child.entry ? child.label.charAt(0).toUpperCase() + child.label.slice(1) : `\`${name}\``;
    return markdown(analysis, span, `**${title}**${summary}\n\n${child.spec.doc}`);
  }
  const spec = specAt(analysis.schema, path);
  const value = stringValue(node);
  const span = spanOf(node);
  if (!spec || !span || value === undefined) return null;
  const documented = spec.values && Object.hasOwn(spec.values, value) ? spec.values[value] : undefined;
  if (documented) return markdown(analysis, span, `**\`${value}\`**\n\n${documented}`);
  return typeof name === 'string' ? markdown(analysis, span, `**\`${name}\`**\n\n${spec.doc}`) : null;
}

function parameterAt(analysis: Analysis, path: (string | number)[]) {
  if (path.length !== 4 || path[0] !== 'entry_points' || path[2] !== 'parameters') return undefined;
  return analysis.project.entryPoints.find((entry) => entry.name === path[1])?.parameters.find((parameter) => parameter.name === path[3]);
}

function typeLine(analysis: Analysis, parameter: NonNullable<ReturnType<typeof parameterAt>>): string {
  const value = defaultSource(analysis.text, parameter);
  const typeDoc = Object.hasOwn(PARAMETER_TYPES, parameter.type) ? ` — ${PARAMETER_TYPES[parameter.type]}` : ' — not a documented type; MLflow treats it as `string`.';
  const fallback = value === undefined ? 'no default: `mlflow run` needs `-P ' + parameter.name + '=…`' : `default \`${value}\``;
  return `\`${parameter.type}\`, ${fallback}${typeDoc}`;
}

function placeholderHover(analysis: Analysis, offset: number): Hover | null {
  const inCommand = commandAt(analysis.project, offset);
  const field = inCommand?.index === undefined ? undefined : fieldAt(inCommand.scan, inCommand.index);
  if (!inCommand || !field || field.name === '') return null;
  const { entryPoint, command } = inCommand;
  const span = command.sourceRange(field.start, field.end);
  const parameter = entryPoint.parameters.find((p) => p.name === field.name);
  if (!parameter) return markdown(analysis, span, `**\`${field.name}\`** is not a parameter of entry point \`${entryPoint.name}\`.`);
  return markdown(analysis, span, `**${parameter.name}** — parameter of entry point \`${entryPoint.name}\`\n\n${typeLine(analysis, parameter)}`);
}
