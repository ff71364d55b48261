// The Run, Charts and Compare panels in the real VS Code: opened from the Experiments view's
// nodes and commands, their webviews load under the CSP, say `ready` and receive snapshots.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExperimentsNode, RunNode } from '../../../src/experiments/tree';
import type { Panel } from '../../../src/panels/panel';
import type { WorkbenchTestApi } from '../../../src/workbench';
import type { ChartsToWebview, CompareToWebview, RunToWebview } from '../../../webview/shared/protocol';

const EXTENSION_ID = 'mlflow-workbench.mlflow-workbench';

async function api(): Promise<WorkbenchTestApi> {
  const extension = vscode.extensions.getExtension<WorkbenchTestApi>(EXTENSION_ID);
  assert.ok(extension, 'extension not found');
  const exported = await extension.activate();
  await exported.ready;
  return exported;
}

async function run(wb: WorkbenchTestApi, name: string, experiment = 'wine-quality'): Promise<RunNode> {
  const experiments = await wb.experiments.getChildren();
  const label = (node: ExperimentsNode) => String(wb.experiments.getTreeItem(node).label);
  const parent = experiments.find((node) => label(node) === experiment);
  assert.ok(parent, `experiment ${experiment}`);
  const node = (await wb.experiments.getChildren(parent)).find((child) => label(child) === name);
  assert.ok(node?.kind === 'run', `run ${name}`);
  return node;
}

/** Resolves with the first snapshot the panel's webview receives (it must have loaded and said ready). */
function firstSnapshot<T extends { type: string }>(panel: Panel<T, { type: string }>): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no snapshot reached ${panel.panel.title}`)), 20_000);
    void panel.firstSnapshot.then((message) => {
      clearTimeout(timer);
      resolve(message);
    });
  });
}

suite('Panels', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a run in the tree opens its Run panel on click; opening it again reuses the panel', async () => {
    const wb = await api();
    const node = await run(wb, 'train-v1');
    const command = wb.experiments.getTreeItem(node).command;
    assert.equal(command?.command, 'mlflow.openRun');
    const panel = (await vscode.commands.executeCommand(command!.command, ...(command!.arguments ?? []))) as Panel<RunToWebview, { type: string }>;
    const message = await firstSnapshot(panel);
    assert.equal(message.type, 'snapshot');
    assert.ok(message.type === 'snapshot' && message.snapshot.run.name === 'train-v1');
    assert.equal(panel.panel.title, 'Run train-v1');
    assert.equal(panel.panel.viewType, 'mlflow.run');
    await vscode.commands.executeCommand('mlflow.openRun', node);
    assert.equal(wb.panels.runs.panels.length, 1, 'one panel per run');
  });

  test('Chart Metrics on two selected runs charts both, with sampled histories', async () => {
    const wb = await api();
    const [a, b] = [await run(wb, 'train-v1'), await run(wb, 'still-running')];
    const panel = (await vscode.commands.executeCommand('mlflow.chartMetrics', a, [a, b])) as Panel<ChartsToWebview, { type: string }>;
    const message = await firstSnapshot(panel);
    assert.ok(message.type === 'snapshot');
    assert.deepEqual(message.snapshot.runs.map((r) => r.name), ['train-v1', 'still-running']);
    assert.ok(message.snapshot.live, 'a running run makes the charts live');
    assert.ok(message.snapshot.metrics.includes('train_rmse'));
    assert.equal(panel.panel.title, 'Charts: 2 runs');
  });

  test('Compare Runs needs two runs and shows three side by side', async () => {
    const wb = await api();
    const runs = [await run(wb, 'train-v1'), await run(wb, 'train-v2'), await run(wb, 'train-v3')];
    assert.equal(await vscode.commands.executeCommand('mlflow.compareRuns', runs[0], [runs[0]]), undefined);
    const panel = (await vscode.commands.executeCommand('mlflow.compareRuns', runs[0], runs)) as Panel<CompareToWebview, { type: string }>;
    const message = await firstSnapshot(panel);
    assert.ok(message.type === 'snapshot');
    assert.deepEqual(message.snapshot.runs.map((r) => r.name), ['train-v1', 'train-v2', 'train-v3']);
    assert.equal(panel.panel.title, 'Compare 3 runs');
  });
});
