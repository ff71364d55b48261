// The Models view and the logged models under experiments, through the real VS Code API, on the
// three backends: the workspace's mlflow.db, the legacy file store and a tracking server
// (a real HTTP server replaying MLflow 3.11's recorded answers). All hold the same registry.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LoggedModelNode } from '../../../src/models/loggedModels';
import type { ModelsNode, ModelVersionNode } from '../../../src/models/tree';
import type { ModelPanel } from '../../../src/panels/run/modelPanel';
import type { RunPanel } from '../../../src/panels/run/panel';
import type { ModelView, RunToWebview } from '../../../webview/shared/protocol';
import type { WorkbenchTestApi } from '../../../src/workbench';
import { htmlError, jsonAnswer } from '../../support/faults';
import { ReplayServer } from '../../support/replayServer';
import { api, find, label, settled } from './workbench';

const FIXTURES = path.resolve(__dirname, '..', '..', 'test', 'fixtures');

/** A tooltip's text as the user reads it (appendText escapes spaces). */
function tooltipText(item: vscode.TreeItem): string {
  return (item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ').replace(/\\/g, '');
}

function modelLabel(wb: WorkbenchTestApi, node: ModelsNode): string {
  const item = wb.models.getTreeItem(node);
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

async function rows(wb: WorkbenchTestApi, node?: ModelsNode): Promise<string[]> {
  return (await wb.models.getChildren(node)).map((child) => `${modelLabel(wb, child)} | ${String(wb.models.getTreeItem(child).description ?? '')}`);
}

async function modelNode(wb: WorkbenchTestApi, name: string): Promise<ModelsNode> {
  const match = (await wb.models.getChildren()).find((node) => modelLabel(wb, node) === name);
  assert.ok(match, `${name} not in the Models view`);
  return match;
}

/** The registry every fixture holds, as the view shows it. */
async function assertFixtureRegistry(wb: WorkbenchTestApi): Promise<void> {
  assert.deepEqual(await rows(wb), ['iris-classifier | v1 · @prod→1', 'wine-quality | v3 · @challenger→3 · @champion→2']);
  const wine = await rows(wb, await modelNode(wb, 'wine-quality'));
  assert.deepEqual(wine, ['Version 3 | @challenger · Staging', 'Version 2 | @champion · Production', 'Version 1 | Archived']);
  assert.deepEqual(await rows(wb, await modelNode(wb, 'iris-classifier')), ['Version 1 | @prod']);
}

/** The model view a panel opened by Show Model Signature sent to its webview first. */
async function shownModel(panel: RunPanel | ModelPanel | undefined): Promise<{ message: RunToWebview; model: ModelView }> {
  assert.ok(panel, 'no panel opened');
  const message = await panel.firstSnapshot;
  const model = message.type === 'snapshot' ? message.snapshot.model : message.type === 'model' ? message.model : undefined;
  assert.ok(model, `the panel sent ${JSON.stringify(message).slice(0, 300)}`);
  return { message, model };
}

function signatureInputs(model: ModelView): string[] {
  assert.equal(model.preview.kind, 'mlmodel', JSON.stringify(model.preview));
  return model.preview.kind === 'mlmodel' ? (model.preview.summary.signature?.inputs.map((c) => c.name) ?? []) : [];
}

suite('Models view', () => {
  test('shows the workspace registry: models, versions newest first with aliases and stages, read-only', async () => {
    const wb = await api();
    await assertFixtureRegistry(wb);
    const wine = await modelNode(wb, 'wine-quality');
    const [v3] = await wb.models.getChildren(wine);
    const item = wb.models.getTreeItem(v3);
    assert.match(String(item.description), /@challenger · Staging/);
    assert.equal(item.contextValue, 'modelVersion.hasRun.aliased.staged', 'a local store offers no writes');
    const tooltip = tooltipText(item);
    assert.match(tooltip, /Source run: [0-9a-f]{32}/);
    assert.match(tooltip, /stages are deprecated/);
    assert.match(tooltipText(wb.models.getTreeItem(wine)), /ElasticNet regressor predicting red-wine quality/);
  });

  test('the name filter is a case-insensitive substring; clearing it shows every model', async () => {
    const wb = await api();
    try {
      wb.models.setFilter('IRIS');
      assert.deepEqual((await rows(wb)).map((row) => row.split(' | ')[0]), ['iris-classifier']);
      wb.models.setFilter('nothing-like-this');
      assert.deepEqual(await rows(wb), ['No registered model matches "nothing-like-this" | ']);
    } finally {
      wb.models.setFilter('');
    }
    assert.equal((await rows(wb)).length, 2);
  });

  test('copies models:/name/version and models:/name@alias URIs', async () => {
    const wb = await api();
    const [v3] = (await wb.models.getChildren(await modelNode(wb, 'wine-quality'))) as ModelVersionNode[];
    await vscode.commands.executeCommand('mlflow.models.copyVersionUri', v3);
    assert.equal(await vscode.env.clipboard.readText(), 'models:/wine-quality/3');
    await vscode.commands.executeCommand('mlflow.models.copyAliasUri', v3);
    assert.equal(await vscode.env.clipboard.readText(), 'models:/wine-quality@challenger');
  });

  test("logged models sit under their experiment with metrics, the source run and browsable files", async () => {
    const wb = await api();
    const group = await find(wb, 'Logged models', await find(wb, 'wine-quality'));
    const models = (await wb.experiments.getChildren(group)) as LoggedModelNode[];
    assert.equal(models.length, 3);
    const v1 = models.find((m) => wb.experiments.getTreeItem(m).description?.toString().includes('wine-quality v1'));
    assert.ok(v1, 'the logged model registered as wine-quality v1');
    assert.match(String(wb.experiments.getTreeItem(v1).description), /mae=[\d.]+ · r2=/);
    assert.match(tooltipText(wb.experiments.getTreeItem(v1)), /Source run: [0-9a-f]{32}/);
    const files = (await wb.experiments.getChildren(v1)).map((node) => label(wb, node) || path.basename((wb.experiments.getTreeItem(node).resourceUri ?? vscode.Uri.file('')).fsPath));
    assert.ok(files.includes('MLmodel'), files.join(', '));
  });

  test("opens a version's source run in the Run panel", async () => {
    const wb = await api();
    const [v3] = (await wb.models.getChildren(await modelNode(wb, 'wine-quality'))) as ModelVersionNode[];
    const panel = (await vscode.commands.executeCommand('mlflow.models.openSourceRun', v3)) as { firstSnapshot: Promise<{ type: string; snapshot?: { run: { name: string } } }>; panel: vscode.WebviewPanel };
    const message = await panel.firstSnapshot;
    assert.equal(message.snapshot?.run.name, 'train-v3');
    panel.panel.dispose();
  });

  test("Show Model Signature opens the source run's panel on the version's signature, flavors and facts", async () => {
    const wb = await api();
    const [, v2] = (await wb.models.getChildren(await modelNode(wb, 'wine-quality'))) as ModelVersionNode[];
    const panel = await vscode.commands.executeCommand<RunPanel | ModelPanel | undefined>('mlflow.models.showSignature', v2);
    const { message, model } = await shownModel(panel);
    assert.equal(message.type === 'snapshot' && message.snapshot.run.name, 'train-v2', 'the Run panel of the source run');
    assert.deepEqual(model.ref, { kind: 'version', name: 'wine-quality', version: '2' });
    assert.equal(model.uri, 'models:/wine-quality/2');
    assert.ok(signatureInputs(model).includes('alcohol'), signatureInputs(model).join(', '));
    assert.ok(model.preview.kind === 'mlmodel' && model.preview.summary.flavors.some((f) => f.key === 'sklearn'));
    assert.ok(wb.panels.runs.panels.includes(panel as RunPanel));
    panel!.panel.dispose();
  });

  test('Show Model Signature on a logged model under its experiment', async () => {
    const wb = await api();
    const group = await find(wb, 'Logged models', await find(wb, 'wine-quality'));
    const [logged] = (await wb.experiments.getChildren(group)) as LoggedModelNode[];
    const panel = await vscode.commands.executeCommand<RunPanel | ModelPanel | undefined>('mlflow.models.showSignature', logged);
    const { message, model } = await shownModel(panel);
    assert.equal(message.type === 'snapshot' && message.snapshot.run.runId, logged.model.sourceRunId);
    assert.equal(model.uri, `models:/${logged.model.modelId}`);
    assert.ok(signatureInputs(model).length > 5);
    panel!.panel.dispose();
  });

  test('opens the MLmodel of a version in an editor with the mlmodel language', async () => {
    const wb = await api();
    const [, v2] = (await wb.models.getChildren(await modelNode(wb, 'wine-quality'))) as ModelVersionNode[];
    await vscode.commands.executeCommand('mlflow.models.openMLmodel', v2);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'no editor opened');
    assert.equal(path.basename(editor.document.fileName), 'MLmodel');
    assert.equal(editor.document.languageId, 'mlmodel');
    assert.match(editor.document.getText(), /model_id: m-/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('the legacy file store shows the same registry', async () => {
    const wb = await api();
    try {
      const state = await settled(wb, () => wb.connection.select({ kind: 'local', path: path.join(FIXTURES, 'file-store', 'mlruns') }));
      assert.equal(state.kind, 'connected');
      await assertFixtureRegistry(wb);
    } finally {
      await settled(wb, () => wb.connection.select(undefined));
    }
  });

  suite('on a tracking server', () => {
    let server: ReplayServer;

    suiteSetup(async () => {
      const wb = await api();
      server = await ReplayServer.start();
      server.alias({ method: 'POST', path: '/api/2.0/mlflow/experiments/search', body: { max_results: 1000 } }, '004-experiments-search-basic.json');
      server.alias({ method: 'POST', path: '/api/2.0/mlflow/runs/search', body: { experiment_ids: ['1'], max_results: 100 } }, '041-runs-search-page1.json');
      server.alias({ method: 'POST', path: '/api/2.0/mlflow/logged-models/search', body: { experiment_ids: ['1'], max_results: 100 } }, '123-logged-models-search.json');
      server.alias({ method: 'GET', path: '/api/2.0/mlflow/registered-models/search', query: { max_results: 1000 } }, '140-registered-models-search.json');
      server.alias(
        { method: 'GET', path: '/api/2.0/mlflow/model-versions/search', query: { filter: "name='wine-quality'", max_results: 10000 } },
        '164-model-versions-search.json',
      );
      // wine-quality v2's logged model; the recorded MLmodel is another version's, which is all the editor needs.
      server.alias(
        { method: 'GET', path: '/ajax-api/2.0/mlflow/logged-models/m-bd15e877fa5a43a2bba62d38f2dbe188/artifacts/files', query: { artifact_file_path: 'MLmodel' } },
        '127-logged-models-artifact-file-MLmodel.json',
      );
      await vscode.workspace.getConfiguration('mlflow').update('connections', [{ name: 'registry', uri: server.url }], vscode.ConfigurationTarget.Global);
      const state = await settled(wb, () => wb.connection.select({ kind: 'connection', name: 'registry' }));
      assert.equal(state.kind, 'connected', state.kind === 'error' ? state.message : '');
    });

    suiteTeardown(async () => {
      const wb = await api();
      await settled(wb, () => wb.connection.select(undefined));
      await settled(wb, () => vscode.workspace.getConfiguration('mlflow').update('connections', undefined, vscode.ConfigurationTarget.Global));
      const unmatched = server.unmatched.map((r) => `${r.method} ${r.path}?${r.query} ${r.body}`);
      await server.close();
      assert.deepEqual(unmatched, [], 'requests without a recording');
    });

    test('the same registry, writable, with aliases from the model (version search omits them)', async () => {
      const wb = await api();
      assert.deepEqual((await rows(wb)).map((row) => row.split(' | ')[0]), ['iris-classifier', 'wine-quality']);
      const wine = await modelNode(wb, 'wine-quality');
      assert.deepEqual(await rows(wb, wine), ['Version 3 | @challenger · Staging', 'Version 2 | @champion · Production', 'Version 1 | Archived']);
      const [v3] = await wb.models.getChildren(wine);
      assert.equal(wb.models.getTreeItem(v3).contextValue, 'modelVersion.hasRun.aliased.staged.writable');
    });

    test('a failing registry search is an item that says so, and Retry recovers', async () => {
      const wb = await api();
      server.inject('GET', '/api/2.0/mlflow/registered-models/search', htmlError(500, 'Internal Server Error'), 1);
      wb.models.reload();
      const [error] = await wb.models.getChildren();
      assert.match(modelLabel(wb, error), /^Could not list registered models: .*500/);
      assert.equal(wb.models.getTreeItem(error).command?.command, 'mlflow.models.refresh');
      await vscode.commands.executeCommand('mlflow.models.refresh');
      assert.deepEqual((await rows(wb)).map((row) => row.split(' | ')[0]), ['iris-classifier', 'wine-quality']);
    });

    test('a large registry shows 100 models at a time, with Load more…', async () => {
      const wb = await api();
      const many = Array.from({ length: 150 }, (_, i) => ({ name: `model-${String(i).padStart(3, '0')}`, aliases: [], tags: [] }));
      server.inject('GET', '/api/2.0/mlflow/registered-models/search', jsonAnswer(200, { registered_models: many }), 1);
      try {
        wb.models.reload();
        const first = await wb.models.getChildren();
        assert.equal(first.filter((node) => node.kind === 'registeredModel').length, 100);
        assert.equal(first.at(-1)?.kind, 'moreModels');
        assert.equal(wb.models.getTreeItem(first.at(-1)!).command?.command, 'mlflow.models.loadMore');
        await vscode.commands.executeCommand('mlflow.models.loadMore');
        const all = await wb.models.getChildren();
        assert.equal(all.length, 150);
        assert.equal(modelLabel(wb, all[149]), 'model-149');
      } finally {
        wb.models.reload();
      }
    });

    test("a version's MLmodel opens downloaded, as an mlmodel document", async () => {
      const wb = await api();
      const [, v2] = (await wb.models.getChildren(await modelNode(wb, 'wine-quality'))) as ModelVersionNode[];
      await vscode.commands.executeCommand('mlflow.models.openMLmodel', v2);
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor, 'no editor opened');
      assert.equal(editor.document.uri.scheme, 'untitled');
      assert.equal(editor.document.languageId, 'mlmodel');
      assert.match(editor.document.getText(), /^artifact_path: mlflow-artifacts:\/1\/models\/m-/);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    test("Show Model Signature downloads the version's MLmodel and shows it alone when its run is not on the server", async () => {
      const wb = await api();
      const [, v2] = (await wb.models.getChildren(await modelNode(wb, 'wine-quality'))) as ModelVersionNode[];
      const before = server.requests.length;
      server.inject('GET', '/api/2.0/mlflow/runs/get', jsonAnswer(404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: `Run '${v2.version.runId}' not found.` }), 1, 'run deleted');
      const panel = await vscode.commands.executeCommand<RunPanel | ModelPanel | undefined>('mlflow.models.showSignature', v2);
      const { message, model } = await shownModel(panel);
      assert.equal(message.type, 'model', 'the model view alone');
      assert.equal(model.runId, v2.version.runId);
      assert.ok(signatureInputs(model).includes('alcohol'), signatureInputs(model).join(', '));
      assert.ok(wb.panels.models.panels.includes(panel as ModelPanel));
      const asked = server.requests.slice(before).map((r) => `${r.method} ${r.path}`);
      assert.ok(asked.includes('GET /ajax-api/2.0/mlflow/logged-models/m-bd15e877fa5a43a2bba62d38f2dbe188/artifacts/files'), asked.join('\n'));
      assert.ok(asked.includes('GET /api/2.0/mlflow/runs/get'), asked.join('\n'));
      panel!.panel.dispose();
    });

    test('Show Model Signature reads the run once; a refresh reads the run again but not the model, until the store changes', async () => {
      const wb = await api();
      const [, v2] = (await wb.models.getChildren(await modelNode(wb, 'wine-quality'))) as ModelVersionNode[];
      const runId = v2.version.runId;
      const modelReads = (since: number) =>
        server.requests.slice(since).filter((r) => r.path === '/api/2.0/mlflow/model-versions/search' || r.path.includes('/logged-models/m-bd15e877fa5a43a2bba62d38f2dbe188/')).length;
      // What no recording holds and this test is not about: the run's metric sparklines (rmse, mae, r2) and its child runs.
      const answerRunPanel = () => {
        server.inject('GET', '/api/2.0/mlflow/metrics/get-history-bulk-interval', jsonAnswer(200, { metrics: [] }), 3, 'sparklines');
        server.inject('POST', '/api/2.0/mlflow/runs/search', jsonAnswer(200, { runs: [] }), 1, 'child runs');
      };
      const runReads = (since: number) => server.requests.slice(since).filter((r) => r.path === '/api/2.0/mlflow/runs/get' && r.query.get('run_id') === runId).length;
      const before = server.requests.length;
      answerRunPanel();
      const panel = await vscode.commands.executeCommand<RunPanel | ModelPanel | undefined>('mlflow.models.showSignature', v2);
      const { message } = await shownModel(panel);
      try {
        assert.equal(message.type, 'snapshot', 'the Run panel of the source run');
        assert.equal(runReads(before), 1, 'the run read to know it is on the server is the one the panel shows');
        assert.ok(modelReads(before) >= 2, 'the version and its MLmodel were read');
        // What a store change on disk does to every open panel: the run again, the model view as it was.
        const refreshed = server.requests.length;
        answerRunPanel();
        const next = new Promise<RunToWebview>((resolve) => panel!.onDidSendSnapshot(resolve));
        await panel!.refresh();
        const again = await next;
        assert.equal(runReads(refreshed), 1, 'the run is read again');
        assert.equal(modelReads(refreshed), 0, server.requests.slice(refreshed).map((r) => r.path).join('\n'));
        assert.equal(again.type === 'snapshot' && again.snapshot.model?.uri, 'models:/wine-quality/2', 'the model view is still shown');
        // Another store (or a reconnect) reads it again.
        const changed = server.requests.length;
        answerRunPanel();
        panel!.storeChanged();
        await panel!.refresh();
        assert.ok(modelReads(changed) >= 2, 'the model is read again after the store changed');
      } finally {
        panel!.panel.dispose();
      }
    });

    test('a version registered from runs:/<id>/<path> opens the MLmodel the model view reads, downloaded from the run', async () => {
      const wb = await api();
      const [, v2] = (await wb.models.getChildren(await modelNode(wb, 'wine-quality'))) as ModelVersionNode[];
      const runId = v2.version.runId!;
      const legacy: ModelVersionNode = { ...v2, version: { ...v2.version, version: '9', source: `runs:/${runId}/model`, modelId: undefined } };
      const text = readFileSync(path.join(FIXTURES, 'mlmodel', 'sklearn-wine-v2-server-store', 'MLmodel'), 'utf8');
      server.inject('GET', '/get-artifact', (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        response.end(text);
      }, 1, 'the runs:/ MLmodel');
      const before = server.requests.length;
      await vscode.commands.executeCommand('mlflow.models.openMLmodel', legacy);
      const asked = server.requests.slice(before).find((r) => r.path === '/get-artifact');
      assert.ok(asked, 'the MLmodel was not asked from the run');
      assert.equal(asked.query.get('run_uuid'), runId);
      assert.equal(asked.query.get('path'), 'model/MLmodel');
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor, 'no editor opened');
      assert.equal(editor.document.uri.scheme, 'untitled');
      assert.equal(editor.document.languageId, 'mlmodel');
      assert.equal(editor.document.getText(), text);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    test("logged models list their files through the server's artifact endpoints", async () => {
      const wb = await api();
      const group = await find(wb, 'Logged models', await find(wb, 'wine-quality'));
      const models = (await wb.experiments.getChildren(group)) as LoggedModelNode[];
      assert.equal(models.length, 3);
      const logged = models.find((m) => m.model.modelId === 'm-d3eda0f541394149ab28cec316dffe29');
      assert.ok(logged);
      const files = (await wb.experiments.getChildren(logged)).map((node) => label(wb, node));
      assert.ok(files.includes('MLmodel') && files.includes('model.pkl'), files.join(', '));
    });
  });
});
