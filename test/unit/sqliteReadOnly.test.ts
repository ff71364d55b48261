import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lockDownFs } from '../../src/mlflow/sqlite/readonlyFs';
import { copyStore, openStore, runId, WORKER_PATH } from '../fixtures/sqliteFixture';

const hasStrace = spawnSync('strace', ['-V']).status === 0;

describe('SqliteStore never writes beside the store', () => {
  it('creates, deletes and modifies nothing in the store folder while reading (inotify)', async () => {
    const copy = copyStore();
    // A finished transaction's journal (zeroed header): SQLite must read past it, not delete it.
    fs.writeFileSync(`${copy.db}-journal`, Buffer.alloc(512));
    const before = fs.readdirSync(copy.dir).sort();
    const events: string[] = [];
    let sentinelSeen: () => void = () => undefined;
    const sentinel = new Promise<void>((resolve) => (sentinelSeen = resolve));
    const watcher = fs.watch(copy.dir, (event, name) => {
      if (name === 'sentinel') sentinelSeen();
      else events.push(`${event} ${name}`);
    });
    try {
      const store = await openStore(copy.db);
      const unsubscribe = store.onDidChange(() => undefined);
      await store.searchExperiments({ viewType: 'ALL' });
      await store.searchRuns({ experimentIds: ['0', '1', '2', '3', '4'], viewType: 'ALL', orderBy: ['metrics.rmse DESC'] });
      await store.getRun(runId('train-v1'));
      await store.getMetricHistory({ runId: runId('mlp-adam-5000steps'), metricKey: 'loss', maxPoints: 100 });
      await store.searchLoggedModels(['1', '3']);
      await store.searchRegisteredModels();
      await store.searchModelVersions('wine-quality');
      unsubscribe();
      await store.dispose();
      // inotify delivers in order: once our own write arrives, every earlier event has too.
      fs.writeFileSync(path.join(copy.dir, 'sentinel'), '');
      await sentinel;
      assert.deepEqual(events, []);
      assert.deepEqual(fs.readdirSync(copy.dir).filter((n) => n !== 'sentinel').sort(), before);
    } finally {
      watcher.close();
      copy.cleanup();
    }
  });

  it('opens no file beside the store for writing and creates no lock directory (strace)', { skip: !hasStrace && 'strace is not installed' }, () => {
    const copy = copyStore();
    try {
      const log = path.join(copy.dir, '..', `${path.basename(copy.dir)}.strace`);
      // The worker bundle alone, driven over its protocol, exactly as the extension host does.
      const script = `
        const { Worker } = require('node:worker_threads');
        const worker = new Worker(${JSON.stringify(WORKER_PATH)});
        let id = 0;
        const call = (op, args) => new Promise((resolve) => {
          const mine = ++id;
          const onMessage = (m) => { if (m.id === mine) { worker.off('message', onMessage); resolve(m); } };
          worker.on('message', onMessage);
          worker.postMessage({ id: mine, op, args });
        });
        (async () => {
          const search = { joins: '', where: '1', orderBy: '', params: {} };
          const answers = [
            await call('open', { dbPath: ${JSON.stringify(copy.db)} }),
            await call('searchRuns', { experimentIds: ['1', '2'], viewType: 'ALL', search, limit: 100, offset: 0 }),
            await call('getMetricHistory', { runId: ${JSON.stringify(runId('mlp-adam-5000steps'))}, metricKey: 'loss' }),
            await call('searchRegisteredModels', {}),
          ];
          console.log(JSON.stringify(answers.map((a) => a.ok)));
          await worker.terminate();
        })();`;
      const traced = spawnSync(
        'strace',
        ['-f', '-qq', '-o', log, '-e', 'trace=open,openat,creat,mkdir,mkdirat,unlink,unlinkat,rmdir,rename,renameat,renameat2,truncate,link,symlink', process.execPath, '-e', script],
        { encoding: 'utf8', timeout: 120_000 },
      );
      assert.equal(traced.status, 0, `strace exited ${traced.status} ${String(traced.error ?? '')}: ${traced.stderr}`);
      assert.equal(traced.stdout.trim(), '[true,true,true,true]', traced.stderr);
      const calls = fs.readFileSync(log, 'utf8').split('\n').filter((line) => line.includes(copy.dir));
      assert.ok(calls.some((line) => line.includes('mlflow.db') && line.includes('O_RDONLY')), 'the trace does not show the store being read');
      const writes = calls.filter((line) => !/\bopenat?\(/.test(line) || /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC/.test(line));
      assert.deepEqual(writes, []);
      fs.rmSync(log);
    } finally {
      copy.cleanup();
    }
  });

  it('makes every modifying fs call fail in the worker (a guard behind the bundler plugin)', () => {
    const copy = copyStore();
    try {
      const guarded = { ...fs } as typeof fs;
      lockDownFs(guarded);
      const lockDir = `${copy.db}.lock`;
      assert.throws(() => guarded.mkdirSync(lockDir), { code: 'EROFS' });
      assert.throws(() => guarded.unlinkSync(copy.db), { code: 'EROFS' });
      assert.throws(() => guarded.openSync(copy.db, 'r+'), { code: 'EROFS' });
      assert.throws(() => guarded.openSync(`${copy.db}-journal`, fs.constants.O_RDWR | fs.constants.O_CREAT), { code: 'EROFS' });
      assert.throws(() => guarded.writeFileSync(copy.db, ''), { code: 'EROFS' });
      const fd = guarded.openSync(copy.db, 'r');
      guarded.closeSync(fd);
      assert.equal(fs.existsSync(lockDir), false);
      assert.equal(fs.statSync(copy.db).size, 4005888);
    } finally {
      copy.cleanup();
    }
  });
});
