// The page's own drawing, on a canvas laid over each plot: the paths (in their dash), their heads
// and labels on main-plot and the split panels, the loss curves and the step's cursor on loss-plot.
// Plotly would redraw every trace, the heatmap included, on any data change; a canvas redraws in
// a fraction of a frame, so playback and slider drags touch only this.

import { drawLabelsOnCanvas } from "./headlabels.js";
import { runStyle } from "../runs.js";
import { colourOfRun, cssVar, dashOf, ended, last } from "./common.js";
import { sizeOf } from "./redraw.js";

/**
 * A canvas laid over gd (sized at each draw), or beneath its Plotly layers (`under`: the surface,
 * see drawSurface).
 */
export function overlayCanvas(gd, { under = false } = {}) {
  const canvas = document.createElement("canvas");
  canvas.className = under ? "plot-underlay" : "plot-overlay";
  canvas.setAttribute("aria-hidden", "true");
  gd.appendChild(canvas);
  return canvas;
}

// Axes the canvases draw against before Plotly has laid a plot out (the first picture: preview.js).
const provisional = new WeakMap();

/** Give gd axes ({xa, ya}, shaped as Plotly's: see preview.js) until Plotly lays it out. */
export const provideAxes = (gd, axes) => provisional.set(gd, axes);

/** gd's axes {xa, ya}: Plotly's once it has laid gd out, else the provisional ones (or null). */
export function axesOf(gd) {
  const full = gd._fullLayout;
  return full?.xaxis ? { xa: full.xaxis, ya: full.yaxis } : (provisional.get(gd) ?? null);
}

/** Clip what is drawn next to the plot area of axes xa, ya (ctx.restore() ends it). */
function clipTo(ctx, xa, ya) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(xa._offset, ya._offset, xa._length, ya._length);
  ctx.clip();
}

/**
 * Size the canvas to its plot and clear it; returns the 2D context and the axes. Clipped to the
 * plot area unless `clip` is false (a figure of several subplots clips to each in turn).
 */
function prepareCanvas(canvas, gd, { clip = true } = {}) {
  const axes = axesOf(gd);
  if (!axes) return null;
  const ratio = window.devicePixelRatio || 1;
  const { width: w, height: h } = sizeOf(gd);
  if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
    canvas.style.width = `${w}px`;
    canvas.style.height = `${h}px`;
  }
  if (!canvas.isConnected || canvas.parentNode !== gd) gd.appendChild(canvas);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, w, h);
  delete canvas.dataset.notes; // the first picture's notes (preview.js drawNotes), cleared with it
  const { xa, ya } = axes;
  if (clip) clipTo(ctx, xa, ya);
  return { ctx, xa, ya };
}

/** Plotly's marker shapes (its symbol paths, r = size / 2) as canvas paths. */
const SYMBOLS = {
  star(r) {
    const s = r * 1.4;
    const [x1, x2, x3, x4, y1, y3, y4] = [0.225 * s, 0.951 * s, 0.363 * s, 0.588 * s, -0.309 * s, 0.118 * s, 0.809 * s];
    return new Path2D(`M${x1},${y1}H${x2}L${x3},${y3}L${x4},${y4}L0,${0.382 * s}L${-x4},${y4}L${-x3},${y3}L${-x2},${y1}H${-x1}L0,${-s}Z`);
  },
  diamond(r) {
    const d = r * 1.3;
    return new Path2D(`M${d},0L0,${d}L${-d},0L0,${-d}Z`);
  },
};

/** A light hatch: the plot area outside the surface's grid (a network's plane). */
function hatch(ctx) {
  const tile = document.createElement("canvas");
  tile.width = tile.height = 8;
  const t = tile.getContext("2d");
  t.fillStyle = cssVar("--panel");
  t.fillRect(0, 0, 8, 8);
  t.strokeStyle = cssVar("--line");
  t.beginPath();
  t.moveTo(0, 8);
  t.lineTo(8, 0);
  t.stroke();
  return ctx.createPattern(tile, "repeat");
}

/** Where a grid's cells reach along an axis: half a cell past its first and last value. */
function cellEdges(values) {
  const n = values.length;
  const below = n > 1 ? (values[1] - values[0]) / 2 : 0.5;
  const above = n > 1 ? (values[n - 1] - values[n - 2]) / 2 : 0.5;
  return [values[0] - below, values[n - 1] + above];
}

/**
 * The surface beneath a plot's Plotly layers: the plot area's ground (`outside`: hatched, where
 * the grid does not reach), the field's image over its cells as Plotly's heatmap would place
 * them, and the markers ({x, y, marker} in Plotly's terms: star or diamond). Plotly's own heatmap
 * and markers are transparent.
 */
