import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { copyStore, failure, FIXTURE_STORE, openStore, runId, sqlite3 } from '../fixtures/sqliteFixture';

describe('SqliteStore artifacts of a moved store (recorded under /home/ml/wine-demo)', () => {
  it('lists and reads analysis/feature_importance.csv of train-v1 relative to the store', async () => {
    const store = await openStore();
    try {
      const id = runId('train-v1');
      assert.deepEqual(await store.listArtifacts(id), [{ path: 'analysis', isDir: true }]);
      assert.deepEqual(await store.listArtifacts(id, 'analysis'), [{ path: 'analysis/feature_importance.csv', isDir: false, fileSize: 233 }]);
      const csv = Buffer.from(await store.readArtifact(id, 'analysis/feature_importance.csv')).toString('utf8');
      assert.match(csv, /^feature,coef\nfixed_acidity,0\.0\n/);
      assert.equal(await store.localArtifactDirectory(id), path.join(FIXTURE_STORE, 'mlruns', '1', id, 'artifacts'));
    } finally {
      await store.dispose();
    }
  });

  it('reads plots/loss_curve.png of mlp-adam-5000steps, whole or its first bytes', async () => {
    const store = await openStore();
    try {
      const id = runId('mlp-adam-5000steps');
      assert.deepEqual((await store.listArtifacts(id)).map((e) => e.path), ['checkpoints', 'config', 'data', 'plots', 'reports', 'summary.txt']);
      const png = await store.readArtifact(id, 'plots/loss_curve.png');
      const onDisk = readFileSync(path.join(FIXTURE_STORE, 'mlruns', '2', id, 'artifacts', 'plots', 'loss_curve.png'));
      assert.equal(png.length, 44290);
      assert.ok(Buffer.from(png).equals(onDisk));
      assert.deepEqual([...(await store.readArtifact(id, 'plots/loss_curve.png', 8))], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      assert.deepEqual((await store.listArtifacts(id, 'reports/deep/a/b/c')).map((e) => e.path), ['reports/deep/a/b/c/leaf.txt']);
      assert.equal((await failure(store.readArtifact(id, '../../../mlflow.db'))).code, 'NOT_FOUND');
      assert.deepEqual(await store.listArtifacts(runId('killed-by-user')), []);
      assert.equal((await failure(store.listArtifacts('0'.repeat(32)))).code, 'NOT_FOUND');
    } finally {
      await store.dispose();
    }
  });

  it('follows the store to a new folder, and uses a recorded folder that does exist', async () => {
    const copy = copyStore({ artifacts: true, subdir: 'moved/again' });
    try {
      const id = runId('train-v1');
      let store = await openStore(copy.db);
      assert.equal(await store.localArtifactDirectory(id), path.join(copy.dir, 'moved', 'again', 'mlruns', '1', id, 'artifacts'));
      assert.equal((await store.listArtifacts(id, 'analysis')).length, 1);
      await store.dispose();
      const elsewhere = path.join(copy.dir, 'moved', 'again', 'mlruns', '2', runId('mlp-adam-5000steps'), 'artifacts');
      sqlite3(copy.db, `UPDATE runs SET artifact_uri = 'file://${elsewhere}' WHERE run_uuid = '${id}';`);
      store = await openStore(copy.db);
      assert.equal(await store.localArtifactDirectory(id), elsewhere);
      assert.ok((await store.listArtifacts(id)).some((e) => e.path === 'summary.txt'));
      await store.dispose();
    } finally {
      copy.cleanup();
    }
  });

  it('explains that remote artifact locations cannot be read from a local store', async () => {
    const copy = copyStore();
    try {
      const id = runId('train-v2');
      sqlite3(copy.db, `UPDATE runs SET artifact_uri = 's3://bucket/1/${id}/artifacts' WHERE run_uuid = '${id}';`);
      const store = await openStore(copy.db);
      try {
        assert.equal(await store.localArtifactDirectory(id), undefined);
        const error = await failure(store.listArtifacts(id));
        assert.equal(error.code, 'UNREADABLE');
        assert.match(error.message, /s3:\/\/bucket/);
      } finally {
        await store.dispose();
      }
    } finally {
      copy.cleanup();
    }
  });
});
