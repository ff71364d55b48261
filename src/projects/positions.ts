// Where each entry point's key is in an MLproject's text, for the CodeLens and for revealing an
// entry point from the view (the shared model carries no positions).
import { isMap, isScalar, parseDocument } from 'yaml';

export interface EntryPointOffset {
  readonly name: string;
  readonly offset: number;
}

export function entryPointOffsets(text: string): EntryPointOffset[] {
  const document = parseDocument(text, { version: '1.1', uniqueKeys: false });
  const entryPoints = isMap(document.contents) ? document.contents.get('entry_points', true) : undefined;
  if (!isMap(entryPoints)) return [];
  const offsets = new Map<string, number>();
  for (const pair of entryPoints.items) {
    if (!isScalar(pair.key) || !pair.key.range) continue;
    const name = String(pair.key.value);
    // The last of a repeated key wins, as in PyYAML.
    offsets.delete(name);
    offsets.set(name, pair.key.range[0]);
  }
  return [...offsets].map(([name, offset]) => ({ name, offset }));
}
