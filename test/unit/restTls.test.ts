import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openRestStore } from '../../src/mlflow/rest/restStore';
import { ReplayServer } from '../support/replayServer';
import { rejection } from '../support/restFixture';

describe('RestStore over https with a self-signed certificate', () => {
  let dir: string;
  let server: ReplayServer;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mlflow-tls-'));
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    server = await ReplayServer.start({ tls: { key: readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8') } });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the unknown certificate by default, naming the reason', async () => {
    const error = await rejection(openRestStore({ baseUrl: server.url, retries: 0 }));
    assert.equal(error.code, 'UNREACHABLE');
    assert.match(error.message, /SELF_SIGNED|self[- ]signed/i);
  });

  it('trusts it through caCertPath', async () => {
    const store = await openRestStore({ baseUrl: server.url, caCertPath: path.join(dir, 'cert.pem'), auth: { kind: 'bearer', token: 't' } });
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
    const error = await rejection(openRestStore({ baseUrl: server.url, caCertPath: path.join(dir, 'missing.pem') }));
    assert.match(error.message, /Cannot read the CA certificate file/);
  });
});
