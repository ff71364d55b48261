// Driving the real VS Code workbench (code-server + Debian Chromium + playwright-core) with this
// repository loaded as the extension under development. Used by the UI tests
// (test/vscode/*.test.mjs), the extension-host test runner, the screenshots script.
//
//   const wb = await openWorkbench();            // examples/wine-quality, extension loaded
//   await wb.clickActivity('MLflow');            // opens the view container
//   await wb.expectVisible(wb.viewTitle('Experiments'));
//   await wb.expandRow('wine-quality');          // tree row by its label; clicks the twistie
//   await wb.expectVisible(wb.treeRow('elasticnet-sweep'));
//   await wb.runCommand('MLflow: Refresh');      // command palette (F1), by its title
//   await wb.screenshot('sidebar', wb.sidebar());
//   await wb.close();                            // browser and the server's process group
//
// Everything waits on selectors/events with a timeout; nothing sleeps for a fixed time.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { format } from 'node:util';
import { launchChromium } from './browser.mjs';
import { exampleWorkspace, repoRoot, startCodeServer } from './codeServer.mjs';

export const screenshotsDir = path.resolve(process.env.SCREENSHOTS_DIR || path.join(repoRoot, 'screenshots'));
const DEFAULT_TIMEOUT = Number(process.env.UI_TIMEOUT_MS || 20_000);

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const cssString = (s) => JSON.stringify(s);
const slug = (s) => s.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'shot';

/**
 * Starts code-server and Chromium and opens the workbench.
 * @param {object} [options]
 * @param {string} [options.workspace] folder to open (default examples/wine-quality)
 * @param {string|null} [options.extensionDevelopmentPath] default: the repo root; null = none
 * @param {string} [options.extensionTestsPath] compiled test entry to run in the extension host
 * @param {object} [options.settings] extra user settings (merged over the deterministic defaults)
 * @param {object} [options.env] extra environment for code-server (and so the extension host)
 * @param {boolean} [options.restricted] open the folder untrusted, in restricted mode
 * @param {{width:number,height:number}} [options.viewport]
 * @param {number} [options.deviceScaleFactor] 2 for crisp screenshots
 * @param {(level: string, text: string) => void} [options.onLog] codeAutomationLog lines
 */
export async function openWorkbench({
  workspace = exampleWorkspace,
  extensionDevelopmentPath = repoRoot,
  extensionTestsPath,
  settings = {},
  env = {},
  restricted = false,
  viewport = { width: 1280, height: 800 },
  deviceScaleFactor = 1,
  onLog,
  timeout = DEFAULT_TIMEOUT,
} = {}) {
  const server = await startCodeServer({ workspace, settings, env, restricted });
  let browser;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport, deviceScaleFactor });
    page.setDefaultTimeout(timeout);
    const wb = new Workbench({ server, browser, page, timeout });
    // With extensionTestsPath set, the workbench adds a logger that calls
    // window.codeAutomationLog(level, args) for every log message, which includes the extension
    // host's console output: `args` are console.log's arguments (format string first).
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const text = Array.isArray(args) ? format(...args) : String(args);
      wb.logs.push({ level, text });
      onLog?.(level, text);
    });
    await page.exposeFunction('codeAutomationExit', (code) => wb._exit(code));
    page.on('crash', () => wb._exit(-1, 'the browser page crashed'));
    page.on('pageerror', (error) => wb.pageErrors.push(String(error?.stack ?? error)));
    wb.url = server.workbenchUrl({ extensionDevelopmentPath, extensionTestsPath });
    await page.goto(wb.url);
    if (!extensionTestsPath) await wb.ready();
    return wb;
  } catch (error) {
    await browser?.close().catch(() => {});
    await server.stop();
    throw error;
  }
}

