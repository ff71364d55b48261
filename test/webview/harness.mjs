// The panels' webview bundles in Debian's Chromium, with the extension host replaced at the
// Callbacks passed to page.evaluate run in the page, where these are defined.
/* global window */
// message boundary: a page served exactly as the host builds it (same HTML, same CSP, the built
// dist/webview-<panel>.js and media/panels.css), a stand-in `acquireVsCodeApi` that records what
// the webview posts, and `send()` for the host's messages. Snapshots come from the real builders
// on the fixture SQLite store (test/webview/fixtureData.ts, bundled here with esbuild).
//
//   const fixture = await loadFixture();               // { data, store, runId(name) }
//   const view = await openPanel('run');               // page loaded, webview said "ready"
//   await view.send({ type: 'snapshot', snapshot });   // as the host would
//   await view.posted((m) => m.type === 'openRun');    // waits for a message from the webview
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { launchChromium } from '../vscode/harness/browser.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const summary = JSON.parse(readFileSync(path.join(root, 'test/fixtures/sqlite-store/summary.json'), 'utf8'));

/** The fixture store and the host-side builders. */
export async function loadFixture() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'webview-fixture-'));
  const outfile = path.join(dir, 'fixtureData.cjs');
  await esbuild.build({
    entryPoints: [path.join(root, 'test/webview/fixtureData.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    external: ['node-sqlite3-wasm'],
    logLevel: 'warning',
  });
  const data = createRequire(import.meta.url)(outfile);
  const store = await data.openFixtureStore(root);
  return {
    data,
    store,
    runId(name) {
      const id = summary.runs[name];
      if (!id) throw new Error(`no run ${name} in summary.json`);
      return id;
    },
  };
}

let server;
let origin;
let browser;

async function serve(data) {
  if (server) return;
  server = http.createServer(async (request, response) => {
    const url = new URL(request.url, 'http://localhost');
    const panel = /^\/panel\/(\w+)$/.exec(url.pathname)?.[1];
    if (panel) {
      const html = data.panelHtml({ title: panel, cspSource: origin, scriptUri: `${origin}/dist/webview-${panel}.js`, styleUri: `${origin}/media/panels.css` });
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    const file = path.normalize(path.join(root, url.pathname));
    if (!/^\/(dist|media)\//.test(url.pathname) || !file.startsWith(root)) return response.writeHead(404).end();
    try {
      const type = file.endsWith('.css') ? 'text/css' : file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream';
      response.writeHead(200, { 'content-type': type }).end(await readFile(file));
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
}

// Runs before the page's own scripts: VS Code's API as the webview sees it, plus tripwires for
// anything executed that should not be (alert, a global flag) and for CSP violations.
const STAND_IN = `
  window.__posted = [];
  window.__state = undefined;
  window.__executed = [];
  window.__csp = [];
  window.alert = (m) => window.__executed.push('alert:' + m);
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => window.__state,
    setState: (s) => { window.__state = s; },
  });
`;

/**
 * Opens a panel's page. `theme` sets the body class VS Code sets (`vscode-light`/`vscode-dark`)
 * and the colour variables the styles read.
 */
export async function openPanel(panel, { data, theme = 'dark', viewport = { width: 1200, height: 900 } } = {}) {
  await serve(data);
  browser ??= await launchChromium();
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.addInitScript(STAND_IN + themeScript(theme));
  await page.goto(`${origin}/panel/${panel}`);
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
  return {
    page,
    errors,
    send: (message) => page.evaluate((m) => window.postMessage(m, '*'), message),
    /** The first message the webview posted that matches `predicate`, waiting for it if need be. */
    posted: async (predicate) => {
      for (;;) {
        const messages = await page.evaluate(() => window.__posted);
        const found = messages.find(predicate);
        if (found) return found;
        // The page's CSP forbids eval, so wait in the page for the next message, then look again.
        await page.waitForFunction((count) => window.__posted.length > count, messages.length);
      }
    },
    messages: () => page.evaluate(() => window.__posted),
    state: () => page.evaluate(() => window.__state),
    close: () => page.close(),
  };
}

function themeScript(theme) {
  const colors =
    theme === 'light'
      ? { foreground: '#3b3b3b', background: '#ffffff', border: '#e5e5e5', link: '#005fb8' }
      : { foreground: '#cccccc', background: '#1f1f1f', border: '#454545', link: '#4daafc' };
  return `document.addEventListener('DOMContentLoaded', () => {
    document.body.classList.add('vscode-${theme}');
    const s = document.documentElement.style;
    s.setProperty('--vscode-foreground', '${colors.foreground}');
    s.setProperty('--vscode-editor-background', '${colors.background}');
    s.setProperty('--vscode-editorWidget-border', '${colors.border}');
    s.setProperty('--vscode-textLink-foreground', '${colors.link}');
    s.setProperty('--vscode-font-family', 'sans-serif');
  });`;
}

/** Fraction of a canvas's pixels that differ from its top-left (background) pixel. */
export async function inkedFraction(page, selector) {
  return page.$eval(selector, (canvas) => {
    const ctx = canvas.getContext('2d');
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]) inked++;
    }
    return inked / (data.length / 4);
  });
}

/** A short fingerprint of what a canvas shows, to tell whether a control changed the drawing. */
export async function canvasPixels(page, selector) {
  return page.$eval(selector, (canvas) => canvas.toDataURL());
}

export async function shutdown(fixture) {
  await fixture?.store.dispose();
  await browser?.close();
  browser = undefined;
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  server = undefined;
}
