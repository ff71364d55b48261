// The pure language service: a text document in; diagnostics, completions, hovers, definitions,
// symbols and code actions out. No transport, no `vscode`; the disk only through FileSystem.
// Each document is parsed once per version, and validated once per version.
import type { CodeAction, CompletionList, Diagnostic, DocumentSymbol, Hover, Location, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis, fileKindOf } from './analysis';
import { codeActions } from './codeActions';
import { complete } from './completion';
import { definition } from './definition';
import { CachedFileSystem, NO_FILES, type FileSystem } from './fileSystem';
import { hover } from './hover';
import { symbols } from './symbols';
import { SignatureChecks } from './mlmodel/signature';
import { validate, type ValidationContext } from './validation';

interface Cached {
  readonly version: number;
  readonly text: string;
  readonly analysis: Analysis;
  diagnostics?: Promise<Diagnostic[]>;
}

export class LanguageService {
  private readonly cache = new Map<string, Cached>();
  private readonly fs: CachedFileSystem;
  private readonly context: ValidationContext;

  constructor(fs: FileSystem = NO_FILES) {
    this.fs = new CachedFileSystem(fs);
    this.context = { fs: this.fs, signatures: new SignatureChecks() };
  }

  async validate(document: TextDocument): Promise<Diagnostic[]> {
    const entry = this.entry(document);
    if (!entry) return [];
    entry.diagnostics ??= validate(entry.analysis, this.context);
    return entry.diagnostics;
  }

  async complete(document: TextDocument, position: Position): Promise<CompletionList> {
    const analysis = this.entry(document)?.analysis;
    return analysis ? complete(analysis, analysis.offsetAt(position), this.fs) : { isIncomplete: false, items: [] };
  }

  hover(document: TextDocument, position: Position): Hover | null {
    const analysis = this.entry(document)?.analysis;
    return analysis ? hover(analysis, analysis.offsetAt(position)) : null;
  }

  async definition(document: TextDocument, position: Position): Promise<Location[] | null> {
    const analysis = this.entry(document)?.analysis;
    return analysis ? definition(analysis, analysis.offsetAt(position), this.fs) : null;
  }

  symbols(document: TextDocument): DocumentSymbol[] {
    const analysis = this.entry(document)?.analysis;
    return analysis ? symbols(analysis) : [];
  }

  codeActions(document: TextDocument, diagnostics: Diagnostic[]): CodeAction[] {
    const analysis = this.entry(document)?.analysis;
    return analysis ? codeActions(analysis, diagnostics) : [];
  }

  /** Drops what is kept for a closed document. */
  forget(uri: string): void {
    this.cache.delete(uri);
  }

  /** Files changed on disk: diagnostics that checked them must be computed again. */
  filesChanged(): void {
    this.fs.clear();
    for (const entry of this.cache.values()) entry.diagnostics = undefined;
  }

  private entry(document: TextDocument): Cached | undefined {
    const kind = fileKindOf(document.languageId, document.uri);
    if (!kind) return undefined;
    const cached = this.cache.get(document.uri);
    const text = document.getText();
    if (cached && cached.version === document.version && cached.text === text) return cached;
    const fresh: Cached = { version: document.version, text, analysis: new Analysis(document, kind) };
    this.cache.set(document.uri, fresh);
    return fresh;
  }
}
