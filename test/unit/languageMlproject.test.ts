// MLproject validation, one rule at a time: what MLflow's loader and `mlflow run` reject, at the
// right range, plus the checks a linter adds. Ranges are asserted through the text they cover.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DiagnosticTag } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../../server/service/languageService';
import { MemoryFileSystem, messageOf, summarize, validateText } from './languageTestKit';

const project = (command: string, parameters = '') =>
  `name: demo\npython_env: python_env.yaml\nentry_points:\n  main:\n${parameters ? `    parameters:\n${parameters}` : ''}    command: ${command}\n`;
const ENV = ['python_env.yaml', 'train.py'];

async function summary(text: string, files = ENV): Promise<string[]> {
  return (await validateText(text, { files })).summary;
}

describe('MLproject: commands as Python str.format fills them in', () => {
  test('a declared placeholder, `{{`/`}}` escapes and conversions are fine', async () => {
    assert.deepEqual(await summary(project('"python train.py {alpha!r} {{literal}} }} {alpha:>8}"', '      alpha: {type: float, default: 0.5}\n')), []);
  });

  test('an undeclared placeholder is an error on its name', async () => {
    assert.deepEqual(await summary(project("'python train.py --alpha {alpha} --beta {beta}'", '      alpha: float\n')), ['error undeclared-parameter "beta"']);
  });

  test('unbalanced braces', async () => {
    assert.deepEqual(await summary(project('"echo {x"', '      x: string\n')), ['error unbalanced-brace "{x"']);
    assert.deepEqual(await summary(project('"echo x} {x}"', '      x: string\n')), ['error unbalanced-brace "}"']);
  });

  test('positional fields, bad conversions and numeric format specs', async () => {
    const text = project('"echo {} {0} {x!z} {x:.2f} {x.real}"', '      x: {type: float, default: 1.5}\n');
    assert.deepEqual(await summary(text), [
      'error bad-placeholder "{}"',
      'error bad-placeholder "{0}"',
      'error bad-placeholder "!z"',
      'error bad-placeholder ".2f"',
      'warning bad-placeholder "{x.real}"',
    ]);
  });

  test('a field nested in a format spec must be declared too', async () => {
    assert.deepEqual(await summary(project('"echo {x:>{width}}"', '      x: string\n')), ['error undeclared-parameter "width"']);
  });

  test('ranges are exact in block, folded, escaped and multi-line scalars', async () => {
    const block = 'entry_points:\n  main:\n    command: |\n      python train.py\n        --beta {beta}\n';
    const { document, diagnostics } = await validateText(block, { files: ENV });
    assert.deepEqual(summarize(document, diagnostics), ['error undeclared-parameter "beta"']);
    assert.deepEqual(diagnostics[0].range.start, { line: 4, character: 16 });
    assert.deepEqual(await summary("entry_points:\n  main:\n    command: 'python ''a''\n      {b} {{c}}\n\n      {d}'\n"), [
      'error undeclared-parameter "b"',
      'error undeclared-parameter "d"',
    ]);
    assert.deepEqual(await summary('entry_points:\n  main:\n    command: "python \\"a\\" \\t {e}"\n'), ['error undeclared-parameter "e"']);
  });

  test('a command that is not a string, or missing, is an error', async () => {
    assert.deepEqual(await summary('entry_points:\n  main:\n    command: 42\n'), ['error wrong-type "42"']);
    assert.deepEqual(await summary('entry_points:\n  main:\n    command:\n'), ['error wrong-type "command"']);
    assert.deepEqual(await summary('entry_points:\n  main:\n    parameters: {x: int}\n'), ['error missing-key "main"']);
  });
});

describe('MLproject: parameters', () => {
  test('an unused parameter is a faded hint; one without default says it is still required', async () => {
    const { diagnostics, summary: lines } = await validateText(project('"echo {a}"', '      a: string\n      b: {type: int, default: 1}\n      c: float\n'), { files: ENV });
    assert.deepEqual(lines, ['hint unused-parameter "b"', 'hint unused-parameter "c"']);
    assert.deepEqual(diagnostics[0].tags, [DiagnosticTag.Unnecessary]);
    assert.match(messageOf(diagnostics[1]), /requires a value/);
  });

  test('unknown types are warnings with a suggestion', async () => {
    const lines = await summary(project('"echo {a} {b}"', '      a: integer\n      b: {type: flaot, default: 1}\n'));
    assert.deepEqual(lines, ['warning unknown-parameter-type "integer"', 'warning unknown-parameter-type "flaot"']);
  });

  test('float and int defaults are read as Python would', async () => {
    const parameters = [
      'f1: {type: float, default: 0.5}',
      'f2: {type: float, default: 1e-3}',
      'f3: {type: float, default: .5}',
      'f4: {type: float, default: "1_000.5"}',
      'f5: {type: float, default: abc}',
      'f6: {type: float, default: true}',
      'i1: {type: int, default: 3}',
      'i2: {type: int, default: 1_000}',
      'i3: {type: int, default: 0x1F}',
      'i4: {type: int, default: 1.5}',
      'i5: {type: int, default: "ten"}',
    ];
    const command = `"echo ${parameters.map((p) => `{${p.split(':')[0]}}`).join(' ')}"`;
    assert.deepEqual(await summary(project(command, parameters.map((p) => `      ${p}\n`).join(''))), [
      'warning invalid-default "abc"',
      'warning invalid-default "true"',
      'warning invalid-default "1.5"',
      'warning invalid-default "\\"ten\\""',
    ]);
  });

  test('a uri default needs a scheme; a path default must exist (relative to the MLproject)', async () => {
    const parameters = [
      "u1: {type: uri, default: 's3://bucket/x'}",
      'u2: {type: uri, default: plainword}',
      'p1: {type: path, default: data/train.csv}',
      'p2: {type: path, default: missing.csv}',
      "p3: {type: path, default: 's3://bucket/remote.csv'}",
      "p4: {type: path, default: 'file:///work/project/data/train.csv'}",
      'p5: {type: path, default: data}',
    ];
    const command = `"echo ${parameters.map((p) => `{${p.split(':')[0]}}`).join(' ')}"`;
    assert.deepEqual(await summary(project(command, parameters.map((p) => `      ${p}\n`).join('')), [...ENV, 'data/train.csv']), [
      'error invalid-default "plainword"',
      'error missing-file "missing.csv"',
    ]);
  });

  test('a parameter must be a type name or a mapping', async () => {
    assert.deepEqual(await summary(project('"echo {x} {y}"', '      x: 5\n      y:\n')), ['error wrong-type "5"', 'error wrong-type "y"']);
  });
});

