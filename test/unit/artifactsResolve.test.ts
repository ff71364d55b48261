import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { artifactPath, listLocalArtifacts, readLocalArtifact } from '../../src/mlflow/artifacts/local';
import { artifactCandidates, localPathOf, resolveArtifactDirectory } from '../../src/mlflow/artifacts/resolve';
import { failure, tempDir } from '../fixtures/sqliteFixture';

const RUN = '2c84161a052543c68a13c6eb0b2de300';

describe('artifact locations of local stores', () => {
  it('reads bare paths and file URIs as local, other schemes as remote', () => {
    assert.equal(localPathOf('/home/ml/mlruns/1'), '/home/ml/mlruns/1');
    assert.equal(localPathOf('file:///home/ml/my%20runs/1'), '/home/ml/my runs/1');
    assert.equal(localPathOf('file:./mlruns/1'), './mlruns/1');
    assert.equal(localPathOf('C:\\Users\\ml\\mlruns\\1'), 'C:\\Users\\ml\\mlruns\\1');
    assert.equal(localPathOf('mlflow-artifacts:/1/abc/artifacts'), undefined);
    assert.equal(localPathOf('s3://bucket/1/abc/artifacts'), undefined);
  });

  it('relocates a moved store by the part after mlruns/, and by the run id for custom roots', () => {
    const recorded = `/home/ml/wine-demo/sqlite-store/mlruns/1/${RUN}/artifacts`;
    assert.deepEqual(artifactCandidates(recorded, { storeRoot: '/srv/store', entityId: RUN }), [
      recorded,
      `/srv/store/mlruns/1/${RUN}/artifacts`,
    ]);
    assert.deepEqual(artifactCandidates(`file:///data/art/1/${RUN}/artifacts`, { storeRoot: '/srv/store', entityId: RUN }), [
      `/data/art/1/${RUN}/artifacts`,
      `/srv/store/mlruns/1/${RUN}/artifacts`,
    ]);
    assert.deepEqual(artifactCandidates('mlruns/2/x/artifacts', { storeRoot: '/srv/store' }), ['/srv/store/mlruns/2/x/artifacts']);
    assert.deepEqual(artifactCandidates('s3://bucket/1', { storeRoot: '/srv/store' }), []);
  });

  describe('on disk', () => {
    const temp = tempDir();
    const recorded = path.join(temp.dir, 'recorded', 'mlruns', '1', RUN, 'artifacts');
    const relocatedRoot = path.join(temp.dir, 'moved');
    before(() => {
      mkdirSync(path.join(recorded, 'plots'), { recursive: true });
      writeFileSync(path.join(recorded, 'summary.txt'), 'hello artifacts');
      writeFileSync(path.join(recorded, 'plots', 'b.png'), Buffer.alloc(10));
      writeFileSync(path.join(recorded, 'a.json'), '{}');
      mkdirSync(path.join(relocatedRoot, 'mlruns', '1', RUN, 'artifacts'), { recursive: true });
    });
    after(() => temp.cleanup());

    it('prefers the recorded folder when it exists, else the relocated one', async () => {
      assert.equal(await resolveArtifactDirectory(recorded, { storeRoot: relocatedRoot, entityId: RUN }), recorded);
      const gone = `/nonexistent/mlruns/1/${RUN}/artifacts`;
      assert.equal(
        await resolveArtifactDirectory(gone, { storeRoot: relocatedRoot, entityId: RUN }),
        path.join(relocatedRoot, 'mlruns', '1', RUN, 'artifacts'),
      );
      // Nothing exists: the relocated path is the best guess for a copied store.
      assert.equal(await resolveArtifactDirectory(gone, { storeRoot: '/also/missing' }), `/also/missing/mlruns/1/${RUN}/artifacts`);
      assert.equal(await resolveArtifactDirectory('mlflow-artifacts:/1', { storeRoot: relocatedRoot }), undefined);
    });

    it('lists one level, sorted, with sizes for files', async () => {
      assert.deepEqual(await listLocalArtifacts(recorded), [
        { path: 'a.json', isDir: false, fileSize: 2 },
        { path: 'plots', isDir: true },
        { path: 'summary.txt', isDir: false, fileSize: 15 },
      ]);
      assert.deepEqual(await listLocalArtifacts(recorded, 'plots'), [{ path: 'plots/b.png', isDir: false, fileSize: 10 }]);
      assert.deepEqual(await listLocalArtifacts(recorded, 'no-such-folder'), []);
    });

    it('reads whole files or their first bytes', async () => {
      assert.equal(Buffer.from(await readLocalArtifact(recorded, 'summary.txt')).toString(), 'hello artifacts');
      assert.equal(Buffer.from(await readLocalArtifact(recorded, 'summary.txt', 5)).toString(), 'hello');
      assert.equal((await failure(readLocalArtifact(recorded, 'missing.txt'))).code, 'NOT_FOUND');
      assert.equal((await failure(readLocalArtifact(recorded, 'plots'))).code, 'NOT_FOUND');
    });

    it('refuses paths that leave the artifact folder', async () => {
      for (const bad of ['..', '../x', 'plots/../../x', '/etc/passwd', 'plots\\..\\..\\x', 'C:/x', 'a\0b']) {
        assert.throws(() => artifactPath(recorded, bad), /leaves the artifact folder/, bad);
        assert.equal((await failure(readLocalArtifact(recorded, bad))).code, 'NOT_FOUND', bad);
      }
      assert.equal(artifactPath(recorded, 'plots/../summary.txt'), path.join(recorded, 'summary.txt'));
      assert.equal((await failure(listLocalArtifacts(recorded, '../..'))).code, 'NOT_FOUND');
    });
  });
});
