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
});
