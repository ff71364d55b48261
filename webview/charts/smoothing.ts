/**
 * MLflow's line-chart smoothing: an exponential moving average whose 0-100 slider maps to the
 * weight `smoothing / 101` (MLflow's MAX_LINE_SMOOTHNESS + 1), with TensorBoard's bias
 * correction so the curve starts at the first value instead of climbing from zero.
 * Gaps (NaN, sent as null) stay gaps and do not reset the average.
 */
export const MAX_SMOOTHING = 100;

export function smoothingWeight(smoothing: number): number {
  const clamped = Math.min(Math.max(smoothing, 0), MAX_SMOOTHING);
  return clamped / (MAX_SMOOTHING + 1);
}

export function emaSmooth(values: readonly (number | null)[], smoothing: number): (number | null)[] {
  // MLflow leaves the curve as it is up to 1 on its slider.
  if (smoothing <= 1) return values.slice();
  const weight = smoothingWeight(smoothing);
  let last = 0;
  let count = 0;
  return values.map((value) => {
    if (value === null || !Number.isFinite(value)) return value;
    last = last * weight + (1 - weight) * value;
    count++;
    return last / (1 - Math.pow(weight, count));
  });
}
