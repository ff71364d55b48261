// MLproject/MLmodel language support inside the real VS Code: file-name detection, the language
// server's diagnostics in `vscode.languages`, and completion, hover, definition and quick fixes
// through VS Code's own command API. Waits on diagnostic events, never on time.
import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'mlflow-workbench.mlflow-workbench';
const REPO = path.resolve(__dirname, '..', '..');
const WORKSPACE = path.join(REPO, 'examples', 'wine-quality');

/** Resolves with the diagnostics of `uri` once they satisfy `accept` (now or after a change). */
function diagnosticsWhen(uri: vscode.Uri, accept: (diagnostics: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve) => {
    const check = () => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!accept(diagnostics)) return false;
      subscription.dispose();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    check();
  });
}

const errors = (diagnostics: vscode.Diagnostic[]) => diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);

function positionOf(document: vscode.TextDocument, text: string, delta = 0): vscode.Position {
  const offset = document.getText().indexOf(text);
  assert.ok(offset >= 0, `"${text}" is not in ${document.uri.toString()}`);
  return document.positionAt(offset + delta);
}

suite('language support (MLproject, MLmodel)', () => {
  let scratch: string;

  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    scratch = mkdtempSync(path.join(os.tmpdir(), 'mlflow-language-'));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(scratch, { recursive: true, force: true });
  });

  test('examples/wine-quality/MLproject is an `mlproject` by its name and has no errors', async () => {
    const uri = vscode.Uri.file(path.join(WORKSPACE, 'MLproject'));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'mlproject');
    // The example declares `source_uri` without using it: that hint shows the server has validated.
    const diagnostics = await diagnosticsWhen(uri, (d) => d.some((x) => codeOf(x) === 'unused-parameter'));
    assert.deepEqual(errors(diagnostics).map((d) => d.message), []);
    assert.deepEqual(diagnostics.map((d) => d.severity), [vscode.DiagnosticSeverity.Hint]);
  });

  test('a lowercase `mlproject` file and an `MLmodel` are recognized by name too', async () => {
    const folder = path.join(scratch, 'lowercase');
    mkdirSync(folder);
    copyFileSync(path.join(REPO, 'test', 'fixtures', 'mlproject-cases', 'lowercase-filename', 'mlproject'), path.join(folder, 'mlproject'));
    assert.equal((await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(folder, 'mlproject')))).languageId, 'mlproject');
    const model = path.join(REPO, 'test', 'fixtures', 'mlmodel', 'sklearn-iris-file-store', 'MLmodel');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(model));
    assert.equal(document.languageId, 'mlmodel');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
    assert.deepEqual(symbols.map((s) => s.name), ['flavors', 'signature']);
  });

  test('mistakes in an untitled MLproject become diagnostics at the right place', async () => {
    const content = 'entry_points:\n  main:\n    parameters:\n      alpha: {type: float, default: abc}\n    command: "python train.py --alpha {alpha} --beta {beta}"\n';
    // Not shown in an editor: an open document is validated all the same, and no dirty editor is left.
    const document = await vscode.workspace.openTextDocument({ language: 'mlproject', content });
    const diagnostics = await diagnosticsWhen(document.uri, (d) => d.length >= 2);
    assert.deepEqual(
      diagnostics.map((d) => [codeOf(d), d.severity, document.getText(d.range)]),
      [
        ['invalid-default', vscode.DiagnosticSeverity.Warning, 'abc'],
        ['undeclared-parameter', vscode.DiagnosticSeverity.Error, 'beta'],
      ],
    );
    assert.equal(diagnostics[1].source, 'MLflow');
  });

  test('the quick fix declares the missing parameter, and the error goes away', async () => {
    const content = 'entry_points:\n  main:\n    parameters:\n      alpha: float\n    command: "python train.py {alpha} {beta}"\n';
    const document = await vscode.workspace.openTextDocument({ language: 'mlproject', content });
    const [error] = await diagnosticsWhen(document.uri, (d) => errors(d).length === 1);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, error.range, vscode.CodeActionKind.QuickFix.value);
    const declare = actions.find((a) => a.title === "Declare parameter 'beta' in entry point 'main'");
    assert.ok(declare?.edit, `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(declare.edit));
    assert.match(document.getText(), /alpha: float\n {6}beta: string\n/);
    await diagnosticsWhen(document.uri, (d) => errors(d).length === 0);
  });

  test('a missing env file is an error; the quick fix creates it and the error goes away', async () => {
    const folder = path.join(scratch, 'project');
    mkdirSync(folder);
    const uri = vscode.Uri.file(path.join(folder, 'MLproject'));
    await vscode.workspace.fs.writeFile(uri, Buffer.from('name: demo\npython_env: python_env.yaml\nentry_points:\n  main:\n    command: "echo hi"\n'));
    const document = await vscode.workspace.openTextDocument(uri);
    const [missing] = await diagnosticsWhen(uri, (d) => d.some((x) => codeOf(x) === 'missing-env-file'));
    assert.equal(document.getText(missing.range), 'python_env.yaml');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, missing.range, vscode.CodeActionKind.QuickFix.value);
    const create = actions.find((a) => a.title === 'Create python_env.yaml');
    assert.ok(create?.edit);
    assert.ok(await vscode.workspace.applyEdit(create.edit));
    await diagnosticsWhen(uri, (d) => d.length === 0);
    assert.ok(existsSync(path.join(folder, 'python_env.yaml')));
  });

  test('completion offers the parameter names inside a command placeholder', async () => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(WORKSPACE, 'MLproject')));
    const position = positionOf(document, '{alpha}', 1);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position, '{');
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    assert.deepEqual(labels.slice(0, 5), ['alpha', 'l1_ratio', 'max_iter', 'model_name', 'data_path']);
  });

  test('hover on `{alpha}` shows its type and default; definition goes to its declaration', async () => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(WORKSPACE, 'MLproject')));
    const position = positionOf(document, '{alpha}', 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /`float`, default `0\.5`/);
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', document.uri, position);
    const target = locations[0] as vscode.Location;
    assert.equal(document.getText(target.range), 'alpha');
    assert.equal(target.range.start.line, positionOf(document, 'alpha: {type: float').line);
  });
});
