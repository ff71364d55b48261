// Helpers for the language tests: documents with a cursor marker, an in-memory file system, and
// short views of diagnostics. Test files are bundled to out/, so the repository is `..` from there.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileSystem, FileType } from '../../server/service/fileSystem';
import { LanguageService } from '../../server/service/languageService';

export const REPO_ROOT = path.resolve(__dirname, '..');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

/** A project folder that exists only in tests (paths are resolved against it). */
export const FOLDER = path.join(path.sep, 'work', 'project');

/** Splits `text` at the cursor marker: `"command: python {|}"` → text without `|`, offset 17. */
export function cursor(marked: string, marker = '|'): { text: string; offset: number } {
  const offset = marked.indexOf(marker);
  if (offset < 0 || marked.indexOf(marker, offset + 1) >= 0) throw new Error(`expected exactly one ${marker} in ${JSON.stringify(marked)}`);
  return { text: marked.slice(0, offset) + marked.slice(offset + marker.length), offset };
}

let version = 0;

export function documentOf(text: string, { name = 'MLproject', folder = FOLDER, languageId }: { name?: string; folder?: string; languageId?: string } = {}): TextDocument {
  const kind = languageId ?? (name.toLowerCase() === 'mlmodel' ? 'mlmodel' : 'mlproject');
  return TextDocument.create(pathToFileURL(path.join(folder, name)).href, kind, ++version, text);
}

/** Files and folders by absolute path; a folder is listed by the files under it. */
export class MemoryFileSystem implements FileSystem {
  private readonly files = new Set<string>();

  constructor(relativeFiles: string[] = [], folder = FOLDER) {
    for (const file of relativeFiles) this.add(path.resolve(folder, file));
  }

  add(absolutePath: string): void {
    this.files.add(absolutePath);
  }

  async stat(absolutePath: string): Promise<FileType | undefined> {
    if (this.files.has(absolutePath)) return 'file';
    const prefix = absolutePath.endsWith(path.sep) ? absolutePath : absolutePath + path.sep;
    return [...this.files].some((file) => file.startsWith(prefix)) ? 'directory' : undefined;
  }

  async readDirectory(folder: string): Promise<[string, FileType][]> {
    const prefix = folder.endsWith(path.sep) ? folder : folder + path.sep;
    const names = new Map<string, FileType>();
    for (const file of this.files) {
      if (!file.startsWith(prefix)) continue;
      const [first, ...rest] = file.slice(prefix.length).split(path.sep);
      names.set(first, rest.length ? 'directory' : 'file');
    }
    return [...names];
  }
}

export function serviceWith(files: string[] = []): LanguageService {
  return new LanguageService(new MemoryFileSystem(files));
}

const SEVERITY: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

/** The text a range covers. */
export function textAt(document: TextDocument, range: Range): string {
  return document.getText(range);
}

/** `severity code "covered text"`, one string per diagnostic, for readable assertions. */
export function summarize(document: TextDocument, diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${SEVERITY[d.severity ?? 1]} ${String(d.code)} ${JSON.stringify(textAt(document, d.range))}`);
}

export async function validateText(text: string, options: { name?: string; files?: string[] } = {}) {
  const document = documentOf(text, { name: options.name });
  const diagnostics = await serviceWith(options.files).validate(document);
  return { document, diagnostics, summary: summarize(document, diagnostics) };
}

export const errorsOf = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);

/** A diagnostic's message as text (LSP 3.18 allows markup). */
export const messageOf = (diagnostic: Diagnostic): string => (typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value);
