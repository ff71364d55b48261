/**
 * Times the real SQLite store (`openSqliteStore` + its worker) on the synthetic store, the way
 * the extension host uses it, and watches the calling thread while each call runs: a 1-ms
 * heartbeat records the longest stretch the thread could not run a timer (what an extension
 * host would feel), less the time Linux kept the thread waiting for a core (other processes
 * on a busy machine are not the store's doing). Run in its own process so its peak RSS is
 * the store's and Node's only.
 *
 * Usage: node out/storeBench.js --db <mlflow.db> --run <long run id> [--reps 7] [--phase queries|open]
 * Prints one JSON line (StoreBenchResult).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openSqliteStore } from '../src/mlflow/sqlite/sqliteStore';
import type { MlflowStore } from '../src/mlflow/store';
import {
  flag,
  MAX_MAIN_THREAD_BLOCK_MS,
  runQueryStep,
  STEPS,
  type MemoryFigures,
  type StepOutcome,
  type StoreBenchResult,
  type StoreStepResult,
} from './benchSpec';

const MB = 1024 * 1024;

/**
 * Nanoseconds this thread has spent runnable but waiting for a core (Linux schedstat), or
 * undefined where that is not readable.
 */
function runqueueWaitNs(): number | undefined {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]);
  } catch {
    return undefined;
  }
}

interface Block {
  /** Longest gap between heartbeats, wall clock. */
  wallMs: number;
  /** The same gap less the time the thread waited for a core: the thread's own block. */
  ownMs: number;
}

/** The longest gap between ticks of a 1-ms interval timer, i.e. the thread's longest block. */
class BlockMonitor {
  private timer?: NodeJS.Timeout;
  private last = 0;
  private lastWait: number | undefined;
  private block: Block = { wallMs: 0, ownMs: 0 };

  start(): void {
    this.last = performance.now();
    this.lastWait = runqueueWaitNs();
    this.block = { wallMs: 0, ownMs: 0 };
    this.timer = setInterval(() => this.tick(), 1);
  }

  stop(): Block {
    this.tick();
    clearInterval(this.timer);
    return this.block;
  }

  private tick(): void {
    const now = performance.now();
    const wait = runqueueWaitNs();
    const gap = now - this.last;
    const waited = wait !== undefined && this.lastWait !== undefined ? (wait - this.lastWait) / 1e6 : 0;
    this.block = { wallMs: Math.max(this.block.wallMs, gap), ownMs: Math.max(this.block.ownMs, gap - waited) };
    this.last = now;
    this.lastWait = wait;
  }
}

let peakMainHeap = 0;

async function timed<T>(call: () => Promise<T>): Promise<{ ms: number; block: Block; value: T }> {
  const monitor = new BlockMonitor();
  monitor.start();
  const started = performance.now();
  const value = await call();
  const ms = performance.now() - started;
  const block = monitor.stop();
  peakMainHeap = Math.max(peakMainHeap, process.memoryUsage().heapUsed);
  return { ms, block, value };
}

function sameOutcome(a: StepOutcome, b: StepOutcome): boolean {
  return a.rows === b.rows && a.children === b.children && (a.runIds ?? []).join() === (b.runIds ?? []).join();
}

/** A new store each time (worker, wasm, connection, schema check), as a window reload makes. */
async function openPhase(open: () => Promise<MlflowStore>, reps: number): Promise<StoreStepResult> {
  const times: { ms: number; block: Block }[] = [];
  for (let i = 0; i <= reps; i++) {
    const { ms, block, value } = await timed(open);
    times.push({ ms, block });
    await value.dispose();
  }
  return {
    id: 'open',
    firstMs: times[0].ms,
    samples: times.slice(1).map((t) => t.ms),
    maxBlockMs: times.map((t) => t.block.ownMs),
    maxBlockWallMs: times.map((t) => t.block.wallMs),
  };
}

/** One open store for every query step, as the extension keeps it. */
async function queryPhase(open: () => Promise<MlflowStore>, reps: number, longRunId: string, memory: MemoryFigures): Promise<StoreStepResult[]> {
  const results: StoreStepResult[] = [];
  const store = await open();
  memory.rssAfterStepMb.open = process.memoryUsage.rss() / MB;
  try {
    for (const step of STEPS) {
      if (step.id === 'open') continue;
      const id = step.id;
      const first = await timed(() => runQueryStep(store, id, longRunId));
      const result: StoreStepResult = {
        id,
        firstMs: first.ms,
        samples: [],
        maxBlockMs: [first.block.ownMs],
        maxBlockWallMs: [first.block.wallMs],
        outcome: first.value,
      };
      for (let i = 0; i < reps; i++) {
        const { ms, block, value } = await timed(() => runQueryStep(store, id, longRunId));
        if (!sameOutcome(value, first.value)) throw new Error(`${id}: repetition ${i} returned another result`);
        result.samples.push(ms);
        result.maxBlockMs.push(block.ownMs);
        result.maxBlockWallMs.push(block.wallMs);
      }
      results.push(result);
      memory.rssAfterStepMb[id] = process.memoryUsage.rss() / MB;
      process.stderr.write(`  store: ${id} done\n`);
    }
  } finally {
    await store.dispose();
  }
  return results;
}

async function main(): Promise<void> {
  const dbPath = path.resolve(flag('db', ''));
  const longRunId = flag('run', '');
  const reps = Number(flag('reps', '7'));
  const phase = flag('phase', 'queries');
  const workerPath = path.join(__dirname, 'sqliteWorker.js');
  const open = () => openSqliteStore(dbPath, { workerPath });
  const memory: MemoryFigures = { rssBeforeOpenMb: process.memoryUsage.rss() / MB, peakRssMb: 0, rssAfterStepMb: {}, peakMainHeapMb: 0 };
  // The open phase runs in a process of its own: eight workers started and stopped in a row
  // would leave their memory in this one's high-water mark.
  const steps = phase === 'open' ? [await openPhase(open, reps)] : await queryPhase(open, reps, longRunId, memory);
  // maxRSS is the process's high-water mark in KB: main thread, worker thread and wasm memory.
  memory.peakRssMb = (process.resourceUsage().maxRSS * 1024) / MB;
  memory.peakMainHeapMb = peakMainHeap / MB;
  const output: StoreBenchResult = { spec: { steps: STEPS, maxMainThreadBlockMs: MAX_MAIN_THREAD_BLOCK_MS }, steps, memory };
  console.log(JSON.stringify(output));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
