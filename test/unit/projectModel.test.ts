// The shared MLproject model: what `mlflow run` reads from an MLproject, defaults as the
// strings Python substitutes, checked against MLflow's own results on the recorded cases.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { readProjectSpec, pythonFloat, pythonStr } from '../../src/mlflow/project/model';

const CASES = path.resolve(__dirname, '..', 'test', 'fixtures', 'mlproject-cases');
const WINE = path.resolve(__dirname, '..', 'examples', 'wine-quality', 'MLproject');

test('the example project: entry points, types, defaults and commands in document order', () => {
  const spec = readProjectSpec(readFileSync(WINE, 'utf8'));
  assert.equal(spec.name, 'wine-quality-project');
  assert.equal(spec.environment, 'python_env');
  assert.deepEqual(spec.errors, []);
  assert.deepEqual(spec.entryPoints.map((entry) => entry.name), ['main', 'validate', 'shell_step']);
  assert.deepEqual(spec.entryPoints[0].parameters, [
    { name: 'alpha', type: 'float', default: '0.5' },
    { name: 'l1_ratio', type: 'float', default: '0.1' },
    { name: 'max_iter', type: 'int', default: '1000' },
    { name: 'model_name', type: 'string', default: 'elasticnet' },
    { name: 'data_path', type: 'path', default: 'data/wine-sample.csv' },
  ]);
  assert.deepEqual(spec.entryPoints[1].parameters[0], { name: 'data_path', type: 'path' });
  assert.equal(spec.entryPoints[2].command, 'echo running a plain shell entry point');
  assert.deepEqual(spec.entryPoints[2].parameters, []);
});

test('defaults print as Python str() of what PyYAML (YAML 1.1) loads', () => {
  const spec = readProjectSpec(
    [
      'entry_points:',
      '  main:',
      '    parameters:',
      '      a: {type: float, default: 1.0}',
      '      b: {default: yes}',
      '      c: {type: int, default: 1_000}',
      '      d: {default: 0x1F}',
      '      e: {default: .inf}',
      '      f: {default: 2024-01-02}',
      '      g: {type: float, default: ~}',
      '      h: {default: 1.0e-5}',
      '      j: {default: 1e3}',
      '      n: {default: n}',
      '      i:',
      '    command: echo',
    ].join('\n'),
  );
  assert.deepEqual(
    spec.entryPoints[0].parameters.map((p) => [p.name, p.type, p.default]),
    [
      ['a', 'float', '1.0'],
      ['b', 'string', 'True'],
      ['c', 'int', '1000'],
      ['d', 'string', '31'],
      ['e', 'string', 'inf'],
      ['f', 'string', '2024-01-02'],
      ['g', 'float', undefined],
      ['h', 'string', '1e-05'],
      ['j', 'string', '1e3'],
      ['n', 'string', 'n'],
      ['i', 'string', undefined],
    ],
  );
});

test("Python's float repr: shortest digits, exponent outside [1e-4, 1e16)", () => {
  const cases: [number, string][] = [
    [0.5, '0.5'], [1, '1.0'], [-0, '-0.0'], [100, '100.0'], [0.0001, '0.0001'], [0.00001, '1e-05'],
    [1e16, '1e+16'], [1234567890123456, '1234567890123456.0'], [1.5e300, '1.5e+300'], [0.1 + 0.2, '0.30000000000000004'],
    [-2.5e-7, '-2.5e-07'], [NaN, 'nan'], [-Infinity, '-inf'],
  ];
  for (const [value, expected] of cases) assert.equal(pythonFloat(value), expected, String(value));
  assert.equal(pythonStr(12n), '12');
  assert.equal(pythonStr(false), 'False');
});

test('a broken file keeps what was read before the error and reports it; junk yields no entry points', () => {
  const spec = readProjectSpec('entry_points:\n  main:\n    command: "echo {x}"\n  other: [unclosed\n');
  assert.ok(spec.errors.length > 0);
  assert.deepEqual(readProjectSpec('').entryPoints, []);
  assert.deepEqual(readProjectSpec('- a list\n').entryPoints, []);
  const stringEntry = readProjectSpec(readFileSync(path.join(CASES, 'string-entry-point', 'MLproject'), 'utf8'));
  assert.deepEqual(stringEntry.entryPoints.map((e) => [e.name, e.command]), [['main', undefined]]);
});

test('every recorded case with an MLproject loads without throwing', () => {
  const results = JSON.parse(readFileSync(path.join(CASES, 'RESULTS.json'), 'utf8')) as { case: string }[];
  for (const result of results) {
    const file = path.join(CASES, result.case, 'MLproject');
    if (existsSync(file)) assert.doesNotThrow(() => readProjectSpec(readFileSync(file, 'utf8')), result.case);
  }
});
