// Completion, hover, go to definition, symbols and quick fixes of the language service, driven by
// documents with a cursor marker (`|`, or `^` where the text needs a `|`).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CompletionItem, MarkupContent, TextEdit } from 'vscode-languageserver';
import { cursor, documentOf, FOLDER, serviceWith, textAt } from './languageTestKit';

const FILES = ['python_env.yaml', 'conda.yaml', 'data.csv', 'train.py', 'data/wine.csv'];

async function completions(marked: string, { name = 'MLproject', marker = '|' } = {}) {
  const { text, offset } = cursor(marked, marker);
  const document = documentOf(text, { name });
  const list = await serviceWith(FILES).complete(document, document.positionAt(offset));
  return { document, items: list.items, labels: list.items.map((item) => item.label) };
}

const edit = (item: CompletionItem) => item.textEdit as TextEdit;

function hoverAt(marked: string, name = 'MLproject') {
  const { text, offset } = cursor(marked);
  const document = documentOf(text, { name });
  const hover = serviceWith(FILES).hover(document, document.positionAt(offset));
  return { text: (hover?.contents as MarkupContent | undefined)?.value ?? '', covered: hover?.range ? textAt(document, hover.range) : undefined };
}

const PROJECT = `name: demo
python_env: python_env.yaml
entry_points:
  main:
    parameters:
      alpha: float
      l1_ratio: {type: float, default: 0.1}
      data: {type: path, default: data/wine.csv}
    command: "python train.py --alpha {alpha} --l1 {l1_ratio} --data {data}"
`;

describe('completion', () => {
  test('parameter names inside a command placeholder', async () => {
    const { document, items, labels } = await completions(PROJECT.replace('--alpha {alpha}', '--alpha {|}'));
    assert.deepEqual(labels, ['alpha', 'l1_ratio', 'data']);
    assert.equal(edit(items[0]).newText, 'alpha');
    assert.equal(items[1].detail, 'float = 0.1');
    assert.equal(textAt(document, edit(items[0]).range), '');
  });

  test('a partly typed placeholder gets its closing brace', async () => {
    const { document, items } = await completions(PROJECT.replace('--alpha {alpha}', '--alpha {al|'));
    assert.equal(edit(items[0]).newText, 'alpha}');
    assert.equal(textAt(document, edit(items[0]).range), 'al');
  });

  test('no placeholder completion after an escaped brace, nor outside braces', async () => {
    assert.deepEqual((await completions(PROJECT.replace('--alpha {alpha}', '--alpha {{|'))).labels, []);
    assert.deepEqual((await completions(PROJECT.replace('--alpha {alpha}', '--alpha |'))).labels, []);
  });

  test('placeholders while the quote is still open, and in a block scalar', async () => {
    const open = 'entry_points:\n  main:\n    parameters: {alpha: float}\n    command: "python {|\n';
    assert.deepEqual((await completions(open)).labels, ['alpha']);
    const block = 'entry_points:\n  main:\n    parameters: {alpha: float}\n    command: ^\n      python train.py\n        --alpha {^}\n';
    assert.deepEqual((await completions(block.replace('command: ^', 'command: |'), { marker: '^' })).labels, ['alpha']);
  });

  test('top-level keys, without the ones already there', async () => {
    const { labels } = await completions('name: demo\n|\n');
    assert.deepEqual(labels.sort(), ['conda_env', 'databricks_spark_job', 'docker_env', 'entry_points', 'python_env']);
  });

  test('entry point keys, and a snippet for a new entry point', async () => {
    const { labels } = await completions('entry_points:\n  main:\n    |\n');
    assert.deepEqual(labels, ['command', 'parameters']);
    const entries = await completions('entry_points:\n  main:\n    command: echo\n  |\n');
    assert.deepEqual(entries.labels, ['new entry point']);
    assert.match(edit(entries.items[0]).newText, /^\$\{1:main\}:\n {2}parameters:\n/);
  });

  test('a snippet for a new parameter', async () => {
    const { labels, items } = await completions('entry_points:\n  main:\n    parameters:\n      alpha: float\n      |\n');
    assert.deepEqual(labels, ['new parameter']);
    assert.equal(edit(items[0]).newText, '${1:name}: {type: ${2|float,int,string,path,uri|}, default: ${3:value}}');
  });

  test('parameter types, in both parameter forms', async () => {
    const types = ['string', 'float', 'int', 'path', 'uri'];
    assert.deepEqual((await completions('entry_points:\n  main:\n    parameters:\n      alpha: fl|\n')).labels, types);
    assert.deepEqual((await completions('entry_points:\n  main:\n    parameters:\n      alpha: {type: |}\n')).labels, types);
    assert.deepEqual((await completions('entry_points:\n  main:\n    parameters:\n      alpha: {type: float, |}\n')).labels, ['default']);
  });

  test('env files found next to the MLproject', async () => {
    const { labels, items } = await completions('python_env: |\n');
    assert.deepEqual(labels.sort(), ['conda.yaml', 'python_env.yaml']);
    assert.equal(items.find((i) => i.label === 'python_env.yaml')!.sortText! < items.find((i) => i.label === 'conda.yaml')!.sortText!, true);
  });

  test('MLmodel: flavor names, pyfunc keys, and type names inside the signature JSON', async () => {
    const flavors = await completions('flavors:\n  |\n', { name: 'MLmodel' });
    assert.ok(flavors.labels.includes('python_function') && flavors.labels.includes('sklearn'));
    const pyfunc = await completions('flavors:\n  python_function:\n    |\n', { name: 'MLmodel' });
    assert.ok(pyfunc.labels.includes('loader_module') && pyfunc.labels.includes('env'));
    const json = await completions('signature:\n  inputs: \'[{"type": "dou|", "name": "x"}]\'\n', { name: 'MLmodel' });
    assert.ok(json.labels.includes('double') && json.labels.includes('tensor'));
    assert.equal(textAt(json.document, edit(json.items[0]).range), 'dou');
    const dtype = await completions('signature:\n  outputs: \'[{"type": "tensor", "tensor-spec": {"dtype": "|"}}]\'\n', { name: 'MLmodel' });
    assert.ok(dtype.labels.includes('float32'));
  });

  test('nothing in a comment', async () => {
    assert.deepEqual((await completions('# entry_|\n')).labels, []);
  });
});

