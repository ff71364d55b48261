import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rankDiscoveredStores, resolveStoreTarget, targetFromUri } from '../../src/connection/resolve';

test('the setting wins over the environment and the workspace', () => {
  const target = resolveStoreTarget({ setting: 'sqlite:////data/a.db', environment: 'sqlite:////data/b.db', discovered: ['/w/mlflow.db'] });
  assert.deepEqual(target, { kind: 'sqlite', path: '/data/a.db', origin: 'setting' });
});

test('the environment wins over the workspace; blank values are ignored', () => {
  const target = resolveStoreTarget({ setting: '  ', environment: 'sqlite:///runs/mlflow.db', discovered: ['/w/mlflow.db'], baseDir: '/w' });
  assert.deepEqual(target, { kind: 'sqlite', path: '/w/runs/mlflow.db', origin: 'environment' });
});

test('with nothing configured, the preferred discovered store, else the first', () => {
  const discovered = ['/w/mlflow.db', '/w/sub/mlflow.db'];
  assert.deepEqual(resolveStoreTarget({ discovered }), { kind: 'sqlite', path: '/w/mlflow.db', origin: 'workspace' });
  assert.deepEqual(resolveStoreTarget({ discovered, preferred: '/w/sub/mlflow.db' }), { kind: 'sqlite', path: '/w/sub/mlflow.db', origin: 'workspace' });
  assert.deepEqual(resolveStoreTarget({ discovered, preferred: '/gone/mlflow.db' }).kind, 'sqlite');
  assert.deepEqual(resolveStoreTarget({ discovered: [] }), { kind: 'none' });
});

test('tracking URIs: sqlite relative and absolute, plain paths, servers not yet supported', () => {
  assert.deepEqual(targetFromUri('sqlite:///mlflow.db', 'setting', '/proj'), { kind: 'sqlite', path: '/proj/mlflow.db', origin: 'setting' });
  assert.deepEqual(targetFromUri('sqlite:////abs/my%20store.db', 'setting'), { kind: 'sqlite', path: '/abs/my store.db', origin: 'setting' });
  assert.deepEqual(targetFromUri('/abs/mlflow.db', 'setting'), { kind: 'sqlite', path: '/abs/mlflow.db', origin: 'setting' });
  const server = targetFromUri('http://127.0.0.1:5000', 'environment');
  assert.equal(server.kind, 'unsupported');
  assert.match(server.kind === 'unsupported' ? server.reason : '', /http:\/\/127\.0\.0\.1:5000/);
  assert.equal(targetFromUri('file:///abs/mlruns', 'setting').kind, 'unsupported');
});

test('discovered stores: shallow first, then alphabetical, no duplicates', () => {
  assert.deepEqual(rankDiscoveredStores(['/w/b/c/mlflow.db', '/w/z/mlflow.db', '/w/a/mlflow.db', '/w/z/mlflow.db']), [
    '/w/a/mlflow.db',
    '/w/z/mlflow.db',
    '/w/b/c/mlflow.db',
  ]);
});
