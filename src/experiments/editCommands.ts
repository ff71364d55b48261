import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/manager';
import { describeError } from '../log';
import { MLFLOW_TAGS } from '../mlflow/entities';
import { isWritableStore, type WritableStore } from '../mlflow/store';
import { tagValue } from './model';
import { selectedRuns } from './selection';
import type { ExperimentNode, ExperimentsNode, ExperimentsTree, RunNode } from './tree';

/**
 * Changes made through a tracking server: experiments, runs, tags and notes. Local stores are
 * never written; destructive actions ask first.
 */
export function registerEditCommands(tree: ExperimentsTree, connection: ConnectionManager): vscode.Disposable[] {
  const register = (id: string, handler: (store: WritableStore, ...args: never[]) => Promise<unknown>) =>
    vscode.commands.registerCommand(id, async (...args: never[]) => {
      const state = connection.state;
      if (state.kind !== 'connected' || !isWritableStore(state.store)) {
        void vscode.window.showWarningMessage('MLflow: this store is read-only here. Connect to a tracking server to make changes.');
        return;
      }
      try {
        await handler(state.store, ...args);
      } catch (error) {
        void vscode.window.showErrorMessage(`MLflow: ${describeError(error)}`);
      }
      tree.reload();
    });
  return [
    register('mlflow.experiments.create', async (store) => {
      const name = await vscode.window.showInputBox({ title: 'New experiment', prompt: 'Name of the experiment', validateInput: (v) => (v.trim() ? undefined : 'Enter a name') });
      if (name) await store.createExperiment(name.trim());
    }),
    register('mlflow.experiments.rename', async (store, node: ExperimentNode) => {
      const name = await vscode.window.showInputBox({ title: `Rename ${node.experiment.name}`, value: node.experiment.name, validateInput: (v) => (v.trim() ? undefined : 'Enter a name') });
      if (name && name.trim() !== node.experiment.name) await store.renameExperiment(node.experiment.experimentId, name.trim());
    }),
    register('mlflow.experiments.delete', async (store, node: ExperimentNode) => {
      if (await confirm(`Delete the experiment "${node.experiment.name}" and hide its runs? It can be restored until the server's garbage collection removes it.`, 'Delete')) {
        await store.deleteExperiment(node.experiment.experimentId);
      }
    }),
    register('mlflow.experiments.restore', (store, node: ExperimentNode) => store.restoreExperiment(node.experiment.experimentId)),
    register('mlflow.runs.delete', async (store, node: RunNode, selection?: ExperimentsNode[]) => {
      const runs = selectedRuns(node, selection);
      const names = runs.map((run) => run.run.info.runName || run.run.info.runId);
      const what = runs.length === 1 ? `the run "${names[0]}"` : `${runs.length} runs (${names.slice(0, 5).join(', ')}${runs.length > 5 ? ', …' : ''})`;
      if (await confirm(`Delete ${what}? Deleted runs can be restored until the server's garbage collection removes them.`, 'Delete')) {
        for (const run of runs) await store.deleteRun(run.run.info.runId);
      }
    }),
    register('mlflow.runs.restore', async (store, node: RunNode, selection?: ExperimentsNode[]) => {
      for (const run of selectedRuns(node, selection)) await store.restoreRun(run.run.info.runId);
    }),
    register('mlflow.runs.setTag', async (store, node: RunNode) => {
      const key = await vscode.window.showInputBox({ title: `Tag ${node.run.info.runName}`, prompt: 'Tag key', validateInput: (v) => (v.trim() ? undefined : 'Enter a key') });
      if (!key) return;
      const value = await vscode.window.showInputBox({ title: `Tag ${node.run.info.runName}: ${key}`, prompt: 'Value', value: tagValue(node.run, key.trim()) ?? '' });
      if (value !== undefined) await store.setRunTag(node.run.info.runId, key.trim(), value);
    }),
    register('mlflow.runs.deleteTag', async (store, node: RunNode) => {
      const tags = node.run.data.tags.filter((tag) => !tag.key.startsWith('mlflow.'));
      if (!tags.length) {
        void vscode.window.showInformationMessage(`MLflow: ${node.run.info.runName} has no tags of its own to delete.`);
        return;
      }
      const picked = await vscode.window.showQuickPick(tags.map((tag) => ({ label: tag.key, description: tag.value })), { title: `Delete a tag of ${node.run.info.runName}` });
      if (picked && (await confirm(`Delete the tag "${picked.label}" of ${node.run.info.runName}?`, 'Delete'))) await store.deleteRunTag(node.run.info.runId, picked.label);
    }),
    register('mlflow.runs.editNote', async (store, node: RunNode) => {
      const note = await vscode.window.showInputBox({
        title: `Note of ${node.run.info.runName}`,
        prompt: 'Markdown, shown on the run in MLflow. Empty removes the note.',
        value: tagValue(node.run, MLFLOW_TAGS.note) ?? '',
        ignoreFocusOut: true,
      });
      if (note === undefined) return;
      if (note.trim()) await store.setRunTag(node.run.info.runId, MLFLOW_TAGS.note, note);
      else if (tagValue(node.run, MLFLOW_TAGS.note) !== undefined) await store.deleteRunTag(node.run.info.runId, MLFLOW_TAGS.note);
    }),
  ];
}

async function confirm(message: string, action: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(message, { modal: true }, action)) === action;
}

