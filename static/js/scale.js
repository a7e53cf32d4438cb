// The surface's display transform, shared by the main contour and the insight views: f itself,
// or log10(1 + (f − fmin)/s) where f spans decades (Rosenbrock, Beale), so the valley floor gets
// as many colour levels as the walls. Display only: hover and tables show the true f.

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))];
}

/**
 * @param {{z: (number|null)[][]}} grid
 * @param {"auto"|"log"|"linear"} mode
 * @param {(v: number) => string} format  tick label of an f value
 * @returns {{t: (v: number) => number, log: boolean, zmin: number, zmax: number,
 *   ticks: null | {vals: number[], text: string[]}}}
 */
export function surfaceScale(grid, mode, format) {
  const finite = Float64Array.from(grid.z.flat().filter((v) => v !== null && Number.isFinite(v))).sort();
  const zmin = finite[0];
  const zmax = finite[finite.length - 1];
  const span = zmax - zmin || 1;
  const spread = span / Math.max(quantile(finite, 0.1) - zmin, span * 1e-12);
  const log = mode === "log" || (mode === "auto" && spread > 40);
  if (!log) return { t: (v) => v, log, zmin, zmax, ticks: null };
  const s = Math.max(quantile(finite, 0.01) - zmin, span * 1e-6);
  const t = (v) => Math.log10(1 + (Math.max(v, zmin) - zmin) / s);
  const ticks = [0];
  for (let p = Math.ceil(Math.log10(s)); 10 ** p <= span; p++) ticks.push(10 ** p);
  return { t, log, zmin, zmax, ticks: { vals: ticks.map((d) => t(zmin + d)), text: ticks.map((d) => format(zmin + d)) } };
}
