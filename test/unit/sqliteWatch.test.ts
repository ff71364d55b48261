import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import type { SqliteStore } from '../../src/mlflow/sqlite/sqliteStore';
import { StoreWatcher } from '../../src/mlflow/sqlite/watcher';
import { copyStore, openStore, runId, sqlite3 } from '../fixtures/sqliteFixture';

/** Resolves on the next notification; fails the test if none comes within `ms`. */
function nextChange(subscribe: (listener: () => void) => () => void, ms = 10_000): { fired: Promise<void>; count: () => number } {
  let count = 0;
  let resolve: () => void = () => undefined;
  const fired = new Promise<void>((r) => (resolve = r));
  const unsubscribe = subscribe(() => {
    count++;
    resolve();
  });
  const timeout = setTimeout(() => resolve(), ms);
  return {
    fired: fired.then(() => {
      clearTimeout(timeout);
      unsubscribe();
      if (count === 0) throw new Error(`no change notification within ${ms} ms`);
    }),
    count: () => count,
  };
}

/** Changes made before the watcher has read its baseline would be part of that baseline. */
const watching = (store: SqliteStore) => (store as unknown as { watcher: StoreWatcher }).watcher.whenWatching();

const commit = (db: string) =>
  sqlite3(db, `INSERT INTO tags (key, value, run_uuid) VALUES ('watch-${Date.now()}-${Math.random()}', 'x', '${runId('train-v1')}');`);

describe('SqliteStore.onDidChange', () => {
  it('fires when another process commits, through fs.watch', async () => {
    const copy = copyStore();
    // A poll slower than the test: only fs.watch can deliver this notification.
    const store = await openStore(copy.db, { pollIntervalMs: 600_000, debounceMs: 20 });
    try {
      const change = nextChange((listener) => store.onDidChange(listener));
      await watching(store);
      commit(copy.db);
      await change.fired;
      const run = await store.getRun(runId('train-v1'));
      assert.ok(run.data.tags.some((t) => t.key.startsWith('watch-')), 'the change is readable once announced');
    } finally {
      await store.dispose();
      copy.cleanup();
    }
  });

  it('fires through the stat poll alone where fs.watch is unavailable', async () => {
    const copy = copyStore();
    const watcher = new StoreWatcher(copy.db, { useFsWatch: false, pollIntervalMs: 25 });
    try {
      const change = nextChange((listener) => watcher.subscribe(listener));
      await watcher.whenWatching();
      commit(copy.db);
      await change.fired;
    } finally {
      watcher.dispose();
      copy.cleanup();
    }
  });

  it('stays quiet while the store is only read, and fires once for one commit', async () => {
    const copy = copyStore();
    const store = await openStore(copy.db, { pollIntervalMs: 20, debounceMs: 10 });
    try {
      let count = 0;
      const unsubscribe = store.onDidChange(() => count++);
      await watching(store);
      for (let i = 0; i < 5; i++) await store.searchRuns({ experimentIds: ['1'] });
      // No event exists for "nothing happened": give the 20 ms poll ten chances to misfire.
      await delay(200);
      assert.equal(count, 0);
      const change = nextChange((listener) => store.onDidChange(listener));
      commit(copy.db);
      await change.fired;
      await delay(200);
      assert.equal(count, 1);
      unsubscribe();
    } finally {
      await store.dispose();
      copy.cleanup();
    }
  });
});
