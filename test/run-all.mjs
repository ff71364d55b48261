#!/usr/bin/env node
// All test suites: `npm test` (= node test/run-all.mjs [suite|group ...]).
//
// Builds once (`npm run build`), then runs in order:
//   static                 the type check (tsc --noEmit) and the linter (eslint), one check each
//   unit                   node --test on out/<name>.test.js for each test/unit/**/<name>.test.ts
//   webview                node --test on test/webview/**/*.test.{mjs,js} and out/webview/*.test.js
//                          (only when test/webview/ exists; silently skipped otherwise)
//   vscode-extension-host  mocha inside the real VS Code extension host (test/vscode/suite/)
//   vscode-ui              Playwright against the real workbench (test/vscode/*.test.mjs)
// Arguments select suites: `static`, `unit` (= unit + webview), `vscode` (= both VS Code suites), or a
// suite's own name (`webview`, `vscode-extension-host`, `vscode-ui`). Default: all.
//
// Each suite's output is shown as it runs; a suite that crashes or times out counts as at least
// one failure, with the reason. The LAST line printed is always `N passed, N failed` (summed over
// all suites; a failed build counts as one failure). Exit code 1 if anything failed.
// Env: SUITE_TIMEOUT_MS (per suite, default 900000).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SUITE_TIMEOUT_MS = Number(process.env.SUITE_TIMEOUT_MS || 900_000);
const ALL = ['static', 'unit', 'webview', 'vscode-extension-host', 'vscode-ui'];
const GROUPS = {
  unit: ['unit', 'webview'],
  vscode: ['vscode-extension-host', 'vscode-ui'],
  'extension-host': ['vscode-extension-host'],
  ui: ['vscode-ui'],
};

function selectSuites(args) {
  if (!args.length || args.includes('all')) return ALL;
  const wanted = new Set();
  for (const arg of args) {
    const names = GROUPS[arg] ?? (ALL.includes(arg) ? [arg] : undefined);
    if (!names) {
      console.error(`run-all: unknown suite "${arg}"; use one of: ${[...Object.keys(GROUPS), ...ALL].join(', ')}`);
      process.exit(2);
    }
    names.forEach((n) => wanted.add(n));
  }
  return ALL.filter((n) => wanted.has(n));
}

/** Files under `dir` (recursively) whose name ends with one of `suffixes`, sorted. */
function filesUnder(dir, suffixes) {
  const abs = path.join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true })
    .filter((f) => suffixes.some((s) => f.endsWith(s)))
    .map((f) => path.join(abs, f))
    .sort();
}

/**
 * Runs a command in its own process group, mirroring its output; kills the group on timeout.
 * Resolves to { code, signal, output, timedOut }.
 */
function runStreaming(cmd, args, { timeoutMs = SUITE_TIMEOUT_MS, env = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...(process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}), ...env },
    });
    let output = '';
    let timedOut = false;
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      output += d;
      process.stderr.write(d);
    });
    const kill = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        /* gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill('SIGTERM');
      setTimeout(() => kill('SIGKILL'), 5000).unref();
    }, timeoutMs);
    const onSignal = () => kill('SIGTERM');
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    child.on('error', (error) => {
      output += String(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve({ code, signal, output, timedOut });
    });
  });
}

/** Counts from a TAP file written by node's tap reporter (`# pass N`, `# fail N`, ...). */
async function tapCounts(file) {
  if (!existsSync(file)) return undefined;
  const text = await readFile(file, 'utf8');
  const count = (key) => {
    const all = [...text.matchAll(new RegExp(`^# ${key} (\\d+)$`, 'gm'))];
    return all.length ? Number(all.at(-1)[1]) : undefined;
  };
  const pass = count('pass');
  const fail = count('fail');
  if (pass === undefined || fail === undefined) return undefined;
  return { passed: pass, failed: fail + (count('cancelled') ?? 0), skipped: (count('skipped') ?? 0) + (count('todo') ?? 0) };
}

let tmpDir;

