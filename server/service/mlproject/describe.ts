import type { Parameter } from './project';

/** The default as written in the file, if the parameter has one. */
export function defaultSource(text: string, parameter: Parameter): string | undefined {
  const range = parameter.default?.range;
  return range ? text.slice(range[0], range[1]) : undefined;
}

/** `float = 0.5`, or `path (required)` when there is no default. */
export function describeParameter(text: string, parameter: Parameter): string {
  const value = defaultSource(text, parameter);
  return value === undefined ? `${parameter.type} (required)` : `${parameter.type} = ${value}`;
}
