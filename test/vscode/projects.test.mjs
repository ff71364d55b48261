// The Projects view, the CodeLens and the parameter prompts in the real workbench (code-server in
// Debian Chromium), on a temporary workspace holding the recorder project: a run started from the
// CodeLens with typed values (one rejected as you type), an extra parameter and a new experiment
// reaches the entry point's script. Saves screenshots/projects-*.png.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

async function openFile(folder, name) {
  await wb.page.locator('.monaco-workbench').focus().catch(() => {});
  await wb.page.keyboard.press('Control+P');
  const input = quickInput().locator('input');
  await wb.expectVisible(input, 'Quick Open');
  await input.fill(`${folder}/${name}`);
  await wb.expectVisible(quickInput().locator('.monaco-list-row', { hasText: folder }), `"${folder}/${name}" in Quick Open`);
  await input.press('Enter');
  await wb.expectVisible(wb.page.locator('.editor-group-container.active .breadcrumbs-control').filter({ hasText: name }), `the editor of ${name}`);
}

/** Answers the current input box: waits for its title, replaces the value, presses Enter. */
async function answer(title, value) {
  await wb.expectVisible(quickInput().filter({ hasText: title }), `the prompt "${title}"`);
  const input = quickInput().locator('input');
  await input.fill(value);
  await input.press('Enter');
}

describe('Projects view, CodeLens and parameter prompts (UI)', { timeout: 240_000 }, () => {
  before(async () => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'mlflow-projects-ui-'));
    cpSync(path.join(repoRoot, 'test', 'fixtures', 'projects', 'recorder'), path.join(workspace, 'recorder'), { recursive: true });
    await installCodeServer();
    // No interpreter with MLflow: the entry point runs directly, so its script records what it got.
    wb = await openWorkbench({ workspace, settings: { 'mlflow.pythonPath': path.join(workspace, 'no-such-python') } });
  });

  after(async () => {
    await wb?.close();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('the Projects view lists the MLproject and its entry points', async () => {
    await wb.clickActivity('MLflow');
    const projects = await wb.openView('Projects');
    await wb.expectVisible(wb.treeRow('recorder', { within: projects }), 'the recorder project');
    for (const name of ['main', 'required', 'wait']) await wb.expectVisible(wb.treeRow(name, { within: projects }), `entry point ${name}`);
    await wb.expectVisible(projects.locator('.monaco-list-row', { hasText: 'greeting, count, data' }), 'the parameters beside main');
    await wb.moveMouseAway();
    await wb.screenshot('projects-view', wb.page.locator('.sidebar'));
  });

  it('CodeLens runs an entry point after typed prompts; a bad int is refused as you type', async () => {
    await openFile('recorder', 'MLproject');
    const lens = editor().locator('.codelens-decoration a', { hasText: 'Run with parameters…' }).first();
    await wb.expectVisible(lens, 'the CodeLens above main');
    await wb.moveMouseAway();
    await wb.screenshot('projects-codelens', editor());
    await lens.click();

    await answer('parameter 1 of 3', "it's me");
    await wb.expectVisible(quickInput().filter({ hasText: 'parameter 2 of 3' }), 'the count prompt');
    const input = quickInput().locator('input');
    assert.equal(await input.inputValue(), '2', 'the count prompt is prefilled with its default');
    await input.fill('two');
    await wb.expectVisible(quickInput().locator('.quick-input-message', { hasText: 'count is an int: two is not a whole number' }), 'the validation message');
    await wb.screenshot('projects-parameter-prompt', wb.page.locator('.quick-input-widget'));
    await input.press('Enter');
    await wb.expectVisible(quickInput().filter({ hasText: 'parameter 2 of 3' }), 'the prompt staying open on an invalid value');
    await answer('parameter 2 of 3', '3');
    await answer('parameter 3 of 3', 'input.txt');
    await answer('extra parameters', 'seed=7');
    await answer('extra parameters', '');
    await wb.expectVisible(quickInput().filter({ hasText: 'Log the run to experiment' }), 'the experiment pick');
    await quickInput().locator('.monaco-list-row', { hasText: 'New experiment…' }).click();
    await answer('New experiment', 'ui-run');

    await wb.expectVisible(wb.notification('recorder: main finished'), 'the end-of-run notification');
    const dir = path.join(workspace, 'recorder');
    assert.ok(existsSync(path.join(dir, 'args.bin')));
    const args = readFileSync(path.join(dir, 'args.bin'), 'utf8').split('\0').slice(0, -1);
    assert.deepEqual(args, ["it's me", '3', path.join(dir, 'input.txt'), '--seed', '7']);
    assert.match(readFileSync(path.join(dir, 'env.txt'), 'utf8'), /^MLFLOW_EXPERIMENT_NAME=ui-run$/m);
  });
});

describe('Serving and the test request (UI)', { timeout: 180_000 }, () => {
  before(async () => {
    await installCodeServer();
    // A stand-in Python with MLflow serves the model (test/fixtures/projects/bin/serve.mjs).
    wb = await openWorkbench({ settings: { 'mlflow.pythonPath': path.join(repoRoot, 'test', 'fixtures', 'projects', 'bin', 'python') } });
  });

  after(async () => {
    await wb?.close();
  });

  it('serves a model, shows the endpoint in the status bar, and shows the response of an edited request', async () => {
    await wb.clickActivity('MLflow');
    await wb.runCommand('MLflow: Serve Model');
    await answer('Serve Model', 'models:/wine-quality/3');
    const status = wb.page.locator('.statusbar-item', { hasText: '127.0.0.1:' });
    await wb.expectVisible(status, 'the endpoint in the status bar');
    await status.click();
    await wb.expectVisible(wb.notification('edit the request'), 'the hint to edit the request');
    await wb.expectVisible(editor().locator('.view-line', { hasText: 'dataframe_split' }), 'the request template');
    await wb.runCommand('MLflow: Send Test Request');
    const response = wb.page.locator('.editor-group-container .monaco-editor .view-line', { hasText: '200 OK' });
    await wb.expectVisible(response, 'the response document');
    await wb.expectVisible(wb.page.locator('.monaco-editor .view-line', { hasText: '"predictions"' }), 'the predictions');
    await wb.moveMouseAway();
    await wb.screenshot('serving-response');
  });
});
