// Quoting one value so that the shell reading a command line sees exactly one literal argument,
// whatever it contains: quotes, spaces, `$`, backticks, newlines, unicode.

export type ShellKind = 'posix' | 'powershell';

/** Python's shlex.quote, which MLflow applies to every parameter value it substitutes. */
export function quotePosix(value: string): string {
  if (value === '') return "''";
  if (/^[\w@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

/**
 * A PowerShell single-quoted string: nothing inside expands; a quote is escaped by doubling it,
 * including the typographic single quotes PowerShell also accepts as delimiters.
 */
export function quotePowerShell(value: string): string {
  if (/^[A-Za-z0-9_./:=+-]+$/.test(value)) return value;
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (quote) => quote + quote)}'`;
}

export function quoteFor(shell: ShellKind, value: string): string {
  return shell === 'posix' ? quotePosix(value) : quotePowerShell(value);
}

/** A command line that runs `argv` in that shell (PowerShell needs `&` to call a quoted program). */
export function commandLine(shell: ShellKind, argv: readonly string[]): string {
  const [program, ...args] = argv.map((arg) => quoteFor(shell, arg));
  const call = shell === 'powershell' && program.startsWith("'") ? `& ${program}` : program;
  return [call, ...args].join(' ');
}
