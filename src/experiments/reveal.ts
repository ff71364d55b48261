// Showing a run in the Experiments view: its experiment (and parent run) expanded, the run
// selected, the view shown without taking the keyboard from where the user is (a task's
// terminal, an editor). From then on the view keeps it current like any other run: a local
// store's file watcher reloads it, and on a server `LiveRunsRefresh` polls while it is running.
import * as vscode from 'vscode';
import { describeError } from '../log';
import type { LaunchedRun } from '../mlflow/project/launched';
import type { ExperimentsNode, ExperimentsTree, RunNode } from './tree';

/**
 * Reveals the run as the experiment's current query shows it. A run that query hides (the
 * user's filter, a sort that puts it past the loaded pages) is not forced into view — the
 * filter is the user's — and the log says why. Resolves with the revealed node.
 */
export async function revealRun(
  view: vscode.TreeView<ExperimentsNode>,
  tree: ExperimentsTree,
  log: vscode.LogOutputChannel,
  run: LaunchedRun,
): Promise<RunNode | undefined> {
  try {
    const found = await tree.findRun(run.experimentId, run.runId);
    if (!found.node) {
      log.info(`Run ${run.runId} started, but the Experiments view does not show it: ${found.reason}.`);
      return undefined;
    }
    await view.reveal(found.node, { select: true, focus: false, expand: false });
    log.info(`Following run ${run.runId} in the Experiments view.`);
    return found.node;
  } catch (error) {
    log.warn(`Could not reveal run ${run.runId}: ${describeError(error)}`);
    return undefined;
  }
}
