/** Small statistics helpers for the runtime results. */

/** Median of the finite numbers in `values`, or null when there are none. */
export function median(values) {
  const xs = values
    .filter((v) => typeof v === 'number' && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 === 1 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/** `value / reference`, or null when either is missing or the reference is 0. */
export function ratio(value, reference) {
  if (value == null || reference == null || reference === 0) return null;
  return value / reference;
}
