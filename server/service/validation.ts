// Validation of one document: YAML syntax, the file's shape, MLflow's own checks, then the disk.
import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticCode } from '../protocol';
import type { Analysis } from './analysis';
import { DiagnosticSink, type Span } from './diagnostics';
import type { FileSystem } from './fileSystem';
import type { SignatureChecks } from './mlmodel/signature';
import { checkModelFiles, validateModel } from './mlmodel/validate';
import { checkProjectFiles } from './mlproject/files';
import { validateProject } from './mlproject/validate';
import { checkStructure } from './structure';
import { kindOf, spanOf } from './yaml';

const EMPTY: Record<Analysis['kind'], string> = {
  mlproject: "This MLproject is empty: MLflow's loader fails ('NoneType' object has no attribute 'keys'). Add `entry_points`.",
  mlmodel: 'This MLmodel is empty: MLflow cannot load the model. It needs at least `flavors`.',
};

/** What validation may use besides the document: the disk, and work kept between versions. */
export interface ValidationContext {
  readonly fs: FileSystem;
  readonly signatures: SignatureChecks;
}

export async function validate(analysis: Analysis, { fs, signatures }: ValidationContext): Promise<Diagnostic[]> {
  const sink = new DiagnosticSink(analysis.document);
  for (const error of analysis.yaml.errors) sink.error(error.pos, `YAML: ${error.message}`, DiagnosticCode.YamlSyntax);
  for (const warning of analysis.yaml.warnings) sink.warning(warning.pos, `YAML: ${warning.message}`, DiagnosticCode.YamlSyntax);
  const root = analysis.root;
  const kind = kindOf(root);
  const firstLine: Span = [0, analysis.text.search(/\r?\n|$/)];
  if (kind === 'null') {
    if (analysis.yaml.errors.length === 0) sink.error(firstLine, EMPTY[analysis.kind], DiagnosticCode.EmptyFile);
  } else if (kind !== 'mapping') {
    const name = analysis.kind === 'mlproject' ? 'An MLproject' : 'An MLmodel';
    sink.error(spanOf(root) ?? [0, 0], `${name} must be a mapping of keys (like \`${analysis.kind === 'mlproject' ? 'entry_points' : 'flavors'}:\`): MLflow cannot load it.`, DiagnosticCode.WrongType);
  } else {
    checkStructure(root, analysis.schema, sink, analysis.kind === 'mlproject' ? 'this MLproject' : 'this MLmodel', firstLine);
    if (analysis.kind === 'mlproject') {
      validateProject(analysis, sink);
      await checkProjectFiles(analysis, fs, sink);
    } else {
      validateModel(analysis, sink, signatures);
      await checkModelFiles(analysis, fs, sink);
    }
  }
  return sink.diagnostics.sort(byPosition);
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.severity ?? 0) - (b.severity ?? 0);
}