describe('hover', () => {
  test('a key shows its documentation', () => {
    const { text, covered } = hoverAt(PROJECT.replace('entry_points:', 'entry_p|oints:'));
    assert.equal(covered, 'entry_points');
    assert.match(text, /commands the project can run/);
  });

  test('`{alpha}` shows the parameter type and default', () => {
    assert.match(hoverAt(PROJECT.replace('{l1_ratio}', '{l1_r|atio}')).text, /`float`, default `0\.1`/);
    const required = hoverAt(PROJECT.replace('{alpha}', '{al|pha}'));
    assert.equal(required.covered, '{alpha}');
    assert.match(required.text, /no default: `mlflow run` needs `-P alpha=…`/);
  });

  test('a parameter type value shows what the type means; an MLmodel key its documentation', () => {
    assert.match(hoverAt(PROJECT.replace('alpha: float', 'alpha: fl|oat')).text, /A number/);
    assert.match(hoverAt('flavors:\n  python_function:\n    loader_m|odule: mlflow.sklearn\n', 'MLmodel').text, /_load_pyfunc/);
  });
});

describe('go to definition', () => {
  const definitionAt = async (marked: string, name = 'MLproject') => {
    const { text, offset } = cursor(marked);
    const document = documentOf(text, { name });
    return { document, locations: (await serviceWith(FILES).definition(document, document.positionAt(offset))) ?? [] };
  };
  const file = (relative: string) => pathToFileURL(path.join(FOLDER, relative)).href;

  test('`{alpha}` goes to its declaration', async () => {
    const { document, locations } = await definitionAt(PROJECT.replace('{l1_ratio}', '{l1_|ratio}'));
    assert.equal(locations[0].uri, document.uri);
    assert.equal(textAt(document, locations[0].range), 'l1_ratio');
    assert.equal(locations[0].range.start.line, 6);
  });

  test('env files, the script of a command and path defaults go to the file', async () => {
    assert.equal((await definitionAt(PROJECT.replace('python_env: python_env.yaml', 'python_env: python_|env.yaml'))).locations[0].uri, file('python_env.yaml'));
    assert.equal((await definitionAt(PROJECT.replace('python train.py', 'python tr|ain.py'))).locations[0].uri, file('train.py'));
    assert.equal((await definitionAt(PROJECT.replace('default: data/wine.csv', 'default: data/wi|ne.csv'))).locations[0].uri, file('data/wine.csv'));
    assert.deepEqual((await definitionAt(PROJECT.replace('python train.py', 'python other|.py'))).locations, []);
  });

  test('MLmodel env files go to the file', async () => {
    const { locations } = await definitionAt('flavors:\n  python_function:\n    loader_module: m\n    env:\n      conda: con|da.yaml\n', 'MLmodel');
    assert.equal(locations[0].uri, file('conda.yaml'));
  });
});

