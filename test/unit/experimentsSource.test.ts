import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { resolveSourceFile } from '../../src/experiments/source';

test('a source recorded on another machine is found by its trailing path in the workspace', async () => {
  const workspace = await mkdtemp(path.join(tmpdir(), 'mlflow-src-'));
  await mkdir(path.join(workspace, 'wine-demo', 'src'), { recursive: true });
  await writeFile(path.join(workspace, 'wine-demo', 'src', 'train.py'), 'print(1)\n');
  await writeFile(path.join(workspace, 'train.py'), 'print(2)\n');
  assert.equal(await resolveSourceFile('/home/ml/wine-demo/src/train.py', [workspace]), path.join(workspace, 'wine-demo', 'src', 'train.py'));
  assert.equal(await resolveSourceFile('/home/ml/other/train.py', [workspace]), path.join(workspace, 'train.py'));
  assert.equal(await resolveSourceFile('/home/ml/missing.py', [workspace]), undefined);
});

test('an existing absolute source inside the workspace opens as recorded; outside it does not', async () => {
  const workspace = await mkdtemp(path.join(tmpdir(), 'mlflow-src-'));
  const outside = await mkdtemp(path.join(tmpdir(), 'mlflow-out-'));
  await writeFile(path.join(workspace, 'a.py'), '');
  await writeFile(path.join(outside, 'b.py'), '');
  assert.equal(await resolveSourceFile(path.join(workspace, 'a.py'), [workspace]), path.join(workspace, 'a.py'));
  assert.equal(await resolveSourceFile(path.join(outside, 'b.py'), [workspace]), undefined);
});
