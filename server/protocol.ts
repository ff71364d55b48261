// What crosses the process boundary: the extension (src/language/client.ts), the language server
// and any other LSP client agree on these. Plain types and constants only (no `vscode`, no Node).

/** The languages the server handles, as contributed in package.json. */
export const LANGUAGE_IDS = ['mlproject', 'mlmodel'] as const;
export type LanguageId = (typeof LANGUAGE_IDS)[number];

/** `Diagnostic.source` of everything the server publishes. */
export const DIAGNOSTIC_SOURCE = 'MLflow';

/**
 * `Diagnostic.code` values. Quick fixes key on them; clients may too (e.g. to filter).
 * The ones carrying `Diagnostic.data` say so.
 */
export const DiagnosticCode = {
  YamlSyntax: 'yaml-syntax',
  EmptyFile: 'empty-file',
  WrongType: 'wrong-type',
  MissingKey: 'missing-key',
  UnknownKey: 'unknown-key',
  DuplicateKey: 'duplicate-key',
  /** data: {@link MultipleEnvironmentsData} */
  MultipleEnvironments: 'multiple-environments',
  /** data: {@link MissingEnvFileData} */
  MissingEnvFile: 'missing-env-file',
  MissingFile: 'missing-file',
  /** data: {@link UndeclaredParameterData} */
  UndeclaredParameter: 'undeclared-parameter',
  BadPlaceholder: 'bad-placeholder',
  UnbalancedBrace: 'unbalanced-brace',
  UnusedParameter: 'unused-parameter',
  /** data: {@link UnknownParameterTypeData} */
  UnknownParameterType: 'unknown-parameter-type',
  InvalidDefault: 'invalid-default',
  DockerEnvironment: 'docker-environment',
  DatabricksSparkJob: 'databricks-spark-job',
  InvalidSignature: 'invalid-signature',
  MalformedValue: 'malformed-value',
} as const;
export type DiagnosticCode = (typeof DiagnosticCode)[keyof typeof DiagnosticCode];

export interface MultipleEnvironmentsData {
  /** The environment keys present, in document order. */
  keys: string[];
}

export interface MissingEnvFileData {
  /** `conda_env` or `python_env`. */
  key: 'conda_env' | 'python_env';
  /** The file URI that does not exist. */
  uri: string;
}

export interface UndeclaredParameterData {
  entryPoint: string;
  parameter: string;
}

export interface UnknownParameterTypeData {
  /** The documented type the unknown one most likely meant, if any. */
  suggestion?: string;
}
