// Random mutations of real MLproject and MLmodel files: every request is answered, nothing
// throws, and every range lies inside the document. Seeded, so a failure reproduces:
// LANGUAGE_FUZZ_SEED=<seed> node --test out/languageFuzz.test.js
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type Position, type Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { documentOf, FIXTURES, REPO_ROOT, serviceWith } from './languageTestKit';

const SEED = Number(process.env.LANGUAGE_FUZZ_SEED ?? 20261122);

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function corpus(): { name: string; text: string }[] {
  const cases = path.join(FIXTURES, 'mlproject-cases');
  const projects = readdirSync(cases, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => readdirSync(path.join(cases, entry.name)).filter((f) => f.toLowerCase() === 'mlproject').map((f) => path.join(cases, entry.name, f)));
  const models = readdirSync(path.join(FIXTURES, 'mlmodel')).map((model) => path.join(FIXTURES, 'mlmodel', model, 'MLmodel'));
  const files = [path.join(REPO_ROOT, 'examples', 'wine-quality', 'MLproject'), ...projects, ...models];
  const synthetic = 'entry_points:\n  main:\n    parameters: {a: float, b: {type: path, default: x.csv}}\n    command: |\n      python train.py {a}\n        --b {b} {{c}}\n';
  return [...files.map((file) => ({ name: path.basename(file), text: readFileSync(file, 'utf8') })), { name: 'MLproject', text: synthetic }];
}

const TOKENS = ['{', '}', '{{', '}}', ':', ': ', '- ', '[', ']', '"', "'", '|', '>-', '#', '\n', '\t', '    ', '&a ', '*a', '!!str ', '? ', ',', '\\', 'é', '😀', '\r\n', '\r', '\u0000', 'command: ', 'parameters:', '{alpha}', '"{x}"', '---\n', '%YAML 1.2\n', 'type: path', 'default: ', 'python_env: x.yaml\n', '"type": "tensor"', '0x', '1e5'];

function mutate(text: string, next: () => number): string {
  const at = (n: number) => Math.floor(next() * n);
  const lines = text.split('\n');
  switch (at(7)) {
    case 0: {
      const offset = at(text.length + 1);
      return text.slice(0, offset) + TOKENS[at(TOKENS.length)] + text.slice(offset);
    }
    case 1: {
      const offset = at(text.length + 1);
      return text.slice(0, offset) + text.slice(offset + 1 + at(20));
    }
    case 2: {
      const line = at(lines.length);
      lines.splice(line, 0, lines[line]);
      return lines.join('\n');
    }
    case 3: {
      const [a, b] = [at(lines.length), at(lines.length)];
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 4: {
      const line = at(lines.length);
      lines[line] = next() < 0.5 ? `  ${lines[line]}` : lines[line].replace(/^ {1,2}/, '');
      return lines.join('\n');
    }
    case 5:
      return text.slice(0, at(text.length + 1));
    default: {
      const offset = at(text.length);
      return text.slice(0, offset) + String.fromCharCode(32 + at(95)) + text.slice(offset + 1);
    }
  }
}

function assertInside(document: TextDocument, range: Range, what: string): void {
  const lines = document.getText().split(/\r\n|\r|\n/);
  const inside = (p: Position) => Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
  assert.ok(inside(range.start) && inside(range.end), `${what}: ${JSON.stringify(range)} outside the document`);
  assert.ok(range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character), `${what}: ${JSON.stringify(range)} ends before it starts`);
}

function* mutations(count: number, seed: number) {
  const next = random(seed);
  const texts = corpus();
  for (let i = 0; i < count; i++) {
    const base = texts[Math.floor(next() * texts.length)];
    let text = base.text;
    const rounds = 1 + Math.floor(next() * 3);
    for (let r = 0; r < rounds; r++) text = mutate(text, next);
    yield { i, name: base.name, text, positions: [0, text.length, Math.floor(next() * (text.length + 1)), Math.floor(next() * (text.length + 1))] };
  }
}

describe(`fuzz (seed ${SEED})`, () => {
  test('the language service survives 2,500 mutated files', async () => {
    const service = serviceWith(['python_env.yaml', 'conda.yaml', 'train.py', 'input_example.json']);
    for (const { i, name, text, positions } of mutations(2500, SEED)) {
      const where = `mutation ${i} (seed ${SEED}) of ${name}: ${JSON.stringify(text.slice(0, 300))}`;
      const document = documentOf(text, { name: name.toLowerCase() === 'mlmodel' ? 'MLmodel' : 'MLproject' });
      const diagnostics = await service.validate(document);
      for (const d of diagnostics) assertInside(document, d.range, `diagnostic ${d.code} in ${where}`);
      const symbolRanges = (symbols: ReturnType<typeof service.symbols>): void =>
        symbols.forEach((s) => {
          assertInside(document, s.range, `symbol in ${where}`);
          assertInside(document, s.selectionRange, `symbol in ${where}`);
          symbolRanges(s.children ?? []);
        });
      symbolRanges(service.symbols(document));
      for (const action of service.codeActions(document, diagnostics)) {
        for (const edit of action.edit?.changes?.[document.uri] ?? []) assertInside(document, edit.range, `quick fix in ${where}`);
      }
      for (const offset of positions) {
        const position = document.positionAt(offset);
        for (const item of (await service.complete(document, position)).items) {
          if (item.textEdit && 'range' in item.textEdit) assertInside(document, item.textEdit.range, `completion at ${offset} in ${where}`);
        }
        const hover = service.hover(document, position);
        if (hover?.range) assertInside(document, hover.range, `hover at ${offset} in ${where}`);
        for (const location of (await service.definition(document, position)) ?? []) {
          if (location.uri === document.uri) assertInside(document, location.range, `definition at ${offset} in ${where}`);
        }
      }
      service.forget(document.uri);
    }
  });

  test('the server process answers every request for 200 mutated files', { timeout: 60_000 }, async () => {
    const server = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    connection.listen();
    try {
      await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      const uri = 'file:///fuzz/MLproject';
      let version = 1;
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mlproject', version, text: '' } });
      for (const { text, positions } of mutations(200, SEED + 1)) {
        await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text }] });
        const position = { line: Math.floor(positions[2] / 40), character: positions[3] % 40 };
        const answers = await Promise.all([
          connection.sendRequest('textDocument/completion', { textDocument: { uri }, position }),
          connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }),
          connection.sendRequest('textDocument/definition', { textDocument: { uri }, position }),
          connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }),
        ]);
        assert.equal(answers.length, 4);
      }
      assert.equal(server.exitCode, null);
    } finally {
      connection.dispose();
      server.kill();
    }
  });
});
