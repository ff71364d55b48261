import type { ExperimentsNode, RunNode } from './tree';

/**
 * The runs a tree command acts on: the multi-selection when there is one (VS Code passes it as
 * the second argument), else the clicked run.
 */
export function selectedRuns(node?: ExperimentsNode, selection?: readonly ExperimentsNode[]): RunNode[] {
  const runs = (selection ?? []).filter((item): item is RunNode => item.kind === 'run');
  if (runs.length) return runs;
  return node?.kind === 'run' ? [node] : [];
}
