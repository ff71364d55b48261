// UI tests against the real VS Code workbench (code-server 4.100.3 = VS Code 1.100.3) in Debian
// Chromium, with this repository loaded as the extension under development and the example
// workspace examples/wine-quality open. Run: `npm run test:vscode` (all VS Code suites) or
// `node --test test/vscode/ui.test.mjs` (after `npm run build`).
//
// One workbench is opened for the whole file (about 5 s); tests run in order and share it, so a
// test that changes the UI should leave it as it found it (or rely only on what it opens).
// Helper API (test/vscode/harness/workbench.mjs), `wb` below:
//   wb.clickActivity('MLflow')          open a view container from the activity bar
//   wb.viewTitle('Experiments')         locator: a view's title in the side bar
//   wb.view('Experiments')              locator: a view's pane (when several share a container)
//   wb.treeRow('wine-quality')          locator: tree rows by exact label ({ exact: false } = contains)
//   wb.expandRow(text) / collapseRow    click the twistie, wait for aria-expanded
//   wb.runCommand('MLflow: Refresh')    command palette by title
//   wb.notification('text')             locator: notification toasts
//   wb.expectVisible(locator, 'what')   wait; on timeout screenshots/failures/<what>.png + clear error
//   wb.screenshot('name', locator?)     PNG under screenshots/
//   wb.page                             the Playwright page, for anything else
// No fixed sleeps: wait on selectors (expectVisible / locator.waitFor).
import { after, before, describe, it } from 'node:test';
import { openWorkbench } from './harness/workbench.mjs';
import { installCodeServer } from './harness/codeServer.mjs';

/** @type {import('./harness/workbench.mjs').Workbench} */
let wb;

describe('MLflow view container (UI)', { timeout: 180_000 }, () => {
  before(async () => {
    await installCodeServer();
    wb = await openWorkbench();
  });

  after(async () => {
    await wb?.close();
  });

  it('the workbench shows the example workspace as Extension Development Host', async () => {
    await wb.page.waitForFunction("document.title.includes('[Extension Development Host]')", null, {
      timeout: wb.timeout,
    });
  });

  it('clicking the "MLflow" activity bar item opens the container with the Experiments view', async () => {
    await wb.clickActivity('MLflow');
    await wb.expectVisible(wb.viewTitle('Experiments'), 'the "Experiments" view title');
  });

  it('the Experiments view lists the example experiments', async () => {
    await wb.clickActivity('MLflow');
    for (const name of ['wine-quality', 'deep-net-training', 'iris-classification', 'Default']) {
      await wb.expectVisible(wb.treeRow(name), `experiment row "${name}"`);
    }
  });

  it('expanding "wine-quality" shows its runs, and expanding "elasticnet-sweep" its child runs', async () => {
    await wb.clickActivity('MLflow');
    await wb.expandRow('wine-quality');
    await wb.expectVisible(wb.treeRow('elasticnet-sweep'), 'run row "elasticnet-sweep"');
    await wb.expandRow('elasticnet-sweep');
    await wb.expectVisible(wb.treeRow('alpha=0.1,l1_ratio=0.5'), 'child run row "alpha=0.1,l1_ratio=0.5"');
  });

  it('the status bar names the active store', async () => {
    await wb.expectVisible(wb.page.locator('.statusbar-item', { hasText: 'MLflow: mlflow.db (wine-quality)' }), 'the store status bar item');
  });

  it('filtering from the inline action narrows the runs; an invalid filter is explained while typing', async () => {
    await wb.clickActivity('MLflow');
    const experiment = wb.treeRow('wine-quality');
    await experiment.hover();
    await experiment.locator('.action-label[aria-label="Filter Runs…"]').click();
    const input = wb.page.locator('.quick-input-widget input');
    await wb.expectVisible(input, 'the filter input box');

    await input.fill("params.alpha > '0.5'");
    await wb.expectVisible(
      wb.page.locator('.quick-input-widget .quick-input-message', { hasText: 'params compare as strings' }),
      'the validation message of an invalid filter',
    );
    await wb.screenshot('filter-invalid', wb.page.locator('.quick-input-widget'));

    await input.fill("attributes.status = 'FAILED'");
    await input.press('Enter');
    await wb.expectVisible(
      experiment.locator('.label-description', { hasText: "filter: attributes.status = 'FAILED'" }),
      'the filter shown on the experiment',
    );
    await wb.expectVisible(wb.treeRow('failed-oom'), 'the failed run');
    await wb.treeRow('train-v1').waitFor({ state: 'detached', timeout: wb.timeout });
    await wb.screenshot('sidebar-filtered', wb.page.locator('.sidebar'));

    await experiment.hover();
    await experiment.click({ button: 'right' });
    // VS Code's menus act on mouse-up after a hover; the keyboard is the dependable path.
    await wb.page.locator('.context-view .action-label', { hasText: 'Clear Filter' }).hover();
    await wb.page.keyboard.press('Enter');
    await wb.expectVisible(wb.treeRow('train-v1'), 'all runs again after clearing the filter');
  });

  it('hovering a run shows its summary', async () => {
    await wb.clickActivity('MLflow');
    await wb.treeRow('train-v2').hover();
    const hover = wb.page.locator('.monaco-hover, .workbench-hover', { hasText: 'Parameters' });
    await wb.expectVisible(hover, 'the run tooltip');
    await wb.screenshot('run-tooltip');
  });
});

