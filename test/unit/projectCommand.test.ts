// Command lines for both modes, with quoting checked for real where the shell exists: bash reads
// each quoted value back as exactly the original text. PowerShell's quoting is checked against
// its grammar for verbatim strings (no PowerShell on the test machine).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { directCommand, mlflowRunArgs, shellInvocation } from '../../src/mlflow/project/command';
import { readProjectSpec, type EntryPointSpec } from '../../src/mlflow/project/model';
import { resolveParameters } from '../../src/mlflow/project/parameters';
import { commandLine, quotePosix, quotePowerShell } from '../../src/mlflow/project/quote';

const CASES = path.resolve(__dirname, '..', 'test', 'fixtures', 'mlproject-cases');

const HOSTILE = [
  "'; rm -rf ~ #",
  'plain',
  '',
  'two words',
  `it's "quoted"`,
  '$HOME and ${PATH} and $(id)',
  '`whoami`',
  'line one\nline two\n',
  'tab\there',
  'ünïcødé ✓ 日本語',
  '‘curly’ ‚low‛ “double”',
  '-e',
  '--flag=value',
  'a\\b\\\\c',
  '*.py ?[abc]',
  'semi;colon|pipe&amp<in>out',
  '!history',
  '~user',
  '# comment',
  '@splat',
  'a,b',
  '%PATH%',
];

