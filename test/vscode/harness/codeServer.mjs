// Real VS Code (1.100.3, from the npm package code-server@4.100.3) for tests, screenshots and
// `npm start`: install it into a cache outside git, start it in its own process group with
// throw-away HOME/XDG/TMPDIR and user data, and build workbench URLs that load this repository
// as the extension under development (and optionally run extension-host tests).
// See ../shared/docs/real-vscode.md (beside the repository) for why code-server and not @vscode/test-electron.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, rmSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, URLSearchParams } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
/** The ripgrep release that @vscode/ripgrep@1.15.11 (a dependency of VS Code 1.100) fetches. */
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_TARBALL = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const cacheDir = path.join(repoRoot, '.vscode-test');
export const codeServerDir = path.join(cacheDir, 'code-server');
export const exampleWorkspace = path.join(repoRoot, 'examples/wine-quality');
const entryIn = (dir) => path.join(dir, 'node_modules/code-server/out/node/entry.js');
const markerIn = (dir) => path.join(dir, 'installed.json');

/**
 * Native pieces that only exist when the dependencies' install scripts really ran (code-server's
 * postinstall runs `npm install` in lib/vscode, which builds/fetches these). Checked after install.
 */
const NATIVE_CHECKS = [
  'node_modules/argon2/lib/binding/napi-v3/argon2.node',
  'node_modules/code-server/lib/vscode/node_modules/node-pty/build/Release/pty.node',
  'node_modules/code-server/lib/vscode/node_modules/kerberos/build/Release/kerberos.node',
  'node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg',
  'node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node',
];

/** Deterministic, quiet workbench settings for every run (callers may add more). */
export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.reduceMotion': 'on',
  'workbench.localHistory.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'git.openRepositoryInParentFolders': 'never',
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** Workspace trust on, without the modal that asks at startup: the folder opens in restricted mode. */
const RESTRICTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
};

export function isCodeServerInstalled() {
  return existsSync(markerIn(codeServerDir)) && existsSync(entryIn(codeServerDir));
}

function run(cmd, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, options);
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out }));
  });
}

/**
 * Installs code-server@4.100.3 into `.vscode-test/code-server/` (gitignored) unless it is already
 * there; a no-op taking milliseconds when cached. Installs into a staging folder and renames it
 * into place, so an interrupted or concurrent install never leaves a half-installed cache.
 *
 * About npm 11 and dependency install scripts ("install-scripts not yet covered by allowScripts"):
 * with npm 11.19 that message is only a notice — unless `strict-allow-scripts` is set, the
 * scripts DO run (checked: esbuild's postinstall replaces its JS shim by the native binary with
 * the notice printed; with --ignore-scripts it does not). code-server needs them all: its own
 * postinstall (which runs `npm install` again in lib/vscode and lib/vscode/extensions, building
 * node-pty, kerberos, spdlog, ... with node-gyp and fetching ripgrep), and argon2's install. So:
 *  - the staging package.json approves code-server and argon2 in `allowScripts` (what
 *    `npm install-scripts approve code-server argon2` writes), which silences the notice for
 *    the top-level install and keeps working if npm starts blocking unapproved scripts;
 *  - npm_config_ignore_scripts=false and npm_config_strict_allow_scripts=false are set in the
 *    environment (env beats ~/.npmrc) so a user config cannot switch them off; they are inherited
 *    by the nested `npm install`s of code-server's postinstall, whose package.json files have
 *    no allowScripts field;
 *  - afterwards NATIVE_CHECKS verifies that the scripts really produced their binaries, and the
 *    install is verified by starting the server once and asking /healthz.
 * Other environment, per real-vscode.md: npm_config_unsafe_perm=true (code-server's postinstall
 * refuses to run as root without it; npm prints "Unknown env config unsafe-perm", harmless),
 * npm_config_yes=true (node-pty's postinstall runs `npx node-gyp`; ~/.npmrc sets yes=false),
 * and TMPDIR pointing at a folder seeded with a ripgrep tarball made from Debian's /usr/bin/rg
 * (@vscode/ripgrep otherwise downloads rg from GitHub, which this network cannot reach).
 */
