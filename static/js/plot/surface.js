// main-plot's surface: the heatmap trace (banded like filled contours), its colour key in HTML,
// and the markers of the minima and the start.

import { t } from "../i18n.js";
import { surfaceScale } from "../scale.js";
import { axesOf } from "./canvas.js";
import { CLEAR, cssVar, formatNumber, NO_OVERFLOW_CHECK } from "./common.js";

/** What the surface trace shows (see scale.js). */
function surfaceField(grid, mode) {
  const { t, log, zmin, zmax, ticks } = surfaceScale(grid, mode, formatNumber);
  const z = log ? grid.z.map((row) => row.map((v) => (v === null ? null : t(v)))) : grid.z;
  return { z, zmin, zmax, log, ticks, shown: [t(zmin), t(zmax)] };
}

/**
 * trace.text, the true f of every cell for hover, made when first read: by Plotly, after the
 * first picture, which it would delay by ~15 ms (a 140² grid is 19,600 numbers to format).
 */
function lazyHoverText(trace, grid) {
  let text = null;
  Object.defineProperty(trace, "text", {
    enumerable: true,
    get: () => (text ??= grid.z.map((row) => row.map((v) => (v === null ? "undefined" : formatNumber(v))))),
    set: (value) => {
      text = value;
    },
  });
  return trace;
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
/** The colour key's title: what the colours measure. */
const valueTitle = (log) => (log ? t("f (log)") : "f");

function hexToRgb(hex) {
  const n = parseInt(hex.replace("#", ""), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The BANDS colours, low to high, through the stylesheet's surface colours ([r, g, b] each). */
function bandColours() {
  const stops = [0, 1, 2, 3, 4].map((i) => hexToRgb(cssVar(`--surface-${i}`)));
  return Array.from({ length: BANDS }, (_, b) => {
    const at = Math.min(3.999, (b / (BANDS - 1)) * 4);
    const i = Math.floor(at);
    return stops[i].map((c, j) => Math.round(c + (stops[i + 1][j] - c) * (at - i)));
  });
}

/**
 * A stepped colour scale: BANDS flat bands, so the heatmap reads like filled contours (level sets
 * show as band edges) at a fraction of a contour trace's cost.
 */
function bandedScale() {
  return bandColours().flatMap((rgb, b) => {
    const c = `rgb(${rgb.join(",")})`;
    return [[b / BANDS, c], [(b + 1) / BANDS, c]];
  });
}

function surfaceTrace(grid, field) {
  const ink = cssVar("--ink-soft");
  return lazyHoverText({
    type: "heatmap",
    x: grid.x,
    y: grid.y,
    z: field.z,
    // The colour range, given: Plotly would otherwise scan every cell on every redraw.
    ...(field.shown.every(Number.isFinite) ? { zauto: false, zmin: field.shown[0], zmax: field.shown[1] } : {}),
    zsmooth: "fast", // one image pixel per cell
    hovertemplate: "x %{x:.3f}, y %{y:.3f}<br>f = %{text}<extra></extra>",
    // The canvas beneath draws the field (fieldImage); Plotly's trace is clear, kept for hover,
    // and exports take its colours from meta.ink.
    colorscale: [[0, CLEAR], [1, CLEAR]],
    hoverlabel: { bgcolor: cssVar("--panel") },
    showscale: false, // the page draws its own key (colourKey); exports turn Plotly's on
    colorbar: {
      thickness: 10, len: 0.92, outlinewidth: 0, x: 1.01, xpad: 4, ...NO_OVERFLOW_CHECK,
      tickfont: { size: 10, color: ink },
      title: { text: valueTitle(field.log), side: "top", font: { size: 11, color: ink } },
      ...(field.ticks ? { tickmode: "array", tickvals: field.ticks.vals, ticktext: field.ticks.text } : {}),
    },
    meta: { role: "surface", ink: { colorscale: bandedScale() } },
    name: "f(x, y)",
  }, grid);
}

/**
 * The field as an image, one pixel per cell, top row the largest y (undefined cells
 * transparent), coloured as Plotly colours the heatmap: its band of (z − zmin)/(zmax − zmin),
 * clamped. Made once per surface as drawn (surfaceOf) and kept on it.
 */
export function fieldImage(surface) {
  if (surface.image) return surface.image;
  const { z } = surface.field;
  const rows = z.length;
  const cols = z[0]?.length ?? 0;
  const [lo, hi] = surface.field.shown; // finite whenever any cell is (scale.js)
  const colours = bandColours();
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, cols);
  canvas.height = Math.max(1, rows);
  const ctx = canvas.getContext("2d");
  const pixels = ctx.createImageData(canvas.width, canvas.height);
  const data = pixels.data; // bytes one by one: a set() per cell took 3–5 ms a 140² grid, this ~1
  for (let i = 0; i < rows; i++) {
    const row = z[i];
    for (let j = 0, at = (rows - 1 - i) * cols * 4; j < cols; j++, at += 4) {
      const v = row[j];
      if (v === null || !Number.isFinite(v)) continue; // alpha 0
      const t = hi > lo ? Math.min(1, Math.max(0, (v - lo) / (hi - lo))) : 0;
      const [r, g, b] = colours[Math.min(BANDS - 1, Math.floor(t * BANDS))];
      data[at] = r;
      data[at + 1] = g;
      data[at + 2] = b;
      data[at + 3] = 255;
    }
  }
  ctx.putImageData(pixels, 0, 0);
  surface.image = canvas;
  return canvas;
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
      const { xa, ya } = axesOf(gd) ?? {};
      const shown = field && xa && ya;
      const place = shown ? [xa._offset + xa._length + 10, ya._offset, ya._length, field.zmin, field.zmax, field.log] : [];
      const now = JSON.stringify(place);
      if (now === drawn) return;
      drawn = now;
      key.hidden = !shown;
      // Plotly's modebar (the figure's top right corner) stands left of the key, off its title
      gd.style.setProperty("--key-room", shown ? `${Math.round(gd.clientWidth - xa._offset - xa._length)}px` : "0px");
      if (!shown) return;
      const [left, top, height] = place;
      Object.assign(key.style, { left: `${left}px`, top: `${top}px`, height: `${height}px` });
      title.textContent = valueTitle(field.log);
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

/**
 * The minima (stars) and the start (a diamond): transparent, for hover and exports; the canvas
 * beneath draws them (canvas.js drawSurface).
 */
export function markerTraces(surface, start) {
  const ink = cssVar("--ink");
  const clear = (marker) => ({ ...marker, color: CLEAR, line: { ...marker.line, color: CLEAR } });
  // meta.ink: their look, for exports
  const star = { symbol: "star", size: 15, color: "#ffffff", line: { color: ink, width: 1.5 } };
  const diamond = { symbol: "diamond", size: 12, color: "#ffffff", line: { color: ink, width: 2 } };
  return [
    {
      type: "scatter", mode: "markers", name: "minimum",
      x: surface.minima.map((m) => m[0]), y: surface.minima.map((m) => m[1]),
      marker: clear(star), hovertemplate: `${t("minimum")} (%{x:.4g}, %{y:.4g})<extra></extra>`,
      meta: { role: "minima", ink: { marker: star } }, showlegend: false,
    },
    {
      type: "scatter", mode: "markers", name: "start",
      x: [start[0]], y: [start[1]],
      marker: clear(diamond), hovertemplate: `${t("start")} (%{x:.4g}, %{y:.4g})<extra></extra>`,
      meta: { role: "start", ink: { marker: diamond } }, showlegend: false,
    },
  ];
}
