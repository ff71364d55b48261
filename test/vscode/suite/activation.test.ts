// Smoke test in the real extension host: the extension activates on the example workspace
// (which holds mlflow.db, so `workspaceContains:**/mlflow.db` fires).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'mlflow-workbench.mlflow-workbench';

suite('activation', () => {
  test('the example workspace is open', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.ok(
      folders.some((f) => f.uri.path.endsWith('/examples/wine-quality')),
      `workspace folders: ${folders.map((f) => f.uri.toString()).join(', ') || '(none)'}`,
    );
  });

  test('the extension is present and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} not found`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('activation returns the test API object', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const api: unknown = await extension?.activate();
    assert.equal(typeof api, 'object');
    assert.notEqual(api, null);
  });
});
