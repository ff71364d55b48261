#!/usr/bin/env node
// `npm start`: try the extension in a real VS Code.
//   npm start                  build, install VS Code (code-server 4.100.3) into .vscode-test/ if
//                              needed, serve it on 127.0.0.1 ($PORT or a free port) with
//                              examples/wine-quality open and this repo as the extension under
//                              development; prints the URL; Ctrl+C stops it (whole process group).
//   npm start -- --desktop     if a desktop `code` is on PATH: code --extensionDevelopmentPath=<repo>
//   npm start -- <folder>      open another workspace folder
//   npm start -- --gallery     keep code-server's extension gallery (open-vsx.org) enabled
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { CODE_SERVER_VERSION, exampleWorkspace, installCodeServer, repoRoot, startCodeServer } from '../test/vscode/harness/codeServer.mjs';

const args = process.argv.slice(2);
const desktop = args.includes('--desktop');
const gallery = args.includes('--gallery');
const folderArg = args.find((a) => !a.startsWith('--'));
const workspace = path.resolve(folderArg ?? exampleWorkspace);

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

if (desktop && !onPath('code')) {
  console.error('start: --desktop needs a desktop VS Code `code` on PATH; run `npm start` for the browser version.');
  process.exit(1);
}

console.log('Building the extension (npm run build)…');
const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('start: the build failed; fix it and run npm start again.');
  process.exit(1);
}

if (desktop) {
  const child = spawn('code', [`--extensionDevelopmentPath=${repoRoot}`, workspace], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  await installCodeServer();
  const port = process.env.PORT ? Number(process.env.PORT) : 0;
  const server = await startCodeServer({ workspace, port, gallery, quiet: !process.env.VERBOSE });
  const url = server.workbenchUrl();
  console.log(`\nVS Code 1.100.3 (code-server ${CODE_SERVER_VERSION}) is serving ${path.relative(repoRoot, workspace) || '.'} with MLflow Workbench loaded from ${repoRoot}`);
  console.log(`\n  Open: ${url}\n`);
  console.log('After changing the code: `npm run build` (or `npm run watch`), then "Developer: Reload Window".');
  console.log('Ctrl+C stops the server.');
  // The harness kills the server's process group on Ctrl+C / SIGTERM / exit.
  process.prependListener('SIGINT', () => console.log('\nStopping…'));
  const exited = await server.whenExited;
  console.error(`code-server exited by itself: ${JSON.stringify(exited)}\n${server.output().split('\n').slice(-20).join('\n')}`);
  await server.stop();
  process.exit(1);
}
