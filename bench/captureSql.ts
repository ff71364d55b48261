/**
 * Records the SQL the store runs for each step, by running the real store once with its worker
 * wrapped in a recorder (recordingSqliteWorker.ts), then replays those statements in-process on
 * node-sqlite3-wasm: the same SQL without the worker, the messaging and the hydration into
 * entities. The native baseline replays the same recording in the sqlite3 shell.
 *
 * Usage: node out/captureSql.js --db <mlflow.db> --run <long run id> [--reps 7]
 * Prints one JSON line (CaptureResult).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
import { Database } from 'node-sqlite3-wasm';
import { openSqliteStore } from '../src/mlflow/sqlite/sqliteStore';
import {
  flag,
  runQueryStep,
  SQL_CHANNEL,
  selectedSteps,
  type CapturedStatement,
  type CaptureResult,
  type RecordedEvent,
  type StepId,
} from './benchSpec';

/** Collects the recorder's announcements until the worker has answered a request. */
class Recorder {
  private readonly channel = new BroadcastChannel(SQL_CHANNEL);
  private events: RecordedEvent[] = [];
  private waiter?: () => void;

  constructor() {
    this.channel.onmessage = (message: unknown) => {
      const event = (message as { data: RecordedEvent }).data;
      this.events.push(event);
      if (event.type === 'response') this.waiter?.();
    };
  }

  /** Everything announced for the request just answered; waits for its `response` mark. */
  async take(): Promise<CapturedStatement[]> {
    if (!this.events.some((e) => e.type === 'response')) {
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
    // Marks are posted just before the answer; give any straggler a moment.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const taken = this.events;
    this.events = [];
    return taken.flatMap((e): CapturedStatement[] =>
      e.type === 'statement' ? [{ kind: 'statement', sql: e.sql, values: e.values }] : e.type === 'exec' ? [{ kind: 'exec', sql: e.sql }] : [],
    );
  }

  close(): void {
    this.channel.close();
  }
}

/** Milliseconds this thread has been runnable but waiting for a core (Linux schedstat); 0 elsewhere. */
function waitMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return 0;
  }
}

function run(db: Database, statements: readonly CapturedStatement[]): void {
  for (const s of statements) {
    if (s.kind === 'exec') db.exec(s.sql);
    else db.all(s.sql, s.values as Parameters<Database['all']>[1]);
  }
}

async function main(): Promise<void> {
  const dbPath = path.resolve(flag('db', ''));
  const longRunId = flag('run', '');
  const reps = Number(flag('reps', '7'));
  const recorder = new Recorder();
  const statements = {} as Record<StepId, CapturedStatement[]>;

  const store = await openSqliteStore(dbPath, { workerPath: path.join(__dirname, 'recordingSqliteWorker.js') });
  try {
    statements.open = await recorder.take();
    for (const step of selectedSteps()) {
      if (step.id === 'open') continue;
      await runQueryStep(store, step.id, longRunId);
      statements[step.id] = await recorder.take();
    }
  } finally {
    await store.dispose();
    recorder.close();
  }

  // Replay on this thread; what Linux kept it waiting for a core is recorded beside each time.
  const wasmReplay: CaptureResult['wasmReplay'] = {};
  const wasmReplayWaitMs: CaptureResult['wasmReplayWaitMs'] = {};
  const timedRun = (fn: () => void, into: StepId, i: number) => {
    const wait = waitMs();
    const started = performance.now();
    fn();
    if (i === 0) return;
    (wasmReplay[into] ??= []).push(performance.now() - started);
    (wasmReplayWaitMs[into] ??= []).push(waitMs() - wait);
  };
  let db: Database | undefined;
  for (let i = 0; i <= reps; i++) {
    db?.close();
    timedRun(
      () => {
        db = new Database(dbPath, { readOnly: true });
        run(db, statements.open);
      },
      'open',
      i,
    );
  }
  for (const step of selectedSteps()) {
    const connection = db;
    if (step.id === 'open' || !connection) continue;
    for (let i = 0; i <= reps; i++) timedRun(() => run(connection, statements[step.id]), step.id, i);
  }
  const wasmSqliteVersion = String(db?.get('SELECT sqlite_version() AS v')?.v ?? 'unknown');
  db?.close();
  const result: CaptureResult = { wasmSqliteVersion, statements, wasmReplay, wasmReplayWaitMs };
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
