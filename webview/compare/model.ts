/**
 * The Compare panel's pure parts: rows of a runs × keys table, which rows differ, which value of
 * a metric is best, and which params can be plotted as numbers.
 */
import type { CompareRun } from '../shared/protocol';

export type Group = 'params' | 'metrics' | 'tags';

export interface CompareRow {
  key: string;
  /** One per run, in the runs' order; undefined where a run lacks the key. */
  values: (string | number | undefined)[];
  differs: boolean;
}

export function compareRows(runs: readonly CompareRun[], group: Group): CompareRow[] {
  const keys = [...new Set(runs.flatMap((run) => Object.keys(run[group])))].sort((a, b) => a.localeCompare(b));
  return keys.map((key) => {
    const values = runs.map((run) => (run[group] as Record<string, string | number>)[key]);
    return { key, values, differs: differs(values) };
  });
}

/** A key differs when any two runs disagree, a missing value included; NaN equals NaN. */
export function differs(values: readonly (string | number | undefined)[]): boolean {
  const same = (a: unknown, b: unknown) => a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
  return values.some((value) => !same(value, values[0]));
}

const LOWER_IS_BETTER = /(loss|err|error|rmse|mse|mae|mape|perplexity|wer|cer|latency|duration|time|cost|regret|distance)/i;

/** MLflow users' names say the direction: a loss or an error goes down, everything else up. */
export function lowerIsBetter(metric: string): boolean {
  return LOWER_IS_BETTER.test(metric);
}

/** Indices of the best value (all of them on a tie); none when fewer than two runs have a value. */
export function bestIndices(values: readonly (string | number | undefined)[], lower: boolean): number[] {
  const numbers = values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined));
  const present = numbers.filter((v): v is number => v !== undefined);
  if (present.length < 2 || present.every((v) => v === present[0])) return [];
  const best = lower ? Math.min(...present) : Math.max(...present);
  return numbers.flatMap((v, i) => (v === best ? [i] : []));
}

/** A param's values as numbers when every run that has it logged a number; else undefined. */
export function numericValues(values: readonly (string | number | undefined)[]): (number | undefined)[] | undefined {
  const numbers = values.map((v) => (v === undefined || v === '' ? undefined : Number(v)));
  const present = numbers.filter((v) => v !== undefined);
  return present.length && present.every((v) => Number.isFinite(v)) ? numbers : undefined;
}
