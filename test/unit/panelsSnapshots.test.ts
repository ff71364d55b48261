// The panels' host side on the fixture SQLite store: snapshots, artifact previews, CSV export.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SqliteStore } from '../../src/mlflow/sqlite/sqliteStore';
import { downsampleMetric } from '../../src/mlflow/sampling';
import { buildChartsSnapshot, seriesCsv, toSeries } from '../../src/panels/charts/snapshot';
import { buildCompareSnapshot } from '../../src/panels/compare/snapshot';
import { parseCsv, previewArtifact, previewKind, summarizeMlmodel } from '../../src/panels/run/artifacts';
import { buildRunSnapshot } from '../../src/panels/run/snapshot';
import { contentSecurityPolicy, panelHtml } from '../../src/panels/html';
import { FIXTURE_STORE, openStore, runId } from '../fixtures/sqliteFixture';

let store: SqliteStore;

describe('panel snapshots on the fixture store', () => {
  before(async () => {
    store = await openStore();
  });
  after(() => store.dispose());

  it('run snapshot: overview, git, params, metrics with sampled sparklines, datasets, models, artifacts', async () => {
    const snapshot = await buildRunSnapshot(store, runId('train-v1'), { sourceInWorkspace: async () => true, now: 1 });
    assert.equal(snapshot.run.name, 'train-v1');
    assert.equal(snapshot.run.experimentName, 'wine-quality');
    assert.equal(snapshot.source?.name, '/home/ml/wine-demo/train.py');
    assert.equal(snapshot.source?.inWorkspace, true);
    assert.equal(snapshot.datasets[0]?.name, 'winequality-red');
    assert.equal(snapshot.models.length, 1);
    assert.match(snapshot.models[0].modelId, /^m-/);
    assert.deepEqual(snapshot.artifacts.map((a) => a.path), ['analysis']);
    // The fixture store was recorded on another machine: the recorded URI stays, and the folder
    // the artifacts are read from (beside the moved store) is given too.
    assert.match(snapshot.run.artifactUri, /^\/home\/ml\/wine-demo\//);
    assert.equal(snapshot.run.artifactFolder, path.join(FIXTURE_STORE, 'mlruns', '1', runId('train-v1'), 'artifacts'));
    const deep = await buildRunSnapshot(store, runId('mlp-adam-5000steps'));
    const loss = deep.metrics.find((m) => m.key === 'loss')!;
    assert.equal(loss.step, 4999);
    assert.ok(loss.history.length <= 60 && loss.history.length > 30);
    assert.ok(deep.git?.commit);
  });

  it('run snapshot: parent and children (three levels)', async () => {
    const child = await buildRunSnapshot(store, runId('sweep-child-1'));
    assert.equal(child.parent?.runId, runId('elasticnet-sweep'));
    assert.deepEqual(child.children.map((c) => c.name).sort(), ['cv-fold-0', 'cv-fold-1']);
    const sweep = await buildRunSnapshot(store, runId('elasticnet-sweep'));
    assert.equal(sweep.children.length, 4);
    assert.equal(sweep.parent, undefined);
  });

  it('charts snapshot: NaN arrives as null, sampling keeps first and last steps, running runs make it live', async () => {
    const snapshot = await buildChartsSnapshot(store, [runId('mlp-adam-lr-too-high'), runId('still-running')], ['loss', 'train_rmse'], 200);
    assert.equal(snapshot.series.loss[0].values.at(-1), null);
    assert.equal(snapshot.live, true);
    assert.deepEqual(snapshot.series.train_rmse.map((s) => s.runId), [runId('still-running')]);
    const deep = await buildChartsSnapshot(store, [runId('mlp-adam-5000steps')], [], 300);
    assert.deepEqual(deep.metrics, ['accuracy', 'learning_rate', 'loss', 'val_loss']);
    const loss = deep.series.loss[0];
    assert.ok(loss.steps.length <= 300);
    assert.equal(loss.steps[0], 0);
    assert.equal(loss.steps.at(-1), 4999);
  });

  it('compare snapshot: params, latest metrics and tags per run', async () => {
    const snapshot = await buildCompareSnapshot(store, [runId('sweep-child-0'), runId('sweep-child-1')]);
    assert.deepEqual(snapshot.runs.map((r) => r.params.alpha), ['0.05', '0.1']);
    assert.equal(typeof snapshot.runs[0].metrics.rmse, 'number');
  });

  it('artifact previews: text, YAML, CSV, image, binary', async () => {
    const id = runId('mlp-adam-5000steps');
    const text = await previewArtifact(store, id, 'summary.txt');
    assert.equal(text.kind, 'text');
    const yaml = await previewArtifact(store, id, 'config/model.yaml');
    assert.ok(yaml.kind === 'text' && yaml.language === 'yaml' && !yaml.truncated);
    const csv = await previewArtifact(store, id, 'data/predictions.csv');
    assert.ok(csv.kind === 'csv' && csv.rows.length > 5);
    const image = await previewArtifact(store, id, 'plots/loss_curve.png');
    assert.ok(image.kind === 'image' && image.dataUri.startsWith('data:image/png;base64,iVBOR'));
    const missing = await previewArtifact(store, id, 'nope.txt');
    assert.equal(missing.kind, 'error');
    assert.equal(previewKind('model.pkl'), 'binary');
    assert.equal(previewKind('a/MLmodel'), 'mlmodel');
  });

  it('MLmodel: flavors, facts and the signature as columns', () => {
    const text = readFileSync(path.join(FIXTURE_STORE, 'mlruns/1/models/m-5ccc98ba92e94cae97d97da8f0a82c38/artifacts/MLmodel'), 'utf8');
    const summary = summarizeMlmodel(text);
    assert.deepEqual(summary.flavors.map((f) => f.key), ['python_function', 'sklearn']);
    assert.match(summary.flavors[1].value, /sklearn_version: 1\.2\.1/);
    assert.equal(summary.signature?.inputs.length, 11);
    assert.deepEqual(summary.signature?.inputs[0], { name: 'fixed_acidity', type: 'double', required: true });
    assert.equal(summary.signature?.outputs[0].type, 'tensor float64 [-1]');
    assert.deepEqual(summary.signature?.params, []);
  });

  it('CSV: quotes, doubled quotes, newlines in fields, row limit', () => {
    assert.deepEqual(parseCsv('a,b\n"x, y","say ""hi"""\n"multi\nline",2\n', ',', 10), [['a', 'b'], ['x, y', 'say "hi"'], ['multi\nline', '2']]);
    assert.equal(parseCsv('1\n2\n3\n4\n', ',', 2).length, 2);
    assert.deepEqual(parseCsv('a\tb', '\t', 5), [['a', 'b']]);
  });

  it('CSV export writes every point, NaN as MLflow writes it', () => {
    const series = toSeries('r1', [
      { key: 'loss', value: 1.5, step: 0, timestamp: 10 },
      { key: 'loss', value: NaN, step: 1, timestamp: 11 },
    ]);
    assert.equal(seriesCsv('loss', [series], { r1: 'run, "one"' }), 'run_id,run_name,metric,step,timestamp,value\nr1,"run, ""one""",loss,0,10,1.5\nr1,"run, ""one""",loss,1,11,NaN\n');
  });

  it('the page: nonce CSP, no network, our script and stylesheet only', () => {
    const html = panelHtml({ title: 'Run <x>', cspSource: 'https://x.vscode-cdn.net', scriptUri: 'https://x/s.js', styleUri: 'https://x/p.css', nonce: 'abc123' });
    assert.match(html, /<script nonce="abc123" src="https:\/\/x\/s.js">/);
    assert.match(html, /<title>Run &lt;x&gt;<\/title>/);
    assert.equal(
      contentSecurityPolicy('https://x.vscode-cdn.net', 'n1'),
      "default-src 'none'; img-src https://x.vscode-cdn.net data:; style-src https://x.vscode-cdn.net 'nonce-n1'; script-src 'nonce-n1'; font-src https://x.vscode-cdn.net",
    );
  });
});

describe('sampling for charts (benchmark target ≤ 20 ms)', () => {
  it('samples a 200,000-point history to 1,000 points keeping extremes, first and last', () => {
    const points = Array.from({ length: 200_000 }, (_, step) => ({ key: 'loss', value: Math.exp(-step / 50_000) + Math.sin(step) * 0.01, step, timestamp: step }));
    points[123_456].value = 99;
    const started = performance.now();
    const sampled = downsampleMetric(points, 1000);
    const elapsed = performance.now() - started;
    console.log(`sampling 200,000 → ${sampled.length} points: ${elapsed.toFixed(1)} ms`);
    assert.ok(sampled.length <= 1000);
    assert.equal(sampled[0].step, 0);
    assert.equal(sampled.at(-1)!.step, 199_999);
    assert.ok(sampled.some((p) => p.value === 99));
    assert.ok(elapsed < 100, `${elapsed} ms`);
  });
});
