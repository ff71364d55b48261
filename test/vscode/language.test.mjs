// MLproject language support in the real workbench (code-server 4.100.3 = VS Code 1.100.3) in
// Debian Chromium: squiggles, the hover, the Problems panel, completion of `{parameter}` names and
// the placeholder highlighting, on a temporary workspace holding an MLproject with mistakes and a
// copy of the example project. Saves screenshots/language-*.png. Run: `npm run test:vscode`, or
// `node --test test/vscode/language.test.mjs` after `npm run build`.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { installCodeServer, repoRoot } from './harness/codeServer.mjs';
import { openWorkbench } from './harness/workbench.mjs';

const BROKEN = `name: wine-demo
python_env: python_env.yaml
entry_points:
  main:
    parameters:
      alpha: {type: float, default: 0.5}
      l1_ratio: {type: flaot, default: 0.1}
    command: "python train.py --alpha {alpha} --l1-ratio {l1_ratio} --seed {seed}"
`;

/** @type {import('./harness/workbench.mjs').Workbench} */
let wb;
let workspace;

/** Opens a file of the workspace with Quick Open and waits until its editor is the active one. */
async function openFile(folder, name) {
  await wb.page.locator('.monaco-workbench').focus().catch(() => {});
  await wb.page.keyboard.press('Control+P');
  const input = wb.page.locator('.quick-input-widget input');
  await wb.expectVisible(input, 'Quick Open');
  await input.fill(`${folder}/${name}`);
  await wb.expectVisible(wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: folder }), `"${folder}/${name}" in Quick Open`);
  await input.press('Enter');
  const breadcrumbs = wb.page.locator('.editor-group-container.active .breadcrumbs-control');
  await wb.expectVisible(breadcrumbs.filter({ hasText: folder }).filter({ hasText: name }), `the editor of ${folder}/${name}`);
}

