// The Compare panel's bundle in Chromium on three fixture runs of the elasticnet sweep.
// Callbacks passed to page.evaluate run in the page, where these are defined.
/* global window */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inkedFraction, loadFixture, openPanel, shutdown } from './harness.mjs';

let fixture;

describe('Compare panel webview', { timeout: 120_000 }, () => {
  before(async () => {
    fixture = await loadFixture();
  });
  after(() => shutdown(fixture));

  async function openCompare(names, mutate = (s) => s) {
    const snapshot = mutate(await fixture.data.buildCompareSnapshot(fixture.store, names.map(fixture.runId)));
    const view = await openPanel('compare', { data: fixture.data });
    await view.send({ type: 'snapshot', snapshot });
    await view.page.locator('main[aria-busy="false"]').waitFor();
    return { view, snapshot };
  }

  const row = (page, key) => page.locator(`tr[data-key="${key}"]`);

  it('shows one column per run, the params that differ, and marks each metric’s best value', async () => {
    const { view, snapshot } = await openCompare(['sweep-child-0', 'sweep-child-1', 'sweep-child-3']);
    const { page } = view;
    assert.deepEqual(await page.locator('thead th.run-col a').allTextContents(), snapshot.runs.map((r) => r.name));
    assert.deepEqual(await row(page, 'params.alpha').locator('td').allTextContents(), ['0.05', '0.1', '1.0']);
    assert.equal(await row(page, 'params.alpha').getAttribute('data-differs'), 'true');
    const rmse = snapshot.runs.map((r) => r.metrics.rmse);
    const bestRmse = rmse.indexOf(Math.min(...rmse));
    const cells = row(page, 'metrics.rmse').locator('td');
    assert.deepEqual(await cells.evaluateAll((tds) => tds.map((td) => td.classList.contains('best'))), rmse.map((_, i) => i === bestRmse));
    const r2 = snapshot.runs.map((r) => r.metrics.r2);
    const bestR2 = r2.indexOf(Math.max(...r2));
    assert.ok(await row(page, 'metrics.r2').locator('td').nth(bestR2).evaluate((td) => td.classList.contains('best')), 'r2: higher is better');
    // Switching the direction moves the mark.
    await row(page, 'metrics.rmse').locator('button.direction').click();
    const worst = rmse.indexOf(Math.max(...rmse));
    assert.ok(await cells.nth(worst).evaluate((td) => td.classList.contains('best')));
    await view.close();
  });

  it('"show differences only" hides rows every run agrees on', async () => {
    const { view, snapshot } = await openCompare(['sweep-child-0', 'sweep-child-1', 'sweep-child-3']);
    const { page } = view;
    const same = Object.keys(snapshot.runs[0].params).find((key) => snapshot.runs.every((r) => r.params[key] === snapshot.runs[0].params[key]));
    assert.ok(same, 'the sweep children share at least one param');
    assert.ok(await row(page, `params.${same}`).isVisible());
    await page.locator('#differences-only').check();
    assert.ok(await row(page, `params.${same}`).isHidden());
    assert.ok(await row(page, 'params.alpha').isVisible());
    await view.close();
  });

  it('draws parallel coordinates and a scatter of a param against a metric', async () => {
    const { view } = await openCompare(['sweep-child-0', 'sweep-child-1', 'sweep-child-2', 'sweep-child-3']);
    const { page } = view;
    assert.ok((await inkedFraction(page, 'canvas.parallel')) > 0.01);
    await page.selectOption('#scatter-x', 'params.alpha');
    await page.selectOption('#scatter-y', 'metrics.rmse');
    assert.ok((await inkedFraction(page, '.plot-box canvas[aria-label="Scatter plot"]')) > 0.005);
    assert.deepEqual(view.errors, []);
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    await view.close();
  });

  it('run names and values from the server are text; clicking a run asks the host to open it', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const { view } = await openCompare(['iris-svc', 'iris-knn'], (snapshot) => ({
      runs: snapshot.runs.map((r, i) => (i ? r : { ...r, name: hostile, params: { ...r.params, '<script>alert(2)</script>': '<b>x</b>' } })),
    }));
    const { page } = view;
    assert.equal(await page.locator('thead th.run-col a').first().textContent(), hostile);
    assert.equal(await page.locator('main img, main script, main b').count(), 0);
    assert.deepEqual(await page.evaluate(() => window.__executed), []);
    await page.locator('thead th.run-col a').nth(1).click();
    assert.equal((await view.posted((m) => m.type === 'openRun')).runId, fixture.runId('iris-knn'));
    await view.close();
  });
});
