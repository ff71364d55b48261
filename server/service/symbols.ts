// Document symbols (outline, breadcrumbs, Go to Symbol): an MLproject's entry points with their
// parameters; an MLmodel's flavors and signature parts.
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { Analysis } from './analysis';
import type { Span } from './diagnostics';
import { describeParameter } from './mlproject/describe';
import { findPair, keyName, keySpan, pairSpan, pairsOf, valueOf, type YamlPair } from './yaml';

export function symbols(analysis: Analysis): DocumentSymbol[] {
  return analysis.kind === 'mlproject' ? projectSymbols(analysis) : modelSymbols(analysis);
}

function symbol(analysis: Analysis, pair: YamlPair, kind: SymbolKind, detail?: string, children?: DocumentSymbol[]): DocumentSymbol | undefined {
  const name = keyName(pair);
  const selection = keySpan(pair);
  const whole = pairSpan(pair);
  if (name === undefined || !selection || !whole) return undefined;
  const range: Span = [Math.min(whole[0], selection[0]), Math.max(whole[1], selection[1])];
  return { name: name || '""', kind, detail, range: analysis.range(range), selectionRange: analysis.range(selection), children };
}

function projectSymbols(analysis: Analysis): DocumentSymbol[] {
  return analysis.project.entryPoints.flatMap((entryPoint) => {
    const parameters = entryPoint.parameters.flatMap((parameter) => symbol(analysis, parameter.pair, SymbolKind.Variable, describeParameter(analysis.text, parameter)) ?? []);
    return symbol(analysis, entryPoint.pair, SymbolKind.Function, entryPoint.command?.value, parameters) ?? [];
  });
}

function modelSymbols(analysis: Analysis): DocumentSymbol[] {
  const result: DocumentSymbol[] = [];
  const flavors = findPair(analysis.root, 'flavors');
  if (flavors) {
    const children = pairsOf(flavors.value).flatMap((pair) => symbol(analysis, pair, SymbolKind.Module) ?? []);
    const flavorsSymbol = symbol(analysis, flavors, SymbolKind.Namespace, undefined, children);
    if (flavorsSymbol) result.push(flavorsSymbol);
  }
  const signature = findPair(analysis.root, 'signature');
  if (signature) {
    const children = pairsOf(valueOf(analysis.root, 'signature')).flatMap((pair) => symbol(analysis, pair, SymbolKind.Field) ?? []);
    const signatureSymbol = symbol(analysis, signature, SymbolKind.Interface, undefined, children);
    if (signatureSymbol) result.push(signatureSymbol);
  }
  return result;
}
