// The SQLite store's bench (the `sqlite` part of `npm run bench`, see bench/all.mjs): builds (or
// reuses) the synthetic store, times the real SQLite store on it, records the SQL the store ran
// and replays it in-process on node-sqlite3-wasm and in the native sqlite3 shell, then prints
// one table and writes the figures to bench/results/.
// Each measuring part runs in its own process, so one's memory does not count as another's.
//
//   node bench/run.mjs [--reps 7] [--steps history,sampledHistory] [--baseline <git revision>]
//   (after `npm run build`; `--reps` defaults to BENCH_REPS, else 7)
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { baselineWorker } from './baselineWorker.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'out');
const resultsDir = path.join(root, 'bench/results');
const option = (name) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const reps = Number(option('reps') ?? process.env.BENCH_REPS ?? 7);
if (!Number.isInteger(reps) || reps < 5) {
  console.error('--reps must be an integer of at least 5');
  process.exit(2);
}
/** `--steps a,b`: only those steps (checked by the bench processes, which know the steps). */
const stepsArgs = option('steps') ? ['--steps', option('steps')] : [];
const openSelected = !option('steps') || option('steps').split(',').includes('open');
const baselineRevision = option('baseline');

/** Runs one bench bundle; its progress goes to our stderr, its last stdout line is its JSON. */
function node(script, args) {
  const run = spawnSync(process.execPath, [path.join(out, script), ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) {
    console.error(`bench: ${script} failed (exit ${run.status})`);
    process.exit(1);
  }
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

if (spawnSync('sqlite3', ['--version']).error) {
  console.error('bench: the sqlite3 shell is missing; install it (Debian: apt-get install -y sqlite3).');
  process.exit(1);
}
mkdirSync(resultsDir, { recursive: true });

console.error('bench: synthetic store…');
const store = node('generateStore.js', [resultsDir]);
console.error(
  store.reused
    ? `bench: reusing ${path.relative(root, store.dbPath)} (generator v${store.version})`
    : `bench: generated ${path.relative(root, store.dbPath)} in ${(store.generateMs / 1000).toFixed(1)} s`,
);
const common = ['--db', store.dbPath, '--run', store.longRunIds[0], '--reps', String(reps), ...stepsArgs];
const baseline = baselineRevision ? await baselineWorker(root, baselineRevision) : undefined;
if (baseline) console.error(`bench: baseline worker of ${baseline.commit}: ${path.relative(root, baseline.worker)}`);

console.error(`bench: the store (openSqliteStore + worker), 1 + ${reps} calls per step${baseline ? `, alternating with the baseline ${baseline.commit}` : ''}…`);
const loadBefore = os.loadavg();
const queries = node('storeBench.js', [...common, '--phase', 'queries', ...(baseline ? ['--baseline-worker', baseline.worker] : [])]);
const opens = openSelected ? node('storeBench.js', [...common, '--phase', 'open']) : { steps: [] };
const measured = { ...queries, steps: [...opens.steps, ...queries.steps] };
console.error('bench: recording the store’s SQL and replaying it in-process on node-sqlite3-wasm…');
const capture = node('captureSql.js', common);
const capturePath = path.join(resultsDir, 'captured-sql.json');
writeFileSync(capturePath, JSON.stringify(capture, null, 2));
console.error('bench: replaying the same SQL in the native sqlite3 shell…');
const native = node('nativeBench.js', ['--db', store.dbPath, '--capture', capturePath, '--reps', String(reps)]);
const loadAfter = os.loadavg();

// ---- figures ----
const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.ceil(pos)] - s[lo]) * (pos - lo);
}
const ms = (x) => (x === undefined ? '–' : x < 10 ? x.toFixed(1) : Math.round(x).toString());

const STEP_INFO = Object.fromEntries(measured.spec.steps.map((step) => [step.id, step]));
const MAX_BLOCK_MS = measured.spec.maxMainThreadBlockMs;

/** `xs` less what Linux kept the thread waiting for a core, call by call. */
const less = (xs, waits) => xs.map((x, i) => Math.max(0, x - (waits?.[i] ?? 0)));
const summary = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), p25: quantile(xs, 0.25), p75: quantile(xs, 0.75) });

