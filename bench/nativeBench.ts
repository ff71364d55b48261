/**
 * The native baseline: Debian's `sqlite3` shell replays, statement for statement, the SQL the
 * store ran for each step (captured by captureSql.ts), with the same bound values (through the
 * shell's `temp.sqlite_parameters`), on one connection, with `.timer on`. Rows are formatted
 * to /dev/null, so every row is produced and turned into text but none is printed.
 *
 * The shell's wall clock has a 1-ms resolution per statement, so the figure used is the CPU
 * time it reports (user + sys, µs resolution). The shell is single-threaded and the file sits
 * in the OS cache, so that CPU time is the wall time to within that resolution (both are kept).
 *
 * Usage: node out/nativeBench.js --db <mlflow.db> --capture <capture.json> [--reps 7]
 * Prints one JSON line (NativeResult).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { flag, STEPS, type CapturedStatement, type CaptureResult, type NativeResult, type StepId } from './benchSpec';

/** `PRAGMA query_only` would forbid writing the shell's own parameter table; it does not change any plan. */
const SKIPPED = /^\s*PRAGMA\s+query_only\b/i;

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return `'${String(value).replace(/'/g, "''")}'`;
}

/** node-sqlite3-wasm takes `{':name': v}`, an array (positional) or one value. */
function parameters(values: unknown): [string, unknown][] {
  if (values === undefined) return [];
  if (Array.isArray(values)) return values.map((v, i) => [`?${i + 1}`, v]);
  if (values !== null && typeof values === 'object') return Object.entries(values);
  return [['?1', values]];
}

/** The shell's own parameter table, filled with a statement's bound values. */
function bindLines(values: unknown): string[] {
  const bound = parameters(values);
  if (bound.length === 0) return [];
  return [
    'DELETE FROM temp.sqlite_parameters;',
    `INSERT INTO temp.sqlite_parameters(key, value) VALUES ${bound.map(([k, v]) => `(${literal(k)}, ${literal(v)})`).join(', ')};`,
  ];
}

/** A dot-command argument: double-quoted, backslash-escaped. */
const quotedArg = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

const terminated = (sql: string) => (sql.trimEnd().endsWith(';') ? sql.trimEnd() : `${sql.trimEnd()};`);

/** Lines that run one step's statements, each timed on its own (one `Run Time` line each). */
function stepLines(statements: readonly CapturedStatement[]): { lines: string[]; timed: number } {
  const lines: string[] = [];
  let timed = 0;
  for (const s of statements) {
    if (SKIPPED.test(s.sql)) continue;
    lines.push(...bindLines(s.values), '.timer on', terminated(s.sql), '.timer off');
    timed++;
  }
  return { lines, timed };
}

/** EXPLAIN QUERY PLAN of every query (not PRAGMA, not exec) of every step, with its bound values. */
function queryPlans(dbPath: string, capture: CaptureResult): NativeResult['plans'] {
  const script = ['.bail on', `.open --readonly ${quotedArg(dbPath)}`, '.parameter init'];
  const queries: { step: StepId; sql: string }[] = [];
  for (const step of STEPS.filter((captured) => capture.statements[captured.id])) {
    for (const s of capture.statements[step.id]) {
      if (s.kind !== 'statement' || /^\s*PRAGMA\b/i.test(s.sql) || step.id === 'open') continue;
      script.push('DELETE FROM temp.sqlite_parameters;', ...bindLines(s.values), `.print @@plan ${queries.length}`, `EXPLAIN QUERY PLAN ${terminated(s.sql)}`);
      queries.push({ step: step.id, sql: s.sql.replace(/\s+/g, ' ').trim() });
    }
  }
  const run = spawnSync('sqlite3', [], { input: `${script.join('\n')}\n`, encoding: 'utf8' });
  if (run.status !== 0 || run.stderr.trim()) throw new Error(`sqlite3 EXPLAIN failed (${run.status}): ${run.stderr}`);
  const parts = run.stdout.split(/^@@plan \d+\n/m).slice(1);
  const plans: NativeResult['plans'] = {};
  queries.forEach((q, i) => (plans[q.step] ??= []).push({ sql: q.sql, plan: (parts[i] ?? '').trim() }));
  return plans;
}

interface Block {
  step: StepId;
  rep: number;
  timed: number;
}

function main(): void {
  const dbPath = path.resolve(flag('db', ''));
  const capture = JSON.parse(readFileSync(flag('capture', ''), 'utf8')) as CaptureResult;
  const reps = Number(flag('reps', '7'));
  const script: string[] = ['.bail on', '.output /dev/null', '.timer off'];
  const blocks: Block[] = [];

  // open: a fresh read-only connection, then what the store runs to open it (header, schema).
  const open = stepLines(capture.statements.open);
  for (let rep = 0; rep <= reps; rep++) {
    script.push(`.open --readonly ${quotedArg(dbPath)}`, ...open.lines);
    blocks.push({ step: 'open', rep, timed: open.timed });
  }
  script.push('.parameter init');
  for (const step of STEPS.filter((captured) => capture.statements[captured.id])) {
    if (step.id === 'open') continue;
    const { lines, timed } = stepLines(capture.statements[step.id]);
    for (let rep = 0; rep <= reps; rep++) {
      script.push(...lines);
      blocks.push({ step: step.id, rep, timed });
    }
  }
  // The shell's own peak RSS, read by a child shell from /proc/<sqlite3 pid>.
  script.push('.output stdout', '.shell grep VmHWM /proc/$PPID/status');

  const run = spawnSync('sqlite3', [], { input: `${script.join('\n')}\n`, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw new Error(`cannot run sqlite3 (${run.error.message}); install it: apt-get install -y sqlite3`);
  if (run.status !== 0 || run.stderr.trim()) throw new Error(`sqlite3 failed (${run.status}): ${run.stderr}`);

  const timings = [...run.stdout.matchAll(/Run Time: real ([\d.]+) user ([\d.]+) sys ([\d.]+)/g)].map((m) => ({
    wall: Number(m[1]) * 1000,
    cpu: (Number(m[2]) + Number(m[3])) * 1000,
  }));
  const expected = blocks.reduce((n, b) => n + b.timed, 0);
  if (timings.length !== expected) throw new Error(`expected ${expected} timings from sqlite3, got ${timings.length}`);

  const result: NativeResult = {
    version: spawnSync('sqlite3', ['--version'], { encoding: 'utf8' }).stdout.split(' ')[0],
    steps: {},
    plans: queryPlans(dbPath, capture),
  };
  let at = 0;
  for (const block of blocks) {
    const slice = timings.slice(at, at + block.timed);
    at += block.timed;
    const cpu = slice.reduce((n, t) => n + t.cpu, 0);
    const wall = slice.reduce((n, t) => n + t.wall, 0);
    const entry = (result.steps[block.step] ??= { firstMs: 0, samples: [], wallSamples: [] });
    if (block.rep === 0) {
      entry.firstMs = cpu;
    } else {
      entry.samples.push(cpu);
      entry.wallSamples.push(wall);
    }
  }
  const hwm = /VmHWM:\s+(\d+)\s+kB/.exec(run.stdout);
  if (hwm) result.peakRssMb = Number(hwm[1]) / 1024;
  console.log(JSON.stringify(result));
}

main();
