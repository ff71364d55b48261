// Debian's Chromium driven by playwright-core (never a downloaded browser). Flags per
// real-vscode.md: without the networking ones Chromium floods the closed network.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
];

export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)');
  return found;
}

/** Launches headless Chromium (Playwright gives it a fresh temporary profile each time). */
export async function launchChromium({ headless = process.env.HEADFUL !== '1' } = {}) {
  return chromium.launch({ executablePath: chromiumPath(), headless, args: CHROMIUM_ARGS });
}
