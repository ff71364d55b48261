import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openRestStore } from '../../src/mlflow/rest/restStore';
import { REST_FIXTURES, ReplayServer } from '../support/replayServer';
import { rejection } from '../support/restFixture';

/** A self-signed certificate for 127.0.0.1 (valid for 100 years), made for these tests only. */
const TLS = path.join(REST_FIXTURES, 'tls');
const CERT = path.join(TLS, 'cert.pem');

describe('RestStore over https with a self-signed certificate', () => {
  let server: ReplayServer;
  before(async () => {
    server = await ReplayServer.start({ tls: { key: readFileSync(path.join(TLS, 'key.pem'), 'utf8'), cert: readFileSync(CERT, 'utf8') } });
  });
  after(() => server.close());
  it('refuses the unknown certificate by default, naming the reason', async () => {
    const error = await rejection(openRestStore({ baseUrl: server.url, retries: 0 }));
    assert.equal(error.code, 'UNREACHABLE');
    assert.match(error.message, /SELF_SIGNED|self[- ]signed/i);
  });

  it('trusts it through caCertPath', async () => {
    const store = await openRestStore({ baseUrl: server.url, caCertPath: CERT, auth: { kind: 'bearer', token: 't' } });
    assert.equal((await store.getExperiment('1')).name, 'wine-quality');
    assert.equal(server.to('/api/2.0/mlflow/experiments/get').at(-1)?.headers.authorization, 'Bearer t');
    await store.dispose();
  });

  it('skips verification when insecure', async () => {
    const store = await openRestStore({ baseUrl: server.url, insecure: true });
    assert.equal((await store.searchExperiments({ maxResults: 2 })).items.length, 2);
    await store.dispose();
  });

  it('reports a missing CA file before connecting', async () => {
    const error = await rejection(openRestStore({ baseUrl: server.url, caCertPath: path.join(TLS, 'missing.pem') }));
    assert.match(error.message, /Cannot read the CA certificate file/);
  });
});
