import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { openRestStore } from '../../src/mlflow/rest/restStore';
import { closedPortUrl, delayed, htmlError, jsonAnswer, malformedJson, neverEnds, redirectTo, tooManyRequests, truncatedBody } from '../support/faults';
import { ReplayServer } from '../support/replayServer';
import { openReplay, rejection, SERVER_RUNS, type Replay } from '../support/restFixture';

const EXPERIMENT_GET = '/api/2.0/mlflow/experiments/get';
const EXPERIMENTS_SEARCH = '/api/2.0/mlflow/experiments/search';

describe('RestStore transport: retries, timeouts, limits, redirects', () => {
  let replay: Replay;
  before(async () => {
    replay = await openReplay({ auth: { kind: 'bearer', token: 'tok-123' }, workspace: 'team-a', retries: 2 });
  });
  beforeEach(() => {
    replay.server.requests.length = 0;
    replay.logs.length = 0;
  });
  after(() => replay.close());

  it('sends the bearer token and X-MLFLOW-WORKSPACE on every request, detection included', async () => {
    await replay.store.getExperiment('1');
    const fresh = await openReplay({ auth: { kind: 'basic', username: 'ann', password: 'pw' }, workspace: 'team-a' });
    try {
      assert.equal(fresh.server.requests.length, 3);
      for (const request of fresh.server.requests) {
        assert.equal(request.headers.authorization, `Basic ${Buffer.from('ann:pw').toString('base64')}`);
        assert.equal(request.headers['x-mlflow-workspace'], 'team-a');
        assert.equal(request.headers.origin, undefined, 'no Origin: the server blocks foreign ones');
      }
    } finally {
      await fresh.close();
    }
    assert.equal(replay.server.requests[0].headers.authorization, 'Bearer tok-123');
    assert.equal(replay.server.requests[0].headers['x-mlflow-workspace'], 'team-a');
  });

  it('retries a GET after a 503 and succeeds', async () => {
    replay.server.inject('GET', EXPERIMENT_GET, htmlError(503, '503 Service Unavailable'));
    const experiment = await replay.store.getExperiment('1');
    assert.equal(experiment.name, 'wine-quality');
    assert.deepEqual(replay.server.to(EXPERIMENT_GET).map((r) => r.answeredBy), ['fault', '013-experiments-get.json']);
    assert.match(replay.logs.join('\n'), /503; retry 1\/2/);
  });

  it('retries the read-only POST search after 502 and 504, then gives up with the last answer', async () => {
    replay.server.inject('POST', EXPERIMENTS_SEARCH, htmlError(502, 'Bad Gateway'));
    replay.server.inject('POST', EXPERIMENTS_SEARCH, htmlError(504, 'Gateway Timeout'), 2);
    const error = await rejection(replay.store.searchExperiments({ maxResults: 10 }));
    assert.equal(error.code, 'HTTP');
    assert.equal(error.status, 504);
    assert.equal(replay.server.to(EXPERIMENTS_SEARCH).length, 3, 'one attempt and two retries');
  });

  it('does not retry an HTML 500, and says what the page said', async () => {
    replay.server.inject('GET', EXPERIMENT_GET, htmlError(500, '500 Internal Server Error'));
    const error = await rejection(replay.store.getExperiment('1'));
    assert.equal(error.code, 'HTTP');
    assert.equal(
      error.message,
      `MLflow server at ${replay.server.url} answered 500 Internal Server Error for experiments/get: 500 Internal Server Error: The server could not handle the request. — the server failed; see its log`,
    );
    assert.equal(replay.server.to(EXPERIMENT_GET).length, 1);
  });

  it('waits as long as Retry-After says after a 429', async () => {
    replay.server.inject('GET', EXPERIMENT_GET, tooManyRequests(1));
    await replay.store.getExperiment('1');
    const [limited, retried] = replay.server.to(EXPERIMENT_GET);
    assert.ok(retried.at - limited.at >= 950, `retried after ${retried.at - limited.at} ms`);
  });

  it('never retries a write, whatever the failure', async () => {
    replay.server.inject('POST', '/api/2.0/mlflow/runs/delete', htmlError(503, 'Service Unavailable'));
    assert.equal((await rejection(replay.store.deleteRun(SERVER_RUNS.sandbox))).code, 'HTTP');
    replay.server.inject('POST', '/api/2.0/mlflow/runs/set-tag', truncatedBody);
    assert.equal((await rejection(replay.store.setRunTag(SERVER_RUNS.sandbox, 'team', 'x'))).code, 'UNREACHABLE');
    assert.deepEqual(replay.server.requests.map((r) => r.path), ['/api/2.0/mlflow/runs/delete', '/api/2.0/mlflow/runs/set-tag']);
  });

  it('times out a response that never ends, without retrying it', async () => {
    // Long enough that opening (three requests) never times out on a busy machine.
    const quick = await openReplay({ timeoutMs: 1_000 });
    try {
      quick.server.inject('POST', EXPERIMENTS_SEARCH, neverEnds, 5);
      const started = Date.now();
      const error = await rejection(quick.store.searchExperiments({ maxResults: 10 }));
      assert.equal(error.code, 'TIMEOUT');
      assert.match(error.message, /did not answer experiments\/search in time/);
      assert.ok(Date.now() - started < 5_000);
      assert.equal(quick.server.to(EXPERIMENTS_SEARCH).length, 1);
    } finally {
      await quick.close();
    }
  });

  it('cancels a request in flight through its AbortSignal', async () => {
    replay.server.inject('POST', EXPERIMENTS_SEARCH, neverEnds);
    const controller = new AbortController();
    const pending = rejection(replay.store.searchExperiments({ maxResults: 10 }, { signal: controller.signal }));
    while (replay.server.to(EXPERIMENTS_SEARCH).length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    assert.equal((await pending).code, 'CANCELLED');
  });

  it('retries a body cut off mid-way, and reports a complete body that is not JSON', async () => {
    replay.server.inject('POST', EXPERIMENTS_SEARCH, truncatedBody);
    const page = await replay.store.searchExperiments({ maxResults: 10 });
    assert.equal(page.items.length, 5);
    assert.equal(replay.server.to(EXPERIMENTS_SEARCH).length, 2);
    replay.server.inject('POST', EXPERIMENTS_SEARCH, malformedJson);
    const error = await rejection(replay.store.searchExperiments({ maxResults: 10 }));
    assert.equal(error.code, 'HTTP');
    assert.match(error.message, /with a body that is not JSON/);
    assert.equal(replay.server.to(EXPERIMENTS_SEARCH).length, 3);
  });

  it('reports a closed port as UNREACHABLE after retrying', async () => {
    const logs: string[] = [];
    const url = await closedPortUrl();
    const error = await rejection(openRestStore({ baseUrl: url, retries: 1, retryBaseDelayMs: 1, log: (l) => logs.push(l) }));
    assert.equal(error.code, 'UNREACHABLE');
    assert.match(error.message, new RegExp(`^Cannot reach the MLflow server at ${url} \\(.*\\): ECONNREFUSED`));
    assert.ok(logs.some((l) => /retry 1\/1/.test(l)));
  });

  it('keeps Authorization on a same-origin redirect and drops it for another origin', async () => {
    const other = await ReplayServer.start();
    try {
      replay.server.inject('GET', EXPERIMENT_GET, redirectTo(replay.server.url, 307));
      assert.equal((await replay.store.getExperiment('1')).name, 'wine-quality');
      assert.deepEqual(replay.server.to(EXPERIMENT_GET).map((r) => r.headers.authorization), ['Bearer tok-123', 'Bearer tok-123']);
      replay.server.inject('GET', EXPERIMENT_GET, redirectTo(other.url, 302));
      assert.equal((await replay.store.getExperiment('1')).name, 'wine-quality');
      const [redirected] = other.to(EXPERIMENT_GET);
      assert.equal(redirected.headers.authorization, undefined);
      assert.equal(redirected.query.get('experiment_id'), '1');
      assert.equal(redirected.headers['x-mlflow-workspace'], 'team-a');
    } finally {
      await other.close();
    }
  });

  it('keeps at most maxConcurrent requests in flight and queues the rest', async () => {
    const limited = await openReplay({ maxConcurrent: 2 });
    try {
      const experiment = { experiment: { experiment_id: '1', name: 'wine-quality' } };
      limited.server.inject('GET', EXPERIMENT_GET, delayed(40, jsonAnswer(200, experiment)), 8);
      limited.server.peakInFlight = 0;
      const all = await Promise.all(Array.from({ length: 8 }, () => limited.store.getExperiment('1')));
      assert.equal(all.length, 8);
      assert.equal(limited.server.peakInFlight, 2);
    } finally {
      await limited.close();
    }
  });
});
