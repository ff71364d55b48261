// The Run, Charts and Compare panels in the real VS Code: opened from the Experiments view's
// nodes and commands, their webviews load under the CSP, say `ready` and receive snapshots.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunNode } from '../../../src/experiments/tree';
import type { Panel } from '../../../src/panels/panel';
import type { WorkbenchTestApi } from '../../../src/workbench';
import type { ChartsToWebview, CompareToWebview, RunToWebview } from '../../../webview/shared/protocol';
import { api, find, settled } from './workbench';

async function run(wb: WorkbenchTestApi, name: string, experiment = 'wine-quality'): Promise<RunNode> {
  const node = await find(wb, name, await find(wb, experiment));
  assert.ok(node.kind === 'run', `run ${name}`);
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

  test('charts of a running run update as the training process logs new points', async () => {
    const wb = await api();
    const dir = mkdtempSync(path.join(tmpdir(), 'mlflow-live-charts-'));
    const db = path.join(dir, 'mlflow.db');
    copyFileSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'mlflow.db'), db);
    try {
      await settled(wb, () => vscode.workspace.getConfiguration('mlflow').update('trackingUri', `sqlite:///${db}`, vscode.ConfigurationTarget.Global));
      const running = await run(wb, 'still-running');
      const panel = (await vscode.commands.executeCommand('mlflow.chartMetrics', running)) as Panel<ChartsToWebview, { type: string }>;
      const first = await firstSnapshot(panel);
      assert.ok(first.type === 'snapshot' && first.snapshot.live);
      const before = first.snapshot.series.train_rmse[0].steps;
      const grown = new Promise<number[]>((resolve) => {
        const subscription = panel.onDidSendSnapshot((message) => {
          const steps = message.type === 'snapshot' ? message.snapshot.series.train_rmse?.[0]?.steps : undefined;
          if (steps && steps.length > before.length) {
            subscription.dispose();
            resolve(steps);
          }
        });
      });
      const step = Math.max(...before) + 1;
      execFileSync('sqlite3', [db, `INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES ('train_rmse', 0.5, ${Date.now()}, '${running.run.info.runId}', ${step}, 0);`]);
      const after = await grown;
      assert.equal(after.at(-1), step);
    } finally {
      await settled(wb, () => vscode.workspace.getConfiguration('mlflow').update('trackingUri', undefined, vscode.ConfigurationTarget.Global));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
