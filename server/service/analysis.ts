// One document, parsed once per version: its kind, YAML tree, folder, and (for an MLproject)
// the project model. Every feature of the language service starts from an Analysis.
import type { Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Document } from 'yaml';
import type { LanguageId } from '../protocol';
import { rangeOf, type Span } from './diagnostics';
import { folderOf } from './fileSystem';
import { MLMODEL } from './keys/mlmodel';
import { MLPROJECT } from './keys/mlproject';
import type { FileSchema } from './keys/types';
import { readProject, type Project } from './mlproject/project';
import { parseYaml } from './yaml';

export type FileKind = LanguageId;

/** The kind of a document: its language id, or its file name (MLflow matches it case-insensitively). */
export function fileKindOf(languageId: string, uri: string): FileKind | undefined {
  if (languageId === 'mlproject' || languageId === 'mlmodel') return languageId;
  const name = uri.slice(uri.lastIndexOf('/') + 1).toLowerCase();
  return name === 'mlproject' || name === 'mlmodel' ? name : undefined;
}

export class Analysis {
  /** A snapshot: the server's documents are updated in place, while an analysis stays one version. */
  readonly document: TextDocument;
  readonly text: string;
  readonly yaml: Document.Parsed;
  readonly folder: string | undefined;
  private projectModel: Project | undefined;

  constructor(
    document: TextDocument,
    readonly kind: FileKind,
  ) {
    this.text = document.getText();
    this.document = TextDocument.create(document.uri, document.languageId, document.version, this.text);
    this.yaml = parseYaml(this.text);
    this.folder = folderOf(document.uri);
  }

  get root(): unknown {
    return this.yaml.contents;
  }

  get schema(): FileSchema {
    return this.kind === 'mlproject' ? MLPROJECT : MLMODEL;
  }

  get project(): Project {
    this.projectModel ??= readProject(this.text, this.kind === 'mlproject' ? this.root : undefined);
    return this.projectModel;
  }

  range(span: Span): Range {
    return rangeOf(this.document, span);
  }

  offsetAt(position: { line: number; character: number }): number {
    return this.document.offsetAt(position);
  }
}
