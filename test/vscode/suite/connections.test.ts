// Connections in the real extension host: a tracking server (a real HTTP server on 127.0.0.1
// replaying MLflow 3.11's recorded answers), a failing server, an unreachable one, the legacy
// file store, and back to the workspace's own mlflow.db.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closedPortUrl, htmlError } from '../../support/faults';
import { ReplayServer } from '../../support/replayServer';
import { api, childLabels, label, settled } from './workbench';

const FIXTURES = path.resolve(__dirname, '..', '..', 'test', 'fixtures');

suite('Connections', () => {
  let server: ReplayServer;

  suiteSetup(async () => {
    server = await ReplayServer.start();
    // The view asks its own page sizes; the recordings answer the same questions with smaller pages.
    server.alias({ method: 'POST', path: '/api/2.0/mlflow/experiments/search', body: { max_results: 1000 } }, '004-experiments-search-basic.json');
    server.alias({ method: 'POST', path: '/api/2.0/mlflow/runs/search', body: { experiment_ids: ['1'], max_results: 100 } }, '041-runs-search-page1.json');
    await vscode.workspace
      .getConfiguration('mlflow')
      .update('connections', [{ name: 'replay', uri: server.url }], vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    const wb = await api();
    await settled(wb, () => wb.connection.select(undefined));
    await settled(wb, () => vscode.workspace.getConfiguration('mlflow').update('connections', undefined, vscode.ConfigurationTarget.Global));
    await server.close();
  });

  test('switching to a tracking server lists its experiments and runs, read through REST', async () => {
    const wb = await api();
    const state = await settled(wb, () => wb.connection.select({ kind: 'connection', name: 'replay' }));
    assert.equal(state.kind, 'connected', state.kind === 'error' ? state.message : '');
    assert.equal(state.kind === 'connected' && state.store.description.kind, 'rest');
    assert.equal(state.kind === 'connected' && state.store.capabilities.writable, true);
    const experiments = await childLabels(wb);
    for (const name of ['wine-quality', 'mlproject-runs', 'iris-classification']) assert.ok(experiments.includes(name), experiments.join(', '));
    const wine = (await wb.experiments.getChildren()).find((node) => label(wb, node) === 'wine-quality');
    assert.ok(wine);
    const runs = await wb.experiments.getChildren(wine);
    assert.ok(runs.filter((node) => node.kind === 'run').length >= 3);
    assert.ok(runs.some((node) => node.kind === 'loadMore'), 'a recorded next_page_token shows "Load more…"');
    const search = server.to('/api/2.0/mlflow/runs/search').at(-1);
    assert.deepEqual(search?.json, { experiment_ids: ['1'], max_results: 100 });
    assert.equal(search?.headers.origin, undefined, 'requests go from the extension host, never with a webview Origin');
  });

  test('a server answering HTML errors shows what failed, and retry recovers', async () => {
    const wb = await api();
    await settled(wb, () => wb.connection.select({ kind: 'connection', name: 'replay' }));
    // One failure: the view caches it until a refresh, which then reaches the recording.
    server.inject('POST', '/api/2.0/mlflow/experiments/search', htmlError(500, 'Internal Server Error'), 1);
    wb.experiments.reload();
    const [error] = await wb.experiments.getChildren();
    assert.equal(error.kind, 'message');
    assert.match(label(wb, error), /Could not list experiments: .*500/);
    assert.equal(wb.experiments.getTreeItem(error).command?.command, 'mlflow.refresh');
    await vscode.commands.executeCommand('mlflow.refresh');
    assert.ok((await childLabels(wb)).includes('wine-quality'));
  });

  test('an unreachable server is an error item naming the server, with a retry', async () => {
    const wb = await api();
    const closed = await closedPortUrl();
    await vscode.workspace
      .getConfiguration('mlflow')
      .update('connections', [{ name: 'replay', uri: server.url }, { name: 'down', uri: closed }], vscode.ConfigurationTarget.Global);
    const state = await settled(wb, () => wb.connection.select({ kind: 'connection', name: 'down' }));
    assert.equal(state.kind, 'error');
    const [node] = await wb.experiments.getChildren();
    assert.match(label(wb, node), new RegExp(closed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.equal(wb.experiments.getTreeItem(node).command?.command, 'mlflow.refresh');
  });

  test('a legacy mlruns file store opens read-only with the same experiments', async () => {
    const wb = await api();
    const state = await settled(wb, () => wb.connection.select({ kind: 'local', path: path.join(FIXTURES, 'file-store', 'mlruns') }));
    assert.equal(state.kind, 'connected', state.kind === 'error' ? state.message : '');
    assert.equal(state.kind === 'connected' && state.store.description.kind, 'file');
    assert.equal(state.kind === 'connected' && state.store.capabilities.writable, false);
    assert.deepEqual((await childLabels(wb)).sort(), ['Default', 'deep-net-training', 'iris-classification', 'wine-quality']);
  });

  test('"Use the default" goes back to the workspace store', async () => {
    const wb = await api();
    const state = await settled(wb, () => wb.connection.select(undefined));
    assert.equal(state.kind === 'connected' && state.store.description.kind, 'sqlite');
  });
});