describe('document symbols', () => {
  test('entry points with their parameters', () => {
    const document = documentOf(PROJECT);
    const symbols = serviceWith().symbols(document);
    assert.deepEqual(symbols.map((s) => s.name), ['main']);
    assert.deepEqual(symbols[0].children!.map((c) => `${c.name}: ${c.detail}`), ['alpha: float (required)', 'l1_ratio: float = 0.1', 'data: path = data/wine.csv']);
    assert.equal(textAt(document, symbols[0].selectionRange), 'main');
  });

  test('MLmodel flavors and signature parts', () => {
    const symbols = serviceWith().symbols(documentOf('flavors:\n  python_function: {loader_module: m}\n  sklearn: {}\nsignature:\n  inputs: "[]"\n', { name: 'MLmodel' }));
    assert.deepEqual(symbols.map((s) => [s.name, s.children!.map((c) => c.name)]), [['flavors', ['python_function', 'sklearn']], ['signature', ['inputs']]]);
  });
});

describe('quick fixes', () => {
  async function fixes(text: string, files = FILES) {
    const service = serviceWith(files);
    const document = documentOf(text);
    const diagnostics = await service.validate(document);
    return { document, diagnostics, actions: service.codeActions(document, diagnostics) };
  }
  const apply = (document: TextDocument, action: CodeAction) => TextDocument.applyEdits(document, Object.values(action.edit!.changes!)[0]);

  test('declare a missing parameter: in block parameters, in flow parameters, with no parameters yet', async () => {
    const block = await fixes(PROJECT.replace('--data {data}', '--data {data} --seed {seed}'));
    assert.equal(block.actions[0].title, "Declare parameter 'seed' in entry point 'main'");
    assert.match(apply(block.document, block.actions[0]), /data: \{type: path, default: data\/wine\.csv\}\n {6}seed: string\n {4}command/);

    const flow = await fixes('entry_points:\n  main:\n    parameters: {a: float}\n    command: "echo {a} {b}"\n');
    assert.equal(apply(flow.document, flow.actions[0]), 'entry_points:\n  main:\n    parameters: {a: float, b: string}\n    command: "echo {a} {b}"\n');

    const none = await fixes('entry_points:\n  main:\n    command: "echo {b}"\n');
    const fixed = apply(none.document, none.actions[0]);
    assert.equal(fixed, 'entry_points:\n  main:\n    parameters:\n      b: string\n    command: "echo {b}"\n');
    assert.deepEqual(await serviceWith().validate(documentOf(fixed)), []);
  });

  test('keep one environment key', async () => {
    const { document, actions } = await fixes('python_env: python_env.yaml\nconda_env: conda.yaml\nentry_points: {main: {command: echo}}\n');
    const titles = [...new Set(actions.map((a) => a.title))];
    assert.deepEqual(titles, ['Keep only python_env (remove conda_env)', 'Keep only conda_env (remove python_env)']);
    assert.equal(apply(document, actions[0]), 'python_env: python_env.yaml\nentry_points: {main: {command: echo}}\n');
  });

  test('create a missing env file', async () => {
    const { actions } = await fixes('name: demo\nconda_env: envs/conda.yaml\nentry_points: {main: {command: echo}}\n');
    assert.equal(actions[0].title, 'Create conda.yaml');
    const [create, write] = actions[0].edit!.documentChanges! as [{ kind: string; uri: string }, { edits: TextEdit[] }];
    assert.equal(create.kind, 'create');
    assert.equal(create.uri, pathToFileURL(path.join(FOLDER, 'envs/conda.yaml')).href);
    assert.match(write.edits[0].newText, /^name: demo\nchannels:/);
  });

  test('change an unknown parameter type to the likely one', async () => {
    const { document, actions } = await fixes('entry_points:\n  main:\n    parameters: {n: integer}\n    command: "echo {n}"\n');
    assert.equal(actions[0].title, "Change the type to 'int'");
    assert.match(apply(document, actions[0]), /\{n: int\}/);
  });
});
