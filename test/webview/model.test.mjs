// The Run panel's model view (Show Model Signature) in Chromium, on model views the real
// host-side loader reads from the fixture store: on top of the run that logged the model, and
// alone for a model whose run is not in the store.
/* global window */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadFixture, openPanel, shutdown } from './harness.mjs';

let fixture;

describe('Run panel model view', { timeout: 120_000 }, () => {
  before(async () => {
    fixture = await loadFixture();
  });
  after(() => shutdown(fixture));

  const wineV2 = { kind: 'version', name: 'wine-quality', version: '2' };

  it("shows wine-quality v2's signature, flavors and facts first in its run's panel, and opens its MLmodel", async () => {
    const model = await fixture.data.loadModelView(fixture.store, wineV2);
    assert.equal(model.preview.kind, 'mlmodel', JSON.stringify(model.preview));
    assert.ok(model.runId, 'the version has a source run');
    const snapshot = { ...(await fixture.data.buildRunSnapshot(fixture.store, model.runId)), model };
    const view = await openPanel('run', { data: fixture.data });
    await view.send({ type: 'snapshot', snapshot });
    const { page } = view;
    const section = page.locator('section.model-view');
    await section.waitFor();
    assert.equal(await section.locator('h2').textContent(), 'Model wine-quality v2');
    assert.equal(await section.locator('.model-uri').textContent(), 'models:/wine-quality/2');
    // The model view comes right after the run's header, before the overview.
    assert.deepEqual(await page.locator('main > section').evaluateAll((s) => s.slice(0, 2).map((e) => e.getAttribute('aria-label'))), ['Model wine-quality v2', 'Overview']);
    const inputs = await section.locator('.signature-inputs tbody tr td:first-child').allTextContents();
    assert.deepEqual(inputs, model.preview.summary.signature.inputs.map((c) => c.name));
    assert.ok(inputs.includes('alcohol'), inputs.join(', '));
    assert.ok((await section.locator('.signature-outputs tbody tr').count()) >= 1, 'the outputs');
    assert.match(await section.locator('table.flavors').textContent(), /sklearn/);
    assert.match(await section.locator('table.facts').textContent(), /model_id\s*m-/);
    await section.getByRole('button', { name: 'Open MLmodel' }).click();
    assert.deepEqual((await view.posted((m) => m.type === 'openModelFile')).ref, wineV2);
    await section.getByRole('button', { name: 'Copy URI' }).click();
    assert.equal((await view.posted((m) => m.type === 'copy')).text, 'models:/wine-quality/2');
    assert.deepEqual(await view.state(), { runId: model.runId, model: wineV2 }, 'the focus comes back after a reload');
    assert.deepEqual(view.errors, []);
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    await view.close();
  });

  it('shows a model alone when its run is not in the store, and says so', async () => {
    const model = await fixture.data.loadModelView(fixture.store, wineV2);
    const view = await openPanel('run', { data: fixture.data, theme: 'light' });
    await view.send({ type: 'model', model: { ...model, runId: 'feedfacefeedfacefeedfacefeedface' } });
    const { page } = view;
    await page.locator('main[aria-busy="false"]').waitFor();
    assert.equal(await page.locator('h1.run-name').textContent(), 'wine-quality v2');
    assert.equal(await page.locator('table.overview').count(), 0, 'no run sections');
    assert.match(await page.locator('section.model-view').textContent(), /run feedfacefeedfacefeedfacefeedface, which is not in the active store/);
    assert.ok((await page.locator('.signature-inputs tbody tr').count()) > 5);
    assert.deepEqual(await view.state(), { model: wineV2 });
    await view.close();
  });

  it('says why a model cannot be read, and renders hostile names and MLmodel content as text', async () => {
    const missing = await fixture.data.loadModelView(fixture.store, { kind: 'version', name: 'wine-quality', version: '99' });
    assert.equal(missing.preview.kind, 'error');
    const hostile = '<img src=x onerror=alert(1)>';
    const view = await openPanel('run', { data: fixture.data });
    await view.send({ type: 'model', model: missing });
    const { page } = view;
    await page.locator('section.model-view .panel-error').waitFor();
    assert.match(await page.locator('section.model-view .panel-error').textContent(), /wine-quality version 99 is not in the registry/);
    const text = `flavors: {}\nsignature:\n  inputs: '[{"name": "${hostile}", "type": "double"}]'\n`;
    await view.send({
      type: 'model',
      model: {
        ...missing,
        title: hostile,
        uri: `models:/${hostile}/1`,
        preview: { kind: 'mlmodel', path: 'MLmodel', text, summary: { flavors: [{ key: hostile, value: hostile }], facts: [], signature: { inputs: [{ name: hostile, type: 'double' }], outputs: [], params: [] } } },
      },
    });
    await page.locator('.signature-inputs').waitFor();
    assert.equal(await page.locator('h1.run-name').textContent(), hostile);
    assert.equal(await page.locator('.signature-inputs tbody td').first().textContent(), hostile);
    assert.equal(await page.locator('main img').count(), 0, 'no <img> element came out of the data');
    assert.deepEqual(await page.evaluate(() => window.__executed), []);
    await view.close();
  });
});
