// MLmodel validation on the three real MLmodel files MLflow 3.11 wrote (test/fixtures/mlmodel),
// as they are and with one mistake each, read next to their real env and example files.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { nodeFileSystem } from '../../server/nodeFileSystem';
import { LanguageService } from '../../server/service/languageService';
import { errorsOf, FIXTURES, messageOf, summarize } from './languageTestKit';

const MODELS = path.join(FIXTURES, 'mlmodel');
const IRIS = path.join(MODELS, 'sklearn-iris-file-store', 'MLmodel');
const WINE = path.join(MODELS, 'sklearn-wine-v2-sqlite-store', 'MLmodel');

async function diagnose(file: string, mutate?: (text: string) => string) {
  const original = readFileSync(file, 'utf8');
  const text = mutate ? mutate(original) : original;
  if (mutate) assert.notEqual(text, original, 'the mutation changed nothing');
  const document = TextDocument.create(pathToFileURL(file).href, 'mlmodel', 1, text);
  const diagnostics = await new LanguageService(nodeFileSystem).validate(document);
  return { document, diagnostics, summary: summarize(document, diagnostics) };
}

/** Replaces exactly one occurrence, so a mutation cannot silently miss. */
const once = (search: string | RegExp, replacement: string) => (text: string) => {
  const count = typeof search === 'string' ? text.split(search).length - 1 : (text.match(new RegExp(search, 'g')) ?? []).length;
  assert.equal(count, 1, `expected one ${search} in the fixture`);
  return text.replace(search, replacement);
};

describe('MLmodel: the real files', () => {
  for (const model of readdirSync(MODELS)) {
    test(`${model}/MLmodel has no diagnostics at all`, async () => {
      assert.deepEqual((await diagnose(path.join(MODELS, model, 'MLmodel'))).summary, []);
    });
  }
});

describe('MLmodel: mutated copies', () => {
  const cases: [string, string, (text: string) => string, string[]][] = [
    ['no flavors', IRIS, once(/flavors:\n(?: {2}.*\n)+/, ''), ['error missing-key "artifact_path: file:///home/ml/wine-demo/file-store/mlruns/904218899617163493/models/m-ad1651c13ba844698a7075069fb45767/artifacts"']],
    ['empty flavors', IRIS, once(/flavors:\n(?: {2}.*\n)+/, 'flavors: {}\n'), ['error missing-key "flavors"']],
    ['python_function without loader_module', IRIS, once('    loader_module: mlflow.sklearn\n', ''), ['error missing-key "python_function"']],
    ['an unknown column type (on a continuation line)', WINE, once('"double", "name": "volatile_acidity"', '"doubel", "name": "volatile_acidity"'), ['error invalid-signature "\\"doubel\\""']],
    ['a tensor without tensor-spec', IRIS, once('{"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1]}}', '{"type": "tensor"}'), ['error invalid-signature "{\\"type\\": \\"tensor\\"}"']],
    ['a bad shape', IRIS, once('"shape": [-1]', '"shape": "-1"'), ['error invalid-signature "\\"-1\\""']],
    ['an unknown dtype', IRIS, once('"dtype": "int64"', '"dtype": "integer64"'), ['error invalid-signature "\\"integer64\\""']],
    ['invalid JSON', IRIS, once('"shape": [-1]}}]', '"shape": [-1]}]'), ['error invalid-signature "]"']],
    ['named and unnamed columns mixed', IRIS, once('"name": "sepal_width", ', ''), ['error invalid-signature']],
    ['a params default of the wrong type', IRIS, once('params: null', 'params: \'[{"name": "temperature", "type": "float", "default": "hot", "shape": null}]\''), ['error invalid-signature "\\"hot\\""']],
    ['a missing input example', IRIS, once('artifact_path: input_example.json', 'artifact_path: missing_example.json'), ['error missing-file "missing_example.json"']],
    ['a missing env file', IRIS, once('virtualenv: python_env.yaml', 'virtualenv: py_env.yaml'), ['error missing-file "py_env.yaml"']],
    ['a signature that is not JSON text', IRIS, once("outputs: '[", "outputs:\n    - '["), ['error wrong-type']],
    ['a malformed utc_time_created', IRIS, once("utc_time_created: '2026-11-22 21:42:05.310598'", "utc_time_created: '22/11/2026'"), ['warning malformed-value "\'22/11/2026\'"']],
    ['a malformed model_uuid', IRIS, once('model_uuid: m-ad1651c13ba844698a7075069fb45767', 'model_uuid: 12345'), ['warning wrong-type "12345"']],
    ['a model_uuid that is not hex', IRIS, once('model_uuid: m-ad1651c13ba844698a7075069fb45767', 'model_uuid: not-a-uuid'), ['warning malformed-value "not-a-uuid"']],
    ['an unknown key (MLflow keeps it)', IRIS, once('run_id:', 'custom_key: 1\nrun_id:'), ['info unknown-key "custom_key"']],
  ];
  for (const [name, file, mutate, expected] of cases) {
    test(name, async () => {
      const { summary } = await diagnose(file, mutate);
      assert.equal(summary.length, expected.length, `got ${JSON.stringify(summary)}`);
      expected.forEach((line, i) => assert.ok(summary[i].startsWith(line), `${summary[i]} should start with ${line}`));
    });
  }

  test('the signature error names the part and what MLflow does', async () => {
    const { diagnostics } = await diagnose(IRIS, once('"dtype": "int64"', '"dtype": "integer64"'));
    assert.match(messageOf(diagnostics[0]), /^signature\.outputs: Unknown numpy dtype "integer64"/);
  });

  test('an MLmodel with errors still gets every one (no early stop)', async () => {
    const { diagnostics } = await diagnose(IRIS, (t) => once('virtualenv: python_env.yaml', 'virtualenv: py_env.yaml')(once('    loader_module: mlflow.sklearn\n', '')(t)));
    assert.equal(errorsOf(diagnostics).length, 2);
  });
});