export async function installCodeServer({ log = (m) => console.log(m), force = false } = {}) {
  if (!force && isCodeServerInstalled()) return codeServerDir;
  const started = Date.now();
  const rg = ['/usr/bin/rg', '/usr/local/bin/rg'].find((p) => existsSync(p));
  if (!rg) throw new Error('ripgrep is missing: apt-get install -y ripgrep (needed to seed @vscode/ripgrep)');
  if (!existsSync('/usr/include/gssapi/gssapi.h') && !existsSync('/usr/include/krb5.h')) {
    log('warning: Kerberos headers not found (apt-get install -y libkrb5-dev); the kerberos native build may fail');
  }
  await mkdir(cacheDir, { recursive: true });
  const staging = await mkdtemp(path.join(cacheDir, 'code-server.staging-'));
  const tmp = path.join(staging, '.tmp');
  try {
    const rgCache = path.join(tmp, RIPGREP_CACHE);
    await mkdir(rgCache, { recursive: true });
    await copyFile(rg, path.join(tmp, 'rg'));
    const tar = spawnSync('tar', ['-czf', path.join(rgCache, RIPGREP_TARBALL), '-C', tmp, 'rg']);
    if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
    await writeFile(
      path.join(staging, 'package.json'),
      JSON.stringify(
        {
          name: 'mlflow-workbench-code-server-cache',
          private: true,
          description: 'VS Code (code-server) used by the tests of MLflow Workbench; not part of the product',
          dependencies: { 'code-server': CODE_SERVER_VERSION },
          allowScripts: { 'code-server': true, argon2: true },
        },
        null,
        2,
      ),
    );
    log(`Installing code-server@${CODE_SERVER_VERSION} into ${path.relative(repoRoot, codeServerDir)} (about a minute)…`);
    const env = {
      ...process.env,
      TMPDIR: tmp,
      npm_config_unsafe_perm: 'true',
      npm_config_yes: 'true',
      npm_config_ignore_scripts: 'false',
      npm_config_strict_allow_scripts: 'false',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    };
    const npm = await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund'], { cwd: staging, env });
    if (npm.code !== 0) {
      throw new Error(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${npm.code}):\n${npm.out.slice(-6000)}`);
    }
    const missing = NATIVE_CHECKS.filter((f) => !existsSync(path.join(staging, f)));
    if (missing.length) {
      throw new Error(
        `code-server installed but dependency install scripts did not produce:\n  ${missing.join('\n  ')}\n` +
          `(were lifecycle scripts skipped? check npm's allowScripts / ignore-scripts settings)\n${npm.out.slice(-4000)}`,
      );
    }
    await rm(tmp, { recursive: true, force: true });
    // Verify by starting it once on the staged copy.
    const server = await startCodeServer({ installDir: staging, workspace: repoRoot, quiet: true });
    const health = await fetch(`${server.origin}/healthz`).then((r) => r.json());
    await server.stop();
    if (!health || !('status' in health)) throw new Error(`unexpected /healthz answer: ${JSON.stringify(health)}`);
    await writeFile(
      markerIn(staging),
      JSON.stringify({ version: CODE_SERVER_VERSION, node: process.version, installedAt: new Date().toISOString() }, null, 2),
    );
    await rm(codeServerDir, { recursive: true, force: true });
    try {
      await rename(staging, codeServerDir);
    } catch (error) {
      if (!isCodeServerInstalled()) throw error; // else a concurrent install won; ours is redundant
    }
    log(`code-server@${CODE_SERVER_VERSION} installed and verified in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return codeServerDir;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Kills a whole process group: SIGTERM, then SIGKILL for whatever is left (watchers survive TERM). */
export async function killProcessGroup(pgid, { graceMs = 3000 } = {}) {
  const alive = () => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  if (await waitUntil(() => !alive(), graceMs)) return;
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    /* already gone */
  }
  await waitUntil(() => !alive(), 5000);
}

/** Polls `condition` until it is true or `timeoutMs` passed; resolves to whether it became true. */
export async function waitUntil(condition, timeoutMs, intervalMs = 50) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Live servers (process group id → temporary folder), killed when this process exits. */
const live = new Map();
let exitHooked = false;
function killAllNow() {
  for (const [pid, tmpRoot] of live) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    if (!process.env.KEEP_VSCODE_TMP) rmSync(tmpRoot, { recursive: true, force: true });
  }
  live.clear();
}
function hookExit() {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      killAllNow();
      process.exit(128 + (os.constants.signals[signal] ?? 1));
    });
  }
}

/**
 * A watchdog in its own process group that kills the server's group when our process dies,
 * even by SIGKILL (which no exit hook sees): it waits for its stdin pipe to close.
 */
function startWatchdog(pgid, tmpRoot) {
  const cleanup = process.env.KEEP_VSCODE_TMP ? '' : `require('fs').rmSync(${JSON.stringify(tmpRoot)},{recursive:true,force:true});`;
  const script =
    `process.stdin.resume();process.stdin.on('end',()=>{for(const s of['SIGTERM','SIGKILL']){try{process.kill(-${pgid},s)}catch{}}` +
    `try{${cleanup}}catch{}process.exit(0)});`;
  const dog = spawn(process.execPath, ['-e', script], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  dog.unref();
  dog.stdin.on('error', () => {});
  return dog;
}

/**
 * Starts code-server on 127.0.0.1 (`port` 0 = a free port, read back from its log) with fresh
 * temporary HOME, XDG dirs, TMPDIR, user data and extensions dir, in its own process group.
 * Resolves once `/healthz` answers. `stop()` kills the group and removes the temporary folder.
 * `gallery: true` keeps code-server's extension gallery (open-vsx.org) enabled.
 * `restricted: true` keeps workspace trust on (no startup prompt), so the folder opens untrusted,
 * in restricted mode; by default trust is off and every folder counts as trusted.
 */
export async function startCodeServer({
  workspace = exampleWorkspace,
  port = 0,
  settings = {},
  env = {},
  installDir = codeServerDir,
  quiet = true,
  gallery = false,
  restricted = false,
  onOutput,
  startTimeoutMs = 60_000,
} = {}) {
  const entry = entryIn(installDir);
  if (!existsSync(entry)) throw new Error(`code-server is not installed (${entry} missing): run node scripts/install-code-server.mjs`);
  const tmpRoot = await mkdtemp(path.join(os.tmpdir(), 'mlflow-wb-vscode-'));
  const dirs = {
    home: path.join(tmpRoot, 'home'),
    tmp: path.join(tmpRoot, 'tmp'),
    userData: path.join(tmpRoot, 'user-data'),
    extensions: path.join(tmpRoot, 'extensions'),
  };
  for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });
  await mkdir(path.join(dirs.userData, 'User'), { recursive: true });
  await writeFile(
    path.join(dirs.userData, 'User/settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...(restricted ? RESTRICTED_SETTINGS : {}), ...settings }, null, 2),
  );
  const args = [
    entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    ...(restricted ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    workspace,
  ];
  const child = spawn(process.execPath, args, {
    cwd: tmpRoot,
    detached: true, // its own process group (setsid), killed as a whole
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      HOME: dirs.home,
      XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
      XDG_DATA_HOME: path.join(dirs.home, '.local/share'),
      XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
      TMPDIR: dirs.tmp,
      VSCODE_PROXY_URI: '',
      // No extension gallery (open-vsx.org is unreachable here; its errors would pollute logs).
      ...(gallery ? {} : { EXTENSIONS_GALLERY: '{}' }),
      ...env,
    },
  });
  const pgid = child.pid;
  live.set(pgid, tmpRoot);
  hookExit();
  const watchdog = startWatchdog(pgid, tmpRoot);
  let output = '';
  let exited = null;
  const onData = (chunk) => {
    const text = chunk.toString();
    output += text;
    if (!quiet) process.stderr.write(text);
    onOutput?.(text);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.on('exit', (code, signal) => (exited = { code, signal }));
  const whenExited = once(child, 'exit').then(([code, signal]) => ({ code, signal }));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await killProcessGroup(pgid);
    live.delete(pgid);
    watchdog.stdin.end();
    if (!process.env.KEEP_VSCODE_TMP) await rm(tmpRoot, { recursive: true, force: true }).catch(() => {});
  };

  try {
    // Wait for the log line that names the bound address (event-driven, no fixed sleep).
    const listening = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`code-server did not start within ${startTimeoutMs} ms:\n${output}`)), startTimeoutMs);
      const check = () => {
        const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      };
      child.stdout.on('data', check);
      child.stderr.on('data', check);
      child.once('exit', () => {
        clearTimeout(timer);
        reject(new Error(`code-server exited during start (${JSON.stringify(exited)}):\n${output}`));
      });
      check();
    });
    const origin = `http://127.0.0.1:${listening}`;
    const healthy = await waitUntil(async () => {
      try {
        return (await fetch(`${origin}/healthz`)).ok;
      } catch {
        return false;
      }
    }, 15_000);
    if (!healthy) throw new Error(`code-server at ${origin} never answered /healthz:\n${output}`);
    return {
      port: listening,
      origin,
      pid: pgid,
      dirs,
      workspace,
      output: () => output,
      exited: () => exited,
      /** Resolves when the server process exits (by itself or by stop()). */
      whenExited,
      /** Workbench URL for `folder`, loading `extensionDevelopmentPath` (default: this repo). */
      workbenchUrl: (opts = {}) => workbenchUrl(origin, { folder: workspace, ...opts }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The workbench URL. code-server's CLI rejects --extensionDevelopmentPath, but the workbench
 * honours a `payload` query parameter with the same options as the desktop CLI.
 */
export function workbenchUrl(origin, { folder, extensionDevelopmentPath = repoRoot, extensionTestsPath } = {}) {
  const authority = new URL(origin).host;
  const remote = (p) => `vscode-remote://${authority}${path.resolve(p)}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const query = new URLSearchParams();
  if (folder) query.set('folder', path.resolve(folder));
  if (payload.length) query.set('payload', JSON.stringify(payload));
  return `${origin}/?${query}`;
}

/** Reads the marker written after a verified install (version, node, time). */
export async function installedInfo() {
  try {
    return JSON.parse(await readFile(markerIn(codeServerDir), 'utf8'));
  } catch {
    return undefined;
  }
}
