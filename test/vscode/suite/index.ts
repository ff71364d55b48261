// Entry point of the integration tests that run INSIDE VS Code's extension host (real `vscode`
// API), loaded via the workbench's `extensionTestsPath`. Built by esbuild.mjs into
// out/vscode/index.js next to one out/vscode/<name>.test.js per test/vscode/suite/<name>.test.ts.
//
// Interface: mocha's TDD interface — `suite()`, `test()`, `suiteSetup()`, `setup()`,
// `teardown()`, `suiteTeardown()` (the style of VS Code's own extension tests).
// Reporter: mocha's `spec` reporter without colours (console.log; the extension host forwards it
// to the workbench, which hands it to Playwright through `codeAutomationLog`), then one
// machine-readable line for the outer runner (test/vscode/harness/extensionHost.mjs):
//   MOCHA_RESULT {"passed":N,"failed":M,"pending":P,"durationMs":D,"failures":[...]}
// The same JSON is written to the file named by $MLFLOW_WB_TEST_RESULT when set (the extension
// host inherits code-server's environment), in case log forwarding drops a line.
// `run()` rejects when any test fails, so the workbench exits with code 1.
// $MLFLOW_WB_TEST_GREP filters tests by title (mocha --grep), handy while writing a test.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type MochaType from 'mocha';

type MochaCtor = typeof MochaType;

function loadMocha(): MochaCtor {
  // mocha 12 is an ES module; Node 20.19+ `require`s it and returns its namespace.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require('mocha') as MochaCtor | { default: MochaCtor };
  return 'default' in loaded ? loaded.default : loaded;
}

export async function run(): Promise<void> {
  const Mocha = loadMocha();
  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    color: false,
    timeout: 30_000,
    grep: process.env.MLFLOW_WB_TEST_GREP || undefined,
  });
  const testsRoot = __dirname;
  const files = fs
    .readdirSync(testsRoot)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const file of files) mocha.addFile(path.join(testsRoot, file));

  const started = Date.now();
  const failures: { title: string; error: string }[] = [];
  let passed = 0;
  let pending = 0;
  await new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve());
      runner.on('pass', () => passed++);
      runner.on('pending', () => pending++);
      runner.on('fail', (test, err: Error) => {
        failures.push({ title: test.fullTitle(), error: String(err?.message ?? err).split("\n")[0].slice(0, 300) });
      });
    } catch (error) {
      reject(error);
    }
  });
  const result = {
    passed,
    failed: failures.length,
    pending,
    durationMs: Date.now() - started,
    files: files.length,
    failures,
  };
  const line = `MOCHA_RESULT ${JSON.stringify(result)}`;
  console.log(line);
  if (process.env.MLFLOW_WB_TEST_RESULT) fs.writeFileSync(process.env.MLFLOW_WB_TEST_RESULT, JSON.stringify(result));
  if (result.failed > 0) throw new Error(`${result.failed} of ${passed + result.failed} extension-host tests failed`);
}