describe('MLproject: environments', () => {
  test('two environment keys are an error on each, even when one is empty', async () => {
    const text = 'python_env:\nconda_env: conda.yaml\nentry_points:\n  main:\n    command: echo\n';
    assert.deepEqual(await summary(text, ['conda.yaml']), ['error multiple-environments "python_env"', 'error multiple-environments "conda_env"']);
  });

  test('an env file that is missing or a folder is an error on its name', async () => {
    assert.deepEqual(await summary('python_env: envs/py.yaml\nentry_points: {main: {command: echo}}\n', []), ['error missing-env-file "envs/py.yaml"']);
    assert.deepEqual(await summary('conda_env: envs\nentry_points: {main: {command: echo}}\n', ['envs/conda.yaml']), ['error missing-env-file "envs"']);
  });

  test('docker_env: image required, volumes strings, environment names or pairs, project name required', async () => {
    const text = [
      'name: demo',
      'docker_env:',
      '  image: python:3.11',
      '  volumes: ["/a:/a", 8080]',
      "  environment: [['A', 'b'], 'HOME', ['ONLY'], ['X', 'y', 'z'], {K: v}]",
      'entry_points: {main: {command: echo}}',
      '',
    ].join('\n');
    assert.deepEqual(await summary(text), ['error wrong-type "8080"', 'error docker-environment "[\'ONLY\']"', 'warning docker-environment "[\'X\', \'y\', \'z\']"', 'error wrong-type "{K: v}"']);
    assert.deepEqual(await summary('docker_env: {}\nentry_points: {main: {command: echo}}\n'), []);
    assert.deepEqual(await summary('name: x\ndocker_env: {image: ""}\nentry_points: {main: {command: echo}}\n'), ['error docker-environment "\\"\\""']);
  });

  test('databricks_spark_job: python_file or entry_points, no environments, no path parameters', async () => {
    assert.deepEqual(await summary('databricks_spark_job: {python_libraries: [x]}\n'), ['error databricks-spark-job "databricks_spark_job"']);
    const text = 'python_env: python_env.yaml\ndatabricks_spark_job: {python_file: job.py}\nentry_points:\n  main:\n    parameters: {p: path}\n    command: "run {p}"\n';
    assert.deepEqual(await summary(text), [
      'error databricks-spark-job "python_env"',
      'error databricks-spark-job "databricks_spark_job"',
      'error databricks-spark-job "path"',
    ]);
  });
});

describe('MLproject: the file as a whole', () => {
  test('YAML syntax errors, a non-mapping root, an empty or comment-only file', async () => {
    assert.deepEqual((await summary('entry_points:\n  main: {command: "echo"\n')).slice(0, 1), ['error yaml-syntax ""']);
    assert.deepEqual(await summary('- a\n- b\n'), ['error wrong-type "- a\\n- b\\n"']);
    assert.deepEqual(await summary('# only a comment\n'), ['error empty-file "# only a comment"']);
  });

  test('unknown and repeated keys are warnings, with a suggestion', async () => {
    const text = 'entry_point:\n  main: {command: echo}\nentry_points:\n  main:\n    comand: echo\n    command: echo\n    command: echo again\n';
    assert.deepEqual(await summary(text, []), [
      'warning unknown-key "entry_point"',
      'warning unknown-key "comand"',
      'warning duplicate-key "command"',
    ]);
    const { diagnostics } = await validateText(text);
    assert.match(messageOf(diagnostics[0]), /Did you mean `entry_points`\?/);
  });

  test('the script a command runs must exist next to the MLproject (a warning)', async () => {
    const text = project('"python train.py && bash scripts/post.sh && python {s}"', '      s: string\n');
    assert.deepEqual(await summary(text, [...ENV, 'train.py']), ['warning missing-file "scripts/post.sh"']);
  });

  test('documents that are not files (untitled) get no file-system diagnostics', async () => {
    const document = TextDocument.create('untitled:Untitled-1', 'mlproject', 1, 'python_env: nope.yaml\nentry_points: {main: {command: "python x.py"}}\n');
    assert.deepEqual(await new LanguageService(new MemoryFileSystem()).validate(document), []);
  });
});
