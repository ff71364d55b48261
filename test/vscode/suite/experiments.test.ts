// The Experiments view on the example workspace's own mlflow.db, through the real VS Code API:
// the tree the view renders, the commands its menus run, the settings that choose the store,
// and live updates when a training process writes to the store.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExperimentNode, RunNode } from '../../../src/experiments/tree';
import type { WorkbenchTestApi } from '../../../src/workbench';
import { api, childLabels, eventually, find, label, settled } from './workbench';

/** Resolves once `check` holds for the tree, re-reading it on each change. */
function treeChange<T>(api: WorkbenchTestApi, check: () => Promise<T | undefined>, what: string): Promise<T> {
  return eventually(api.experiments.onDidChangeTreeData, check, what);
}

async function useTrackingUri(wb: WorkbenchTestApi, uri: string | undefined): Promise<void> {
  await settled(wb, () => vscode.workspace.getConfiguration('mlflow').update('trackingUri', uri, vscode.ConfigurationTarget.Global));
}

suite('Experiments view', () => {
  test('lists the active experiments of the workspace store', async () => {
    const wb = await api();
    assert.equal(wb.connection.state.kind, 'connected');
    assert.deepEqual((await childLabels(wb)).sort(), ['Default', 'deep-net-training', 'iris-classification', 'wine-quality']);
  });

  test('runs are newest first, deleted runs hidden, children nested three levels deep', async () => {
    const wb = await api();
    const wine = await find(wb, 'wine-quality');
    const roots = await childLabels(wb, wine);
    for (const name of ['elasticnet-sweep', 'train-v1', 'train-v2', 'train-v3', 'failed-oom', 'still-running', 'killed-by-user']) {
      assert.ok(roots.includes(name), `${name} missing from ${roots.join(', ')}`);
    }
    assert.ok(!roots.includes('oops-wrong-data'), 'a deleted run is shown');
    assert.ok(!roots.includes('cv-fold-0'), 'a grandchild is shown at the top');
    const starts = (await wb.experiments.getChildren(wine)).filter((node): node is RunNode => node.kind === 'run').map((node) => node.run.info.startTime ?? 0);
    assert.deepEqual(starts, [...starts].sort((a, b) => b - a));

    const sweep = await find(wb, 'elasticnet-sweep', wine);
    assert.equal(wb.experiments.getTreeItem(sweep).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.deepEqual((await childLabels(wb, sweep)).sort(), [
      'alpha=0.05,l1_ratio=0.2',
      'alpha=0.1,l1_ratio=0.5',
      'alpha=0.5,l1_ratio=0.5',
      'alpha=1.0,l1_ratio=0.2',
    ]);
    const child = await find(wb, 'alpha=0.1,l1_ratio=0.5', sweep);
    assert.deepEqual((await childLabels(wb, child)).sort(), ['cv-fold-0', 'cv-fold-1']);
  });

  test('a run nested two levels deep can be revealed: its parents expand and it is selected', async () => {
    const wb = await api();
    const wine = (await find(wb, 'wine-quality')) as ExperimentNode;
    const sweep = await find(wb, 'elasticnet-sweep', wine);
    const fold = (await find(wb, 'cv-fold-1', await find(wb, 'alpha=0.1,l1_ratio=0.5', sweep))) as RunNode;
    const found = await wb.experiments.findRun(wine.experiment.experimentId, fold.run.info.runId);
    assert.ok(found.node, 'the grandchild is not found');
    const chain: string[] = [];
    for (let node = wb.experiments.getParent(found.node); node; node = wb.experiments.getParent(node)) chain.push(label(wb, node));
    assert.deepEqual(chain, ['alpha=0.1,l1_ratio=0.5', 'elasticnet-sweep', 'wine-quality']);
    const view = wb.experimentsView;
    const selected = eventually(view.onDidChangeSelection, () => (view.selection[0]?.kind === 'run' && view.selection[0].run.info.runId === fold.run.info.runId ? true : undefined), 'the grandchild selected');
    await view.reveal(found.node, { select: true, focus: false });
    assert.equal(await selected, true);
    assert.equal(view.visible, true);
  });

  test('a run the experiment\'s filter hides is not found, and the reason names the filter', async () => {
    const wb = await api();
    const wine = (await find(wb, 'wine-quality')) as ExperimentNode;
    const v1 = (await find(wb, 'train-v1', wine)) as RunNode;
    wb.experiments.setQuery(wine.experiment, { filter: "attributes.status = 'FAILED'", orderBy: [], showDeleted: false });
    try {
      const found = await wb.experiments.findRun(wine.experiment.experimentId, v1.run.info.runId);
      assert.equal(found.node, undefined);
      assert.match(found.node ? '' : found.reason, /filter \(attributes\.status = 'FAILED'\) hides it/);
    } finally {
      wb.experiments.setQuery(wine.experiment, { filter: '', orderBy: [], showDeleted: false });
    }
  });

  test('status icons and descriptions tell running, failed and killed runs apart', async () => {
    const wb = await api();
    const wine = await find(wb, 'wine-quality');
    const icon = async (name: string) => (wb.experiments.getTreeItem(await find(wb, name, wine)).iconPath as vscode.ThemeIcon).id;
    assert.equal(await icon('failed-oom'), 'error');
    assert.equal(await icon('still-running'), 'sync~spin');
    assert.equal(await icon('killed-by-user'), 'circle-slash');
    assert.equal(await icon('train-v1'), 'pass');
    assert.match(String(wb.experiments.getTreeItem(await find(wb, 'still-running', wine)).description), /^running /);
    const tooltip = wb.experiments.getTreeItem(await find(wb, 'train-v1', wine)).tooltip as vscode.MarkdownString;
    assert.match(tooltip.value.replace(/&nbsp;/g, ' '), /Status: Finished/);
    assert.match(tooltip.value, /rmse/);
  });

  test('a filter in MLflow syntax narrows the runs; an invalid one says what is wrong', async () => {
    const wb = await api();
    const wine = (await find(wb, 'wine-quality')) as ExperimentNode;
    try {
      wb.experiments.setQuery(wine.experiment, { filter: "attributes.status = 'FAILED'", orderBy: [], showDeleted: false });
      assert.deepEqual(await childLabels(wb, wine), ['failed-oom', 'Logged models']);
      assert.match(String(wb.experiments.getTreeItem(wine).description), /filter: attributes\.status = 'FAILED'/);

      wb.experiments.setQuery(wine.experiment, { filter: "params.alpha > '0.5'", orderBy: [], showDeleted: false });
      const [error] = await wb.experiments.getChildren(wine);
      assert.equal(error.kind, 'message');
      assert.match(label(wb, error), /^Invalid filter: /);
      assert.equal(wb.experiments.getTreeItem(error).command?.command, 'mlflow.experiments.filterRuns');
    } finally {
      wb.experiments.setQuery(wine.experiment, { filter: '', orderBy: [], showDeleted: false });
    }
  });

  test('sorting by a metric shows its value; deleted runs can be shown', async () => {
    const wb = await api();
    const wine = (await find(wb, 'wine-quality')) as ExperimentNode;
    try {
      wb.experiments.setQuery(wine.experiment, { filter: '', orderBy: ['metrics.rmse ASC'], showDeleted: true });
      const runs = (await wb.experiments.getChildren(wine)).filter((node): node is RunNode => node.kind === 'run');
      const values = runs
        .map((node) => node.run.data.metrics.find((metric) => metric.key === 'rmse')?.value)
        .filter((value): value is number => value !== undefined);
      assert.ok(values.length >= 3);
      assert.deepEqual(values, [...values].sort((a, b) => a - b));
      assert.match(String(wb.experiments.getTreeItem(runs[0]).description), /^rmse=/);
      assert.ok(runs.some((node) => node.run.info.runName === 'oops-wrong-data'), 'deleted run not shown');
    } finally {
      wb.experiments.setQuery(wine.experiment, { filter: '', orderBy: [], showDeleted: false });
    }
  });

  test('copy run id and runs:/ URI from the context menu, for several selected runs', async () => {
    const wb = await api();
    const wine = await find(wb, 'wine-quality');
    const v1 = (await find(wb, 'train-v1', wine)) as RunNode;
    const v2 = (await find(wb, 'train-v2', wine)) as RunNode;
    await vscode.commands.executeCommand('mlflow.runs.copyId', v1, [v1, v2]);
    assert.equal(await vscode.env.clipboard.readText(), `${v1.run.info.runId}\n${v2.run.info.runId}`);
    await vscode.commands.executeCommand('mlflow.runs.copyUri', v1);
    assert.equal(await vscode.env.clipboard.readText(), `runs:/${v1.run.info.runId}`);
  });

  test('open source finds the recorded train.py in the moved project', async () => {
    const wb = await api();
    const v1 = (await find(wb, 'train-v1', await find(wb, 'wine-quality'))) as RunNode;
    await vscode.commands.executeCommand('mlflow.runs.openSource', v1);
    assert.equal(path.basename(vscode.window.activeTextEditor?.document.uri.fsPath ?? ''), 'train.py');
  });

  test('a store being written by training shows new runs without a manual refresh', async () => {
    const wb = await api();
    const dir = mkdtempSync(path.join(tmpdir(), 'mlflow-live-'));
    const db = path.join(dir, 'mlflow.db');
    const workspaceDb = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'mlflow.db');
    copyFileSync(workspaceDb, db);
    try {
      await useTrackingUri(wb, `sqlite:///${db}`);
      assert.equal(wb.connection.state.kind, 'connected');
      const wine = await find(wb, 'wine-quality');
      assert.ok(!(await childLabels(wb, wine)).includes('fresh-run'));
      const appeared = treeChange(
        wb,
        async () => ((await childLabels(wb, await find(wb, 'wine-quality'))).includes('fresh-run') ? true : undefined),
        'fresh-run to appear',
      );
      const now = Date.now();
      execFileSync('sqlite3', [
        db,
        `INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, source_version, lifecycle_stage, artifact_uri, experiment_id)
         VALUES ('f00dfeedf00dfeedf00dfeedf00dfeed', 'fresh-run', 'LOCAL', '', '', 'tester', 'RUNNING', ${now}, '', 'active', '${dir}/artifacts', 1);
         INSERT INTO tags (key, value, run_uuid) VALUES ('mlflow.runName', 'fresh-run', 'f00dfeedf00dfeedf00dfeedf00dfeed');`,
      ]);
      assert.equal(await appeared, true);
    } finally {
      await useTrackingUri(wb, undefined);
    }
  });

  test('a corrupt store is an error item with a retry, and the extension keeps working', async () => {
    const wb = await api();
    const dir = mkdtempSync(path.join(tmpdir(), 'mlflow-bad-'));
    const bad = path.join(dir, 'mlflow.db');
    writeFileSync(bad, 'this is not a database, just text that happens to be named mlflow.db\n'.repeat(200));
    try {
      await useTrackingUri(wb, `sqlite:///${bad}`);
      assert.equal(wb.connection.state.kind, 'error');
      const [node] = await wb.experiments.getChildren();
      assert.equal(node.kind, 'message');
      assert.match(label(wb, node), /mlflow\.db/);
      assert.equal(wb.experiments.getTreeItem(node).command?.command, 'mlflow.refresh');
    } finally {
      await useTrackingUri(wb, undefined);
    }
    assert.equal(wb.connection.state.kind, 'connected');
    assert.ok((await childLabels(wb)).includes('wine-quality'));
  });

  test('deleted experiments can be shown', async () => {
    const wb = await api();
    await vscode.commands.executeCommand('mlflow.experiments.showDeletedExperiments');
    try {
      assert.ok((await childLabels(wb)).includes('scratch-to-delete'));
    } finally {
      await vscode.commands.executeCommand('mlflow.experiments.hideDeletedExperiments');
    }
    assert.ok(!(await childLabels(wb)).includes('scratch-to-delete'));
  });
});
