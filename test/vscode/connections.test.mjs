// UI tests for tracking servers in the real workbench: the extension reads a real HTTP server on
// 127.0.0.1 that replays MLflow 3.11's recorded answers, and a destructive action asks first —
// the server sees nothing until the user confirms.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { installCodeServer } from './harness/codeServer.mjs';
import { openWorkbench } from './harness/workbench.mjs';

const require = createRequire(import.meta.url);
/** Built by esbuild.mjs from test/support/replayServer.ts. */
const { ReplayServer } = require('../../out/replayServer.js');

const RUN_TO_DELETE = 'killed-by-user';

/** @type {import('./harness/workbench.mjs').Workbench} */
let wb;
let server;

describe('Tracking server (UI)', { timeout: 180_000 }, () => {
  before(async () => {
    await installCodeServer();
    server = await ReplayServer.start();
    server.alias({ method: 'POST', path: '/api/2.0/mlflow/experiments/search', body: { max_results: 1000 } }, '004-experiments-search-basic.json');
    server.alias({ method: 'POST', path: '/api/2.0/mlflow/runs/search', body: { experiment_ids: ['1'], max_results: 100 } }, '041-runs-search-page1.json');
    wb = await openWorkbench({ settings: { 'mlflow.connections': [{ name: 'team-server', uri: server.url }], 'mlflow.trackingUri': server.url } });
  });

  after(async () => {
    await wb?.close();
    await server?.close();
  });

  it('the tracking server from mlflow.trackingUri shows in the status bar and the view', async () => {
    await wb.clickActivity('MLflow');
    await wb.expectVisible(wb.page.locator('.statusbar-item', { hasText: 'MLflow: http://127.0.0.1:' }), 'the server in the status bar');
    await wb.expectVisible(wb.treeRow('mlproject-runs'), 'an experiment only the server has');
    await wb.expandRow('wine-quality');
    await wb.expectVisible(wb.treeRow(RUN_TO_DELETE), 'a run listed by the server');
    await wb.screenshot('sidebar-server', wb.page.locator('.sidebar'));
  });

  it('deleting a run asks first; cancelling sends nothing, confirming sends runs/delete', async () => {
    const run = wb.treeRow(RUN_TO_DELETE);
    const openDelete = async () => {
      await run.click({ button: 'right' });
      await wb.page.locator('.context-view .action-label', { hasText: 'Delete Run…' }).hover();
      await wb.page.keyboard.press('Enter');
      const dialog = wb.page.locator('.monaco-dialog-box');
      await wb.expectVisible(dialog.getByText(`Delete the run "${RUN_TO_DELETE}"?`, { exact: false }), 'the delete confirmation');
      return dialog;
    };
    let dialog = await openDelete();
    await wb.screenshot('delete-confirmation');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(server.to('/api/2.0/mlflow/runs/delete').length, 0, 'cancelling reached the server');

    dialog = await openDelete();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await dialog.waitFor({ state: 'detached' });
    const request = await server.next('/api/2.0/mlflow/runs/delete');
    assert.equal(request?.method, 'POST');
    assert.match(String(request?.json?.run_id ?? ''), /^[0-9a-f]{32}$/);
  });
});
