// The built server over its real protocol: `node dist/server.js --stdio`, as any LSP client
// starts it, on real files in a temporary folder. Waits on notifications, never on time.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  createProtocolConnection,
  DiagnosticSeverity,
  FileChangeType,
  StreamMessageReader,
  StreamMessageWriter,
  type CompletionList,
  type Diagnostic,
  type Hover,
  type Location,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { REPO_ROOT } from './languageTestKit';

let server: ChildProcess;
let connection: ProtocolConnection;
let folder: string;
const waiting: { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
const stderr: string[] = [];

/** The next diagnostics published for `uri` that satisfy `accept`. */
function diagnosticsFor(uri: string, accept: (diagnostics: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
  return new Promise((resolve) => waiting.push({ uri, accept: (p) => accept(p.diagnostics), resolve: (p) => resolve(p.diagnostics) }));
}

const MLPROJECT = `name: demo
python_env: python_env.yaml
entry_points:
  main:
    parameters:
      alpha: {type: float, default: 0.5}
    command: "python train.py --alpha {alpha} --beta {beta}"
`;

describe('language server over stdio', { timeout: 30_000 }, () => {
  let uri: string;

  before(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'mlflow-ls-'));
    writeFileSync(path.join(folder, 'train.py'), 'print(1)\n');
    uri = pathToFileURL(path.join(folder, 'MLproject')).href;
    server = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    server.stderr!.on('data', (chunk) => stderr.push(String(chunk)));
    connection = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      const index = waiting.findIndex((w) => w.uri === params.uri && w.accept(params));
      if (index >= 0) waiting.splice(index, 1)[0].resolve(params);
    });
    connection.listen();
    const result = await connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(folder).href, capabilities: {} });
    assert.deepEqual((result as { capabilities: { completionProvider: { triggerCharacters: string[] } } }).capabilities.completionProvider.triggerCharacters, ['{', '"']);
    await connection.sendNotification('initialized', {});
  });

  after(async () => {
    await connection?.sendRequest('shutdown').catch(() => {});
    await connection?.sendNotification('exit').catch(() => {});
    connection?.dispose();
    server?.kill();
    rmSync(folder, { recursive: true, force: true });
  });

  test('didOpen publishes the errors of the file', async () => {
    const published = diagnosticsFor(uri);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mlproject', version: 1, text: MLPROJECT } });
    const diagnostics = await published;
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, d.severity]), [
      ['missing-env-file', 1, DiagnosticSeverity.Error],
      ['undeclared-parameter', 6, DiagnosticSeverity.Error],
    ]);
  });

  test('didChange publishes again, debounced, for the new text', async () => {
    const published = diagnosticsFor(uri, (d) => !d.some((x) => x.code === 'undeclared-parameter'));
    const line = MLPROJECT.split('\n').findIndex((l) => l.includes('--beta'));
    const start = MLPROJECT.split('\n')[line].indexOf(' --beta');
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line, character: start }, end: { line, character: start + ' --beta {beta}'.length } }, text: '' }],
    });
    assert.deepEqual((await published).map((d) => d.code), ['missing-env-file']);
  });

  test('a file created on disk clears its error once the client reports the change', async () => {
    writeFileSync(path.join(folder, 'python_env.yaml'), 'python: "3.11"\n');
    const published = diagnosticsFor(uri, (d) => d.length === 0);
    await connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(folder, 'python_env.yaml')).href, type: FileChangeType.Created }] });
    assert.deepEqual(await published, []);
  });

  test('completion offers parameter names inside a placeholder', async () => {
    const text = MLPROJECT.replace(' --beta {beta}', ' --gamma {').replace('python_env: python_env.yaml\n', 'python_env: python_env.yaml\n');
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text }] });
    const line = text.split('\n').findIndex((l) => l.includes('--gamma {'));
    const character = text.split('\n')[line].indexOf('--gamma {') + '--gamma {'.length;
    const list = (await connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character } })) as CompletionList;
    assert.deepEqual(list.items.map((i) => i.label), ['alpha']);
  });

  test('hover and definition on `{alpha}`', async () => {
    const line = MLPROJECT.split('\n').findIndex((l) => l.includes('{alpha}'));
    const character = MLPROJECT.split('\n')[line].indexOf('{alpha}') + 2;
    const hover = (await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } })) as Hover;
    assert.match((hover.contents as { value: string }).value, /`float`, default `0\.5`/);
    const locations = (await connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line, character } })) as Location[];
    assert.deepEqual(locations[0].range.start, { line: 5, character: 6 });
  });

  test('symbols and code actions answer', async () => {
    const symbols = (await connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as { name: string }[];
    assert.deepEqual(symbols.map((s) => s.name), ['main']);
    const actions = await connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
    assert.deepEqual(actions, []);
  });

  test('garbage gets diagnostics, not a crash, and the server keeps answering', async () => {
    const garbage = pathToFileURL(path.join(folder, 'sub', 'MLmodel')).href;
    const published = diagnosticsFor(garbage);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: garbage, languageId: 'mlmodel', version: 1, text: '\t{[: "\u0000\n- - ]]: &a *b !!x\n' } });
    assert.ok((await published).some((d) => d.code === 'yaml-syntax'));
    const list = (await connection.sendRequest('textDocument/completion', { textDocument: { uri: garbage }, position: { line: 9, character: 99 } })) as CompletionList;
    assert.ok(Array.isArray(list.items));
    assert.equal(await connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///not/open/MLproject' }, position: { line: 0, character: 0 } }), null);
  });

  test('didClose clears the diagnostics', async () => {
    const published = diagnosticsFor(uri, (d) => d.length === 0);
    await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.deepEqual(await published, []);
    assert.equal(server.exitCode, null, stderr.join(''));
  });
});
