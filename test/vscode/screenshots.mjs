#!/usr/bin/env node
// `npm run screenshots`: pictures of what a user sees, from the real VS Code workbench with the
// extension loaded on examples/wine-quality. Saves under screenshots/ (gitignored):
//   sidebar.png          the whole window, MLflow container open, wine-quality > elasticnet-sweep expanded
//   sidebar-closeup.png  the side bar alone, down to its last tree row (2x pixels)
// Builds first unless --no-build. Look at the PNGs: they show what no assertion checks.
import { spawnSync } from 'node:child_process';
import { installCodeServer, repoRoot } from './harness/codeServer.mjs';
import { openWorkbench } from './harness/workbench.mjs';

if (!process.argv.includes('--no-build')) {
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('screenshots: the build failed');
    process.exit(1);
  }
}
await installCodeServer();
const wb = await openWorkbench({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 });
try {
  await wb.clickActivity('MLflow');
  await wb.expectVisible(wb.viewTitle('Experiments'), 'the Experiments view');
  await wb.expandRow('wine-quality');
  await wb.expandRow('elasticnet-sweep');
  await wb.expectVisible(wb.treeRow('alpha=0.1,l1_ratio=0.5'), 'child run "alpha=0.1,l1_ratio=0.5"');
  await wb.moveMouseAway();
  // The close-up: the side bar from its title down to just below the last tree row.
  const bar = await wb.sidebar().boundingBox();
  const rows = wb.sidebar().locator('.monaco-list-row[role="treeitem"]');
  const last = await rows.nth((await rows.count()) - 1).boundingBox();
  const height = Math.min(bar.height, last.y + last.height + 24 - bar.y);
  const saved = [
    await wb.screenshot('sidebar'),
    await wb.screenshot('sidebar-closeup', undefined, { clip: { x: bar.x, y: bar.y, width: bar.width, height } }),
  ];
  for (const file of saved) console.log(`saved ${file}`);
} catch (error) {
  console.error(`screenshots: ${error.message}`);
  process.exitCode = 1;
} finally {
  await wb.close();
}
