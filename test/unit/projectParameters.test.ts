// Parameter values as `mlflow run` checks them, the prompt's as-you-type validation for every
// type, extra `key=value` parameters, and the tracking environment a run gets.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { trackingEnvironment, trackingUri } from '../../src/mlflow/project/environment';
import type { EntryPointSpec, ParameterSpec } from '../../src/mlflow/project/model';
import { parameterValueProblem, parseExtraParameter, resolveParameters } from '../../src/mlflow/project/parameters';

const project = mkdtempSync(path.join(tmpdir(), 'mlproject-'));
writeFileSync(path.join(project, 'data.csv'), 'a,b\n');
const check = { projectDir: project, exists: existsSync };

const entry: EntryPointSpec = {
  name: 'main',
  parameters: [
    { name: 'data', type: 'path', default: 'data.csv' },
    { name: 'source', type: 'uri', default: 's3://b/k' },
    { name: 'required', type: 'string' },
  ],
  command: 'echo {data} {source} {required}',
};

test('defaults fill in, local paths become absolute, extras are kept apart, in declaration order', () => {
  const resolved = resolveParameters(entry, { extra: 'x=y', required: 'r' }, { ...check, remotePaths: false });
  assert.ok(resolved.ok);
  assert.deepEqual([...resolved.declared], [['data', path.join(project, 'data.csv')], ['source', 's3://b/k'], ['required', 'r']]);
  assert.deepEqual([...resolved.extra], [['extra', 'x=y']]);
  const fileUri = resolveParameters(entry, { required: '', data: `file://${project}/data.csv` }, { ...check, remotePaths: false });
  assert.ok(fileUri.ok);
  assert.equal(fileUri.declared.get('data'), path.join(project, 'data.csv'));
  assert.equal(fileUri.declared.get('required'), '');
});

test("MLflow's refusals: a missing required value, a missing local file, a URI without scheme, a bad extra name", () => {
  const resolved = resolveParameters(entry, { data: 'nope.csv', source: 'plainword', 'bad key': '1' }, { ...check, remotePaths: true });
  assert.equal(resolved.ok, false);
  assert.deepEqual(!resolved.ok && resolved.errors, [
    "No value given for missing parameters: 'required'",
    'Got value nope.csv for parameter data, but no such file or directory was found.',
    'Expected URI for parameter source but got plainword',
    '"bad key" is not a valid parameter name (letters, digits, _ . -)',
  ]);
});

test('remote path values pass to mlflow run, and are refused without it (nothing would download them)', () => {
  const given = { data: 's3://bucket/data.csv', required: 'r' };
  const withCli = resolveParameters(entry, given, { ...check, remotePaths: true });
  assert.equal(withCli.ok && withCli.declared.get('data'), 's3://bucket/data.csv');
  const direct = resolveParameters(entry, given, { ...check, remotePaths: false });
  assert.match(direct.ok ? '' : direct.errors.join(), /remote path s3:\/\/bucket\/data\.csv: downloading it needs the mlflow CLI/);
});

test('prompt validation by type, as you type', () => {
  const p = (type: string, defaultValue?: string): ParameterSpec => ({ name: 'v', type, default: defaultValue });
  const valid: [ParameterSpec, string][] = [
    [p('float'), '0.5'], [p('float'), '-1e-3'], [p('float'), '1_000.5'], [p('float'), 'inf'], [p('float'), ' 2 '], [p('float'), '3'],
    [p('int'), '42'], [p('int'), '-7'], [p('int'), '1_000'],
    [p('uri'), 's3://b/k'], [p('uri'), 'file:///tmp'], [p('uri'), 'models:/m/1'],
    [p('path'), 'data.csv'], [p('path'), project], [p('path'), `file://${project}`], [p('path'), 's3://remote/only'],
    [p('string'), 'anything at all'], [p('string', 'd'), ''], [p('mystery'), 'x'],
  ];
  for (const [parameter, value] of valid) assert.equal(parameterValueProblem(parameter, value, check), undefined, `${parameter.type} ${value}`);
  const invalid: [ParameterSpec, string, RegExp][] = [
    [p('float'), 'abc', /float: abc is not a number/], [p('float'), '1.2.3', /not a number/], [p('float', '1'), '', /not a number/],
    [p('int'), '1.5', /int: 1.5 is not a whole number/], [p('int'), '0x10', /whole number/],
    [p('uri'), 'plainword', /add a scheme/], [p('uri'), '/abs/path', /add a scheme/],
    [p('path'), 'missing.csv', /missing\.csv does not exist/], [p('path', 'data.csv'), '', /name a file or folder/],
    [p('string'), '', /v is required/], [p('float'), '', /v is required/],
  ];
  for (const [parameter, value, message] of invalid) assert.match(parameterValueProblem(parameter, value, check) ?? 'accepted', message, `${parameter.type} ${JSON.stringify(value)}`);
});

test('extra parameters are key=value, the value may hold = and anything else', () => {
  assert.deepEqual(parseExtraParameter('seed=42'), { key: 'seed', value: '42' });
  assert.deepEqual(parseExtraParameter(" note = a=b '$x' "), { key: 'note', value: " a=b '$x' " });
  assert.deepEqual(parseExtraParameter('flag='), { key: 'flag', value: '' });
  for (const bad of ['=1', 'novalue', 'two words=1', '-x=1', 'a;b=1']) assert.ok('error' in parseExtraParameter(bad), bad);
});

test('tracking environment: the embedded SQLite store, a file store, a server with credentials and workspace', () => {
  assert.deepEqual(trackingEnvironment({ kind: 'sqlite', path: '/w/mlflow.db' }, { name: 'wine', id: '1' }), {
    MLFLOW_TRACKING_URI: 'sqlite:////w/mlflow.db',
    MLFLOW_EXPERIMENT_NAME: 'wine',
    MLFLOW_EXPERIMENT_ID: '1',
  });
  assert.equal(trackingUri({ kind: 'sqlite', path: 'C:\\w\\mlflow.db' }), 'sqlite:///C:/w/mlflow.db');
  assert.deepEqual(trackingEnvironment({ kind: 'file', path: '/w/my runs' }), { MLFLOW_TRACKING_URI: 'file:///w/my%20runs' });
  assert.deepEqual(
    trackingEnvironment({ kind: 'rest', uri: 'https://m.example', auth: { kind: 'basic', username: 'u', password: 'p' }, workspace: 'team', caCertPath: '/ca.pem', insecureTls: true }, { name: 'new one' }),
    {
      MLFLOW_TRACKING_URI: 'https://m.example',
      MLFLOW_TRACKING_USERNAME: 'u',
      MLFLOW_TRACKING_PASSWORD: 'p',
      MLFLOW_WORKSPACE: 'team',
      MLFLOW_TRACKING_SERVER_CERT_PATH: '/ca.pem',
      MLFLOW_TRACKING_INSECURE_TLS: 'true',
      MLFLOW_EXPERIMENT_NAME: 'new one',
    },
  );
  assert.deepEqual(trackingEnvironment(undefined, { id: '3' }), { MLFLOW_EXPERIMENT_ID: '3' });
  assert.deepEqual(trackingEnvironment({ kind: 'rest', uri: 'databricks', auth: { kind: 'bearer', token: 't' } }), { MLFLOW_TRACKING_URI: 'databricks', MLFLOW_TRACKING_TOKEN: 't' });
});
