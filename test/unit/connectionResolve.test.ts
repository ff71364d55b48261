import assert from 'node:assert/strict';
import { test } from 'node:test';
import { credentialKey, rankDiscoveredStores, resolveStoreTarget, targetFromUri } from '../../src/connection/resolve';
import { buildRestOptions } from '../../src/connection/restOptions';

const team = { name: 'team', uri: 'https://mlflow.example.com', workspace: 'vision' };

test('the connection picked in the workspace wins over settings, environment and local stores', () => {
  const target = resolveStoreTarget({
    selection: { kind: 'connection', name: 'team' },
    connections: [team],
    setting: 'sqlite:////data/a.db',
    environment: 'http://127.0.0.1:5000',
    discovered: ['/w/mlflow.db'],
  });
  assert.deepEqual(target, { kind: 'rest', uri: 'https://mlflow.example.com', origin: 'selection', connection: team });
});

test('a picked connection that was removed falls back to the default order', () => {
  const target = resolveStoreTarget({ selection: { kind: 'connection', name: 'gone' }, connections: [team], discovered: ['/w/mlflow.db'] });
  assert.deepEqual(target, { kind: 'sqlite', path: '/w/mlflow.db', origin: 'workspace' });
});

test('the setting wins over the environment and the workspace', () => {
  const target = resolveStoreTarget({ setting: 'sqlite:////data/a.db', environment: 'sqlite:////data/b.db', discovered: ['/w/mlflow.db'] });
  assert.deepEqual(target, { kind: 'sqlite', path: '/data/a.db', origin: 'setting' });
});

test('the environment wins over the workspace; blank values are ignored', () => {
  const target = resolveStoreTarget({ setting: '  ', environment: 'http://127.0.0.1:5000', discovered: ['/w/mlflow.db'], baseDir: '/w' });
  assert.deepEqual(target, { kind: 'rest', uri: 'http://127.0.0.1:5000', origin: 'environment' });
});

test('the picked local store (even outside the workspace), else the first found', () => {
  const discovered = ['/w/mlflow.db', '/w/old/mlruns'];
  assert.deepEqual(resolveStoreTarget({ discovered }), { kind: 'sqlite', path: '/w/mlflow.db', origin: 'workspace' });
  assert.deepEqual(resolveStoreTarget({ discovered, selection: { kind: 'local', path: '/w/old/mlruns' } }), { kind: 'file', path: '/w/old/mlruns', origin: 'selection' });
  assert.deepEqual(resolveStoreTarget({ discovered, selection: { kind: 'local', path: '/elsewhere/mlflow.db' } }), {
    kind: 'sqlite',
    path: '/elsewhere/mlflow.db',
    origin: 'selection',
  });
  assert.deepEqual(resolveStoreTarget({ discovered: [] }), { kind: 'none' });
});

test('tracking URIs: servers, databricks, sqlite relative and absolute, file stores, unknown schemes', () => {
  assert.deepEqual(targetFromUri('sqlite:///mlflow.db', 'setting', '/proj'), { kind: 'sqlite', path: '/proj/mlflow.db', origin: 'setting' });
  assert.deepEqual(targetFromUri('sqlite:////abs/my%20store.db', 'setting'), { kind: 'sqlite', path: '/abs/my store.db', origin: 'setting' });
  assert.deepEqual(targetFromUri('/abs/mlflow.db', 'setting'), { kind: 'sqlite', path: '/abs/mlflow.db', origin: 'setting' });
  assert.deepEqual(targetFromUri('file:///abs/mlruns', 'setting'), { kind: 'file', path: '/abs/mlruns', origin: 'setting' });
  assert.deepEqual(targetFromUri('./mlruns', 'setting', '/proj'), { kind: 'file', path: '/proj/mlruns', origin: 'setting' });
  assert.equal(targetFromUri('HTTPS://host:8443/mlflow', 'setting').kind, 'rest');
  assert.equal(targetFromUri('databricks', 'environment').kind, 'rest');
  const unknown = targetFromUri('postgresql://db/mlflow', 'setting');
  assert.equal(unknown.kind, 'unsupported');
  assert.match(unknown.kind === 'unsupported' ? unknown.reason : '', /postgresql:\/\/db\/mlflow/);
});

test('discovered stores: SQLite before file stores, shallow first, then alphabetical, no duplicates', () => {
  assert.deepEqual(rankDiscoveredStores(['/w/legacy/mlruns', '/w/b/c/mlflow.db', '/w/z/mlflow.db', '/w/a/mlflow.db', '/w/z/mlflow.db']), [
    '/w/a/mlflow.db',
    '/w/z/mlflow.db',
    '/w/b/c/mlflow.db',
    '/w/legacy/mlruns',
  ]);
});

test('credentials are stored per origin, without paths or user info', () => {
  assert.equal(credentialKey('https://user:pw@mlflow.example.com:8443/some/path'), 'https://mlflow.example.com:8443');
  assert.equal(credentialKey('databricks', { DATABRICKS_HOST: 'adb-1.azuredatabricks.net' }), 'https://adb-1.azuredatabricks.net');
});

test('REST options: stored credentials beat the environment; connection TLS and workspace apply', () => {
  const environment = { MLFLOW_TRACKING_USERNAME: 'env-user', MLFLOW_TRACKING_PASSWORD: 'env-pw', MLFLOW_WORKSPACE: 'env-ws' };
  const fromEnv = buildRestOptions({ uri: 'http://127.0.0.1:5000', environment });
  assert.deepEqual(fromEnv.auth, { kind: 'basic', username: 'env-user', password: 'env-pw' });
  assert.equal(fromEnv.workspace, 'env-ws');
  const stored = buildRestOptions({
    uri: team.uri,
    connection: { ...team, caCertPath: '/etc/ca.pem', insecureTls: true },
    stored: { kind: 'bearer', token: 't0k' },
    environment,
  });
  assert.deepEqual(stored.auth, { kind: 'bearer', token: 't0k' });
  assert.equal(stored.workspace, 'vision');
  assert.equal(stored.caCertPath, '/etc/ca.pem');
  assert.equal(stored.insecure, true);
  assert.equal(buildRestOptions({ uri: 'http://h', workspaceSetting: 'ws', environment: {} }).workspace, 'ws');
});

test('REST options: a trailing slash on the address is dropped', () => {
  assert.equal(buildRestOptions({ uri: 'http://127.0.0.1:5000/', environment: {} }).baseUrl, 'http://127.0.0.1:5000');
  assert.equal(buildRestOptions({ uri: 'https://host/mlflow//', environment: {} }).baseUrl, 'https://host/mlflow');
});
