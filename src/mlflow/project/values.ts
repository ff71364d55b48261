// How MLflow and the scripts it runs read parameter values: Python's float()/int() and
// urllib.parse.urlparse (for `uri` parameters and local/remote `path` values).

const DIGITS = String.raw`\d(?:_?\d)*`;
const PYTHON_FLOAT = new RegExp(String.raw`^[+-]?(?:(?:${DIGITS})?\.${DIGITS}|${DIGITS}\.?)(?:[eE][+-]?${DIGITS})?$|^[+-]?(?:inf|infinity|nan)$`, 'i');
const PYTHON_INT = new RegExp(`^[+-]?${DIGITS}$`);

/** Whether Python's float(text) accepts it (what a script does with a `float` parameter). */
export function isPythonFloat(text: string): boolean {
  return PYTHON_FLOAT.test(text.trim());
}

/** Whether Python's int(text) accepts it (what a script does with an `int` parameter). */
export function isPythonInt(text: string): boolean {
  return PYTHON_INT.test(text.trim());
}

/** The URI scheme as urllib.parse.urlparse finds it ('' when there is none). */
export function uriScheme(value: string): string {
  const colon = value.indexOf(':');
  if (colon <= 0) return '';
  const scheme = value.slice(0, colon);
  return /^[A-Za-z][A-Za-z0-9+.-]*$/.test(scheme) ? scheme.toLowerCase() : '';
}

/**
 * The local path of a `path` value, as mlflow.utils.file_utils.get_local_path_or_none: no scheme,
 * or `file:` without a host. Undefined for remote values, which MLflow downloads instead.
 */
export function localPath(value: string): string | undefined {
  const scheme = uriScheme(value);
  if (scheme === '') return value;
  if (scheme !== 'file') return undefined;
  const rest = value.slice('file:'.length);
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const host = rest.slice(2, slash < 0 ? undefined : slash);
    if (host !== '') return undefined;
    return unquote(slash < 0 ? '' : rest.slice(slash));
  }
  return unquote(rest);
}

function unquote(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
