// `npm run bench`, the panels' part: sampling a 200,000-point history to 1,000 points in the
/* global window, document, requestAnimationFrame, performance */
// host (ms), and the Charts panel's webview in Debian's Chromium drawing 10 runs × 2,500 points
// (ms from the snapshot message to the first painted frame of the chart), next to the same 10
// histories drawn unsampled (200,000 points each). Targets: sampling ≤ 20 ms, chart ≤ 200 ms.
// Prints a table and writes bench/results/panels-latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadFixture, openPanel, root, shutdown } from '../test/webview/harness.mjs';

// `--reps N` (npm run bench -- --reps N), else BENCH_REPS, else 5.
const repsAt = process.argv.indexOf('--reps');
const REPS = Number(repsAt > 0 ? process.argv[repsAt + 1] : (process.env.BENCH_REPS ?? 5));
const RUNS = 10;
const FULL = 200_000;
const SAMPLED = 2_500;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function history(seed, length) {
  let value = 2 + seed * 0.1;
  return Array.from({ length }, (_, step) => {
    value = Math.max(0.01, value * 0.99997 + Math.sin(step * (seed + 1) * 0.001) * 0.002 + ((step * 7919 + seed * 104729) % 997) / 997 - 0.5) * 1;
    return { key: 'loss', value: value / (1 + step / 20_000), step, timestamp: 1_700_000_000_000 + step * 100 };
  });
}

const fixture = await loadFixture();
const { downsampleMetric, toSeries } = fixture.data;
try {
  const full = Array.from({ length: RUNS }, (_, run) => history(run, FULL));
  const samplingMs = [];
  for (let rep = 0; rep < REPS + 1; rep++) {
    const started = performance.now();
    downsampleMetric(full[rep % RUNS], 1000);
    if (rep) samplingMs.push(performance.now() - started);
  }

  const snapshot = (points) => ({
    type: 'snapshot',
    snapshot: {
      runs: points.map((_, i) => ({ runId: `r${i}`, name: `run-${i}`, status: 'FINISHED', colorIndex: i, startTime: 1_700_000_000_000 })),
      omittedRuns: [],
      maxRunsPerChart: RUNS,
      metricKeys: ['loss'],
      metrics: ['loss'],
      series: { loss: points.map((p, i) => toSeries(`r${i}`, p)) },
      maxPoints: SAMPLED,
      live: false,
    },
  });
  const sampled = snapshot(full.map((points) => downsampleMetric(points, SAMPLED)));
  const unsampled = snapshot(full);

  async function firstPaint(message) {
    const view = await openPanel('charts', { data: fixture.data });
    try {
      return await view.page.evaluate(
        (m) =>
          new Promise((resolve) => {
            const started = performance.now();
            window.postMessage(m, '*');
            const check = () => {
              if (document.querySelector('[data-metric="loss"] canvas')?.dataset.drawn) requestAnimationFrame(() => resolve(performance.now() - started));
              else requestAnimationFrame(check);
            };
            requestAnimationFrame(check);
          }),
        message,
      );
    } finally {
      await view.close();
    }
  }
  const sampledMs = [];
  const unsampledMs = [];
  for (let rep = 0; rep < REPS; rep++) sampledMs.push(await firstPaint(sampled));
  for (let rep = 0; rep < 3; rep++) unsampledMs.push(await firstPaint(unsampled));

  const rows = [
    ['sampling 200,000 → 1,000 points (host)', median(samplingMs), 20],
    [`chart first paint, ${RUNS} runs × ${SAMPLED.toLocaleString('en-US')} points (sampled)`, median(sampledMs), 200],
    [`chart first paint, ${RUNS} runs × ${FULL.toLocaleString('en-US')} points (unsampled)`, median(unsampledMs), undefined],
  ];
  console.log('');
  console.log('MLflow Workbench — panels benchmark (median ms; Chromium headless, software rendering)');
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}; load average (1 min) ${os.loadavg()[0].toFixed(2)}`);
  for (const [label, ms, target] of rows) {
    console.log(`| ${label.padEnd(62)} | ${ms.toFixed(1).padStart(8)} | ${target === undefined ? '–'.padStart(7) : `≤ ${target}`.padStart(7)} | ${target === undefined ? '    ' : ms <= target ? 'PASS' : 'FAIL'} |`);
  }
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(
    path.join(root, 'bench/results/panels-latest.json'),
    JSON.stringify({ date: new Date().toISOString(), samplingMs, sampledFirstPaintMs: sampledMs, unsampledFirstPaintMs: unsampledMs }, null, 2),
  );
} finally {
  await shutdown(fixture);
}
