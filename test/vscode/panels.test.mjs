// The Run, Charts and Compare panels in the real VS Code workbench (code-server + Chromium), in
// a dark, a light and a high-contrast theme (switched like a user does, so the panels' theme-change path runs
// too): a click on a run opens its panel; the tree's context menu charts two runs and compares
// three. Each panel is saved as screenshots/panel-<name>-<theme>.png.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { installCodeServer } from './harness/codeServer.mjs';
import { openWorkbench } from './harness/workbench.mjs';

const THEMES = [
  ['dark', 'Default Dark Modern', 'vs-dark'],
  ['light', 'Default Light Modern', 'vs'],
  ['high-contrast', 'Dark High Contrast', 'hc-black'],
];
/** The first webview of a fresh workbench waits for VS Code's service worker. */
const FIRST_PANEL_TIMEOUT = 60_000;

/** @type {import('./harness/workbench.mjs').Workbench} */
let wb;

/** The content of the visible webview (VS Code nests the panel's page in two iframes). */
const webview = () =>
  wb.page.locator('iframe.webview.ready').filter({ visible: true }).first().contentFrame().locator('iframe#active-frame').contentFrame();

/** Moves the pointer off the tree and waits for any run tooltip to go, so screenshots show the panel. */
async function clearHover() {
  await wb.moveMouseAway();
  await wb.page.locator('.monaco-hover, .workbench-hover').filter({ visible: true }).first().waitFor({ state: 'hidden' });
}

async function closeEditors() {
  await wb.runCommand('View: Close All Editors');
  await wb.page.locator('iframe.webview').first().waitFor({ state: 'detached' });
}

/** Selects runs with Ctrl+click and runs a command from the runs' context menu. */
async function fromContextMenu(runs, title) {
  await wb.treeRow(runs[0]).click();
  for (const run of runs.slice(1)) await wb.treeRow(run).click({ modifiers: ['Control'] });
  await wb.treeRow(runs.at(-1)).click({ button: 'right' });
  // VS Code's menus act on mouse-up after a hover; the keyboard is the dependable path.
  await wb.page.locator('.context-view .action-label', { hasText: new RegExp(`^${title}$`) }).hover();
  await wb.page.keyboard.press('Enter');
}

/**
 * Picks a colour theme in "Preferences: Color Theme". On a loaded machine the picker can open
 * before its theme list arrives and then ignore the typed text; a second opening finds it filled.
 */
async function pickTheme(colorTheme) {
  const input = wb.page.locator('.quick-input-widget input');
  const row = wb.page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: colorTheme });
  for (let attempt = 1; ; attempt++) {
    await wb.runCommand('Preferences: Color Theme');
    await input.fill(colorTheme);
    try {
      await row.waitFor({ state: 'visible', timeout: attempt < 3 ? 15_000 : wb.timeout });
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
      await input.press('Escape');
      await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    }
  }
  await input.press('Enter');
}

