#!/usr/bin/env node
// Installs VS Code 1.100.3 (the npm package code-server@4.100.3) into .vscode-test/code-server/
// (gitignored) if it is not there yet, and verifies it by starting it once. Idempotent: takes
// milliseconds when cached. `--force` reinstalls. How npm 11's install-script policy is handled
// is documented on installCodeServer() in test/vscode/harness/codeServer.mjs.
// Needs the Debian packages ripgrep and libkrb5-dev (see .ci/run).
import { CODE_SERVER_VERSION, installCodeServer, installedInfo, isCodeServerInstalled } from '../test/vscode/harness/codeServer.mjs';

const force = process.argv.includes('--force');
const started = Date.now();
try {
  const cached = !force && isCodeServerInstalled();
  await installCodeServer({ force });
  const info = await installedInfo();
  console.log(
    cached
      ? `code-server@${CODE_SERVER_VERSION} already installed (${info?.installedAt ?? 'unknown time'}), ${Date.now() - started} ms`
      : `code-server@${CODE_SERVER_VERSION} ready`,
  );
} catch (error) {
  console.error(`install-code-server: ${error.message ?? error}`);
  process.exit(1);
}
