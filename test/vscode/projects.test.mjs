// The Projects view, the CodeLens and the parameter prompts in the real workbench (code-server in
// Debian Chromium), on a temporary workspace holding the recorder project and a copy of the
// fixture SQLite store: a run started from the CodeLens with typed values (one rejected as you
// type), an extra parameter and a new experiment reaches the entry point's script; a second run
// is asked with the first one's values; a run the script logs is revealed and selected in the
// Experiments view while it runs, then offered to open. Serve Model from the context menu of a
// model version and of a logged model. Saves screenshots/projects-*.png and serving-*.png.
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    // The workspace's own store: where the runs go (direct mode gets sqlite:///<it>) and what the Experiments view shows.
    copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'sqlite-store', 'mlflow.db'), path.join(workspace, 'mlflow.db'));
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
    for (const name of ['main', 'required', 'wait', 'follow']) await wb.expectVisible(wb.treeRow(name, { within: projects }), `entry point ${name}`);
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

  it('running main again asks with the last values: typed ones, the extra parameter, the new experiment', async () => {
    const dir = path.join(workspace, 'recorder');
    rmSync(path.join(dir, 'args.bin'));
    await wb.runCommand('Notifications: Clear All Notifications');
    await editor().locator('.codelens-decoration a', { hasText: 'Run with parameters…' }).first().click();
    const input = quickInput().locator('input');
    const prefilled = async (title) => {
      await wb.expectVisible(quickInput().filter({ hasText: title }), `the prompt "${title}"`);
      return input.inputValue();
    };
    assert.equal(await prefilled('parameter 1 of 3'), "it's me");
    await input.press('Enter');
    assert.equal(await prefilled('parameter 2 of 3'), '3');
    await input.press('Enter');
    assert.equal(await prefilled('parameter 3 of 3'), 'input.txt');
    await input.press('Enter');
    await wb.expectVisible(quickInput().filter({ hasText: 'Extra: seed' }), 'the remembered extra parameter named');
    await input.press('Enter');
    await wb.expectVisible(quickInput().filter({ hasText: 'Log the run to experiment' }), 'the experiment pick');
    await quickInput().locator('.monaco-list-row', { hasText: 'New experiment…' }).click();
    assert.equal(await prefilled('New experiment'), 'ui-run');
    await input.press('Enter');

    await wb.expectVisible(wb.notification('recorder: main finished'), 'the end-of-run notification');
    const args = readFileSync(path.join(dir, 'args.bin'), 'utf8').split('\0').slice(0, -1);
    assert.deepEqual(args, ["it's me", '3', path.join(dir, 'input.txt'), '--seed', '7']);
  });

  it('a run the entry point logs is revealed and selected in the Experiments view while it runs, then offered to open', async () => {
    await wb.clickActivity('MLflow');
    await wb.runCommand('Notifications: Clear All Notifications');
    await wb.runCommand('MLflow: Run Project Entry Point…');
    await wb.expectVisible(quickInput().filter({ hasText: 'Run recorder' }), 'the entry point pick');
    await quickInput().locator('.monaco-list-row').filter({ has: wb.page.locator('.label-name', { hasText: /^follow$/ }) }).click();
    await answer('parameter 1 of 1', 'followed-in-ui');
    await answer('extra parameters', '');
    await wb.expectVisible(quickInput().filter({ hasText: 'Log the run to experiment' }), 'the experiment pick');
    await quickInput().locator('.monaco-list-row', { hasText: 'New experiment…' }).click();
    await answer('New experiment', 'followed-ui');

    const experiments = wb.view('Experiments');
    const run = wb.treeRow('followed-in-ui', { within: experiments });
    await wb.expectVisible(run.and(wb.page.locator('[aria-selected="true"]')), 'the running run selected in the Experiments view');
    await wb.expectVisible(wb.treeRow('followed-ui', { within: experiments }).and(wb.page.locator('[aria-expanded="true"]')), 'its new experiment expanded');
    await wb.expectVisible(run.locator('.codicon-sync'), 'the running icon');
    assert.equal(await wb.sidebar().locator(':focus').count(), 0, 'the reveal took the keyboard focus');
    await wb.moveMouseAway();
    await wb.screenshot('projects-followed-run', wb.sidebar());

    writeFileSync(path.join(workspace, 'recorder', 'go'), '');
    await wb.expectVisible(run.locator('.codicon-pass'), 'the finished icon');
    const finished = wb.notification('recorder: follow finished');
    await wb.expectVisible(finished, 'the end-of-run notification');
    await finished.getByRole('button', { name: 'Open Run' }).click();
    await wb.expectVisible(wb.page.locator('.tab', { hasText: 'Run followed-in-ui' }), 'the Run panel of the followed run');
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

  const endpointStatus = () => wb.page.locator('.statusbar-item', { hasText: '127.0.0.1:' });

  /**
   * Stops the model server, serves from a row's context menu, and sends a test request: its
   * response names the model the server was started for.
   */
  async function serveFromMenu(row, modelUri) {
    await wb.runCommand('MLflow: Stop Model Server');
    await wb.expectHidden(endpointStatus(), 'the previous endpoint in the status bar');
    await row.click({ button: 'right' });
    // VS Code's menus act on mouse-up after a hover; the keyboard is the dependable path.
    await wb.page.locator('.context-view .action-label', { hasText: /^Serve Model$/ }).hover();
    await wb.page.keyboard.press('Enter');
    await wb.expectVisible(endpointStatus(), 'the endpoint in the status bar');
    await wb.runCommand('MLflow: Send Test Request');
    // Long lines wrap: the lines of the document together hold the header.
    await wb.expectVisible(wb.page.locator('.monaco-editor .view-lines', { hasText: `# ${modelUri} at http://127.0.0.1:` }), `the response of ${modelUri}`);
  }

  it('Serve Model is in the context menu of a model version and of a logged model, and serves that model', async () => {
    const models = await wb.openView('Models');
    await wb.expandRow('wine-quality', { within: models });
    await serveFromMenu(wb.treeRow('Version 2', { within: models }), 'models:/wine-quality/2');

    const experiments = wb.view('Experiments');
    await wb.expandRow('wine-quality', { within: experiments });
    await wb.expandRow('Logged models', { within: experiments });
    // The first of wine-quality's logged models, as the view lists them (see the extension-host test of this model).
    await serveFromMenu(wb.treeRow('model', { within: experiments }).first(), 'models:/m-5ccc98ba92e94cae97d97da8f0a82c38');
    await wb.moveMouseAway();
    await wb.page.locator('.monaco-hover, .workbench-hover').filter({ visible: true }).first().waitFor({ state: 'hidden' });
    await wb.screenshot('serving-logged-model');
    await wb.runCommand('MLflow: Stop Model Server');
    await wb.expectHidden(endpointStatus(), 'the endpoint in the status bar');
  });
});