describe('Panels in the workbench', { timeout: 300_000 }, () => {
  before(async () => {
    await installCodeServer();
    wb = await openWorkbench({ viewport: { width: 1400, height: 900 } });
  });

  after(async () => {
    await wb?.close();
  });

  for (const [theme, colorTheme, workbenchClass] of THEMES) {
    it(`switches to ${colorTheme}`, async () => {
      if (await wb.page.locator('iframe.webview').count()) await closeEditors();
      await pickTheme(colorTheme);
      await wb.expectVisible(wb.page.locator(`.monaco-workbench.${workbenchClass}`), `the ${theme} workbench`);
      await wb.clickActivity('MLflow');
    });

    it(`a click on a run opens its Run panel (${theme})`, async () => {
      await wb.expandRow('deep-net-training');
      await wb.treeRow('mlp-adam-5000steps').click();
      const view = webview();
      await wb.expectVisible(view.locator('h1.run-name', { hasText: 'mlp-adam-5000steps' }), 'the Run panel', FIRST_PANEL_TIMEOUT);
      await wb.expectVisible(view.locator(`body.vscode-${theme}`), `the panel in the ${theme} theme`);
      await wb.expectVisible(view.locator('tr[data-metric="loss"] canvas.sparkline'), 'the loss sparkline');
      await wb.expectVisible(wb.page.locator('.tab', { hasText: 'Run mlp-adam-5000steps' }), 'the panel tab');
      await clearHover();
      await wb.screenshot(`panel-run-${theme}`);
    });

    it(`Chart Metrics on two runs draws their curves (${theme})`, async () => {
      await closeEditors();
      await fromContextMenu(['mlp-adam-5000steps', 'mlp-sgd'], 'Chart Metrics');
      const view = webview();
      await wb.expectVisible(view.locator('.legend button', { hasText: 'mlp-sgd' }), 'the charts legend');
      await wb.expectVisible(view.locator('[data-metric="loss"] canvas[data-drawn]'), 'the loss chart');
      assert.deepEqual(await view.locator('.legend button').allTextContents(), ['mlp-adam-5000steps', 'mlp-sgd']);
      await clearHover();
      await wb.screenshot(`panel-charts-${theme}`);
    });

    it(`Compare Runs on three runs shows them side by side (${theme})`, async () => {
      await closeEditors();
      await wb.expandRow('wine-quality');
      await fromContextMenu(['train-v1', 'train-v2', 'train-v3'], 'Compare Runs');
      const view = webview();
      await wb.expectVisible(view.locator('h1', { hasText: 'Comparing 3 runs' }), 'the Compare panel');
      assert.equal(await view.locator('thead th.run-col').count(), 3);
      await clearHover();
      await wb.screenshot(`panel-compare-${theme}`);
    });
  }

  it('an open panel comes back after the window reloads', async () => {
    await wb.expectVisible(webview().locator('h1', { hasText: 'Comparing 3 runs' }), 'the Compare panel before the reload');
    await wb.runCommand('Developer: Reload Window');
    await wb.ready();
    await wb.expectVisible(wb.page.locator('.tab', { hasText: 'Compare 3 runs' }), 'the restored tab', FIRST_PANEL_TIMEOUT);
    await wb.expectVisible(webview().locator('h1', { hasText: 'Comparing 3 runs' }), 'the restored Compare panel', FIRST_PANEL_TIMEOUT);
    assert.equal(await webview().locator('thead th.run-col').count(), 3);
  });

  it('Open Run from the palette offers the newest runs, searchable, and opens the picked one', async () => {
    await closeEditors();
    await wb.runCommand('MLflow: Open Run');
    const pick = wb.page.locator('.quick-input-widget');
    await wb.expectVisible(pick.locator('.monaco-list-row', { hasText: 'knn-k11' }), 'the newest run (of an active experiment) in the pick');
    await pick.locator('input').fill('train-v2');
    const row = pick.locator('.monaco-list-row', { hasText: 'train-v2' });
    await wb.expectVisible(row, 'train-v2, found by name');
    await wb.expectVisible(row.filter({ hasText: 'wine-quality' }), 'its experiment beside it');
    assert.equal(await pick.locator('.monaco-list-row', { hasText: 'knn-k11' }).count(), 0, 'the other runs filtered away');
    await wb.moveMouseAway();
    await wb.screenshot('panel-open-run-pick', pick);
    await pick.locator('input').press('Enter');
    await wb.expectVisible(webview().locator('h1.run-name', { hasText: 'train-v2' }), 'the Run panel of the picked run', FIRST_PANEL_TIMEOUT);
  });

  it('Open Run opens a run typed by its ID, beyond the offered ones (a deleted experiment\'s)', async () => {
    await closeEditors();
    await wb.runCommand('MLflow: Open Run');
    const pick = wb.page.locator('.quick-input-widget');
    await wb.expectVisible(pick.locator('.monaco-list-row', { hasText: 'knn-k11' }), 'the offered runs');
    // The start of an ID finds the run by its ID; only a whole ID is offered as a run of its own.
    await pick.locator('input').fill('f45fdee6');
    await wb.expectVisible(pick.locator('.monaco-list-row.focused', { hasText: 'knn-k11' }), 'knn-k11, found by the start of its ID');
    assert.equal(await pick.locator('.monaco-list-row', { hasText: 'Open run' }).count(), 0, 'no run offered for part of an ID');
    await pick.locator('input').fill('e0ca82621bdc4b3a9b13438a708feaf1');
    await wb.expectVisible(pick.locator('.monaco-list-row.focused', { hasText: 'Open run e0ca82621bdc4b3a9b13438a708feaf1' }), 'the typed ID, offered first');
    await pick.locator('input').press('Enter');
    await wb.expectVisible(webview().locator('h1.run-name', { hasText: 'scratch-run' }), 'the Run panel of the typed run', FIRST_PANEL_TIMEOUT);
  });

  it('Compare Runs from the palette compares the picked runs', async () => {
    await closeEditors();
    await wb.runCommand('MLflow: Compare Runs');
    const pick = wb.page.locator('.quick-input-widget');
    await pick.locator('input').fill('knn-k');
    for (const name of ['knn-k3', 'knn-k7']) {
      const row = pick.locator('.monaco-list-row', { hasText: name });
      await wb.expectVisible(row, `${name} in the pick`);
      await row.locator('.quick-input-list-checkbox, input[type=checkbox], .monaco-custom-toggle').first().click();
    }
    await pick.locator('input').press('Enter');
    const view = webview();
    await wb.expectVisible(view.locator('h1', { hasText: 'Comparing 2 runs' }), 'the Compare panel of the picked runs', FIRST_PANEL_TIMEOUT);
  });
});
