// UI tests for the Models view in the real workbench, on a real HTTP server on 127.0.0.1 that
// replays MLflow 3.11's recorded registry: the fixture registry shows, an alias moved through the
// context menu reaches the server, and destructive actions ask first (cancel sends nothing).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { installCodeServer } from './harness/codeServer.mjs';
import { openWorkbench } from './harness/workbench.mjs';

const require = createRequire(import.meta.url);
/** Built by esbuild.mjs from test/support/replayServer.ts. */
const { ReplayServer } = require('../../out/replayServer.js');

const ALIAS_PATH = '/api/2.0/mlflow/registered-models/alias';
const MODEL_GET = '/api/2.0/mlflow/registered-models/get';
const MODEL_SEARCH = '/api/2.0/mlflow/registered-models/search';
const VERSION_SEARCH = '/api/2.0/mlflow/model-versions/search';
const LOGGED_SEARCH = '/api/2.0/mlflow/logged-models/search';

/** A recorded answer's body, for a test that has the server answer what a write would leave. */
const recorded = (file) => JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'rest', file), 'utf8')).response.body;
const json = (body) => (_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

/** @type {import('./harness/workbench.mjs').Workbench} */
let wb;
let server;

describe('Models view (UI)', { timeout: 180_000 }, () => {
  before(async () => {
    await installCodeServer();
    server = await ReplayServer.start();
    server.alias({ method: 'POST', path: '/api/2.0/mlflow/experiments/search', body: { max_results: 1000 } }, '004-experiments-search-basic.json');
    server.alias({ method: 'GET', path: '/api/2.0/mlflow/registered-models/search', query: { max_results: 1000 } }, '140-registered-models-search.json');
    server.alias(
      { method: 'GET', path: '/api/2.0/mlflow/model-versions/search', query: { filter: "name='wine-quality'", max_results: 10000 } },
      '164-model-versions-search.json',
    );
    // No recording moves wine-quality's champion; the server answers as MLflow does ({}), and records the request.
    server.inject('POST', ALIAS_PATH, (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    }, 1, 'set-alias');
    server.alias({ method: 'POST', path: '/api/2.0/mlflow/runs/search', body: { experiment_ids: ['1'], max_results: 100 } }, '041-runs-search-page1.json');
    server.alias({ method: 'POST', path: '/api/2.0/mlflow/logged-models/search', body: { experiment_ids: ['1'], max_results: 100 } }, '123-logged-models-search.json');
    // wine-quality v2's logged model; the recorded MLmodel is version 3's, the same signature.
    server.alias(
      { method: 'GET', path: '/ajax-api/2.0/mlflow/logged-models/m-bd15e877fa5a43a2bba62d38f2dbe188/artifacts/files', query: { artifact_file_path: 'MLmodel' } },
      '127-logged-models-artifact-file-MLmodel.json',
    );
    server.inject('POST', '/api/2.0/mlflow/model-versions/create', (request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ model_version: { ...request.json, version: '4', status: 'READY' } }));
    }, 1, 'create-version');
    wb = await openWorkbench({ settings: { 'mlflow.trackingUri': server.url } });
  });

  after(async () => {
    await wb?.close();
    await server?.close();
  });

  const models = () => wb.view('Models');
  const versionRow = (version) => wb.treeRow(`Version ${version}`, { within: models() });

  async function openMenuItem(row, title) {
    await row.click({ button: 'right' });
    await wb.page.locator('.context-view .action-label', { hasText: title }).hover();
    await wb.page.keyboard.press('Enter');
  }

  it('shows the registry: models with aliases, versions newest first with their stages', async () => {
    await wb.clickActivity('MLflow');
    await wb.openView('Models');
    await wb.expectVisible(wb.treeRow('iris-classifier', { within: models() }), 'a registered model');
    await wb.expandRow('wine-quality', { within: models() });
    await wb.expectVisible(versionRow(3), 'version 3');
    await wb.expectVisible(models().locator('.monaco-list-row', { hasText: '@champion · Production' }), 'the champion alias and stage on version 2');
    const labels = await models().locator('.monaco-list-row .label-name').allTextContents();
    assert.deepEqual(labels.filter((l) => l.startsWith('Version')).map((l) => l.trim()), ['Version 3', 'Version 2', 'Version 1']);
    await wb.screenshot('models-view', wb.page.locator('.sidebar'));
  });

  it('moving an alias asks first, the move reaches the server, and the view re-reads that model only', async () => {
    // After the move the server has @champion on version 1; no recording holds that state.
    const wine = recorded('145-registered-models-get.json');
    wine.registered_model.aliases = wine.registered_model.aliases.map((a) => (a.alias === 'champion' ? { ...a, version: '1' } : a));
    server.inject('GET', MODEL_GET, json(wine), 1, 'model after the move');
    const searches = server.to(MODEL_SEARCH).length;
    const versionSearches = server.to(VERSION_SEARCH).length;
    await openMenuItem(versionRow(1), 'Set Alias…');
    const input = wb.page.locator('.quick-input-widget input');
    await wb.expectVisible(input, 'the alias input');
    await input.fill('champion');
    await wb.page.keyboard.press('Enter');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await wb.expectVisible(dialog.getByText('Move @champion of wine-quality from version 2 to version 1?', { exact: false }), 'the move confirmation');
    await wb.screenshot('models-move-alias-confirmation');
    await dialog.getByRole('button', { name: 'Move' }).click();
    const request = await server.next(ALIAS_PATH);
    assert.equal(request?.method, 'POST');
    assert.deepEqual(request?.json, { name: 'wine-quality', alias: 'champion', version: '1' });
    // Then the model and its versions are asked again, after the write, and the view shows the answer.
    const model = await server.next(MODEL_GET);
    assert.equal(model.query.get('name'), 'wine-quality');
    const versions = await server.next(VERSION_SEARCH, versionSearches);
    assert.equal(versions.query.get('filter'), "name='wine-quality'");
    assert.ok(request.at <= model.at && model.at <= versions.at, 'write, then model, then versions');
    await wb.expectVisible(models().locator('.monaco-list-row', { hasText: 'Version 1' }).filter({ hasText: '@champion · Archived' }), 'the champion on version 1');
    await wb.expectVisible(wb.treeRow('wine-quality', { within: models() }).filter({ hasText: '@champion→1' }), 'the model row says champion→1');
    assert.equal(server.to(MODEL_SEARCH).length, searches, 'the rest of the registry is not read again');
    await wb.screenshot('models-alias-moved', wb.page.locator('.sidebar'));
  });

  it("Show Model Signature opens the source run's panel on the version's signature", async () => {
    await openMenuItem(versionRow(2), 'Show Model Signature');
    // VS Code nests the panel's page in two iframes; the first webview waits for the service worker.
    const view = wb.page.locator('iframe.webview.ready').filter({ visible: true }).first().contentFrame().locator('iframe#active-frame').contentFrame();
    const model = view.locator('section.model-view');
    await wb.expectVisible(model.locator('h2', { hasText: 'Model wine-quality v2' }), 'the model view', 60_000);
    await wb.expectVisible(view.locator('h1.run-name', { hasText: 'train-v2' }), 'the Run panel of the source run');
    await wb.expectVisible(model.locator('.signature-inputs td', { hasText: /^alcohol$/ }), 'the signature inputs');
    assert.ok(server.to('/ajax-api/2.0/mlflow/logged-models/m-bd15e877fa5a43a2bba62d38f2dbe188/artifacts/files').length >= 1, 'the MLmodel came from the server');
    await wb.moveMouseAway();
    await wb.screenshot('models-show-signature');
    await wb.runCommand('View: Close All Editors');
    await wb.page.locator('iframe.webview').first().waitFor({ state: 'detached' });
  });

  it('a version whose run is not on the server shows alone, and Copy URI copies its models:/ URI', async () => {
    server.inject('GET', '/api/2.0/mlflow/runs/get', (_request, response) => {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'Run not found.' }));
    }, 1, 'run deleted');
    await openMenuItem(versionRow(2), 'Show Model Signature');
    const view = wb.page.locator('iframe.webview.ready').filter({ visible: true }).first().contentFrame().locator('iframe#active-frame').contentFrame();
    const model = view.locator('section.model-view');
    await wb.expectVisible(model.getByText('which is not in the active store', { exact: false }), 'the model view alone', 60_000);
    await model.getByRole('button', { name: 'Copy URI' }).click();
    await wb.expectVisible(wb.page.locator('.statusbar-item', { hasText: 'Copied models:/wine-quality/2' }), 'the copy confirmation in the status bar');
    await wb.moveMouseAway();
    await wb.screenshot('models-signature-alone-copied');
    await wb.runCommand('View: Close All Editors');
    await wb.page.locator('iframe.webview').first().waitFor({ state: 'detached' });
  });

  it('deleting a version asks first; cancelling sends nothing', async () => {
    await openMenuItem(versionRow(3), 'Delete Model Version…');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await wb.expectVisible(dialog.getByText('Delete version 3 of "wine-quality"? Its aliases (@challenger) go with it.', { exact: false }), 'the delete confirmation');
    await wb.screenshot('models-delete-confirmation');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(server.to('/api/2.0/mlflow/model-versions/delete').length, 0, 'cancelling reached the server');
  });

  it('deleting a registered model asks first; cancelling sends nothing', async () => {
    await openMenuItem(wb.treeRow('wine-quality', { within: models() }), 'Delete Registered Model…');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await wb.expectVisible(dialog.getByText('Delete the registered model "wine-quality" and all its versions? This cannot be undone.', { exact: false }), 'the delete confirmation');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(server.to('/api/2.0/mlflow/registered-models/delete').length, 0, 'cancelling reached the server');
  });

  it('deleting an alias asks first; cancelling sends nothing', async () => {
    const aliasRequests = server.to(ALIAS_PATH).length;
    await openMenuItem(versionRow(3), 'Delete Alias…');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await wb.expectVisible(dialog.getByText('Delete the alias @challenger of wine-quality? Code loading models:/wine-quality@challenger will fail.', { exact: false }), 'the delete confirmation');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(server.to(ALIAS_PATH).length, aliasRequests, 'cancelling reached the server');
  });

  it("registers an experiment's logged model as a new version of an existing model", async () => {
    const experiments = wb.view('Experiments');
    await wb.expandRow('wine-quality', { within: experiments });
    // The group is the experiment's last child, below the fold of a short view: scroll the list to it.
    await experiments.locator('.monaco-list').first().hover();
    await wb.page.mouse.wheel(0, 2000);
    await wb.expandRow('Logged models', { within: experiments });
    const logged = wb.treeRow('model', { within: experiments }).first();
    await wb.expectVisible(logged, 'a logged model');
    // What the server answers once version 4 exists: the model's versions, and the logged model tagged with it.
    const versions = recorded('164-model-versions-search.json');
    versions.model_versions.unshift({ ...versions.model_versions[0], version: '4', current_stage: 'None', description: '', tags: [] });
    server.inject('GET', VERSION_SEARCH, json(versions), 1, 'versions with v4');
    const loggedModels = recorded('123-logged-models-search.json');
    for (const m of loggedModels.models.filter((m) => m.info.model_id === 'm-d3eda0f541394149ab28cec316dffe29')) {
      m.info.tags = m.info.tags.map((t) => (t.key === 'mlflow.modelVersions' ? { ...t, value: t.value.replace(/\]$/, ', {"name": "wine-quality", "version": "4"}]') } : t));
    }
    const loggedSearches = server.to(LOGGED_SEARCH).length;
    server.inject('POST', LOGGED_SEARCH, json(loggedModels), 1, 'logged models after registering');
    await openMenuItem(logged, 'Register Model…');
    const input = wb.page.locator('.quick-input-widget input');
    await wb.expectVisible(wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'New registered model…' }), 'the model picker');
    await input.fill('wine-quality');
    await wb.page.keyboard.press('Enter');
    const request = await server.next('/api/2.0/mlflow/model-versions/create');
    assert.deepEqual(request?.json, {
      name: 'wine-quality',
      source: 'models:/m-d3eda0f541394149ab28cec316dffe29',
      run_id: '3bfd6619475e4a08b1d05a7c74319017',
      model_id: 'm-d3eda0f541394149ab28cec316dffe29',
    });
    await wb.expectVisible(wb.page.locator('.notification-toast', { hasText: 'registered wine-quality version 4' }), 'the confirmation');
    // Without a refresh: the new version in the Models view, and on the logged model in the Experiments view.
    await wb.expectVisible(versionRow(4), 'version 4 in the Models view');
    await wb.expectVisible(experiments.locator('.monaco-list-row', { hasText: '→ wine-quality v3, wine-quality v4' }), 'the logged model registered as v4');
    assert.equal(server.to(LOGGED_SEARCH).length, loggedSearches + 1, "the experiment's logged models were read again, once");
    await wb.screenshot('models-registered', wb.page.locator('.monaco-workbench'));
  });

  it('a model view comes back after the window reloads, still on its model', async () => {
    await openMenuItem(versionRow(2), 'Show Model Signature');
    const view = () => wb.page.locator('iframe.webview.ready').filter({ visible: true }).first().contentFrame().locator('iframe#active-frame').contentFrame();
    const heading = () => view().locator('section.model-view h2', { hasText: 'Model wine-quality v2' });
    await wb.expectVisible(heading(), 'the model view', 60_000);
    await wb.runCommand('Developer: Reload Window');
    await wb.ready();
    await wb.expectVisible(heading(), 'the model view after the reload', 60_000);
    await wb.expectVisible(view().locator('.signature-inputs td', { hasText: /^alcohol$/ }), 'its signature after the reload');
  });
});
