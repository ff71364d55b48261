// The one reader of Python's str.format for MLproject commands: `scanCommand` (what the language
// server checks) and `formatCommand` (what the runner fills in). Expected texts were checked
// against CPython 3's `str.format` with the same string values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCommand, pythonAscii, pythonRepr, scanCommand } from '../../src/mlflow/project/format';

const values = new Map([
  ['x', 'ab'],
  ['y', "q'"],
  ['u', 'abü'],
  ['w', '5'],
  ['e', '😀é'],
]);

function ok(template: string): string {
  const result = formatCommand(template, values);
  assert.ok(result.ok, `${template}: ${result.ok ? '' : result.error}`);
  return result.text;
}

test('str.format as Python applies it: braces, conversions, string specs, and what it rejects', () => {
  assert.equal(ok('{{literal}} {x}}}'), '{literal} ab}');
  assert.equal(ok('{{{u}}} }}{{'), '{abü} }{');
  assert.equal(ok('{x!s} {x!r} {y!r}'), `ab 'ab' "q'"`);
  assert.equal(ok('[{x:>5}] [{x:*^6}] [{x:<4}] [{x:.1}] [{x:3s}]'), '[   ab] [**ab**] [ab  ] [a] [ab ]');
  assert.equal(pythonRepr('a\nb\\'), "'a\\nb\\\\'");
  for (const bad of ['{z}', '{}', '{0}', '{x.upper}', '{x[0]}', '{x!z}', '{x:d}', '{x', 'x}', '{x:>{y}}']) {
    assert.equal(formatCommand(bad, values).ok, false, bad);
  }
});

test('str.format: the 0 flag, !a, specs after a conversion, and fields nested in a spec', () => {
  assert.equal(ok('{u:05}|{u:*>05}|{u:05.1}|{u:}|{u:<}|{u!s:.2}'), 'abü00|**abü|a0000|abü|abü|ab');
  assert.equal(ok('{u!a} {e!a} {e!r} {u!r:>8}'), `'ab\\xfc' '\\U0001f600\\xe9' '😀é'    'abü'`);
  assert.equal(pythonAscii('é😀\u20ac'), "'\\xe9\\U0001f600\\u20ac'");
  assert.equal(ok('[{u:>{w}}] [{u:{w}<6}] [{u:>{w}.{w}}] [{u:^{w}}]'), '[  abü] [abü555] [  abü] [ abü ]');
  assert.equal(ok('{u:{w}{w}}'), `abü${' '.repeat(52)}`);
  // A nested field is filled as a string too; Python then rejects the spec it makes.
  assert.deepEqual(formatCommand('{u:{w!r}}', values), { ok: false, error: "Format spec ''5'' of {u:{w!r}}: Invalid format spec `'5'`." });
  assert.equal(formatCommand('{u:{w:{w}}}', values).ok, false, 'Max string recursion exceeded');
  assert.equal(formatCommand('{u:{z}}', values).ok, false, 'an undeclared nested field');
  for (const bad of ['{u:z}', '{u:=5}', '{u:+}', '{u:,}', '{u:#}', '{u!}', '{u!r }', '{u!rr}']) {
    assert.equal(formatCommand(bad, values).ok, false, bad);
  }
});

test('the scan keeps going: every field and every problem, at their offsets in the command', () => {
  const command = 'python t.py {alpha!r:>{width}} {{lit}} {} {x.real} } {x!q} {x:.2f} {y:{a:{b}}}';
  const { fields, problems } = scanCommand(command);
  const at = (start: number, end: number) => command.slice(start, end);
  assert.deepEqual(
    fields.map((f) => [at(f.start, f.end), f.name, at(f.nameStart, f.nameEnd), f.accessors, f.conversion, f.spec, f.nested]),
    [
      ['{alpha!r:>{width}}', 'alpha', 'alpha', '', 'r', '>{width}', false],
      ['{width}', 'width', 'width', '', undefined, undefined, true],
      ['{}', '', '', '', undefined, undefined, false],
      ['{x.real}', 'x', 'x', '.real', undefined, undefined, false],
      ['{x!q}', 'x', 'x', '', 'q', undefined, false],
      ['{x:.2f}', 'x', 'x', '', undefined, '.2f', false],
      ['{y:{a:{b}}}', 'y', 'y', '', undefined, '{a:{b}}', false],
      ['{a:{b}}', 'a', 'a', '', undefined, '{b}', true],
    ],
  );
  assert.deepEqual(
    problems.map((p) => [p.kind, at(p.start, p.end)]),
    [
      ['brace', '}'],
      ['field', '!q'],
      ['field', '.2f'],
      ['field', '{a:{b}}'],
    ],
  );
  assert.deepEqual(
    scanCommand('echo {x').problems.map((p) => [p.kind, p.start, p.end]),
    [['brace', 5, 7]],
  );
  // Whatever the scan calls a problem, the runner refuses.
  for (const problem of ['{x!q}', '{x:.2f}', '}', '{x', '{y:{a:{b}}}', '{x:z}']) {
    assert.ok(scanCommand(problem).problems.length > 0, problem);
    assert.equal(formatCommand(problem, new Map([['x', '1'], ['y', '2'], ['a', '3'], ['b', '4']])).ok, false, problem);
  }
});
