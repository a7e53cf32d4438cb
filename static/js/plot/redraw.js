// How the view calls Plotly. Each plot gets an explicit size, and a redraw skips what did not
// change: a result that changes only the traces' values is handed to the plot without a Plotly
// call (the canvas draws it), and Plotly's own copy, which hover reads, catches up once input pauses.

import { Plotly } from "../plotly.js";
import { PRIVATE } from "../private.js";

export const PLOT_CONFIG = {
  ...PRIVATE,
  displayModeBar: "hover",
  modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "toImage"],
  doubleClick: "reset",
  showTips: false,
};
export const LOSS_CONFIG = { ...PLOT_CONFIG, displayModeBar: false };
const SYNC_MS = 250; // Plotly's copy of the traces catches up this long after the last redraw

// Each plot's box, kept by a ResizeObserver: Plotly gets explicit sizes, so a redraw never has to
// measure (and so lay out) the page.
const boxes = new WeakMap();
export const sizeOf = (gd) => boxes.get(gd) ?? { width: gd.clientWidth, height: gd.clientHeight };
/** gd's box will be measured again (its shape is changing). */
export const forgetBox = (gd) => boxes.delete(gd);
export const sized = (gd, layout) => ({ ...layout, autosize: false, ...sizeOf(gd) });

// What each plot was last given: its layout as JSON, and its config.
const given = new WeakMap();

/**
 * Keep gd's box as laid out now; when it changed, Plotly lays gd out again (its promise, else
 * null), from the axis ranges it was given: with equal scales (scaleanchor), Plotly widens an
 * axis's range where the box was the wrong shape for it and keeps that range, so a new surface
 * drawn while its box was changing shape kept the last surface's x range (a blank strip).
 */
export function fitToBox(gd) {
  const box = { width: Math.round(gd.clientWidth), height: Math.round(gd.clientHeight) };
  const old = boxes.get(gd);
  if (old && old.width === box.width && old.height === box.height) return null;
  boxes.set(gd, box);
  if (!gd._fullLayout) return null;
  return Plotly.relayout(gd, { ...box, ...widenedRanges(gd) });
}

/** The given range of each equal-scale axis whose range Plotly has widened past it (a user's zoom
 * into the view stays: it lies within). */
function widenedRanges(gd) {
  const layout = given.has(gd) ? JSON.parse(given.get(gd).key) : null;
  if (layout?.yaxis?.scaleanchor !== "x") return {};
  const widened = (name) => {
    const [lo, hi] = layout[name]?.range ?? [];
    const [now0, now1] = gd.layout[name]?.range ?? [];
    const slack = 1e-9 * Math.abs(hi - lo);
    return lo !== undefined && (now0 < lo - slack || now1 > hi + slack);
  };
  return Object.fromEntries(["xaxis", "yaxis"].filter(widened).map((name) => [`${name}.range`, layout[name].range]));
}

/**
 * Plotly.react, cheaper for the common case of a slider: only the traces' data changed. A new but
 * equal layout object costs react a deep diff and a relayout pass (~10 ms on the main plot), and
 * a config a deep copy, a compare and a forced layout (it measures the div); so Plotly gets back
 * the layout it holds when it did not change, and a config only when that did.
 */
export function react(gd, data, layout, config) {
  const key = JSON.stringify(layout);
  const last = given.get(gd);
  given.set(gd, { key, config });
  const fresh = !last || !gd._fullLayout;
  const newConfig = fresh || last.config !== config ? config : undefined;
  if (newConfig || last.key !== key) return Plotly.react(gd, data, layout, newConfig);
  return Plotly.react(gd, data, gd.layout);
}

const sameTrace = (a, b) => a.type === b.type && a.meta?.optimizer === b.meta?.optimizer && a.meta?.role === b.meta?.role;

/**
 * Hand `data` to gd without a Plotly call, when only the traces' values changed (same layout,
 * config and traces): the canvas draws them. False when Plotly must redraw.
 */
export function handOver(gd, data, layout, config) {
  const last = given.get(gd);
  const held = gd.data;
  if (!last || !gd._fullLayout || last.config !== config || !held || held.length !== data.length) return false;
  if (!data.every((t, i) => sameTrace(t, held[i])) || last.key !== JSON.stringify(layout)) return false;
  gd.data = data;
  return true;
}

/** Plotly now holds a layout other than the one last given to gd (the next react gives it again). */
export const forgetLayout = (gd) => given.delete(gd);

/**
 * react and handOver for one view: the plots handed over are brought up to date in Plotly
 * SYNC_MS after the last hand-over, unless `fast()` (playback: its commit at the end syncs).
 */
export function createRedraw(fast) {
  const stale = new Set(); // plots whose data Plotly has not drawn yet (hover reads its copy)
  let syncTimer = 0;

  function syncLater() {
    clearTimeout(syncTimer);
    syncTimer = setTimeout(() => {
      if (fast()) return; // the commit at the end of playback syncs
      for (const gd of stale) if (gd._fullLayout) Plotly.react(gd, gd.data, gd.layout);
      stale.clear();
    }, SYNC_MS);
  }

  return {
    /** Hand `data` to gd without a Plotly call if that is enough (see handOver); Plotly catches up later. */
    handOver(gd, data, layout, config) {
      if (!handOver(gd, data, layout, config)) return false;
      stale.add(gd);
      syncLater();
      return true;
    },
    /** Draw with Plotly now. */
    react(gd, data, layout, config) {
      stale.delete(gd);
      return react(gd, data, layout, config);
    },
  };
}
