#!/usr/bin/env node
// Runs the mocha suite in out/vscode/ (built from test/vscode/suite/) INSIDE the real VS Code
// extension host: opens the workbench on examples/wine-quality with this repository as the
// extension under development and `extensionTestsPath` = out/vscode/index.js, streams the test
// output (it arrives through window.codeAutomationLog), and waits for window.codeAutomationExit.
//
// As a script (`node test/vscode/harness/extensionHost.mjs`), it prints the output and as its
// last line `MOCHA_RESULT {"passed":N,"failed":M,...}` (synthesized with failed >= 1 and an
// "error" when the run crashed or timed out), exiting 1 on any failure.
// Env: VSCODE_TEST_TIMEOUT_MS (default 300000), MLFLOW_WB_TEST_GREP (mocha grep).
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { installCodeServer, repoRoot } from './codeServer.mjs';
import { openWorkbench } from './workbench.mjs';

export const defaultTestsPath = path.join(repoRoot, 'out/vscode/index.js');

/** Parses the last `MOCHA_RESULT {...}` line of some text. */
export function parseMochaResult(text) {
  const lines = text.split('\n').filter((l) => l.startsWith('MOCHA_RESULT '));
  if (!lines.length) return undefined;
  try {
    return JSON.parse(lines.at(-1).slice('MOCHA_RESULT '.length));
  } catch {
    return undefined;
  }
}

/**
 * @returns {Promise<{code:number, passed:number, failed:number, pending:number, error?:string, output:string}>}
 */
export async function runExtensionHostTests({
  extensionTestsPath = defaultTestsPath,
  workspace,
  timeoutMs = Number(process.env.VSCODE_TEST_TIMEOUT_MS || 300_000),
  onLog = (level, text) => console.log(level === 'info' ? text : `[${level}] ${text}`),
} = {}) {
  if (!existsSync(extensionTestsPath)) {
    return { code: 1, passed: 0, failed: 1, pending: 0, error: `${extensionTestsPath} does not exist (npm run build)`, output: '' };
  }
  // Only written by the extension host when the run completes, so nothing leaks if we are killed.
  const resultFile = path.join(os.tmpdir(), `mlflow-wb-exthost-${process.pid}-${Date.now()}.json`);
  let wb;
  let timer;
  try {
    wb = await openWorkbench({
      workspace,
      extensionTestsPath,
      env: { MLFLOW_WB_TEST_RESULT: resultFile },
      onLog,
    });
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve({ code: 1, reason: `timed out after ${timeoutMs} ms` }), timeoutMs);
    });
    const { code, reason } = await Promise.race([wb.exited, timeout]);
    const output = wb.logText();
    let result = parseMochaResult(output);
    if (!result && existsSync(resultFile)) result = JSON.parse(await readFile(resultFile, 'utf8'));
    if (!result || reason) {
      const serverTail = wb.server.output().split('\n').slice(-25).join('\n');
      const error = `${reason ?? `the extension host exited with code ${code} without a test result`}` +
        `${wb.pageErrors.length ? `\npage errors:\n${wb.pageErrors.join('\n')}` : ''}\ncode-server log (tail):\n${serverTail}`;
      return { code: code || 1, passed: result?.passed ?? 0, failed: Math.max(1, result?.failed ?? 0), pending: result?.pending ?? 0, error, output };
    }
    if (code !== 0 && result.failed === 0) {
      return { ...result, code, failed: 1, error: `workbench exited with code ${code} although mocha reported no failure`, output };
    }
    return { ...result, code, output };
  } catch (error) {
    return { code: 1, passed: 0, failed: 1, pending: 0, error: String(error?.stack ?? error), output: wb?.logText() ?? '' };
  } finally {
    clearTimeout(timer);
    await wb?.close();
    await rm(resultFile, { force: true });
  }
}

async function main() {
  const started = Date.now();
  await installCodeServer();
  const testsPath = process.argv[2] ? path.resolve(process.argv[2]) : defaultTestsPath;
  const result = await runExtensionHostTests({ extensionTestsPath: testsPath });
  if (result.error) console.error(`\nextension-host tests: ERROR: ${result.error}`);
  console.log(`extension-host tests: ${result.passed} passed, ${result.failed} failed, ${result.pending} pending in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const summary = { passed: result.passed, failed: result.failed, pending: result.pending, code: result.code };
  if (result.error) summary.error = result.error;
  console.log(`MOCHA_RESULT ${JSON.stringify(summary)}`);
  process.exitCode = result.failed > 0 || result.code !== 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
