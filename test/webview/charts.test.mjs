// The Charts panel's bundle in Chromium, drawing real fixture histories sampled by the store.
// Callbacks passed to page.evaluate run in the page, where these are defined.
/* global window, document */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { canvasPixels, inkedFraction, loadFixture, openPanel, shutdown } from './harness.mjs';

let fixture;
const LOSS = '[data-metric="loss"] canvas';

/** Drags across the middle fifth of a chart, as a user selects a range to zoom into. */
async function dragAcrossMiddleFifth(page, selector) {
  const box = await page.locator(selector).boundingBox();
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
}

describe('Charts panel webview', { timeout: 120_000 }, () => {
  before(async () => {
    fixture = await loadFixture();
  });
  after(() => shutdown(fixture));

  async function openCharts(names, metrics = ['loss', 'val_loss']) {
    const snapshot = await fixture.data.buildChartsSnapshot(fixture.store, names.map(fixture.runId), metrics);
    const view = await openPanel('charts', { data: fixture.data });
    await view.send({ type: 'snapshot', snapshot });
    await view.page.locator(`${LOSS}[data-drawn]`).waitFor();
    return { view, snapshot };
  }

  /** Changes a control and waits until the loss chart has been drawn again. */
  async function redraw(page, change) {
    const drawn = await page.$eval(LOSS, (c) => Number(c.dataset.drawn));
    await change();
    await page.waitForFunction(([selector, n]) => Number(document.querySelector(selector).dataset.drawn) > n, [LOSS, drawn]);
    return canvasPixels(page, LOSS);
  }

  it('draws the 5,000-step loss of two runs, sampled, on a canvas that is not blank', async () => {
    const { view, snapshot } = await openCharts(['mlp-adam-5000steps', 'mlp-sgd']);
    const adam = snapshot.series.loss.find((s) => s.runId === fixture.runId('mlp-adam-5000steps'));
    assert.equal(adam.steps[0], 0);
    assert.equal(adam.steps.at(-1), 4999, 'the last step is kept by sampling');
    assert.ok(adam.steps.length <= snapshot.maxPoints && adam.steps.length > 500);
    assert.ok((await inkedFraction(view.page, LOSS)) > 0.02, 'lines are drawn');
    assert.deepEqual(await view.page.locator('.legend button').allTextContents(), ['mlp-adam-5000steps', 'mlp-sgd']);
    assert.deepEqual(await view.page.locator('.chart-card h3').allTextContents(), ['loss', 'val_loss']);
    assert.deepEqual(view.errors, []);
    assert.deepEqual(await view.page.evaluate(() => window.__csp), []);
    await view.close();
  });

  it('smoothing, the x axis, the log scale and the legend each change what is drawn', async () => {
    const { view } = await openCharts(['mlp-adam-5000steps', 'mlp-sgd']);
    const { page } = view;
    const seen = new Set([await canvasPixels(page, LOSS)]);
    const expectNew = (pixels, what) => {
      assert.ok(!seen.has(pixels), `${what} changed the drawing`);
      seen.add(pixels);
    };
    expectNew(await redraw(page, () => page.locator('#smoothing').fill('90')), 'smoothing');
    expectNew(await redraw(page, () => page.selectOption('#y-scale', 'log')), 'log scale');
    expectNew(await redraw(page, () => page.selectOption('#x-axis', 'relative')), 'relative time');
    expectNew(await redraw(page, () => page.selectOption('#x-axis', 'wall')), 'wall time');
    expectNew(await redraw(page, () => page.locator('.legend button', { hasText: 'mlp-sgd' }).click()), 'hiding a run');
    assert.equal(await page.locator('.legend button', { hasText: 'mlp-sgd' }).getAttribute('aria-pressed'), 'false');
    await view.close();
  });

  it('shows NaN as a gap: the run whose last loss is NaN still draws', async () => {
    const { view, snapshot } = await openCharts(['mlp-adam-lr-too-high'], ['loss']);
    assert.equal(snapshot.series.loss[0].values.at(-1), null, 'NaN arrives as null');
    assert.ok((await inkedFraction(view.page, LOSS)) > 0.005);
    await view.close();
  });

  it('dragging across a chart zooms and asks the host for the range re-sampled', async () => {
    const { view } = await openCharts(['mlp-adam-5000steps']);
    const { page } = view;
    await dragAcrossMiddleFifth(page, LOSS);
    const zoom = await view.posted((m) => m.type === 'zoom');
    assert.equal(zoom.metric, 'loss');
    assert.ok(zoom.startStep > 1000 && zoom.endStep < 4000 && zoom.startStep < zoom.endStep, JSON.stringify(zoom));
    const series = await fixture.data.fetchSeries(fixture.store, [fixture.runId('mlp-adam-5000steps')], 'loss', zoom.maxPoints, {
      startStep: Math.floor(zoom.startStep),
      endStep: Math.ceil(zoom.endStep),
    });
    const zoomed = await redraw(page, () => view.send({ type: 'zoomed', metric: 'loss', startStep: zoom.startStep, endStep: zoom.endStep, series, seq: zoom.seq }));
    const reset = await redraw(page, () => page.locator('[data-metric="loss"]').getByRole('button', { name: 'Reset zoom' }).click());
    assert.notEqual(zoomed, reset);
    await view.close();
  });

  it('on the wall-time axis a zoom asks for the steps of the time window, re-sampled', async () => {
    const { view } = await openCharts(['mlp-adam-5000steps']);
    const { page } = view;
    await page.locator('#x-axis').selectOption('wall');
    await dragAcrossMiddleFifth(page, LOSS);
    const zoom = await view.posted((m) => m.type === 'zoom');
    // The 5,000-step run logged at a steady pace: the middle fifth of its time is about its middle fifth of steps.
    assert.ok(zoom.startStep > 1000 && zoom.endStep < 4000 && zoom.startStep < zoom.endStep, JSON.stringify(zoom));
    assert.ok(Number.isInteger(zoom.startStep) && Number.isInteger(zoom.endStep), 'steps of logged points');
    await view.close();
  });

  it('a late answer to an earlier zoom is dropped: only the latest zoom is drawn', async () => {
    const { view } = await openCharts(['mlp-adam-5000steps']);
    const { page } = view;
    await dragAcrossMiddleFifth(page, LOSS);
    const first = await view.posted((m) => m.type === 'zoom');
    await dragAcrossMiddleFifth(page, LOSS);
    const second = await view.posted((m) => m.type === 'zoom' && m.seq !== first.seq);
    assert.ok(second.seq > first.seq);
    const answer = async (zoom) => ({
      type: 'zoomed',
      metric: 'loss',
      startStep: zoom.startStep,
      endStep: zoom.endStep,
      seq: zoom.seq,
      series: await fixture.data.fetchSeries(fixture.store, [fixture.runId('mlp-adam-5000steps')], 'loss', zoom.maxPoints, {
        startStep: Math.floor(zoom.startStep),
        endStep: Math.ceil(zoom.endStep),
      }),
    });
    const fresh = await answer(second);
    const stale = { ...(await answer(first)), series: [] };
    const drawnFresh = await redraw(page, () => view.send(fresh));
    // The stale answer arrives last; a probe posted after it is handled after it (messages keep their order).
    await view.send(stale);
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          window.addEventListener('message', function probe(event) {
            if (event.data?.type !== 'probe') return;
            window.removeEventListener('message', probe);
            resolve();
          });
          window.postMessage({ type: 'probe' }, '*');
        }),
    );
    assert.equal(await canvasPixels(page, LOSS), drawnFresh, 'the stale (empty) answer replaced the latest zoom');
    await view.close();
  });

  it('charts at most ten runs and says which it left out', async () => {
    const names = ['mlp-adam-5000steps', 'mlp-sgd', 'mlp-rmsprop', 'mlp-adam-lr-too-high', 'sweep-child-0', 'sweep-child-1', 'sweep-child-2', 'sweep-child-3', 'train-v1', 'train-v2', 'train-v3', 'still-running'];
    const { view, snapshot } = await openCharts(names);
    assert.equal(snapshot.runs.length, 10);
    assert.match(await view.page.locator('.notice').textContent(), /at most 10 runs; left out: train-v3, still-running/);
    assert.ok(snapshot.live, 'a running run makes the panel live');
    await view.close();
  });

  it('export buttons hand the host a PNG and ask for CSV; metric choices go to the host', async () => {
    const { view } = await openCharts(['mlp-sgd']);
    const { page } = view;
    await page.locator('[data-metric="loss"]').getByRole('button', { name: 'PNG' }).click();
    const png = await view.posted((m) => m.type === 'exportPng');
    assert.match(png.dataUrl, /^data:image\/png;base64,/);
    assert.ok(png.dataUrl.length > 5000);
    await page.locator('[data-metric="loss"]').getByRole('button', { name: 'CSV' }).click();
    assert.equal((await view.posted((m) => m.type === 'exportCsv')).metric, 'loss');
    await page.locator('.metrics-choice summary').click();
    await page.locator('input[data-metric="accuracy"]').check();
    assert.deepEqual((await view.posted((m) => m.type === 'setMetrics')).metrics, ['accuracy', 'loss', 'val_loss']);
    await view.close();
  });
});
