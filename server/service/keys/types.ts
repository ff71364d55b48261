// The shape of the key tables (mlproject.ts, mlmodel.ts). One table per file kind drives
// validation (structure.ts), completion and hover, so a key is documented exactly once.

export type ValueKind = 'mapping' | 'sequence' | 'string' | 'scalar' | 'integer' | 'boolean' | 'any';
export type Severity = 'error' | 'warning' | 'information';

export interface KeySpec {
  /** Markdown shown on hover and beside completions. */
  readonly doc: string;
  /** What the value may be; several kinds mean any of them. */
  readonly kind: ValueKind | readonly ValueKind[];
  /** `key:` with no value (null) is accepted; MLflow treats it as absent. */
  readonly nullable?: boolean;
  /** The key must be present; the text says what fails without it. */
  readonly required?: string;
  /** How a value of the wrong kind is reported (default: error, i.e. MLflow fails on it). */
  readonly mismatch?: Severity;
  /** What MLflow does with a value of the wrong kind, appended to the message. */
  readonly mismatchWhy?: string;
  /** Fixed keys of a mapping value. */
  readonly keys?: KeyTable;
  /** User-named keys of a mapping value (entry points, parameters, flavors). */
  readonly entries?: EntrySpec;
  /** Items of a sequence value. */
  readonly items?: KeySpec;
  /** The documented values, for completion and hover (checked by the file's own validator). */
  readonly values?: Readonly<Record<string, string>>;
  /** Value completion from the files next to the document. */
  readonly complete?: 'envFile';
  /** Completion snippet for the key and its value (default: derived from `kind`). */
  readonly snippet?: string;
  /** How keys outside `keys` are reported (default: the file's setting). */
  readonly unknownKeys?: Severity | 'ignore';
}

export type KeyTable = Readonly<Record<string, KeySpec>>;

export interface EntrySpec {
  /** What one entry is called in messages and completions ("entry point", "parameter"). */
  readonly label: string;
  /** Spec of an entry's value. */
  readonly spec: KeySpec;
  /** Entries with a name of their own (flavors): documented, completed, and given their own spec. */
  readonly known?: KeyTable;
  /** Completion snippet inserting a whole new entry. */
  readonly snippet?: string;
}

/** A whole file kind: its root mapping and how unknown keys are reported by default. */
export interface FileSchema {
  readonly root: KeySpec;
  readonly unknownKeys: Severity;
}

/** The spec of `name` inside a mapping of `parent`, and how to call it in messages. */
export function childSpec(parent: KeySpec | undefined, name: string): { spec: KeySpec; label: string; entry: boolean } | undefined {
  if (!parent) return undefined;
  const fixed = parent.keys?.[name];
  if (fixed && Object.hasOwn(parent.keys ?? {}, name)) return { spec: fixed, label: `\`${name}\``, entry: false };
  const entries = parent.entries;
  if (!entries) return undefined;
  const known = entries.known && Object.hasOwn(entries.known, name) ? entries.known[name] : undefined;
  return { spec: known ?? entries.spec, label: `${entries.label} \`${name}\``, entry: true };
}

/** The spec at a path of keys (sequence indexes step into `items`). */
export function specAt(schema: FileSchema, path: readonly (string | number)[]): KeySpec | undefined {
  let spec: KeySpec | undefined = schema.root;
  for (const step of path) {
    spec = typeof step === 'number' ? spec?.items : childSpec(spec, step)?.spec;
    if (!spec) return undefined;
  }
  return spec;
}
