// The words of an entry point's command that name files. How MLflow fills the command in
// (Python's str.format) is read by the one parser the runner uses too: src/mlflow/project/format.ts.

export interface ScriptReference {
  readonly start: number;
  readonly end: number;
  readonly path: string;
}

/** Words of the command that name a script file (`python train.py` → `train.py`). */
export function scriptReferences(command: string): ScriptReference[] {
  const references: ScriptReference[] = [];
  for (const match of command.matchAll(/[^\s'"`;|&<>()]+/g)) {
    const word = match[0];
    if (/[{}$=*?]/.test(word) || !/\.(py|sh|R)$/.test(word)) continue;
    references.push({ start: match.index!, end: match.index! + word.length, path: word });
  }
  return references;
}
