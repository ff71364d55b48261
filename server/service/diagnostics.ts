import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DIAGNOSTIC_SOURCE, type DiagnosticCode } from '../protocol';
import type { Severity } from './keys/types';

export type Span = readonly [number, number];

const SEVERITY: Record<Severity | 'hint', DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function rangeOf(document: TextDocument, span: Span): Range {
  return { start: document.positionAt(span[0]), end: document.positionAt(Math.max(span[0], span[1])) };
}

/** Collects diagnostics for one document, turning source offsets into ranges. */
export class DiagnosticSink {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly document: TextDocument) {}

  add(severity: Severity | 'hint', span: Span, message: string, code: DiagnosticCode, extra: { data?: unknown; unnecessary?: boolean } = {}): void {
    const diagnostic: Diagnostic = { range: rangeOf(this.document, span), severity: SEVERITY[severity], source: DIAGNOSTIC_SOURCE, code, message };
    if (extra.data !== undefined) diagnostic.data = extra.data;
    if (extra.unnecessary) diagnostic.tags = [DiagnosticTag.Unnecessary];
    this.diagnostics.push(diagnostic);
  }

  error(span: Span, message: string, code: DiagnosticCode, data?: unknown): void {
    this.add('error', span, message, code, { data });
  }

  warning(span: Span, message: string, code: DiagnosticCode, data?: unknown): void {
    this.add('warning', span, message, code, { data });
  }
}
