/**
 * How long a call keeps this thread's event loop from running anything else: a 1-ms timer ticks
 * beside the call, and the longest gap between ticks is the block. On a shared machine a gap
 * also holds the time the thread waited for a core, so each gap is also counted in the thread's
 * own CPU time (Linux's /proc/thread-self/schedstat). Shared by the tests that bound a block
 * (fileStoreScale.test.ts) and the benches that report one (bench/serverBenchKit.ts).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** [CPU time, run-queue wait] of this thread in ms (Linux); undefined elsewhere. */
export function threadTimes(): [number, number] | undefined {
  try {
    const [cpu, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
    return [cpu / 1e6, wait / 1e6];
  } catch {
    return undefined;
  }
}

export interface Measured<T> {
  result: T;
  ms: number;
  /** CPU time of the whole process (every thread: main, GC helpers, libuv) during the call. */
  cpuMs: number;
  /** Longest gap between ticks of a 1-ms timer, wall clock. */
  wallBlockMs: number;
  /** The same gap counted as this thread's CPU time (without waiting for a core or for GC helper threads). */
  blockMs: number;
}

/** Runs `work` with a 1-ms timer ticking beside it. */
export async function measure<T>(work: () => Promise<T>): Promise<Measured<T>> {
  let last = performance.now();
  let lastTimes = threadTimes();
  let wallBlockMs = 0;
  let blockMs = 0;
  const tick = () => {
    const now = performance.now();
    const times = threadTimes();
    const gap = now - last;
    wallBlockMs = Math.max(wallBlockMs, gap);
    blockMs = Math.max(blockMs, times && lastTimes ? Math.min(gap, times[0] - lastTimes[0]) : gap);
    last = now;
    lastTimes = times;
  };
  const timer = setInterval(tick, 1);
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const result = await work();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  tick();
  clearInterval(timer);
  return { result, ms, cpuMs: (cpu.user + cpu.system) / 1000, wallBlockMs, blockMs };
}
