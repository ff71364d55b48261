// "MLflow: Start Local Server" in the real extension host: with a Python lacking MLflow (the
// machine's own python3) it explains how to install it and changes nothing; with a Python that
// has it (a stand-in at the process edge), the server starts on 127.0.0.1, the view switches to
// it (writable), and stopping it returns to the workspace's store.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api } from './workbench';

const FAKE_PYTHON = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'fake-python', 'python');

async function usePython(python: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('mlflow').update('pythonPath', python, vscode.ConfigurationTarget.Global);
}

suite('Local server', () => {
  teardown(() => usePython(undefined));

  test('a Python without MLflow gets an explanation, and the read-only store stays', async () => {
    const wb = await api();
    await usePython('python3');
    await wb.localServer.start();
    assert.equal(wb.localServer.running, false);
    const state = await wb.connection.whenSettled();
    assert.equal(state.kind === 'connected' && state.store.description.kind, 'sqlite');
  });

  test('starts mlflow server on the store, switches to it, and stops back to the store', async () => {
    const wb = await api();
    await usePython(FAKE_PYTHON);
    await wb.localServer.start();
    assert.equal(wb.localServer.running, true);
    const serving = await wb.connection.whenSettled();
    assert.equal(serving.kind, 'connected', serving.kind === 'error' ? serving.message : '');
    assert.equal(serving.kind === 'connected' && serving.store.description.kind, 'rest');
    assert.match(serving.kind === 'connected' ? serving.store.description.location : '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(serving.kind === 'connected' && serving.store.capabilities.writable, true);

    await wb.localServer.stop();
    assert.equal(wb.localServer.running, false);
    const back = await wb.connection.whenSettled();
    assert.equal(back.kind === 'connected' && back.store.description.kind, 'sqlite');
  });
});