/** A row of the table; the baseline's rows have no replays (they are of the measured SQL). */
const toRow = (step, variant) => {
  const own = less(step.samples, step.workerWaitMs);
  const storeMedian = median(own);
  const nativeStep = variant ? undefined : native.steps[step.id];
  const nativeMedian = nativeStep ? median(nativeStep.samples) : undefined;
  const replay = !variant && capture.wasmReplay[step.id] ? less(capture.wasmReplay[step.id], capture.wasmReplayWaitMs[step.id]) : undefined;
  const target = STEP_INFO[step.id].targetMs;
  const maxBlock = Math.max(...step.maxBlockMs);
  const maxBlockWall = Math.max(...step.maxBlockWallMs);
  return {
    id: step.id,
    variant,
    label: variant ? `${STEP_INFO[step.id].label} — ${variant}` : STEP_INFO[step.id].label,
    rowsOut: step.outcome ? step.outcome.rows : undefined,
    store: { ...summary(own), samples: own, first: step.firstMs - step.firstWorkerWaitMs },
    storeWall: { ...summary(step.samples), samples: step.samples, first: step.firstMs, workerWaitMs: step.workerWaitMs },
    cpu: { workerMedian: median(step.workerCpuMs), mainMedian: median(step.mainCpuMs), worker: step.workerCpuMs, main: step.mainCpuMs },
    wasmReplay: replay ? { ...summary(replay), samples: replay, wallSamples: capture.wasmReplay[step.id] } : undefined,
    native: nativeStep ? { ...summary(nativeStep.samples), first: nativeStep.firstMs, samples: nativeStep.samples, wallSamples: nativeStep.wallSamples } : undefined,
    ratio: nativeMedian ? storeMedian / nativeMedian : undefined,
    targetMs: target,
    meetsTarget: target === undefined ? undefined : storeMedian <= target,
    maxMainThreadBlockMs: maxBlock,
    maxMainThreadBlockWallMs: maxBlockWall,
    blockSamples: step.maxBlockMs,
    blockWallSamples: step.maxBlockWallMs,
    meetsBlockTarget: maxBlock <= MAX_BLOCK_MS,
  };
};
const rows = measured.steps.flatMap((step) => {
  const before = measured.baselineSteps?.find((b) => b.id === step.id);
  return before ? [toRow(step), toRow(before, `baseline ${baseline.commit}`)] : [toRow(step)];
});

