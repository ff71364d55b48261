import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { SLICE_POINTS } from '../../src/mlflow/sqlite/queries/history';
import { copyStore, openStore, runId, sqlite3 } from '../fixtures/sqliteFixture';

/** A history longer than one read slice, which the writer extends by one step per transaction. */
const LONG = 2 * SLICE_POINTS + 500;

/** The writer goes on until the reader has checked this often while it wrote (a loaded machine reads slower)... */
const CHECKS_DURING_WRITES = 30;
/** ...and logs at least this many, at most that many steps. */
const MIN_TRANSACTIONS = 300;
const MAX_TRANSACTIONS = 2000;
const TAG_VALUE_LENGTH = 200;

/**
 * A training script logging one step per transaction, in MLflow's schema. Transaction i logs
 * point i of metric `conc`, a tag `conc.i` and 30 filler points under random keys (page splits
 * all over the metrics index), and moves latest_metrics to step i. So in every committed state:
 * points of `conc` = tags `conc.*` = latest step + 1. It also extends `long`, whose history is
 * read in several slices: every read of it must be steps 0..n-1, each once. Without the consistency checks this test
 * fails within a few hundred transactions (a read sees the tags of one state and the
 * latest_metrics of another, or none at all).
 */
function transaction(run: string, i: number): string {
  return [
    'BEGIN;',
    `INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES ('conc', ${i}, ${1000 + i}, '${run}', ${i}, 0);`,
    `INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan)
       SELECT 'filler' || abs(random() % 500), random(), ${i} * 100 + value, '${run}', ${i}, 0 FROM json_each('[${Array.from({ length: 30 }, (_, j) => j).join(',')}]');`,
    `INSERT INTO tags (key, value, run_uuid) VALUES ('conc.${i}', printf('%.${TAG_VALUE_LENGTH}c', 'v'), '${run}');`,
    `INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES ('long', ${LONG + i}, ${LONG + i}, '${run}', ${LONG + i}, 0);`,
    `UPDATE latest_metrics SET value = ${i}, timestamp = ${1000 + i}, step = ${i} WHERE key = 'conc' AND run_uuid = '${run}';`,
    'COMMIT;',
  ].join('\n');
}

describe('SqliteStore reads consistently while MLflow-style writers commit', () => {
  it('never returns a torn state and never fails while another process writes the store', { timeout: 120_000 }, async () => {
    const copy = copyStore();
    const run = runId('train-v1');
    sqlite3(
      copy.db,
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${LONG - 1})
       INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) SELECT 'long', i, i, '${run}', i, 0 FROM n;`,
    );
    const store = await openStore(copy.db);
    const writer = spawn('sqlite3', [copy.db], { stdio: ['pipe', 'ignore', 'pipe'] });
    try {
      let stderr = '';
      writer.stderr.on('data', (chunk) => (stderr += chunk));
      // Writes racing a writer that was stopped after a failure: the failure is what matters.
      writer.stdin.on('error', () => undefined);
      const exited = new Promise<number | null>((resolve) => writer.on('exit', resolve));
      let running = true;
      void exited.then(() => (running = false));
      // The first state: no point yet (latest step -1).
      writer.stdin.write(`INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES ('conc', -1, 0, -1, 0, '${run}');\n`);
      let written = 0;
      let checks = 0;
      void (async () => {
        for (let i = 0; running && i < MAX_TRANSACTIONS && (i < MIN_TRANSACTIONS || checks < CHECKS_DURING_WRITES); i++) {
          writer.stdin.write(`${transaction(run, i)}\n`);
          written = i + 1;
          // The script's own work between two logging calls: 2-8 ms, still faster than MLflow's
          // Python client logs. Reads must fit between two commits (see consistency.ts): a
          // writer that never pauses would starve them into BUSY, by design.
          await delay(2 + (i % 7));
        }
        writer.stdin.end();
      })();

      const states = new Set<number>();
      let reads = 0;
      const check = async () => {
        const got = await store.getRun(run);
        const latest = got.data.metrics.find((m) => m.key === 'conc');
        const tags = got.data.tags.filter((t) => t.key.startsWith('conc.'));
        // Before the writer's first statement there is no `conc` row at all: no points either.
        const step = latest ? latest.step : -1;
        assert.equal(tags.length, step + 1, `getRun: ${tags.length} tags but latest step ${step}`);
        assert.ok(tags.every((t) => t.value.length === TAG_VALUE_LENGTH));
        states.add(step);
        const history = await store.getMetricHistory({ runId: run, metricKey: 'conc' });
        assert.ok(history.every((p, i) => p.step === i && p.value === i), 'history has gaps or stray points');
        const long = await store.getMetricHistory({ runId: run, metricKey: 'long' });
        assert.ok(long.length >= LONG && long.every((p, i) => p.step === i && p.value === i), 'sliced history is not a clean prefix');
        const [found] = (await store.searchRuns({ experimentIds: ['1'], filter: `attributes.run_id = '${run}'` })).items;
        const searchedStep = found.data.metrics.find((m) => m.key === 'conc')?.step ?? -1;
        assert.equal(found.data.tags.filter((t) => t.key.startsWith('conc.')).length, searchedStep + 1, 'searchRuns: torn');
        reads += 4;
        checks++;
      };
      while (running) await check();
      assert.equal(await exited, 0, stderr);
      await check();

      assert.ok(states.has(written - 1), 'the final state was not read');
      // The reads really interleaved with the writes (else this test proves nothing).
      const intermediate = [...states].filter((s) => s >= 0 && s < written - 1);
      assert.ok(intermediate.length >= 3, `only ${intermediate.length} intermediate states seen in ${reads} reads`);
      // Evidence that reads met writes mid-transaction and were retried, not just lucky.
      const { retries } = await store.stats();
      assert.ok(retries > 0, 'no read ever had to be retried');
      console.log(`${written} transactions, ${reads} reads, ${intermediate.length} intermediate states seen, ${retries} retries`);
    } finally {
      // A failed assertion leaves the writer running: stop it before removing its folder.
      if (writer.exitCode === null && writer.signalCode === null) {
        const gone = new Promise((resolve) => writer.once('exit', resolve));
        writer.kill();
        await gone;
      }
      await store.dispose();
      copy.cleanup();
    }
  });
});