const editor = () => wb.page.locator('.editor-group-container.active .monaco-editor').first();
/** An editor line by (part of) its text; the editor renders spaces as no-break spaces. */
const editorLine = (text) => editor().locator('.view-line').filter({ hasText: new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[\\s\u00a0]')) });

/** Moves the pointer onto a decoration (they sit under the text layer, so no locator.hover). */
async function pointAt(locator) {
  const box = await locator.boundingBox();
  assert.ok(box, 'the decoration is on screen');
  await wb.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
}

describe('MLproject language support (UI)', { timeout: 240_000 }, () => {
  before(async () => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'mlflow-language-ui-'));
    mkdirSync(path.join(workspace, 'broken'));
    writeFileSync(path.join(workspace, 'broken', 'MLproject'), BROKEN);
    writeFileSync(path.join(workspace, 'broken', 'train.py'), 'print("train")\n');
    const model = path.join(repoRoot, 'test', 'fixtures', 'mlmodel', 'sklearn-iris-file-store');
    cpSync(model, path.join(workspace, 'model'), { recursive: true });
    const mlmodel = path.join(workspace, 'model', 'MLmodel');
    writeFileSync(mlmodel, readFileSync(mlmodel, 'utf8').replace('"dtype": "int64"', '"dtype": "integer64"'));
    const example = path.join(repoRoot, 'examples', 'wine-quality');
    mkdirSync(path.join(workspace, 'wine-quality'));
    for (const file of ['MLproject', 'python_env.yaml', 'train.py', 'data']) cpSync(path.join(example, file), path.join(workspace, 'wine-quality', file), { recursive: true });
    await installCodeServer();
    wb = await openWorkbench({ workspace, viewport: { width: 1280, height: 800 } });
  });

  after(async () => {
    await wb?.close();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('an MLproject with mistakes gets error squiggles, with MLflow’s reason on hover', async () => {
    await openFile('broken', 'MLproject');
    await wb.expectVisible(editor().locator('.squiggly-error'), 'error squiggles in the MLproject');
    await wb.expectVisible(editor().locator('.squiggly-warning'), 'a warning squiggle (the unknown type `flaot`)');
    await wb.moveMouseAway();
    await wb.screenshot('language-mlproject-errors', editor());
    await pointAt(editor().locator('.squiggly-error').last());
    const hover = wb.page.locator('.monaco-hover', { hasText: 'is not a parameter of entry point' });
    await wb.expectVisible(hover, 'the hover of the undeclared placeholder');
    await wb.screenshot('language-hover');
  });

  it('the Problems panel lists them', async () => {
    await wb.moveMouseAway();
    await wb.page.keyboard.press('Escape');
    await wb.page.keyboard.press('Control+Shift+M');
    const problems = wb.page.locator('.markers-panel');
    for (const text of ['`seed` is not a parameter of entry point `main`', '`python_env.yaml` does not exist next to this MLproject', 'Unknown parameter type `flaot`']) {
      await wb.expectVisible(problems.locator('.monaco-list-row', { hasText: text }), `the problem "${text}"`);
    }
    await wb.screenshot('language-problems');
    await wb.page.keyboard.press('Control+Shift+M');
  });

  it('typing `{` in the command offers the parameter names', async () => {
    await editorLine('--seed {seed}').click();
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.press('ArrowLeft'); // inside the closing quote
    await wb.page.keyboard.type(' --extra {');
    const suggest = wb.page.locator('.editor-widget.suggest-widget');
    await wb.expectVisible(suggest.locator('.monaco-list-row', { hasText: 'l1_ratio' }), 'the parameter names in the suggest widget');
    assert.equal(await suggest.locator('.monaco-list-row').first().getAttribute('aria-label').then((l) => l?.startsWith('alpha')), true);
    await wb.screenshot('language-completion', editor());
    await wb.page.keyboard.press('Escape');
    await wb.page.keyboard.press('Control+Z');
  });

  it('placeholders are highlighted apart from the rest of the command', async () => {
    const tokens = await editorLine('python train.py --alpha').locator('span > span').evaluateAll((spans) => spans.map((span) => [span.textContent.replace(/\u00a0/g, ' '), span.className]));
    const classOf = (test) => tokens.find(([text]) => test(text))?.[1];
    const parameter = classOf((text) => text === 'alpha');
    const string = classOf((text) => text.includes('train.py'));
    assert.ok(parameter && string, `tokens of the command line: ${JSON.stringify(tokens)}`);
    assert.notEqual(parameter, string, 'the parameter name inside {…} is colored apart from the string');
    assert.equal(classOf((text) => text === 'l1_ratio'), parameter);
  });

  it('an MLmodel signature error is underlined inside its JSON string', async () => {
    await openFile('model', 'MLmodel');
    const squiggle = editor().locator('.squiggly-error');
    await wb.expectVisible(squiggle, 'the squiggle on the unknown dtype');
    assert.equal(await squiggle.count(), 1);
    const line = editorLine('"dtype": "integer64"');
    const [lineBox, squiggleBox] = [await line.boundingBox(), await squiggle.boundingBox()];
    assert.ok(Math.abs(lineBox.y - squiggleBox.y) < 2 && squiggleBox.width < lineBox.width / 3, 'only the dtype is underlined, on its line');
    await pointAt(squiggle);
    await wb.expectVisible(wb.page.locator('.monaco-hover', { hasText: 'Unknown numpy dtype' }), 'the hover of the signature error');
    await wb.screenshot('language-mlmodel-signature');
    await wb.moveMouseAway();
  });

  it('the example project shows no errors', async () => {
    await openFile('wine-quality', 'MLproject');
    // The unused `source_uri` parameter is a faded hint: once it shows, the file has been validated.
    await wb.expectVisible(editor().locator('.squiggly-inline-unnecessary'), 'the faded unused parameter');
    assert.equal(await editor().locator('.squiggly-error').count(), 0);
    await wb.moveMouseAway();
    await wb.screenshot('language-example-clean', editor());
  });
});
