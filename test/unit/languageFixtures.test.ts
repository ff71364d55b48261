// The 22 MLproject cases MLflow 3.11's own loader was run on (test/fixtures/mlproject-cases,
// RESULTS.json says what MLflow did), read from disk as the server reads them.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { nodeFileSystem } from '../../server/nodeFileSystem';
import { LanguageService } from '../../server/service/languageService';
import { errorsOf, FIXTURES, messageOf, summarize } from './languageTestKit';

const CASES = path.join(FIXTURES, 'mlproject-cases');
const RESULTS: { case: string; ok: boolean; stage?: string; message?: string }[] = JSON.parse(readFileSync(path.join(CASES, 'RESULTS.json'), 'utf8'));

/**
 * For every case MLflow rejects because of the file: the errors expected, as
 * `error <code> "<text the range covers>"`, and nothing else may be an error.
 */
const REJECTED: Record<string, string[]> = {
  'string-entry-point': ['error wrong-type "\'python train.py\'"'],
  'multiple-env-fields': ['error multiple-environments "python_env"', 'error multiple-environments "conda_env"'],
  'missing-python-env-file': ['error missing-env-file "nope.yaml"'],
  'missing-conda-file': ['error missing-env-file "nope.yaml"'],
  // Without `name`, `mlflow run` would fail in its Docker backend as well (validate_docker_env).
  'docker-env-no-image': ['error missing-key "docker_env"', 'error docker-environment "docker_env"'],
  'docker-env-bad-volumes': ['error wrong-type "\'/a:/a\'"', 'error docker-environment "docker_env"'],
  'undeclared-placeholder': ['error undeclared-parameter "y"'],
  'entry-point-without-command': ['error missing-key "main"'],
  'path-default-missing-file': ['error missing-file "missing.csv"'],
  'empty-file': ['error empty-file ""'],
};

/**
 * Cases MLflow rejects because of the command line, not the file: the parameter has no default
 * and `-P` was not given, `-e` names no entry point, or `-P u=plainword` is not a URI. The file is
 * right; an error in the editor would be wrong.
 */
const REJECTED_BY_INVOCATION = new Set(['missing-required-param', 'unknown-entry-point', 'uri-param-not-a-uri']);

/**
 * Cases the RESULTS driver accepted, with the errors still expected. It ran load_project and
 * compute_command only; `mlflow run` with a `docker_env` also calls validate_docker_env, which
 * requires the project `name` (mlflow/projects/docker.py) — so docker-env-ok fails to run.
 */
const ACCEPTED_WITH_ERRORS: Record<string, string[]> = {
  'docker-env-ok': ['error docker-environment "docker_env"'],
};

function mlprojectIn(folder: string): string | undefined {
  const name = readdirSync(folder).find((file) => file.toLowerCase() === 'mlproject');
  return name && path.join(folder, name);
}

async function diagnose(file: string) {
  const document = TextDocument.create(pathToFileURL(file).href, 'mlproject', 1, readFileSync(file, 'utf8'));
  const diagnostics = await new LanguageService(nodeFileSystem).validate(document);
  return { document, diagnostics, errors: summarize(document, errorsOf(diagnostics)) };
}

describe('MLflow 3.11 MLproject cases', () => {
  test('every case of RESULTS.json is classified here', () => {
    assert.equal(RESULTS.length, 22);
    for (const result of RESULTS) {
      const known = result.ok ? true : result.case in REJECTED || REJECTED_BY_INVOCATION.has(result.case);
      assert.ok(known, `case ${result.case} (${result.ok ? 'ok' : result.stage}) has no expectation`);
    }
  });

  for (const result of RESULTS) {
    const folder = path.join(CASES, result.case);
    const file = mlprojectIn(folder);
    if (!file) {
      test(`${result.case}: no MLproject file, nothing to check (MLflow ${result.ok ? 'accepts' : 'rejects'} it)`, () => {
        assert.equal(result.ok, true);
        assert.ok(readdirSync(folder).length > 0);
      });
      continue;
    }
    if (!result.ok && REJECTED[result.case]) {
      test(`${result.case}: MLflow fails at ${result.stage} — an error where it is wrong`, async () => {
        const { errors } = await diagnose(file);
        assert.deepEqual([...errors].sort(), [...REJECTED[result.case]].sort(), `MLflow: ${result.message}`);
      });
    } else if (!result.ok) {
      test(`${result.case}: MLflow fails only because of the command line — no error in the file`, async () => {
        const { errors } = await diagnose(file);
        assert.deepEqual(errors, [], `MLflow: ${result.message}`);
      });
    } else {
      const expected = ACCEPTED_WITH_ERRORS[result.case] ?? [];
      test(`${result.case}: MLflow accepts it — ${expected.length ? 'only the documented run-time error' : 'no error'}`, async () => {
        const { errors } = await diagnose(file);
        assert.deepEqual(errors, expected);
      });
    }
  }

  test('the lowercase file name `mlproject` is recognized without a language id', async () => {
    const file = mlprojectIn(path.join(CASES, 'lowercase-filename'))!;
    assert.equal(path.basename(file), 'mlproject');
    const document = TextDocument.create(pathToFileURL(file).href, 'plaintext', 1, 'entry_points: {main: {command: "echo {x}"}}\n');
    const diagnostics = await new LanguageService(nodeFileSystem).validate(document);
    assert.deepEqual(summarize(document, diagnostics), ['error undeclared-parameter "x"']);
  });

  test('what each rejection says names MLflow’s own failure', async () => {
    const { diagnostics } = await diagnose(path.join(CASES, 'multiple-env-fields', 'MLproject'));
    assert.match(messageOf(diagnostics[0]), /Project cannot contain multiple environment fields/);
    const missing = await diagnose(path.join(CASES, 'missing-python-env-file', 'MLproject'));
    assert.match(messageOf(missing.diagnostics[0]), /no such file was found/);
  });
});
