/**
 * Times the real SQLite store (`openSqliteStore` + its worker) on the synthetic store, the way
 * the extension host uses it, and watches the calling thread while each call runs: a 1-ms
 * heartbeat records the longest stretch the thread could not run a timer (what an extension
 * host would feel). Run in its own process so its peak RSS is the store's and Node's only.
 *
 * On a busy machine other processes take the cores from the store's threads. Linux counts, per
 * thread, the time it was runnable but waiting for a core and the time it ran
 * (`/proc/<pid>/task/<tid>/schedstat`); each call records both for the SQLite worker's thread
 * and the main thread, and each heartbeat gap the main thread's, so the figures can be read
 * without the other processes' share, and split into worker and main-thread CPU.
 *
 * Usage: node out/storeBench.js --db <mlflow.db> --run <long run id> [--reps 7] [--phase queries|open]
 *   [--steps history,sampledHistory] [--baseline-worker <another build's sqliteWorker.js>]
 * Prints one JSON line (StoreBenchResult). With a baseline worker, a second store runs on it and
 * each query step's calls alternate between the two stores (the order swapping every round),
 * so load from other work hits both alike; the process's memory figures then hold both stores.
 */
import { openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { openSqliteStore } from '../src/mlflow/sqlite/sqliteStore';
import type { MlflowStore } from '../src/mlflow/store';
import {
  flag,
  MAX_MAIN_THREAD_BLOCK_MS,
  runQueryStep,
  selectedSteps,
  STEPS,
  type MemoryFigures,
  type StepOutcome,
  type StoreBenchResult,
  type StoreStepResult,
} from './benchSpec';

const MB = 1024 * 1024;
const MAIN_THREAD = String(process.pid);

/** Schedstat of thread `tid` of this process: ns on a core, ns runnable but waiting for one. */
function schedstat(tid: string): { runNs: number; waitNs: number } | undefined {
  try {
    return parseSchedstat(readFileSync(`/proc/self/task/${tid}/schedstat`, 'latin1'));
  } catch {
    return undefined;
  }
}

function parseSchedstat(text: string): { runNs: number; waitNs: number } {
  const [run, wait] = text.split(' ');
  return { runNs: Number(run), waitNs: Number(wait) };
}

/** The main thread's schedstat through a kept descriptor: a 3-µs read, cheap enough for every tick. */
const mainSchedstat = (() => {
  let fd: number | undefined;
  try {
    fd = openSync(`/proc/self/task/${MAIN_THREAD}/schedstat`, 'r');
  } catch {
    return () => undefined;
  }
  const buffer = Buffer.alloc(128);
  return () => parseSchedstat(buffer.toString('latin1', 0, readSync(fd, buffer, 0, buffer.length, 0)));
})();

/** Threads running a Node event loop (the main thread and worker threads are all named `node`). */
function nodeThreads(): string[] {
  try {
    return readdirSync('/proc/self/task').filter((tid) => {
      try {
        return readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() === 'node';
      } catch {
        return false;
      }
    });
  } catch {
    return [];
  }
}

const total = (tids: readonly string[], field: 'runNs' | 'waitNs') => tids.reduce((sum, tid) => sum + (schedstat(tid)?.[field] ?? 0), 0) / 1e6;

interface Block {
  /** Longest gap between heartbeats, wall clock. */
  wallMs: number;
  /** The longest gap less the time the thread waited for a core: the thread's own block. */
  ownMs: number;
  /** Of that gap, the time the thread actually ran (the rest of `ownMs` it slept in a call). */
  ownCpuMs: number;
}

/** The longest gap between ticks of a 1-ms interval timer, i.e. the thread's longest block. */
class BlockMonitor {
  private timer?: NodeJS.Timeout;
  private last = 0;
  private lastStat: { runNs: number; waitNs: number } | undefined;
  private block: Block = { wallMs: 0, ownMs: 0, ownCpuMs: 0 };

  start(): void {
    this.last = performance.now();
    this.lastStat = mainSchedstat();
    this.block = { wallMs: 0, ownMs: 0, ownCpuMs: 0 };
    this.timer = setInterval(() => this.tick(), 1);
  }

  stop(): Block {
    this.tick();
    clearInterval(this.timer);
    return this.block;
  }

  private tick(): void {
    const now = performance.now();
    const stat = mainSchedstat();
    const gap = now - this.last;
    const before = this.lastStat;
    const waited = stat && before ? (stat.waitNs - before.waitNs) / 1e6 : 0;
    const ran = stat && before ? (stat.runNs - before.runNs) / 1e6 : gap;
    const own = gap - waited;
    this.block.wallMs = Math.max(this.block.wallMs, gap);
    if (own > this.block.ownMs) {
      this.block.ownMs = own;
      this.block.ownCpuMs = ran;
    }
    this.last = now;
    this.lastStat = stat;
  }
}

interface Call<T> {
  ms: number;
  /** How long the worker thread waited for a core during the call. */
  workerWaitMs: number;
  /** CPU time of the worker thread and of the main thread during the call. */
  workerCpuMs: number;
  mainCpuMs: number;
  block: Block;
  value: T;
}

let peakMainHeap = 0;

/**
 * Times `call`. `workers` are the store's worker threads, whose wait for a core is taken out
 * of the figures; a worker the call itself starts (open) only counts for CPU: while a new
 * worker starts, V8 compiles SQLite's wasm on background threads of this process, so its
 * wait for a core is the store's own doing.
 */
async function timed<T>(call: () => Promise<T>, workers: readonly string[] = []): Promise<Call<T>> {
  const before = new Set(nodeThreads());
  const waitBefore = total(workers, 'waitNs');
  const cpuBefore = total(workers, 'runNs');
  const mainBefore = total([MAIN_THREAD], 'runNs');
  const monitor = new BlockMonitor();
  monitor.start();
  const started = performance.now();
  const value = await call();
  const ms = performance.now() - started;
  const block = monitor.stop();
  const mainCpuMs = total([MAIN_THREAD], 'runNs') - mainBefore;
  const startedThreads = nodeThreads().filter((tid) => !before.has(tid));
  const workerWaitMs = total(workers, 'waitNs') - waitBefore;
  const workerCpuMs = total(workers, 'runNs') - cpuBefore + total(startedThreads, 'runNs');
  peakMainHeap = Math.max(peakMainHeap, process.memoryUsage().heapUsed);
  return { ms, workerWaitMs, workerCpuMs, mainCpuMs, block, value };
}

function record(id: StoreStepResult['id'], calls: readonly Call<unknown>[], outcome?: StepOutcome): StoreStepResult {
  const [first, ...rest] = calls;
  return {
    id,
    firstMs: first.ms,
    firstWorkerWaitMs: first.workerWaitMs,
    samples: rest.map((c) => c.ms),
    workerWaitMs: rest.map((c) => c.workerWaitMs),
    workerCpuMs: rest.map((c) => c.workerCpuMs),
    mainCpuMs: rest.map((c) => c.mainCpuMs),
    maxBlockMs: calls.map((c) => c.block.ownMs),
    maxBlockWallMs: calls.map((c) => c.block.wallMs),
    maxBlockCpuMs: calls.map((c) => c.block.ownCpuMs),
    outcome,
  };
}

function sameOutcome(a: StepOutcome, b: StepOutcome): boolean {
  return a.rows === b.rows && a.children === b.children && (a.runIds ?? []).join() === (b.runIds ?? []).join();
}

/** A new store each time (worker, wasm, connection, schema check), as a window reload makes. */
async function openPhase(open: () => Promise<MlflowStore>, reps: number): Promise<StoreStepResult> {
  const calls: Call<unknown>[] = [];
  for (let i = 0; i <= reps; i++) {
    const call = await timed(open);
    calls.push(call);
    await call.value.dispose();
  }
  return record('open', calls);
}

interface OpenStore {
  store: MlflowStore;
  /** The threads its worker runs on. */
  workers: string[];
}

async function openWatched(open: () => Promise<MlflowStore>): Promise<OpenStore> {
  const before = new Set(nodeThreads());
  const store = await open();
  return { store, workers: nodeThreads().filter((tid) => !before.has(tid)) };
}

/**
 * One open store for every query step, as the extension keeps it; with `openBaseline`, a second
 * one whose calls alternate with the first's.
 */
async function queryPhase(
  open: () => Promise<MlflowStore>,
  openBaseline: (() => Promise<MlflowStore>) | undefined,
  reps: number,
  longRunId: string,
  memory: MemoryFigures,
): Promise<{ steps: StoreStepResult[]; baselineSteps?: StoreStepResult[] }> {
  const results: StoreStepResult[] = [];
  const baselineResults: StoreStepResult[] = [];
  const measured = await openWatched(open);
  const baseline = openBaseline ? await openWatched(openBaseline) : undefined;
  memory.rssAfterStepMb.open = process.memoryUsage.rss() / MB;
  try {
    for (const step of selectedSteps()) {
      if (step.id === 'open') continue;
      const id = step.id;
      const calls: Call<StepOutcome>[] = [];
      const baselineCalls: Call<StepOutcome>[] = [];
      const call = async (target: OpenStore, into: Call<StepOutcome>[], i: number) => {
        const done = await timed(() => runQueryStep(target.store, id, longRunId), target.workers);
        if (i > 0 && !sameOutcome(done.value, into[0].value)) throw new Error(`${id}: repetition ${i} returned another result`);
        into.push(done);
      };
      for (let i = 0; i <= reps; i++) {
        if (!baseline) await call(measured, calls, i);
        else if (i % 2 === 0) {
          await call(measured, calls, i);
          await call(baseline, baselineCalls, i);
        } else {
          await call(baseline, baselineCalls, i);
          await call(measured, calls, i);
        }
      }
      if (baseline && !sameOutcome(calls[0].value, baselineCalls[0].value)) throw new Error(`${id}: the baseline returned another result`);
      results.push(record(id, calls, calls[0].value));
      if (baseline) baselineResults.push(record(id, baselineCalls, baselineCalls[0].value));
      memory.rssAfterStepMb[id] = process.memoryUsage.rss() / MB;
      process.stderr.write(`  store: ${id} done\n`);
    }
  } finally {
    await measured.store.dispose();
    await baseline?.store.dispose();
  }
  return { steps: results, baselineSteps: baseline ? baselineResults : undefined };
}

async function main(): Promise<void> {
  const dbPath = path.resolve(flag('db', ''));
  const longRunId = flag('run', '');
  const reps = Number(flag('reps', '7'));
  const phase = flag('phase', 'queries');
  const workerPath = path.join(__dirname, 'sqliteWorker.js');
  const open = () => openSqliteStore(dbPath, { workerPath });
  const baselineWorker = flag('baseline-worker', '');
  const openBaseline = baselineWorker ? () => openSqliteStore(dbPath, { workerPath: path.resolve(baselineWorker) }) : undefined;
  const memory: MemoryFigures = { rssBeforeOpenMb: process.memoryUsage.rss() / MB, peakRssMb: 0, rssAfterStepMb: {}, peakMainHeapMb: 0 };
  // The open phase runs in a process of its own: eight workers started and stopped in a row
  // would leave their memory in this one's high-water mark.
  const { steps, baselineSteps } = phase === 'open' ? { steps: [await openPhase(open, reps)], baselineSteps: undefined } : await queryPhase(open, openBaseline, reps, longRunId, memory);
  // maxRSS is the process's high-water mark in KB: main thread, worker thread and wasm memory.
  memory.peakRssMb = (process.resourceUsage().maxRSS * 1024) / MB;
  memory.peakMainHeapMb = peakMainHeap / MB;
  const output: StoreBenchResult = { spec: { steps: STEPS, maxMainThreadBlockMs: MAX_MAIN_THREAD_BLOCK_MS }, steps, baselineSteps, memory };
  console.log(JSON.stringify(output));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
