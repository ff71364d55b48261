/**
 * Shared by restBench.ts and fileStoreBench.ts: repetitions interleaved between the measured
 * call and its baselines, the main thread's longest block (test/support/eventLoopBlock.ts, which
 * test/unit/fileStoreScale.test.ts uses too), medians with their spread, and the printed table.
 */
import * as os from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { measure } from '../test/support/eventLoopBlock';

/** A full GC before each call, so one call's garbage is not collected on the next one's time. */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** No step may keep the extension host's thread busy longer than this (ms). */
export const MAX_BLOCK_MS = 50;

/**
 * `--reps N`, else `BENCH_REPS` (at least 5; default 7). `npm run bench -- --reps N` reaches
 * every bench (bench/all.mjs passes it on).
 */
export function repsFromArgs(argv: readonly string[] = process.argv): number {
  const at = argv.indexOf('--reps');
  const reps = at >= 0 ? Number(argv[at + 1]) : Number(process.env.BENCH_REPS ?? 7);
  return Number.isInteger(reps) && reps >= 5 ? reps : 7;
}

export interface Variant {
  name: string;
  /** Returns how many rows (runs, points) it got, to check every variant saw the same data. */
  run: () => Promise<number>;
}

export interface VariantFigures {
  name: string;
  firstMs: number;
  times: number[];
  cpus: number[];
  blockMs: number;
  wallBlockMs: number;
  rows: number;
}

export interface StepFigures {
  step: string;
  variants: VariantFigures[];
  rssAfterMb: number;
}

/**
 * One untimed-for-the-median first call of each variant, then `reps` rounds in which every
 * variant runs once, the order rotating per round, so a burst of load from other processes on
 * the shared cores hits client and baseline alike.
 */
export async function runStep(step: string, variants: readonly Variant[], reps: number): Promise<StepFigures> {
  const figures: VariantFigures[] = variants.map((v) => ({ name: v.name, firstMs: 0, times: [], cpus: [], blockMs: 0, wallBlockMs: 0, rows: -1 }));
  const once = async (i: number, first: boolean) => {
    collectGarbage();
    const m = await measure(variants[i].run);
    const f = figures[i];
    if (f.rows >= 0 && f.rows !== m.result) throw new Error(`${step}: ${f.name} returned ${m.result} rows, then ${f.rows}`);
    f.rows = m.result;
    f.blockMs = Math.max(f.blockMs, m.blockMs);
    f.wallBlockMs = Math.max(f.wallBlockMs, m.wallBlockMs);
    if (first) f.firstMs = m.ms;
    else {
      f.times.push(m.ms);
      f.cpus.push(m.cpuMs);
    }
  };
  for (let i = 0; i < variants.length; i++) await once(i, true);
  for (let r = 0; r < reps; r++) {
    for (let k = 0; k < variants.length; k++) await once((r + k) % variants.length, false);
  }
  const rows = new Set(figures.map((f) => f.rows));
  if (rows.size !== 1) throw new Error(`${step}: the variants returned different row counts: ${figures.map((f) => `${f.name} ${f.rows}`).join(', ')}`);
  return { step, variants: figures, rssAfterMb: process.memoryUsage().rss / 2 ** 20 };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

/** `median (min–max)`. */
export function spread(times: readonly number[]): string {
  return `${ms(median(times))} (${ms(Math.min(...times))}–${ms(Math.max(...times))})`;
}

/** The block in CPU ms, with the wall clock beside it when the machine made it longer. */
export function block(f: VariantFigures): string {
  const cpu = ms(f.blockMs);
  return f.wallBlockMs > f.blockMs * 1.5 + 2 ? `${cpu} (wall ${ms(f.wallBlockMs)})` : cpu;
}

export function overheadPercent(measured: VariantFigures, baseline: VariantFigures, of: 'times' | 'cpus' = 'times'): number {
  return (median(measured[of]) / median(baseline[of]) - 1) * 100;
}

export function signedPercent(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)}%`;
}

export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

/** What the machine was doing: load average and cores, Node version. */
export function machineLine(): string {
  const load = os.loadavg().map((l) => l.toFixed(2)).join(', ');
  return `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? '?'}), Node ${process.version}, load average ${load}`;
}

/** This process's peak RSS so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
