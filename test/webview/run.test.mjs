// The Run panel's bundle in Chromium on fixture snapshots built by the real host-side code.
// Callbacks passed to page.evaluate run in the page, where these are defined.
/* global window, document */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { canvasPixels, inkedFraction, loadFixture, openPanel, shutdown } from './harness.mjs';

let fixture;

describe('Run panel webview', { timeout: 120_000 }, () => {
  before(async () => {
    fixture = await loadFixture();
  });
  after(() => shutdown(fixture));

  async function openRun(name, mutate = (s) => s) {
    const snapshot = mutate(await fixture.data.buildRunSnapshot(fixture.store, fixture.runId(name)));
    const view = await openPanel('run', { data: fixture.data });
    await view.send({ type: 'snapshot', snapshot });
    await view.page.locator('main[aria-busy="false"]').waitFor();
    return { view, snapshot };
  }

  it('shows the overview, params, metrics with sparklines, grouped tags and artifacts of the 5,000-step run', async () => {
    const { view, snapshot } = await openRun('mlp-adam-5000steps');
    const { page } = view;
    assert.equal(await page.locator('h1.run-name').textContent(), 'mlp-adam-5000steps');
    assert.match(await page.locator('table.overview').textContent(), new RegExp(fixture.runId('mlp-adam-5000steps')));
    assert.match(await page.locator('table.overview').textContent(), /Git commit/);
    // The fixture store was moved here: the overview says where its artifacts are read from.
    assert.match(await page.locator('table.overview').textContent(), /Artifacts here.*sqlite-store\/mlruns\/2\//);
    for (const param of snapshot.params) {
      assert.ok((await page.locator('table.params th', { hasText: param.key }).count()) >= 1, `param ${param.key}`);
    }
    assert.deepEqual(
      await page.locator('table.metrics tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.metric)),
      ['accuracy', 'learning_rate', 'loss', 'val_loss'],
    );
    assert.ok((await inkedFraction(page, 'tr[data-metric="loss"] canvas.sparkline')) > 0.02, 'the loss sparkline is drawn');
    // System tags are grouped apart, behind a disclosure.
    assert.match(await page.locator('details.system-tags summary').textContent(), /System tags \(\d+\)/);
    assert.equal(await page.locator('.section', { hasText: 'Tags' }).locator('> table.tags th', { hasText: /^mlflow\./ }).count(), 0);
    for (const top of ['plots/', 'config/', 'summary.txt']) {
      assert.ok(await page.locator('.artifact-tree').getByText(top, { exact: true }).isVisible(), top);
    }
    assert.deepEqual(view.errors, []);
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    await view.close();
  });

  it('lists folders on demand and previews text, YAML, CSV and images the host reads', async () => {
    const { view } = await openRun('mlp-adam-5000steps');
    const { page } = view;
    const runId = fixture.runId('mlp-adam-5000steps');
    const answer = async (path) => {
      await view.posted((m) => m.type === 'previewArtifact' && m.path === path);
      await view.send({ type: 'artifactPreview', preview: await fixture.data.previewArtifact(fixture.store, runId, path) });
    };
    // Opening a folder asks the host for its entries; the answer comes from the store.
    const openFolder = async (folder) => {
      await page.locator(`summary[data-path="${folder}"]`).click();
      await view.posted((m) => m.type === 'listArtifacts' && m.path === folder);
      const entries = await fixture.store.listArtifacts(runId, folder);
      await view.send({ type: 'artifactChildren', path: folder, children: entries.map((e) => ({ path: e.path, isDir: e.isDir, size: e.fileSize })) });
    };
    const preview = async (file) => {
      await page.locator(`button[data-path="${file}"]`).click();
      await answer(file);
    };
    await openFolder('config');
    await preview('config/model.yaml');
    await page.locator('pre.lang-yaml .tok-key').first().waitFor();

    await openFolder('data');
    await preview('data/predictions.csv');
    assert.ok((await page.locator('table.csv tbody tr').count()) > 5, 'CSV rows are a table');

    await openFolder('plots');
    await preview('plots/loss_curve.png');
    await page.waitForFunction(() => document.querySelector('img.preview-image')?.naturalWidth > 0);

    await page.getByRole('button', { name: 'Open in Editor' }).click();
    await view.posted((m) => m.type === 'openArtifact' && m.path === 'plots/loss_curve.png');
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    await view.close();
  });

  it('links the parent and child runs, and asks the host to open them', async () => {
    const { view, snapshot } = await openRun('sweep-child-1');
    assert.equal(snapshot.parent?.name, 'elasticnet-sweep');
    assert.deepEqual(snapshot.children.map((c) => c.name).sort(), ['cv-fold-0', 'cv-fold-1']);
    await view.page.locator('a.run-link', { hasText: 'cv-fold-1' }).click();
    const message = await view.posted((m) => m.type === 'openRun');
    assert.equal(message.runId, snapshot.children.find((c) => c.name === 'cv-fold-1').runId);
    assert.deepEqual(await view.state(), { runId: fixture.runId('sweep-child-1') });
    await view.close();
  });

  it('renders a hostile run name, params and note as text, and runs none of it', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const { view } = await openRun('train-v1', (snapshot) => ({
      ...snapshot,
      run: { ...snapshot.run, name: hostile },
      params: [{ key: '<b>k</b>', value: '<script>alert(2)</script>' }],
      note: `# Findings\n\n<script>window.__executed.push('note')</script>\n\n<img src=x onerror="alert(3)">\n\n[click](javascript:alert(4)) and [docs](https://mlflow.org)`,
    }));
    const { page } = view;
    assert.equal(await page.locator('h1.run-name').textContent(), hostile);
    assert.equal(await page.locator('main img').count(), 0, 'no <img> element came out of the data');
    assert.equal(await page.locator('main script').count(), 0);
    assert.match(await page.locator('.note').textContent(), /<script>window.__executed.push\('note'\)<\/script>/);
    assert.equal(await page.locator('.note h1').textContent(), 'Findings', 'the Markdown itself is rendered');
    assert.equal(await page.locator('.note a[href^="javascript"]').count(), 0);
    assert.equal(await page.locator('.note a[href="https://mlflow.org"]').count(), 1);
    assert.equal(await page.locator('table.params th').first().textContent(), '<b>k</b>');
    assert.deepEqual(await page.evaluate(() => window.__executed), []);
    await view.close();
  });

  it('draws sparklines in the light theme too', async () => {
    const { view } = await openRun('mlp-sgd');
    const before = await canvasPixels(view.page, 'tr[data-metric="loss"] canvas.sparkline');
    assert.ok((await inkedFraction(view.page, 'tr[data-metric="loss"] canvas.sparkline')) > 0.02);
    await view.close();
    const light = await openPanel('run', { data: fixture.data, theme: 'light' });
    await light.send({ type: 'snapshot', snapshot: await fixture.data.buildRunSnapshot(fixture.store, fixture.runId('mlp-sgd')) });
    await light.page.locator('main[aria-busy="false"]').waitFor();
    assert.notEqual(await canvasPixels(light.page, 'tr[data-metric="loss"] canvas.sparkline'), before, 'theme colours differ');
    await light.close();
  });
});
