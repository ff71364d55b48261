import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { copyStore, failure, FIXTURE_DB, openStore, sqlite3, tempDir } from '../fixtures/sqliteFixture';

const PAGE = 4096;

describe('SqliteStore refuses files that are not healthy MLflow stores, saying which and why', () => {
  const temp = tempDir();
  after(() => temp.cleanup());
  const file = (name: string, content: string | Uint8Array) => {
    const target = path.join(temp.dir, name);
    writeFileSync(target, content);
    return target;
  };

  it('NOT_A_STORE for a file that is not SQLite, naming the file', async () => {
    const target = file('notes.db', 'just some text, not a database\n'.repeat(20));
    const error = await failure(openStore(target));
    assert.equal(error.code, 'NOT_A_STORE');
    assert.ok(error.message.startsWith(`${target} is not an MLflow SQLite store: `), error.message);
    assert.match(error.message, /not a SQLite database/);
  });

  it('NOT_A_STORE for an empty file and for a folder', async () => {
    assert.match((await failure(openStore(file('empty.db', '')))).message, /is empty/);
    const folder = path.join(temp.dir, 'folder.db');
    mkdirSync(folder);
    assert.equal((await failure(openStore(folder))).code, 'NOT_A_STORE');
  });

  it('NOT_A_STORE for a SQLite database without MLflow tables', async () => {
    const target = path.join(temp.dir, 'other-app.db');
    sqlite3(target, 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES (1);');
    const error = await failure(openStore(target));
    assert.equal(error.code, 'NOT_A_STORE');
    assert.match(error.message, /without MLflow tables/);
  });

  it('UNREADABLE for a missing file, saying so', async () => {
    const target = path.join(temp.dir, 'missing', 'mlflow.db');
    const error = await failure(openStore(target));
    assert.equal(error.code, 'UNREADABLE');
    assert.equal(error.message, `${target} cannot be read: it does not exist (was it moved or deleted?).`);
  });

  it('CORRUPT_STORE for a truncated copy (the first 64 KB, the first 1 MB)', async () => {
    const whole = readFileSync(FIXTURE_DB);
    for (const size of [64 * 1024, 1024 * 1024]) {
      const target = file(`truncated-${size}.db`, whole.subarray(0, size));
      const error = await failure(openStore(target));
      assert.equal(error.code, 'CORRUPT_STORE', `${size}: ${error.message}`);
      assert.match(error.message, new RegExp(`truncated: ${size} of 4005888 bytes`));
      assert.match(error.message, /Restore it from a backup/);
    }
  });

  it('CORRUPT_STORE when the schema page is random bytes', async () => {
    const whole = Buffer.from(readFileSync(FIXTURE_DB));
    randomBytes(PAGE - 100).copy(whole, 100);
    const error = await failure(openStore(file('bad-schema.db', whole)));
    assert.equal(error.code, 'CORRUPT_STORE', error.message);
    assert.match(error.message, /malformed|not a database/);
  });

  it('CORRUPT_STORE from the query that meets random pages; other queries still work', async () => {
    const copy = copyStore();
    try {
      const root = Number(sqlite3(copy.db, "SELECT rootpage FROM sqlite_master WHERE name = 'runs';", true).trim());
      const fd = openSync(copy.db, 'r+');
      writeSync(fd, randomBytes(PAGE), 0, PAGE, (root - 1) * PAGE);
      closeSync(fd);
      const store = await openStore(copy.db);
      try {
        const started = Date.now();
        const error = await failure(store.searchRuns({ experimentIds: ['1'] }));
        assert.equal(error.code, 'CORRUPT_STORE', error.message);
        assert.ok(error.message.startsWith(`${copy.db} is damaged`));
        // A damaged page is not a writer at work: no waiting out the retry budget.
        assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
        assert.equal((await store.searchRegisteredModels()).length, 2);
      } finally {
        await store.dispose();
      }
    } finally {
      copy.cleanup();
    }
  });

  it('UNREADABLE with an explanation for a store in WAL mode', async () => {
    const copy = copyStore();
    try {
      sqlite3(copy.db, 'PRAGMA journal_mode = WAL;');
      const error = await failure(openStore(copy.db));
      assert.equal(error.code, 'UNREADABLE');
      assert.match(error.message, /WAL journal mode/);
    } finally {
      copy.cleanup();
    }
  });

  it('BUSY while a hot journal stays beside the store, and reads again once it is gone', async () => {
    const copy = copyStore();
    const store = await openStore(copy.db);
    try {
      // What a writer that crashed mid-transaction leaves: a journal with a valid header.
      const journal = Buffer.alloc(512);
      Buffer.from('d9d505f920a163d7', 'hex').copy(journal);
      writeFileSync(`${copy.db}-journal`, journal);
      const error = await failure(store.getRun('2c84161a052543c68a13c6eb0b2de300'));
      assert.equal(error.code, 'BUSY');
      assert.equal(error.message, `The store ${copy.db} is being written; retrying shortly.`);
      rmSync(`${copy.db}-journal`);
      assert.equal((await store.getRun('2c84161a052543c68a13c6eb0b2de300')).info.runName, 'train-v1');
      // A journal with a zeroed header is a finished transaction (PERSIST mode): readable.
      writeFileSync(`${copy.db}-journal`, Buffer.alloc(512));
      assert.equal((await store.getRun('2c84161a052543c68a13c6eb0b2de300')).info.runName, 'train-v1');
    } finally {
      await store.dispose();
      copy.cleanup();
    }
  });
});