const header = [
  'step',
  'store median (min–max)',
  'store wall',
  'first call',
  'CPU worker / main',
  'wasm SQL only',
  `sqlite3 ${native.version}`,
  'store ÷ native',
  'target',
  'ok',
  'main-thread max block',
  'ok',
  'rows out',
];
const table = rows.map((r) => [
  r.label,
  `${ms(r.store.median)} (${ms(r.store.min)}–${ms(r.store.max)})`,
  ms(r.storeWall.median),
  ms(r.store.first),
  `${ms(r.cpu.workerMedian)} / ${ms(r.cpu.mainMedian)}`,
  ms(r.wasmReplay?.median),
  ms(r.native?.median),
  r.ratio === undefined ? '–' : `${r.ratio.toFixed(1)}×`,
  r.targetMs === undefined ? '–' : `≤ ${r.targetMs}`,
  r.meetsTarget === undefined ? '' : r.meetsTarget ? 'PASS' : 'FAIL',
  r.maxMainThreadBlockWallMs - r.maxMainThreadBlockMs > 5
    ? `${ms(r.maxMainThreadBlockMs)} (wall ${ms(r.maxMainThreadBlockWallMs)})`
    : ms(r.maxMainThreadBlockMs),
  r.meetsBlockTarget ? 'PASS' : 'FAIL',
  r.rowsOut === undefined ? '' : r.rowsOut.toLocaleString('en-US'),
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;

const m = measured.memory;
const mb = (x) => `${Math.round(x)} MB`;
const memory = {
  storeProcessPeakRssMb: m.peakRssMb,
  nodeAloneRssMb: m.rssBeforeOpenMb,
  storeIncrementMb: m.peakRssMb - m.rssBeforeOpenMb,
  mainThreadPeakHeapMb: m.peakMainHeapMb,
  rssAfterStepMb: m.rssAfterStepMb,
  nativePeakRssMb: native.peakRssMb,
};

const cpu = os.cpus();
const machine = `${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, node-sqlite3-wasm's SQLite ${capture.wasmSqliteVersion}, sqlite3 shell ${native.version}`;
const shape = store.counts;
console.log('');
console.log(`MLflow Workbench — SQLite store benchmark (${reps} timed calls per step after one first call; times in ms)`);
console.log(`store: ${path.relative(root, store.dbPath)}, ${(store.bytes / 2 ** 20).toFixed(0)} MB: ${shape.runs.toLocaleString('en-US')} runs, ${shape.params.toLocaleString('en-US')} params, ${shape.tags.toLocaleString('en-US')} tags, ${shape.metrics.toLocaleString('en-US')} metric points, ${shape.latest_metrics.toLocaleString('en-US')} latest metrics`);
console.log(`machine: ${machine}`);
console.log(`load average (1 min) before/after: ${loadBefore[0].toFixed(2)} / ${loadAfter[0].toFixed(2)}${loadBefore[0] > 0.5 ? ' (other work was running before the bench: expect wider spreads)' : ''}`);
console.log('');
console.log(line(header));
console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
for (const row of table) console.log(line(row));
console.log('');
console.log(
  `peak memory: store process ${mb(memory.storeProcessPeakRssMb)} RSS (Node alone ${mb(memory.nodeAloneRssMb)}, so the store adds ${mb(memory.storeIncrementMb)}: worker + wasm heap + results); ` +
    `main-thread V8 heap peak ${mb(memory.mainThreadPeakHeapMb)}; sqlite3 shell ${memory.nativePeakRssMb === undefined ? 'n/a' : mb(memory.nativePeakRssMb)} RSS` +
    (memory.nativePeakRssMb ? ` (store increment ÷ shell: ${(memory.storeIncrementMb / memory.nativePeakRssMb).toFixed(0)}×)` : ''),
);
if (baseline) console.log(`memory: the process held both stores (the measured one and the baseline ${baseline.commit})`);
console.log(`RSS after each step: ${Object.entries(m.rssAfterStepMb).map(([k, v]) => `${k} ${mb(v)}`).join(', ')}`);
const misses = rows.filter((r) => !r.variant).flatMap((r) => [
  ...(r.meetsTarget === false ? [`${r.id} median ${ms(r.store.median)} ms > ${r.targetMs} ms`] : []),
  ...(!r.meetsBlockTarget ? [`${r.id} blocked the main thread ${ms(r.maxMainThreadBlockMs)} ms > ${MAX_BLOCK_MS} ms`] : []),
]);
console.log(misses.length === 0 ? 'targets: all met' : `targets missed: ${misses.join('; ')}`);
console.log('query plans of each step\'s main statement (sqlite3 EXPLAIN QUERY PLAN; every statement\'s plan is in the JSON):');
for (const r of rows.filter((row) => !row.variant)) {
  const main = native.plans[r.id]?.[0];
  if (main) console.log(`  ${r.id}: ${main.plan.split('\n').filter((l) => l !== 'QUERY PLAN').map((l) => l.replace(/^[\s|`-]+/, '')).join('; ')}`);
}
console.log('');
console.log(
  'store = SqliteStore through its worker, as the extension host calls it, less the time its worker thread waited for a core ' +
    '(other processes; "store wall" is the plain wall clock, the same on an idle machine; open is wall clock only); ' +
    'first call = the step\'s first call, not in the median; CPU worker / main = median CPU ms of the store\'s worker thread and of the calling thread; ' +
    'wasm SQL only = the statements the store ran, ' +
    'replayed in-process on node-sqlite3-wasm (rows as JS objects, no worker, no entities); native = the same statements ' +
    'and bound values in the sqlite3 shell, rows formatted to /dev/null (CPU time). main-thread max block = longest gap of a ' +
    '1-ms heartbeat on the calling thread during any call of the step (first call included), less the time the thread ' +
    'waited for a core (wall clock in parentheses when that differs by more than 5 ms: other processes, not the store).',
);

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const report = {
  date: new Date().toISOString(),
  machine,
  loadAverage: { before: loadBefore, after: loadAfter },
  reps,
  baseline: baseline?.commit,
  store: { ...store, dbPath: path.relative(root, store.dbPath) },
  steps: rows,
  memory,
  misses,
  queryPlans: native.plans,
  capturedSql: path.relative(root, capturePath),
};
const reportPath = path.join(resultsDir, `bench-${stamp}.json`);
writeFileSync(reportPath, JSON.stringify(report, null, 2));
writeFileSync(path.join(resultsDir, 'latest.json'), JSON.stringify(report, null, 2));
console.log(`figures: ${path.relative(root, reportPath)} (and bench/results/latest.json)`);
