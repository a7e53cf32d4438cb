// What the plot modules share: the stylesheet's palette, the number format, and where a run is
// at a step.

import { runStyle } from "../runs.js";

export const CLEAR = "rgba(0,0,0,0)"; // a trace the canvas draws: present for hover, invisible
// Plotly's default checks every tick label against every other by measuring them (a forced
// layout each): a third of an axis's redraw. Our ranges and margins keep labels inside anyway.
export const NO_OVERFLOW_CHECK = { ticklabeloverflow: "allow" };

// The stylesheet's palette, read once (getComputedStyle in a draw would force a style pass).
const themeCache = new Map();
export const cssVar = (name) => {
  if (!themeCache.has(name)) themeCache.set(name, getComputedStyle(document.documentElement).getPropertyValue(name).trim());
  return themeCache.get(name);
};

/** Plotly's dash names as canvas dash patterns (Plotly scales them by the line's width, at least 3). */
export function dashOf(name, width) {
  const w = Math.max(width, 3);
  return { dot: [w, w], dash: [3 * w, 3 * w] }[name] ?? [];
}

/** A short, readable number: 4 significant digits, exponent form outside 1e-3..1e5. */
export function formatNumber(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2).replace("e+", "e");
  return String(Number(v.toPrecision(4)));
}

export const colourOfRun = (run) => runStyle(run.run).colour;

/** The index of a run's iterate shown at `step` (a diverged run stops early). */
export const last = (run, step) => Math.min(step, run.x.length - 1);

/** A diverged run at or past its last iterate (its flag names it). */
export const ended = (run, step) => run.status === "diverged" && step >= run.x.length - 1;
