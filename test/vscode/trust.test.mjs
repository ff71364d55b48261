// Restricted mode in the real workbench: the folder opens untrusted (workspace trust on, no
// startup prompt). Browsing the store works; running an entry point and serving a model are off
// and say why (the Projects view's message, the CodeLens, a warning with the way to the trust
// settings); nothing runs. Trusting the folder from that warning turns running back on.
// Saves screenshots/trust-*.png.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { installCodeServer, repoRoot } from './harness/codeServer.mjs';
import { openWorkbench } from './harness/workbench.mjs';

/** @type {import('./harness/workbench.mjs').Workbench} */
let wb;
let workspace;

const editor = () => wb.page.locator('.editor-group-container.active .monaco-editor').first();
const quickInput = () => wb.page.locator('.quick-input-widget');
const recorded = () => existsSync(path.join(workspace, 'recorder', 'args.bin'));

describe('Restricted mode (UI)', { timeout: 240_000 }, () => {
  before(async () => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'mlflow-trust-ui-'));
    cpSync(path.join(repoRoot, 'test', 'fixtures', 'projects', 'recorder'), path.join(workspace, 'recorder'), { recursive: true });
    cpSync(path.join(repoRoot, 'test', 'fixtures', 'sqlite-store', 'mlflow.db'), path.join(workspace, 'mlflow.db'));
    await installCodeServer();
    // Were running allowed, the entry point would run directly and its script would leave args.bin.
    wb = await openWorkbench({ workspace, restricted: true, settings: { 'mlflow.pythonPath': path.join(workspace, 'no-such-python') } });
  });

  after(async () => {
    await wb?.close();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('browsing works: the Experiments view lists the local store', async () => {
    await wb.clickActivity('MLflow');
    await wb.expectVisible(wb.treeRow('wine-quality'), 'the wine-quality experiment');
  });

  it('the Projects view and the CodeLens say why running is off', async () => {
    const projects = await wb.openView('Projects');
    await wb.expectVisible(projects.locator('.message', { hasText: 'Restricted mode: running entry points needs a trusted workspace' }), 'the view message');
    await wb.expectVisible(wb.treeRow('main', { within: projects }), 'the entry points, still listed');
    await wb.moveMouseAway();
    await wb.screenshot('trust-projects-view', wb.page.locator('.sidebar'));

    await wb.runCommand('Go to File...');
    await quickInput().locator('input').fill('recorder/MLproject');
    await wb.expectVisible(quickInput().locator('.monaco-list-row', { hasText: 'MLproject' }), 'the MLproject in Quick Open');
    await quickInput().locator('input').press('Enter');
    await wb.expectVisible(editor().locator('.codelens-decoration a', { hasText: 'Running needs a trusted workspace' }).first(), 'the restricted CodeLens');
    assert.equal(await editor().locator('.codelens-decoration a', { hasText: 'Run with parameters…' }).count(), 0, 'no Run lens in restricted mode');
    await wb.moveMouseAway();
    await wb.screenshot('trust-codelens', editor());
  });

  it('Serve Model explains before asking for a model, and serves nothing', async () => {
    await wb.runCommand('MLflow: Serve Model');
    const warning = wb.notification('serving a model runs code from this workspace, so it needs a trusted workspace');
    await wb.expectVisible(warning, 'the serving warning');
    await warning.locator('.codicon-notifications-clear').click().catch(() => {});
    await wb.expectHidden(warning, 'the dismissed serving warning');
    assert.equal(await quickInput().filter({ hasText: 'Serve Model' }).isVisible(), false, 'no prompt for a model that could not be served');
    assert.equal(await wb.page.locator('.statusbar-item', { hasText: '127.0.0.1:' }).count(), 0, 'no endpoint in the status bar');
  });

  it('Run Project Entry Point explains, runs nothing, and leads to the trust settings; trusting turns running on', async () => {
    await wb.runCommand('MLflow: Run Project Entry Point…');
    const warning = wb.notification('running a project runs code from this workspace, so it needs a trusted workspace');
    await wb.expectVisible(warning, 'the running warning');
    await wb.screenshot('trust-run-warning');
    assert.equal(recorded(), false, 'the entry point did not run');

    await warning.getByRole('button', { name: 'Manage Workspace Trust' }).click();
    const trustButton = wb.page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
    await wb.expectVisible(trustButton, 'the Trust button of the Workspace Trust editor');
    await trustButton.click();

    await wb.clickActivity('MLflow');
    const projects = await wb.openView('Projects');
    await wb.expectHidden(projects.locator('.message', { hasText: 'Restricted mode' }), 'the view message, gone once trusted');
    await wb.runCommand('Go to File...');
    await quickInput().locator('input').fill('recorder/MLproject');
    await wb.expectVisible(quickInput().locator('.monaco-list-row', { hasText: 'MLproject' }), 'the MLproject in Quick Open');
    await quickInput().locator('input').press('Enter');
    await wb.expectVisible(editor().locator('.codelens-decoration a', { hasText: 'Run with parameters…' }).first(), 'the Run lens, once trusted');
  });
});
