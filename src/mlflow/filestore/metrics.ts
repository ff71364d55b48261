/**
 * Metric files: one point per line, `timestamp value step` (2 fields in MLflow < 1.0, extra
 * trailing fields — the run id of a logged model's metric, dataset name and digest — since
 * MLflow 3). Values are Python floats: `nan`, `inf` and `-inf` included.
 *
 * When a run logs a model, MLflow's FileStore appends the run's metrics to the run's files a
 * second time, so identical lines appear twice. The SQLite store cannot hold such duplicates
 * (they collide on its primary key), and a curve or a point count should not depend on the
 * backend: histories drop points identical in step, timestamp and value to one already kept.
 */
import type { MetricPoint } from '../entities';
import type { Log } from './files';

/** Lines parsed per slice: a 200,000-point history is read without blocking for long. */
const LINES_PER_SLICE = 20_000;

function parseValue(text: string): number | undefined {
  if (/^[-+]?nan$/i.test(text)) return Number.NaN;
  if (/^[-+]?inf(inity)?$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  const value = Number(text);
  return text !== '' && !Number.isNaN(value) ? value : undefined;
}

const INTEGER = /^-?\d+$/;

/** One line as a point; undefined for a damaged line (truncated, not numbers). */
export function parseMetricLine(key: string, line: string): MetricPoint | undefined {
  const fields = line.trim().split(/\s+/);
  if (fields.length < 2 || !INTEGER.test(fields[0])) return undefined;
  const value = parseValue(fields[1]);
  if (value === undefined) return undefined;
  if (fields.length >= 3 && !INTEGER.test(fields[2])) return undefined;
  return { key, value, timestamp: Number(fields[0]), step: fields.length >= 3 ? Number(fields[2]) : 0 };
}

/** Every point of a metric file in file order; damaged lines are logged and skipped. */
export async function parseMetricFile(key: string, text: string, file: string, log: Log): Promise<MetricPoint[]> {
  const lines = text.split('\n');
  const points: MetricPoint[] = [];
  let damaged = 0;
  for (let start = 0; start < lines.length; start += LINES_PER_SLICE) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    const end = Math.min(lines.length, start + LINES_PER_SLICE);
    for (let i = start; i < end; i++) {
      if (lines[i].trim() === '') continue;
      const point = parseMetricLine(key, lines[i]);
      if (point) points.push(point);
      else damaged++;
    }
  }
  if (damaged > 0) log(`Skipped ${damaged} damaged line${damaged === 1 ? '' : 's'} of ${file}.`);
  return points;
}

const byStepThenTime = (a: MetricPoint, b: MetricPoint) => a.step - b.step || a.timestamp - b.timestamp;

/** Ordered by step then timestamp (as MLflow's stores return them), without duplicated points. */
export function historyOf(points: readonly MetricPoint[]): MetricPoint[] {
  // Files are written in step order; sorting (stable) only when they are not keeps long histories cheap.
  const inOrder = points.every((point, i) => i === 0 || byStepThenTime(points[i - 1], point) <= 0);
  const ordered = inOrder ? points : [...points].sort(byStepThenTime);
  const kept: MetricPoint[] = [];
  let groupStart = 0;
  for (const point of ordered) {
    const previous = kept.at(-1);
    if (!previous || byStepThenTime(previous, point) !== 0) groupStart = kept.length;
    let duplicate = false;
    for (let i = groupStart; i < kept.length && !duplicate; i++) duplicate = Object.is(kept[i].value, point.value);
    if (!duplicate) kept.push(point);
  }
  return kept;
}