/** What bash hands a program for one word: each argument, NUL-separated. */
function bashArgs(words: string): string[] {
  const out = execFileSync('bash', ['-c', `printf '%s\\0' ${words}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

test('POSIX quoting: bash reads every value back as one literal argument', () => {
  for (const value of HOSTILE) assert.deepEqual(bashArgs(quotePosix(value)), [value], JSON.stringify(value));
  assert.deepEqual(bashArgs(HOSTILE.map(quotePosix).join(' ')), HOSTILE);
});

test("POSIX quoting is Python's shlex.quote: safe words stay bare", () => {
  assert.equal(quotePosix('data/wine-sample.csv'), 'data/wine-sample.csv');
  assert.equal(quotePosix('s3://bucket/x'), 's3://bucket/x');
  assert.equal(quotePosix('a=b,c@d%e+f'), 'a=b,c@d%e+f');
  assert.equal(quotePosix(''), "''");
  assert.equal(quotePosix("it's"), `'it'"'"'s'`);
  assert.equal(quotePosix('ü'), "'ü'");
});

/** PowerShell's verbatim-string grammar: between single-quote characters, a doubled one is one literal. */
function readPowerShellWord(text: string): string {
  if (!/^['\u2018\u2019\u201a\u201b]/.test(text)) {
    assert.match(text, /^[A-Za-z0-9_./:=+-]+$/, `bare word ${text} has a PowerShell metacharacter`);
    return text;
  }
  let value = '';
  let i = 1;
  for (;;) {
    assert.ok(i < text.length, `unterminated ${text}`);
    const c = text[i];
    if (/['\u2018\u2019\u201a\u201b]/.test(c)) {
      if (i + 1 < text.length && /['\u2018\u2019\u201a\u201b]/.test(text[i + 1])) {
        value += c;
        i += 2;
        continue;
      }
      assert.equal(i, text.length - 1, `text after the closing quote in ${text}`);
      return value;
    }
    value += c;
    i++;
  }
}

test('PowerShell quoting: a verbatim string that reads back as the value, curly quotes included', () => {
  for (const value of HOSTILE) assert.equal(readPowerShellWord(quotePowerShell(value)), value, JSON.stringify(value));
  assert.equal(quotePowerShell("'; rm -rf ~ #"), "'''; rm -rf ~ #'");
  assert.equal(quotePowerShell('$env:HOME'), "'$env:HOME'");
  assert.equal(quotePowerShell('--%'), "'--%'");
  assert.equal(quotePowerShell(''), "''");
});

test('command lines: PowerShell calls a quoted program with &', () => {
  assert.equal(commandLine('powershell', ['C:\\Program Files\\mlflow.exe', 'run', "a'b"]), "& 'C:\\Program Files\\mlflow.exe' run 'a''b'");
  assert.equal(commandLine('posix', ['/usr/bin/mlflow', 'run', 'a b']), "/usr/bin/mlflow run 'a b'");
});

const wineMain: EntryPointSpec = {
  name: 'main',
  parameters: [
    { name: 'alpha', type: 'float', default: '0.5' },
    { name: 'name', type: 'string', default: 'x' },
    { name: 'data', type: 'path', default: 'data.csv' },
    { name: 'src', type: 'uri', default: 's3://b/k' },
    { name: 'n', type: 'int' },
  ],
  command: 'python train.py --alpha {alpha} --name {name} --data {data} --src {src} -n {n}',
};
const everywhere = { projectDir: '/p', exists: () => true, remotePaths: true };

test('direct mode: declared values substituted quoted, extras appended as --key value, in bash', () => {
  for (const hostile of HOSTILE) {
    const resolved = resolveParameters(wineMain, { name: hostile, n: '3', 'extra.key': hostile }, everywhere);
    assert.ok(resolved.ok);
    const built = directCommand(wineMain, resolved, 'posix');
    assert.ok(built.ok);
    const argv = bashArgs(built.text.replace(/^python train\.py /, ''));
    assert.deepEqual(argv, ['--alpha', '0.5', '--name', hostile, '--data', '/p/data.csv', '--src', 's3://b/k', '-n', '3', '--extra.key', hostile], JSON.stringify(hostile));
  }
});

test('direct mode in PowerShell: the same values, PowerShell-quoted', () => {
  const resolved = resolveParameters(wineMain, { name: "it's $x", n: '3', more: '‘q’' }, everywhere);
  assert.ok(resolved.ok);
  const built = directCommand(wineMain, resolved, 'powershell');
  assert.deepEqual(built, { ok: true, text: "python train.py --alpha 0.5 --name 'it''s $x' --data /p/data.csv --src s3://b/k -n 3 --more '‘‘q’’'" });
  assert.deepEqual(shellInvocation('powershell', 'x'), { program: 'powershell.exe', args: ['-NoProfile', '-NonInteractive', '-Command', 'x'] });
  assert.deepEqual(shellInvocation('posix', 'x'), { program: 'bash', args: ['-c', 'x'] });
});

test('mlflow mode: an argv with every value verbatim (no shell), experiment and env manager', () => {
  const args = mlflowRunArgs({ projectDir: '/p q', entryPoint: 'main', parameters: { alpha: '0.3', name: "'; rm -rf ~ #" }, experimentName: 'exp ü', envManager: 'uv' });
  assert.deepEqual(args, ['run', '/p q', '-e', 'main', '-P', 'alpha=0.3', '-P', "name='; rm -rf ~ #", '--experiment-name', 'exp ü', '--env-manager', 'uv']);
  assert.deepEqual(mlflowRunArgs({ projectDir: '/p', entryPoint: 'e', parameters: {}, experimentId: '7', envManager: 'local' }), ['run', '/p', '-e', 'e', '--experiment-id', '7', '--env-manager', 'local']);
});

interface RecordedCase {
  case: string;
  ok: boolean;
  stage?: string;
  command?: string;
  message?: string;
  entry_point: string;
  params: Record<string, string>;
}

test("the recorded cases: the same command, or the same refusal, as MLflow's compute_command", () => {
  const results = JSON.parse(readFileSync(path.join(CASES, 'RESULTS.json'), 'utf8')) as RecordedCase[];
  let compared = 0;
  for (const result of results) {
    const dir = path.join(CASES, result.case);
    const file = path.join(dir, 'MLproject');
    if (!existsSync(file) || (!result.ok && result.stage !== 'compute_command')) continue;
    const entry = readProjectSpec(readFileSync(file, 'utf8')).entryPoints.find((e) => e.name === result.entry_point);
    if (!entry) continue;
    compared++;
    const resolved = resolveParameters(entry, result.params, { projectDir: dir, exists: existsSync, remotePaths: true });
    const built = resolved.ok ? directCommand(entry, resolved, 'posix') : { ok: false as const, error: resolved.errors.join('\n') };
    if (result.ok) {
      assert.ok(built.ok, `${result.case}: ${built.ok ? '' : built.error}`);
      assert.equal(built.text.replaceAll(CASES + path.sep, ''), result.command, result.case);
    } else {
      assert.equal(built.ok, false, result.case);
      if (result.message && !/^'|NoneType/.test(result.message)) assert.match(built.ok ? '' : built.error, new RegExp(escape(result.message)), result.case);
    }
  }
  assert.ok(compared >= 8, `only ${compared} cases compared`);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
