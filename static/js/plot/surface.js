// main-plot's surface: the heatmap trace (banded like filled contours), its colour key in HTML,
// and the markers of the minima and the start.

import { surfaceScale } from "../scale.js";
import { cssVar, formatNumber, NO_OVERFLOW_CHECK } from "./common.js";

/** What the surface trace shows (see scale.js), with the true f as hover text. */
function surfaceField(grid, mode) {
  const { t, log, zmin, zmax, ticks } = surfaceScale(grid, mode, formatNumber);
  const text = grid.z.map((row) => row.map((v) => (v === null ? "undefined" : formatNumber(v))));
  const z = log ? grid.z.map((row) => row.map((v) => (v === null ? null : t(v)))) : grid.z;
  return { z, text, zmin, zmax, log, ticks, shown: [t(zmin), t(zmax)] };
}

/**
 * The scene's surface as drawn: {key, grid, field, trace}; `held` itself while the surface, its
 * colouring and its grid are the same (a new grid under the same id: a typed formula, standardised rows).
 */
export function surfaceOf(scene, held) {
  const key = `${scene.surface.id}/${scene.contours}/${scene.grid.x.length}`;
  if (held && key === held.key && scene.grid === held.grid) return held;
  const field = surfaceField(scene.grid, scene.contours);
  return { key, grid: scene.grid, field, trace: surfaceTrace(scene.grid, field) };
}

const BANDS = 22;

function hexToRgb(hex) {
  const n = parseInt(hex.replace("#", ""), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * A stepped colour scale: BANDS flat bands through the stylesheet's surface colours, so the
 * heatmap reads like filled contours (level sets show as band edges) at a fraction of a contour
 * trace's redraw cost.
 */
function bandedScale() {
  const stops = [0, 1, 2, 3, 4].map((i) => hexToRgb(cssVar(`--surface-${i}`)));
  const colour = (t) => {
    const at = Math.min(3.999, t * 4);
    const i = Math.floor(at);
    const f = at - i;
    const rgb = stops[i].map((c, j) => Math.round(c + (stops[i + 1][j] - c) * f));
    const shade = i % 2 === 0 ? 1 : 1; // keep neighbours distinct through their position alone
    return `rgb(${rgb.map((c) => Math.round(c * shade)).join(",")})`;
  };
  const scale = [];
  for (let b = 0; b < BANDS; b++) {
    const c = colour(b / (BANDS - 1));
    scale.push([b / BANDS, c], [(b + 1) / BANDS, c]);
  }
  return scale;
}

function surfaceTrace(grid, field) {
  const ink = cssVar("--ink-soft");
  return {
    type: "heatmap",
    x: grid.x,
    y: grid.y,
    z: field.z,
    // The colour range, given: Plotly would otherwise scan every cell on every redraw.
    ...(field.shown.every(Number.isFinite) ? { zauto: false, zmin: field.shown[0], zmax: field.shown[1] } : {}),
    text: field.text,
    zsmooth: "fast", // one image pixel per cell, scaled up pixelated: same look, a fraction of the cost
    hovertemplate: "x %{x:.3f}, y %{y:.3f}<br>f = %{text}<extra></extra>",
    colorscale: bandedScale(),
    showscale: false, // the page draws its own key (colourKey); exports turn Plotly's on
    colorbar: {
      thickness: 10, len: 0.92, outlinewidth: 0, x: 1.01, xpad: 4, ...NO_OVERFLOW_CHECK,
      tickfont: { size: 10, color: ink },
      title: { text: field.log ? "f (log)" : "f", side: "top", font: { size: 11, color: ink } },
      ...(field.ticks ? { tickmode: "array", tickvals: field.ticks.vals, ticktext: field.ticks.text } : {}),
    },
    meta: { role: "surface" },
    name: "f(x, y)",
  };
}

// ---- the colour key ---------------------------------------------------------------------------

export const KEY_MARGIN = 64; // px right of the main plot area: the key and its labels

/** About `count` round values (steps of 1, 2 or 5 × 10^k) inside [lo, hi]. */
function niceTicks(lo, hi, count = 5) {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return [lo];
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const ticks = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return ticks;
}

/**
 * The surface's colour key beside the main plot area, in HTML: Plotly's colour bar is laid out
 * again on every redraw (~10 ms, a tenth of a slider's budget), this only when it changes.
 */
export function createColourKey(cell) {
  const title = document.createElement("span");
  title.className = "colour-key-title";
  const bar = document.createElement("div");
  bar.className = "colour-key-bar";
  const labels = document.createElement("div");
  labels.className = "colour-key-labels";
  const scale = document.createElement("div");
  scale.className = "colour-key-scale";
  scale.append(bar, labels);
  const key = document.createElement("div");
  key.className = "colour-key";
  key.setAttribute("aria-hidden", "true"); // the surface's values are in the hover text and tables
  key.append(title, scale);
  cell.append(key);
  let drawn = "";

  return {
    /** Show the field's scale beside gd's plot area, or hide the key (`field` null). */
    update(field, gd) {
      const xa = gd._fullLayout?.xaxis;
      const ya = gd._fullLayout?.yaxis;
      const shown = field && xa && ya;
      const place = shown ? [xa._offset + xa._length + 10, ya._offset, ya._length, field.zmin, field.zmax, field.log] : [];
      const now = JSON.stringify(place);
      if (now === drawn) return;
      drawn = now;
      key.hidden = !shown;
      if (!shown) return;
      const [left, top, height] = place;
      Object.assign(key.style, { left: `${left}px`, top: `${top}px`, height: `${height}px` });
      title.textContent = field.log ? "f (log)" : "f";
      bar.style.background = `linear-gradient(to top, ${bandedScale().map(([at, c]) => `${c} ${(at * 100).toFixed(2)}%`).join(", ")})`;
      const [lo, hi] = field.shown;
      const ticks = field.ticks
        ? field.ticks.vals.map((v, i) => [v, field.ticks.text[i]])
        : niceTicks(lo, hi).map((v) => [v, formatNumber(v)]);
      labels.replaceChildren(...ticks.filter(([v]) => v >= lo && v <= hi).map(([v, text]) => {
        const label = document.createElement("span");
        label.textContent = text;
        label.style.bottom = `${(((v - lo) / (hi - lo || 1)) * 100).toFixed(2)}%`;
        return label;
      }));
    },
  };
}

export function markerTraces(surface, start) {
  const ink = cssVar("--ink");
  return [
    {
      type: "scatter", mode: "markers", name: "minimum",
      x: surface.minima.map((m) => m[0]), y: surface.minima.map((m) => m[1]),
      marker: { symbol: "star", size: 15, color: "#ffffff", line: { color: ink, width: 1.5 } },
      hovertemplate: "minimum (%{x:.4g}, %{y:.4g})<extra></extra>",
      meta: { role: "minima" }, showlegend: false,
    },
    {
      type: "scatter", mode: "markers", name: "start",
      x: [start[0]], y: [start[1]],
      marker: { symbol: "diamond", size: 12, color: "#ffffff", line: { color: ink, width: 2 } },
      hovertemplate: "start (%{x:.4g}, %{y:.4g})<extra></extra>",
      meta: { role: "start" }, showlegend: false,
    },
  ];
}