export function drawSurface(canvas, gd, { image, x, y, markers, outside }) {
  const prepared = prepareCanvas(canvas, gd);
  if (!prepared) return;
  const { ctx, xa, ya } = prepared;
  const px = (v) => xa._offset + xa.l2p(v);
  const py = (v) => ya._offset + ya.l2p(v);
  ctx.fillStyle = outside ? hatch(ctx) : cssVar("--surface-0");
  ctx.fillRect(xa._offset, ya._offset, xa._length, ya._length);
  if (image && x.length && y.length) {
    const [x0, x1] = cellEdges(x);
    const [y0, y1] = cellEdges(y);
    ctx.imageSmoothingEnabled = true; // scaled up smoothly, as the browser draws Plotly's zsmooth "fast" image
    ctx.drawImage(image, px(x0), py(y1), px(x1) - px(x0), py(y0) - py(y1));
  }
  for (const { x: mx, y: my, marker } of markers) {
    const shape = SYMBOLS[marker.symbol]?.(marker.size / 2);
    if (!shape || !Number.isFinite(mx) || !Number.isFinite(my)) continue;
    ctx.save();
    ctx.translate(px(mx), py(my));
    ctx.fillStyle = marker.color;
    ctx.fill(shape);
    ctx.lineWidth = marker.line.width;
    ctx.strokeStyle = marker.line.color;
    ctx.stroke(shape);
    ctx.restore();
  }
  ctx.restore();
}

/**
 * Points 0..k as one polyline, thinned in pixel space (a point under half a pixel from the last
 * one drawn adds nothing visible); a non-finite point breaks the line.
 */
function polyline(ctx, k, xOf, yOf) {
  let lx = Number.NaN;
  let ly = Number.NaN;
  let open = false;
  for (let i = 0; i <= k; i++) {
    const x = xOf(i);
    const y = yOf(i);
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      open = false;
      continue;
    }
    if (!open) {
      ctx.moveTo(x, y);
      open = true;
    } else if (i === k || Math.abs(x - lx) + Math.abs(y - ly) >= 0.5) {
      ctx.lineTo(x, y);
    } else continue;
    lx = x;
    ly = y;
  }
}

/** A run's head: a dot, or an ✕ where a diverged run ended (`crossed`). */
function drawHead(ctx, x, y, colour, crossed) {
  ctx.lineWidth = 2;
  if (crossed) {
    ctx.strokeStyle = "#ffffff";
    ctx.lineWidth = 5;
    for (const pass of [0, 1]) {
      ctx.beginPath();
      ctx.moveTo(x - 6, y - 6); ctx.lineTo(x + 6, y + 6);
      ctx.moveTo(x + 6, y - 6); ctx.lineTo(x - 6, y + 6);
      ctx.stroke();
      if (pass === 0) { ctx.strokeStyle = colour; ctx.lineWidth = 2.5; }
    }
    return;
  }
  ctx.beginPath();
  ctx.arc(x, y, 5.5, 0, 2 * Math.PI);
  ctx.fillStyle = colour;
  ctx.fill();
  ctx.strokeStyle = "#ffffff";
  ctx.stroke();
}

/** What places an axis's pixels: a path's pixels hold while this does. */
const placement = (a) => [a.type, a._offset, a._length, ...a.range, a._m, a._b].join();

/**
 * Pixel coordinates of every iterate of `runs`, computed once per result and zoom; a path kept
 * from the previous result (a slider moved one run: the others' arrays are the same) keeps its
 * pixels while the axes stay where they were.
 */
function pixelsOf(panel, runs, xa, ya) {
  if (panel.pixels) return panel.pixels;
  const key = `${placement(xa)}|${placement(ya)}`;
  if (panel.placed?.key !== key) panel.placed = { key, byPath: new WeakMap() };
  const { byPath } = panel.placed;
  panel.pixels = runs.map((run) => {
    let xy = byPath.get(run.x);
    if (!xy) {
      xy = { px: new Float32Array(run.x.length), py: new Float32Array(run.x.length) };
      for (let i = 0; i < run.x.length; i++) {
        xy.px[i] = xa._offset + xa.l2p(run.x[i]);
        xy.py[i] = ya._offset + ya.l2p(run.y[i]);
      }
      byPath.set(run.x, xy);
    }
    return { run, ...xy, colour: colourOfRun(run), dash: runStyle(run.run).dash };
  });
  return panel.pixels;
}

/**
 * Each run's path up to the step and its head, on a panel's canvas ({gd, canvas, ids, pixels}:
 * see panels.js); on main-plot (no `ids`) each run's label too.
 */