export class Workbench {
  constructor({ server, browser, page, timeout }) {
    this.server = server;
    this.browser = browser;
    this.page = page;
    this.timeout = timeout;
    this.url = '';
    /** Lines the workbench handed to window.codeAutomationLog (extension-host test output). */
    this.logs = [];
    this.pageErrors = [];
    /** Resolves with the exit code when the workbench calls window.codeAutomationExit. */
    this.exited = new Promise((resolve) => (this._resolveExit = resolve));
  }

  _exit(code, reason) {
    this._resolveExit({ code, reason });
  }

  /** Waits until the workbench is laid out (activity bar, side bar part, status bar). */
  async ready() {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible' });
    await this.page.locator('.activitybar').waitFor({ state: 'visible' });
    await this.page.locator('.statusbar').waitFor({ state: 'visible' });
  }

  /** The side bar part. */
  sidebar() {
    return this.page.locator('[id="workbench.parts.sidebar"]');
  }

  /** The activity bar entry (the `li` tab) of a view container, by its title. */
  activity(title) {
    const label = `a.action-label[aria-label=${cssString(title)}], a.action-label[aria-label^=${cssString(`${title} (`)}]`;
    return this.page.locator('.activitybar li.action-item[role="tab"]').filter({ has: this.page.locator(label) });
  }

  /** Opens a view container from the activity bar (no-op if it is already showing). */
  async clickActivity(title) {
    const tab = this.activity(title);
    await this.expectVisible(tab, `activity bar item "${title}"`);
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.locator('a.action-label').click();
    await this.expectVisible(this.activity(title).and(this.page.locator('[aria-selected="true"]')), `activity "${title}" selected`);
    await this.expectVisible(this.sidebar(), 'the side bar');
    await this.moveMouseAway();
    return this.sidebar();
  }

  /**
   * A view's title in the side bar: its section header, or — when the view is alone in its
   * container and the header is merged — the container title ("MLFLOW: EXPERIMENTS").
   */
  viewTitle(name) {
    const text = new RegExp(`(^|:\\s*)${escapeRegExp(name)}$`, 'i');
    return this.sidebar()
      .locator('.composite.title h2, .pane-header h3.title')
      .filter({ hasText: text })
      .filter({ visible: true })
      .first();
  }

  /** Expands a view's pane when it is collapsed (Models and Projects start collapsed) and returns it. */
  async openView(name) {
    const header = this.sidebar().locator(`.pane-header[aria-label=${cssString(`${name} Section`)}]`);
    await this.expectVisible(header, `the ${name} view header`);
    if ((await header.getAttribute('aria-expanded')) === 'false') {
      await header.click();
      await this.expectVisible(this.sidebar().locator(`.pane-header[aria-label=${cssString(`${name} Section`)}][aria-expanded="true"]`), `the ${name} view expanded`);
    }
    return this.view(name);
  }

  /** A view's pane (header + body) by its name. */
  view(name) {
    return this.sidebar()
      .locator('.pane')
      .filter({ has: this.page.locator(`.pane-header[aria-label=${cssString(`${name} Section`)}]`) });
  }

  /**
   * Tree rows whose label is exactly `text` (or contains it with `{ exact: false }`), anywhere in
   * the side bar unless `within` (a locator, e.g. `wb.view('Experiments')`) is given.
   */
  treeRow(text, { exact = true, within } = {}) {
    const label = exact ? new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`) : text;
    return (within ?? this.sidebar())
      .locator('.monaco-list-row[role="treeitem"]')
      .filter({ has: this.page.locator('.label-name', { hasText: label }) });
  }

  /** Expands a tree row (clicking its twistie) and waits until it is expanded. */
  async expandRow(text, options) {
    const row = this.treeRow(text, options).first();
    await this.expectVisible(row, `tree row "${text}"`);
    if ((await row.getAttribute('aria-expanded')) !== 'true') {
      await row.locator('.monaco-tl-twistie').click();
    }
    await this.expectVisible(
      this.treeRow(text, options).and(this.page.locator('[aria-expanded="true"]')).first(),
      `tree row "${text}" expanded`,
    );
    return row;
  }

  /** Collapses a tree row. */
  async collapseRow(text, options) {
    const row = this.treeRow(text, options).first();
    if ((await row.getAttribute('aria-expanded')) === 'true') await row.locator('.monaco-tl-twistie').click();
    await this.expectVisible(
      this.treeRow(text, options).and(this.page.locator('[aria-expanded="false"]')).first(),
      `tree row "${text}" collapsed`,
    );
    return row;
  }

  /**
   * Runs a command from the command palette by its title as the palette shows it, e.g.
   * "MLflow: Refresh" (category: title), or just "Refresh" if that is unambiguous enough.
   */
  async runCommand(title) {
    const widget = this.page.locator('.quick-input-widget');
    await this.page.locator('.monaco-workbench').focus().catch(() => {});
    await this.page.keyboard.press('F1');
    await this.expectVisible(widget, 'the command palette');
    await widget.locator('input').fill(`>${title}`);
    const item = widget
      .locator('.monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`(^|: )${escapeRegExp(title)}$`) }) })
      .first();
    await this.expectVisible(item, `command "${title}" in the palette`);
    await item.click();
    await widget.waitFor({ state: 'hidden' }).catch(() => {}); // commands may open another quick pick
  }

  /** Notification toasts (optionally only those containing `text`). */
  notification(text) {
    const toasts = this.page.locator('.notifications-toasts .notification-toast');
    return text ? toasts.filter({ hasText: text }) : toasts;
  }

  /** Moves the pointer off any hover target so tooltips do not end up in screenshots. */
  async moveMouseAway() {
    const size = this.page.viewportSize();
    await this.page.mouse.move((size?.width ?? 800) - 5, (size?.height ?? 600) / 2);
  }

  /**
   * Saves a PNG under screenshots/ (or $SCREENSHOTS_DIR): of the whole page, or of `target`
   * (a locator) when given; `options` go to Playwright's screenshot() (e.g. `{ clip }`).
   * Returns the file's path.
   */
  async screenshot(name, target, options = {}) {
    const file = path.join(screenshotsDir, `${name.endsWith('.png') ? name.slice(0, -4) : name}.png`);
    await mkdir(path.dirname(file), { recursive: true });
    await (target ?? this.page).screenshot({ path: file, animations: 'disabled', ...options });
    return file;
  }

  /**
   * Waits for a locator to be visible; on timeout saves screenshots/failures/<what>.png and
   * throws an error that names what was expected and where the picture is.
   */
  async expectVisible(locator, what = String(locator), timeout = this.timeout) {
    try {
      await locator.first().waitFor({ state: 'visible', timeout });
    } catch (error) {
      let shot = '';
      try {
        shot = await this.screenshot(path.join('failures', slug(what)));
      } catch {
        /* page gone */
      }
      const reason = String(error?.message ?? error).split('\n')[0];
      throw new Error(`Expected to see ${what} within ${timeout} ms (${reason})${shot ? `\n  screenshot: ${shot}` : ''}`, {
        cause: error,
      });
    }
    return locator;
  }

  /** Waits for a locator to disappear (or never appear). */
  async expectHidden(locator, what = String(locator), timeout = this.timeout) {
    await locator.first().waitFor({ state: 'hidden', timeout }).catch((error) => {
      throw new Error(`Expected ${what} to be hidden within ${timeout} ms (${String(error?.message).split('\n')[0]})`, {
        cause: error,
      });
    });
    return locator;
  }

  /** Extension-host test output so far, one string. */
  logText() {
    return this.logs.map((l) => (l.level === 'info' ? l.text : `[${l.level}] ${l.text}`)).join('\n');
  }

  /** Closes the browser and kills code-server's process group. */
  async close() {
    await this.browser.close().catch(() => {});
    await this.server.stop();
  }
}
