import type { Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

export interface ValidationQueueOptions {
  validate(document: TextDocument): Promise<Diagnostic[]>;
  publish(uri: string, version: number, diagnostics: Diagnostic[]): void;
  onError(uri: string, error: unknown): void;
  /** Quiet time after the last edit before a document is validated again. */
  delayMs: number;
}

/**
 * Validation per document: at once when a document is first seen, then debounced while it is
 * edited. Results for a version that was edited away meanwhile, or for a closed document, are
 * dropped (the documents are updated in place, so `version` tells).
 */
export class ValidationQueue {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly seen = new Set<string>();

  constructor(private readonly options: ValidationQueueOptions) {}

  /** A document was opened or edited. */
  changed(document: TextDocument): void {
    if (!this.seen.has(document.uri)) {
      this.seen.add(document.uri);
      this.run(document);
    } else {
      this.schedule(document);
    }
  }

  /** Validate again soon (e.g. files it refers to changed). */
  schedule(document: TextDocument): void {
    this.cancel(document.uri);
    this.timers.set(
      document.uri,
      setTimeout(() => this.run(document), this.options.delayMs),
    );
  }

  closed(uri: string): void {
    this.cancel(uri);
    this.seen.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.timers.keys()]) this.cancel(uri);
  }

  private cancel(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
  }

  private run(document: TextDocument): void {
    this.cancel(document.uri);
    const { uri, version } = document;
    this.options.validate(document).then(
      (diagnostics) => {
        if (this.seen.has(uri) && document.version === version) this.options.publish(uri, version, diagnostics);
      },
      (error: unknown) => this.options.onError(uri, error),
    );
  }
}
