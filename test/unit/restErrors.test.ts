import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openRestStore } from '../../src/mlflow/rest/restStore';
import { closedPortUrl, emptyError, htmlError, neverEnds, redirectTo, textError } from '../support/faults';
import { ReplayServer } from '../support/replayServer';
import { openReplay, rejection, SERVER_RUNS, type Replay } from '../support/restFixture';

describe('RestStore errors: what the server answered, as a message a user can act on', () => {
  let replay: Replay;
  before(async () => {
    replay = await openReplay({ retries: 0 });
  });
  after(() => replay.close());

  it("keeps MLflow's error_code and message from a JSON error", async () => {
    const error = await rejection(replay.store.getExperiment('999999'));
    assert.equal(error.code, 'NOT_FOUND');
    assert.equal(error.mlflowErrorCode, 'RESOURCE_DOES_NOT_EXIST');
    assert.equal(error.message, `MLflow server at ${replay.server.url} answered 404 Not Found for experiments/get: RESOURCE_DOES_NOT_EXIST: No Experiment with id=999999 exists`);
    assert.equal((await rejection(replay.store.getRun('00000000000000000000000000000000'))).code, 'NOT_FOUND');
  });

  it('reports a filter or order_by the server rejects as INVALID_FILTER', async () => {
    const filter = await rejection(replay.store.searchRuns({ experimentIds: ['1'], filter: 'metrics.rmse <<< 3' }));
    assert.equal(filter.code, 'INVALID_FILTER');
    assert.match(filter.message, /answered 400 Bad Request for runs\/search: INVALID_PARAMETER_VALUE: Invalid comparator '<<<'/);
    const orderBy = await rejection(replay.store.searchRuns({ experimentIds: ['1'], orderBy: ['foo.bar ASC'] }));
    assert.equal(orderBy.code, 'INVALID_FILTER');
    assert.match(orderBy.message, /Invalid entity type 'foo'/);
  });

  it('shows the title of an HTML error page (get-artifact on a folder answers 500 HTML)', async () => {
    const error = await rejection(replay.store.readArtifact(SERVER_RUNS.mlpAdam, 'plots'));
    assert.equal(error.code, 'HTTP');
    assert.equal(error.status, 500);
    assert.match(error.message, /answered 500 Internal Server Error for get-artifact: 500 Internal Server Error: The server encountered an internal error/);
    assert.doesNotMatch(error.message, /<|>/);
  });

  it('asks for credentials on 401 and 403, with plain-text and empty bodies alike', async () => {
    replay.server.inject('POST', '/api/2.0/mlflow/runs/search', emptyError(401));
    const unauthorized = await rejection(replay.store.searchRuns({ experimentIds: ['1'] }));
    assert.equal(unauthorized.code, 'AUTH');
    assert.equal(unauthorized.message, `MLflow server at ${replay.server.url} answered 401 Unauthorized for runs/search: check credentials (MLflow: Set Credentials)`);
    replay.server.inject('POST', '/api/2.0/mlflow/runs/search', textError(403, 'Cross-origin request blocked'));
    const forbidden = await rejection(replay.store.searchRuns({ experimentIds: ['1'] }));
    assert.equal(forbidden.code, 'AUTH');
    assert.equal(
      forbidden.message,
      `MLflow server at ${replay.server.url} answered 403 Forbidden for runs/search: Cross-origin request blocked — check credentials (MLflow: Set Credentials)`,
    );
  });

  it('fails to open with AUTH when the server rejects the credentials', async () => {
    const server = await ReplayServer.start();
    try {
      server.inject('GET', '/api/3.0/mlflow/server-info', emptyError(401));
      const error = await rejection(openRestStore({ baseUrl: server.url }));
      assert.equal(error.code, 'AUTH');
    } finally {
      await server.close();
    }
  });

  it('opens an older server without /version and server-info, with what it has', async () => {
    const server = await ReplayServer.start();
    try {
      server.inject('GET', '/version', htmlError(404, '404 Not Found'));
      server.inject('GET', '/api/3.0/mlflow/server-info', htmlError(404, '404 Not Found'));
      const store = await openRestStore({ baseUrl: server.url });
      assert.deepEqual(store.description.details, {});
      assert.equal(store.capabilities.loggedModels, true, 'unknown version: try, and learn from a 404');
      server.inject('POST', '/api/2.0/mlflow/logged-models/search', htmlError(404, '404 Not Found'));
      assert.deepEqual(await store.searchLoggedModels(['1']), []);
      assert.equal(store.capabilities.loggedModels, false);
    } finally {
      await server.close();
    }
  });

  it('never puts a password or token into messages, details or logs', async () => {
    const secrets = ['s3cr3t-pw', 'tok-s3cr3t', Buffer.from('ann:s3cr3t-pw').toString('base64')];
    const texts: string[] = [];
    const other = await ReplayServer.start();
    const basic = await openReplay({ auth: { kind: 'basic', username: 'ann', password: 's3cr3t-pw' }, retries: 1, timeoutMs: 1_500 });
    const bearer = await openReplay({ auth: { kind: 'bearer', token: 'tok-s3cr3t' }, retries: 1, timeoutMs: 1_500 });
    try {
      for (const { server, store, logs } of [basic, bearer]) {
        server.inject('GET', '/api/2.0/mlflow/experiments/get', emptyError(401));
        server.inject('GET', '/api/2.0/mlflow/runs/get', textError(403, 'Forbidden'));
        server.inject('POST', '/api/2.0/mlflow/experiments/search', neverEnds);
        server.inject('GET', '/api/2.0/mlflow/metrics/get-history', redirectTo(other.url));
        const failures = await Promise.all([
          rejection(store.getExperiment('1')),
          rejection(store.getRun('x')),
          rejection(store.searchExperiments({ maxResults: 1 })),
          rejection(store.getMetricHistory({ runId: 'r', metricKey: 'loss' })),
        ]);
        texts.push(...logs, ...failures.map((e) => `${e.message} ${JSON.stringify(e)}`), JSON.stringify(store.description));
      }
      const closed = await closedPortUrl();
      const inUrl = await rejection(openRestStore({ baseUrl: closed.replace('http://', 'http://ann:s3cr3t-pw@'), retries: 0, log: (l) => texts.push(l) }));
      assert.equal(inUrl.code, 'UNREACHABLE');
      texts.push(`${inUrl.message} ${JSON.stringify(inUrl)}`);
    } finally {
      await Promise.all([basic.close(), bearer.close(), other.close()]);
    }
    assert.ok(texts.length > 10);
    for (const text of texts) for (const secret of secrets) assert.ok(!text.includes(secret), `leaked in: ${text}`);
  });
});