export function drawPaths(panel, runs, step) {
  const prepared = prepareCanvas(panel.canvas, panel.gd);
  if (!prepared) return;
  const { ctx, xa, ya } = prepared;
  ctx.lineWidth = 2.6;
  ctx.lineJoin = "round";
  const paths = pixelsOf(panel, runs, xa, ya);
  for (const { run, px, py, colour, dash } of paths) {
    ctx.strokeStyle = colour;
    ctx.setLineDash(dash);
    ctx.beginPath();
    polyline(ctx, last(run, step), (i) => px[i], (i) => py[i]);
    ctx.stroke();
  }
  ctx.setLineDash([]);
  for (const { run, px, py, colour } of paths) {
    const k = last(run, step);
    drawHead(ctx, px[k], py[k], colour, ended(run, step));
  }
  if (!panel.ids) {
    const heads = paths.filter(({ run }) => !ended(run, step)).map(({ run, px, py, colour }) => ({ text: run.label, colour, px: px[last(run, step)], py: py[last(run, step)] }));
    const drawn = drawLabelsOnCanvas(ctx, heads, { left: xa._offset, right: xa._offset + xa._length, top: ya._offset, bottom: ya._offset + ya._length }, cssVar("--font"));
    const said = JSON.stringify(drawn); // a hook for tests: which labels the canvas shows, and where
    if (panel.canvas.dataset.labels !== said) panel.canvas.dataset.labels = said;
  }
  ctx.restore();
}

/** A value's pixel row on a y axis, linear or log (NaN for v ≤ 0 on a log axis). */
function yPixel(ya) {
  if (ya.type !== "log") return (v) => ya._offset + ya.l2p(v);
  return (v) => (v > 0 ? ya._offset + ya.l2p(Math.log10(v)) : Number.NaN);
}

/** The loss curves, whole, on loss-plot's canvas: drawn when the scene or the axes change. */
export function drawLossCurves(canvas, gd, runs) {
  const prepared = prepareCanvas(canvas, gd);
  if (!prepared) return;
  const { ctx, xa, ya } = prepared;
  const yOf = yPixel(ya);
  ctx.lineWidth = 2;
  ctx.lineJoin = "round";
  for (const run of runs) {
    ctx.strokeStyle = colourOfRun(run);
    ctx.setLineDash(runStyle(run.run).dash);
    ctx.beginPath();
    polyline(ctx, run.loss.length - 1, (i) => xa._offset + xa.l2p(i), (i) => yOf(run.loss[i]));
    ctx.stroke();
  }
  ctx.restore();
}

/**
 * The step's cursor and each run's loss at it, on a canvas of their own over the curves: a
 * playback frame redraws these alone (the curves took ~2.5 ms a frame with 10 runs × 1000 steps).
 */
export function drawLossCursor(canvas, gd, runs, step) {
  const prepared = prepareCanvas(canvas, gd);
  if (!prepared) return;
  const { ctx, xa, ya } = prepared;
  const px = xa._offset + xa.l2p(step);
  ctx.strokeStyle = cssVar("--ink-soft");
  ctx.setLineDash([4, 3]);
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(px, ya._offset);
  ctx.lineTo(px, ya._offset + ya._length);
  ctx.stroke();
  ctx.setLineDash([]);
  for (const run of runs) {
    const k = last(run, step);
    const v = ya.type === "log" ? (run.loss[k] > 0 ? Math.log10(run.loss[k]) : null) : run.loss[k];
    if (v === null || !Number.isFinite(v)) continue;
    const py = ya._offset + ya.l2p(v);
    if (py < ya._offset - 8 || py > ya._offset + ya._length + 8) continue;
    drawHead(ctx, xa._offset + xa.l2p(k), py, colourOfRun(run), false);
  }
  ctx.restore();
}

/**
 * Lines over a small figure's subplots, on its overlay canvas: each `{x0, y, yaxis, colour, width,
 * dash}` draws y[i] at x = x0 + i against its y axis ("yaxis", "yaxis2", …; linear or log), clipped
 * to that axis's plot area. The figure's Plotly traces hold the same values, transparent.
 */
export function drawLines(canvas, gd, lines) {
  const prepared = prepareCanvas(canvas, gd, { clip: false });
  if (!prepared) return;
  const { ctx, xa } = prepared;
  ctx.lineJoin = "round";
  const full = gd._fullLayout;
  for (const { x0 = 0, y, yaxis = "yaxis", colour, width, dash } of lines) {
    const ya = full[yaxis];
    if (!ya) continue;
    const yOf = yPixel(ya);
    clipTo(ctx, xa, ya);
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.setLineDash(dashOf(dash, width));
    ctx.beginPath();
    polyline(ctx, y.length - 1, (i) => xa._offset + xa.l2p(x0 + i), (i) => yOf(y[i]));
    ctx.stroke();
    ctx.restore();
  }
}