/** node --test on files, spec to the terminal and TAP to a file we count. */
async function nodeTestSuite(name, files, extraArgs = []) {
  const tap = path.join(tmpDir, `${name}.tap`);
  const run = await runStreaming(process.execPath, [
    '--test',
    ...extraArgs,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const counts = await tapCounts(tap);
  if (run.timedOut) return { ...(counts ?? { passed: 0, skipped: 0 }), failed: Math.max(1, counts?.failed ?? 0), error: `timed out after ${SUITE_TIMEOUT_MS} ms` };
  if (!counts) return { passed: 0, failed: 1, skipped: 0, error: `node --test ended (code ${run.code}, signal ${run.signal}) without a summary` };
  if (run.code !== 0 && counts.failed === 0) return { ...counts, failed: 1, error: `node --test exited with code ${run.code}` };
  return counts;
}

const suites = {
  /** Types and lint: each tool is one check that passes only when it reports nothing. */
  async static() {
    const checks = [
      ['tsc --noEmit', [path.join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', root]],
      ['eslint', [path.join(root, 'node_modules/eslint/bin/eslint.js'), '.']],
    ];
    const failedChecks = [];
    for (const [label, args] of checks) {
      const run = await runStreaming(process.execPath, args);
      if (run.code !== 0 || run.timedOut) failedChecks.push(label);
    }
    const result = { passed: checks.length - failedChecks.length, failed: failedChecks.length, skipped: 0 };
    return failedChecks.length ? { ...result, error: `${failedChecks.join(' and ')} reported problems` } : result;
  },

  async unit() {
    const sources = filesUnder('test/unit', ['.test.ts']);
    if (!sources.length) return { passed: 0, failed: 0, skipped: 0, note: 'no test/unit/*.test.ts' };
    // esbuild.mjs bundles test/unit/**/<name>.test.ts flat into out/<name>.test.js; taking only
    // those whose source exists ignores stale bundles of deleted tests.
    const built = sources.map((f) => path.join(root, 'out', `${path.basename(f, '.ts')}.js`));
    const missing = built.filter((f) => !existsSync(f));
    if (missing.length) return { passed: 0, failed: 1, skipped: 0, error: `not built: ${missing.map((f) => path.relative(root, f)).join(', ')}` };
    return nodeTestSuite('unit', built);
  },

  async webview() {
    if (!existsSync(path.join(root, 'test/webview'))) return undefined; // silently skipped
    const files = [
      ...filesUnder('test/webview', ['.test.mjs', '.test.js']),
      ...filesUnder('out/webview', ['.test.js']),
    ];
    if (!files.length) return { passed: 0, failed: 0, skipped: 0, note: 'test/webview has no runnable *.test.{mjs,js} (nor out/webview/*.test.js)' };
    return nodeTestSuite('webview', files);
  },

  async 'vscode-extension-host'() {
    if (!existsSync(path.join(root, 'out/vscode/index.js'))) {
      return { passed: 0, failed: 1, skipped: 0, error: 'out/vscode/index.js missing (test/vscode/suite/index.ts not built)' };
    }
    const run = await runStreaming(process.execPath, [path.join(root, 'test/vscode/harness/extensionHost.mjs')]);
    const line = run.output.split('\n').filter((l) => l.startsWith('MOCHA_RESULT ')).at(-1);
    let result;
    try {
      result = line && JSON.parse(line.slice('MOCHA_RESULT '.length));
    } catch {
      /* unparseable */
    }
    if (run.timedOut) return { passed: result?.passed ?? 0, failed: Math.max(1, result?.failed ?? 0), skipped: 0, error: `timed out after ${SUITE_TIMEOUT_MS} ms` };
    if (!result) return { passed: 0, failed: 1, skipped: 0, error: `no MOCHA_RESULT line (exit code ${run.code}, signal ${run.signal})` };
    const out = { passed: result.passed, failed: result.failed, skipped: result.pending ?? 0 };
    if (run.code !== 0 && out.failed === 0) return { ...out, failed: 1, error: `runner exited with code ${run.code}` };
    if (result.error) out.error = result.error.split('\n')[0];
    return out;
  },

  async 'vscode-ui'() {
    const files = readdirSync(path.join(root, 'test/vscode'))
      .filter((f) => f.endsWith('.test.mjs'))
      .map((f) => path.join(root, 'test/vscode', f))
      .sort();
    if (!files.length) return { passed: 0, failed: 0, skipped: 0, note: 'no test/vscode/*.test.mjs' };
    // One workbench (code-server + Chromium) at a time: 2 cores.
    return nodeTestSuite('vscode-ui', files, ['--test-concurrency=1']);
  },
};

const VSCODE_SUITES = new Set(['vscode-extension-host', 'vscode-ui']);
const rule = (title) => console.log(`\n${'='.repeat(20)} ${title} ${'='.repeat(Math.max(3, 58 - title.length))}`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  const selected = selectSuites(process.argv.slice(2));
  tmpDir = await mkdtemp(path.join(os.tmpdir(), 'mlflow-wb-run-all-'));
  const results = [];
  try {
    rule('build');
    let started = Date.now();
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const build = await runStreaming(npm, ['run', '--silent', 'build'], { timeoutMs: 600_000 });
    const buildOk = build.code === 0 && !build.timedOut;
    console.log(`build: ${buildOk ? 'ok' : `FAILED (exit ${build.code}${build.timedOut ? ', timed out' : ''})`} in ${seconds(Date.now() - started)}`);
    if (!buildOk) results.push({ name: 'build', passed: 0, failed: 1, skipped: 0, error: 'npm run build failed; no suite was run', ms: Date.now() - started });

    let codeServerError;
    if (buildOk && selected.some((s) => VSCODE_SUITES.has(s))) {
      started = Date.now();
      try {
        const { installCodeServer } = await import('./vscode/harness/codeServer.mjs');
        await installCodeServer();
      } catch (error) {
        codeServerError = `code-server install failed: ${error?.message ?? error}`;
        console.error(codeServerError);
      }
    }

    for (const name of buildOk ? selected : []) {
      started = Date.now();
      let result;
      if (VSCODE_SUITES.has(name) && codeServerError) {
        result = { passed: 0, failed: 1, skipped: 0, error: codeServerError };
      } else {
        if (name !== 'webview' || existsSync(path.join(root, 'test/webview'))) rule(name);
        try {
          result = await suites[name]();
        } catch (error) {
          result = { passed: 0, failed: 1, skipped: 0, error: `suite crashed: ${error?.stack ?? error}` };
        }
      }
      if (!result) continue; // skipped silently
      results.push({ name, ...result, ms: Date.now() - started });
    }
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }

  rule('summary');
  for (const r of results) {
    const extra = [r.skipped ? `${r.skipped} skipped` : '', r.note ?? '', r.error ? `ERROR: ${r.error}` : ''].filter(Boolean).join('; ');
    console.log(`${r.failed ? 'FAIL' : 'ok  '} ${r.name.padEnd(22)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(4)} failed  ${seconds(r.ms).padStart(7)}${extra ? `  (${extra})` : ''}`);
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  process.exitCode = failed > 0 ? 1 : 0;
  console.log(`${passed} passed, ${failed} failed`);
}

await main();
