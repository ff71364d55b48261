/**
 * A file store of the size that made the legacy file store slow in MLflow itself: experiment 1
 * with 2,000 runs, each with `meta.yaml`, 4 params, 6 tags, 3 metric files of 200 points and an
 * empty `artifacts/` (28,000 files). Written by test/unit/fileStoreScale.test.ts and, kept in
 * the temp folder, by bench/fileStoreBench.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const SCALE = {
  runs: 2_000,
  points: 200,
  params: ['alpha', 'l1_ratio', 'seed', 'optimizer'],
  tags: ['mlflow.runName', 'mlflow.user', 'mlflow.source.name', 'team', 'stage', 'note'],
  metrics: ['loss', 'val_loss', 'accuracy'],
} as const;

/** Run `i`'s id: its index in hex, 32 digits. */
export const scaleRunId = (i: number) => i.toString(16).padStart(32, '0');

/** Writes the store's `mlruns/` under `root`; returns its path. Run i's `loss` ends at (i + 199) / 1000. */
export function writeScaleFileStore(root: string): string {
  const mlruns = path.join(root, 'mlruns');
  const experiment = path.join(mlruns, '1');
  fs.mkdirSync(experiment, { recursive: true });
  fs.writeFileSync(path.join(experiment, 'meta.yaml'), "artifact_location: file:///elsewhere/mlruns/1\nexperiment_id: '1'\nlifecycle_stage: active\nname: scale\ncreation_time: 1\n");
  for (let i = 0; i < SCALE.runs; i++) {
    const id = scaleRunId(i);
    const run = path.join(experiment, id);
    for (const folder of ['params', 'tags', 'metrics', 'artifacts']) fs.mkdirSync(path.join(run, folder), { recursive: true });
    fs.writeFileSync(
      path.join(run, 'meta.yaml'),
      `artifact_uri: file:///elsewhere/mlruns/1/${id}/artifacts\nend_time: ${2_000_000 + i}\nexperiment_id: '1'\nlifecycle_stage: active\nrun_id: ${id}\nrun_name: run-${i}\nstart_time: ${1_000_000 + i}\nstatus: 3\nuser_id: ml\n`,
    );
    for (const key of SCALE.params) fs.writeFileSync(path.join(run, 'params', key), String(i % 7));
    for (const key of SCALE.tags) fs.writeFileSync(path.join(run, 'tags', key), key === 'mlflow.runName' ? `run-${i}` : `value ${i % 3}`);
    for (const key of SCALE.metrics) {
      const lines = Array.from({ length: SCALE.points }, (_, step) => `${1_000_000 + step} ${(i + step) / 1000} ${step}`);
      fs.writeFileSync(path.join(run, 'metrics', key), `${lines.join('\n')}\n`);
    }
  }
  return mlruns;
}
