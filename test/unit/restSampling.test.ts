import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { downsampleMetric } from '../../src/mlflow/sampling';
import { htmlError } from '../support/faults';
import { REST_FIXTURES, type Fault } from '../support/replayServer';
import { openReplay, SERVER_RUNS, type Replay } from '../support/restFixture';

const BULK = '/api/2.0/mlflow/metrics/get-history-bulk-interval';
const HISTORY = '/api/2.0/mlflow/metrics/get-history';

/** The recorded 5,000-point loss history, served 2,000 points a page as a capped server would. */
function pagedHistory(): Fault {
  const recorded = JSON.parse(readFileSync(path.join(REST_FIXTURES, '087-metrics-get-history-5000-max-results-25000.json'), 'utf8'));
  const metrics = recorded.response.body.metrics as unknown[];
  return (req, res) => {
    const token = req.query.get('page_token');
    const offset = token ? (JSON.parse(Buffer.from(token, 'base64').toString()) as { offset: number }).offset : 0;
    const page: Record<string, unknown> = { metrics: metrics.slice(offset, offset + 2000) };
    if (offset + 2000 < metrics.length) page.next_page_token = Buffer.from(JSON.stringify({ offset: offset + 2000 })).toString('base64');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page));
  };
}

describe('RestStore metric histories: server-side sampling, fallback and paging', () => {
  let replay: Replay;
  before(async () => {
    replay = await openReplay();
  });
  after(() => replay.close());

  it('samples a step range on the server with get-history-bulk-interval', async () => {
    const points = await replay.store.getMetricHistory({ runId: SERVER_RUNS.mlpAdam, metricKey: 'loss', maxPoints: 20, startStep: 1000, endStep: 1100 });
    assert.equal(points.length, 21);
    assert.deepEqual([points[0].step, points.at(-1)?.step], [1000, 1100]);
    assert.deepEqual(Object.keys(points[0]).sort(), ['key', 'step', 'timestamp', 'value']);
    const [request] = replay.server.to(BULK);
    assert.deepEqual(Object.fromEntries(request.query), {
      run_ids: SERVER_RUNS.mlpAdam,
      metric_key: 'loss',
      start_step: '1000',
      end_step: '1100',
      max_results: '20',
    });
  });

  it('samples many runs in one request with repeated run_ids', async () => {
    const byRun = await replay.store.getSampledHistories({ runIds: [SERVER_RUNS.mlpAdam, SERVER_RUNS.mlpSgd], metricKey: 'val_loss', maxPoints: 50 });
    assert.deepEqual([...byRun.keys()], [SERVER_RUNS.mlpAdam, SERVER_RUNS.mlpSgd]);
    assert.ok(byRun.get(SERVER_RUNS.mlpAdam)!.length > 0 && byRun.get(SERVER_RUNS.mlpSgd)!.length > 0);
    assert.equal(byRun.get(SERVER_RUNS.mlpAdam)!.length + byRun.get(SERVER_RUNS.mlpSgd)!.length, 57);
    assert.deepEqual(replay.server.to(BULK).at(-1)!.query.getAll('run_ids'), [SERVER_RUNS.mlpAdam, SERVER_RUNS.mlpSgd]);
  });

  it('falls back to the full history sampled here when the server has no bulk-interval (404)', async () => {
    const server = replay.server;
    server.inject('GET', BULK, htmlError(404, '404 Not Found'));
    const sampled = await replay.store.getMetricHistory({ runId: SERVER_RUNS.mlpAdam, metricKey: 'loss', maxPoints: 100 });
    assert.equal(replay.store.capabilities.serverSideSampling, false);
    const full = await replay.store.getMetricHistory({ runId: SERVER_RUNS.mlpAdam, metricKey: 'loss' });
    assert.equal(full.length, 5000);
    assert.deepEqual(sampled, downsampleMetric(full, 100));
    const bulkCalls = server.to(BULK).length;
    await replay.store.getMetricHistory({ runId: SERVER_RUNS.mlpAdam, metricKey: 'loss', maxPoints: 100 });
    assert.equal(server.to(BULK).length, bulkCalls, 'not asked again once known missing');
  });

  it('follows next_page_token through a history, sending max_results on every page', async () => {
    const paged = await openReplay();
    try {
      paged.server.inject('GET', HISTORY, pagedHistory(), 10);
      const points = await paged.store.getMetricHistory({ runId: SERVER_RUNS.mlpAdam, metricKey: 'loss' });
      assert.equal(points.length, 5000);
      assert.deepEqual(points.map((p) => p.step), Array.from({ length: 5000 }, (_, i) => i));
      const requests = paged.server.to(HISTORY);
      assert.deepEqual(requests.map((r) => r.query.get('page_token')), [null, 'eyJvZmZzZXQiOjIwMDB9', 'eyJvZmZzZXQiOjQwMDB9']);
      assert.deepEqual(requests.map((r) => r.query.get('max_results')), ['25000', '25000', '25000']);
    } finally {
      await paged.close();
    }
  });

  it('reads ±Infinity back as the clamped doubles the server stores', async () => {
    replay.server.alias(
      { method: 'GET', path: HISTORY, query: { run_id: SERVER_RUNS.sandbox, metric_key: 'inf_test', max_results: 25000 } },
      '194-metrics-get-history-infinity-clamped.json',
    );
    const points = await replay.store.getMetricHistory({ runId: SERVER_RUNS.sandbox, metricKey: 'inf_test' });
    assert.deepEqual(points.map((p) => p.value), [1.7976931348623157e308, -1.7976931348623157e308]);
  });
});
