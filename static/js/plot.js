// The only drawer of main-plot and loss-plot. Draws the surface, the paths and the loss curves,
// and plays steps. Their axes are drawn apart, by axisoverlay.js, so that a data change leaves
// them alone.
//
// main-plot holds: the surface (one heatmap trace, banded like filled contours), one `lines` trace per run
// (meta: {optimizer, run, label, colour}; iterates 0..k for the step shown), then extra traces
// with meta.role only: heads, minima, start. Each run's label sits at its path's head, drawn on the
// canvas (headlabels.js; exports add them as annotations; the canvas's data-labels lists them).
// loss-plot holds exactly one trace per run (✕ marks are annotations). A run's look (colour and
// dash) is runs.runStyle(run.run).
//
// Plotly draws the surface, the markers, the axes' frame and hover; the paths, their heads and
// the loss curves are drawn by the page on a canvas over each plot (Plotly redraws every trace,
// the heatmap included, on any data change: 35 ms of a slider's frame). Their Plotly traces hold
// the same values, transparent, for hover, exports and CONTRACT section 8. A result that changes
// only the runs is handed to those traces without a Plotly call; Plotly's own copy (what hover
// reads) catches up once input pauses. Playback and slider drags redraw only the canvas.

import { createAxisOverlay, withAxesShown } from "./axisoverlay.js";
import { drawLabelsOnCanvas, labelAnnotations, pixelMap } from "./headlabels.js";
import { t } from "./i18n.js";
import { Plotly } from "./plotly.js";
import { PRIVATE } from "./private.js";
import { runStyle, runTag } from "./runs.js";
import { surfaceScale } from "./scale.js";


const PLOT_CONFIG = {
  ...PRIVATE,
  displayModeBar: "hover",
  modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "toImage"],
  doubleClick: "reset",
  showTips: false,
};
const LOSS_CONFIG = { ...PLOT_CONFIG, displayModeBar: false };
const CLEAR = "rgba(0,0,0,0)"; // a trace the canvas draws: present for hover, invisible
const SYNC_MS = 250; // Plotly's copy of the traces catches up this long after the last redraw
// Plotly's default checks every tick label against every other by measuring them (a forced
// layout each): a third of an axis's redraw. Our ranges and margins keep labels inside anyway.
const NO_OVERFLOW_CHECK = { ticklabeloverflow: "allow" };

// The stylesheet's palette, read once (getComputedStyle in a draw would force a style pass).
const themeCache = new Map();
const cssVar = (name) => {
  if (!themeCache.has(name)) themeCache.set(name, getComputedStyle(document.documentElement).getPropertyValue(name).trim());
  return themeCache.get(name);
};

// Each plot's box, kept by a ResizeObserver: Plotly gets explicit sizes, so a redraw never has to
// measure (and so lay out) the page.
const boxes = new WeakMap();
const sizeOf = (gd) => boxes.get(gd) ?? { width: gd.clientWidth, height: gd.clientHeight };

/** A short, readable number: 4 significant digits, exponent form outside 1e-3..1e5. */
export function formatNumber(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2).replace("e+", "e");
  return String(Number(v.toPrecision(4)));
}

const colourOfRun = (run) => runStyle(run.run).colour;

// ---- the surface ------------------------------------------------------------------------------

/** What the surface trace shows (see scale.js), with the true f as hover text. */
function surfaceField(grid, mode) {
  const { t, log, zmin, zmax, ticks } = surfaceScale(grid, mode, formatNumber);
  const text = grid.z.map((row) => row.map((v) => (v === null ? "undefined" : formatNumber(v))));
  const z = log ? grid.z.map((row) => row.map((v) => (v === null ? null : t(v)))) : grid.z;
  return { z, text, zmin, zmax, log, ticks, shown: [t(zmin), t(zmax)] };
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

const KEY_MARGIN = 64; // px right of the main plot area: the key and its labels

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
function createColourKey(cell) {
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

function markerTraces(surface, start) {
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

// ---- paths ------------------------------------------------------------------------------------

const last = (run, step) => Math.min(step, run.x.length - 1);
/** Iterates 0..k of a run's array: the array itself when that is all of it (Plotly only reads it). */
const upTo = (values, k) => (k === values.length - 1 ? values : values.slice(0, k + 1));

function pathTrace(run, step) {
  const k = last(run, step);
  const style = runStyle(run.run);
  return {
    type: "scatter", mode: "lines", name: run.label,
    x: upTo(run.x, k), y: upTo(run.y, k), customdata: upTo(run.loss, k),
    line: { color: CLEAR, width: 2.6, dash: style.plotlyDash }, hoverlabel: { bgcolor: style.colour },
    hovertemplate: `<b>${run.label}</b> step %{pointNumber}<br>(%{x:.4g}, %{y:.4g})  f = %{customdata:.4g}<extra></extra>`,
    meta: { optimizer: run.optimizer, run: run.run, label: run.label, colour: style.colour },
  };
}

/** A diverged run at or past its last iterate (its flag names it). */
const ended = (run, step) => run.status === "diverged" && step >= run.x.length - 1;

/** Where each run's label goes: its head at the step shown, for runs still on the plot. */
const headsAt = (runs, step) => runs.filter((r) => !ended(r, step)).map((r) => ({
  x: r.x[last(r, step)], y: r.y[last(r, step)], text: r.label, colour: colourOfRun(r),
}));

function headsTrace(runs, step) {
  return {
    type: "scatter", mode: "markers", name: "now",
    x: runs.map((r) => r.x[last(r, step)]), y: runs.map((r) => r.y[last(r, step)]),
    marker: {
      size: runs.map((r) => (ended(r, step) ? 14 : 11)),
      symbol: runs.map((r) => (ended(r, step) ? "x" : "circle")),
      color: CLEAR,
      line: { color: CLEAR, width: 2 },
    },
    hoverinfo: "skip", showlegend: false, meta: { role: "heads", runs: runs.map((r) => r.run) },
  };
}

/** A trace as the canvas shows it (for images, which Plotly draws alone): its colours back. */
function inked(trace) {
  if (trace.meta?.optimizer && Number.isInteger(trace.meta.run)) return { ...trace, line: { ...trace.line, color: runStyle(trace.meta.run).colour } };
  if (trace.meta?.role !== "heads") return trace;
  const colours = (trace.meta.runs ?? []).map((i) => runStyle(i).colour);
  return { ...trace, marker: { ...trace.marker, color: colours, line: { color: "#ffffff", width: 2 } } };
}

/** A flag where each diverged run leaves the view: its last iterate inside the domain. */
function divergenceFlags(runs, surface, step) {
  const inside = (x, y) => x >= surface.domain.x[0] && x <= surface.domain.x[1] && y >= surface.domain.y[0] && y <= surface.domain.y[1];
  return runs.filter((r) => r.status === "diverged" && step >= r.x.length - 1).map((run) => {
    let k = run.x.length - 1;
    while (k > 0 && !inside(run.x[k], run.y[k])) k--;
    return {
      x: run.x[k], y: run.y[k], text: t("✕ {label} diverged", { label: run.label }), showarrow: true, arrowhead: 0, ax: 0, ay: -22,
      font: { size: 11, color: "#ffffff" }, bgcolor: colourOfRun(run), borderpad: 3, arrowcolor: colourOfRun(run),
    };
  });
}

function mainLayout(scene, title, annotations = [], keyed = false) {
  const { surface } = scene;
  const ink = cssVar("--ink-soft");
  const axis = { showgrid: false, zeroline: false, ticks: "outside", ticklen: 4, tickcolor: ink, ...NO_OVERFLOW_CHECK,
                 linecolor: ink, mirror: true, constrain: "domain", tickfont: { size: 11 } }; // prettier-ignore
  return {
    uirevision: `${surface.id}/${surface.domain.x}/${surface.domain.y}`,
    margin: { l: 44, r: keyed ? KEY_MARGIN : title ? 10 : 6, t: title ? 30 : 8, b: 36 },
    title: title ? { text: title, font: { size: 13 }, x: 0.02, y: 0.985 } : undefined,
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: cssVar("--surface-0"),
    font: { family: cssVar("--font"), color: cssVar("--ink"), size: 12 },
    // a data surface's point is its model's parameters: the axes say which (w, b; w₁, w₂); a
    // network's plane names its own and scales them apart
    xaxis: { ...axis, range: [...surface.domain.x], title: { text: surface.plane?.axisTitles[0] ?? surface.axes?.[0] ?? "x", standoff: 4 } },
    yaxis: { ...axis, range: [...surface.domain.y], title: { text: surface.plane?.axisTitles[1] ?? surface.axes?.[1] ?? "y", standoff: 2 },
             ...(surface.plane?.equalAxes === false ? {} : { scaleanchor: "x", scaleratio: 1 }) },
    showlegend: false,
    hovermode: "closest",
    hoverlabel: { font: { family: cssVar("--font"), size: 12 } },
    dragmode: "zoom",
    annotations,
  };
}

/** An export's title: the surface and its formula. */
const sceneTitle = (scene) => `${scene.surface.name}: ${scene.surface.formula}`;

const sized = (gd, layout) => ({ ...layout, autosize: false, ...sizeOf(gd) });

// What each plot was last given: its layout as JSON, and its config.
const given = new WeakMap();

/**
 * Plotly.react, cheaper for the common case of a slider: only the traces' data changed. A new but
 * equal layout object costs react a deep diff and a relayout pass (~10 ms on the main plot), and
 * a config a deep copy, a compare and a forced layout (it measures the div); so Plotly gets back
 * the layout it holds when it did not change, and a config only when that did.
 */
function react(gd, data, layout, config) {
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
function handOver(gd, data, layout, config) {
  const last = given.get(gd);
  const held = gd.data;
  if (!last || !gd._fullLayout || last.config !== config || !held || held.length !== data.length) return false;
  if (!data.every((t, i) => sameTrace(t, held[i])) || last.key !== JSON.stringify(layout)) return false;
  gd.data = data;
  return true;
}

// ---- loss -------------------------------------------------------------------------------------

function lossRange(runs, field, scale) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const run of runs) {
    for (const v of run.loss) {
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo === Infinity) return { type: "linear", range: undefined };
  const log = scale === "log" ? lo > 0 : scale === "auto" && lo > 0 && hi / lo > 100;
  const span = field.zmax - field.zmin || 1;
  if (log) {
    hi = Math.min(hi, Math.max(field.zmax, ...runs.map((r) => r.loss[0])) * 10);
    lo = Math.max(lo, hi * 1e-18);
    const pad = (Math.log10(hi) - Math.log10(lo)) * 0.05 || 0.5;
    return { type: "log", range: [Math.log10(lo) - pad, Math.log10(hi) + pad] };
  }
  // Runs that fly away (a saddle has no bottom) would squash the rest: clip near the surface's range.
  lo = Math.max(lo, field.zmin - span);
  hi = Math.min(hi, field.zmax + span);
  const pad = (hi - lo) * 0.05 || 1;
  return { type: "linear", range: [lo - pad, hi + pad] };
}

/** Thin vertical lines where each epoch of mini-batches ends (layout shapes, not traces). */
function epochShapes(ends = []) {
  const colour = cssVar("--ink-faint");
  return ends.map((x, i) => ({
    type: "line", name: `epoch-${i + 1}`, xref: "x", yref: "paper", x0: x, x1: x, y0: 0, y1: 1,
    line: { color: colour, width: 1, dash: "dot" }, opacity: 0.55, layer: "below",
  }));
}

/**
 * The previous y axis while the new losses sit well inside it: during a slider drag the axis holds
 * still (easier to compare), and Plotly redraws only the traces, not the layout.
 */
function steadyAxis(next, previous) {
  if (!previous?.range || !next.range || previous.type !== next.type) return next;
  const [lo, hi] = next.range;
  const [plo, phi] = previous.range;
  return lo >= plo && hi <= phi && hi - lo >= 0.6 * (phi - plo) ? previous : next;
}

function lossFigure(scene, previousAxis) {
  const { result, steps, field, lossScale } = scene;
  const ink = cssVar("--ink-soft");
  const traces = result.runs.map((run) => ({
    type: "scatter", mode: "lines", name: run.label, y: run.loss, x0: 0, dx: 1,
    line: { color: CLEAR, width: 2, dash: runStyle(run.run).plotlyDash }, hoverlabel: { bgcolor: colourOfRun(run) },
    hovertemplate: `<b>${run.label}</b> step %{x}<br>f = %{y:.4g}<extra></extra>`,
    meta: { optimizer: run.optimizer, run: run.run, label: run.label, colour: colourOfRun(run) },
  }));
  const y = steadyAxis(lossRange(result.runs, field, lossScale), previousAxis);
  // Diverged runs get a ✕ where they stop: an annotation, so the plot keeps one trace per optimizer.
  const divergedMarks = result.runs.filter((r) => r.status === "diverged").map((run) => {
    const last = run.loss[run.loss.length - 1];
    return {
      x: run.loss.length - 1, y: y.type === "log" ? Math.log10(Math.max(last, 1e-300)) : last,
      text: "✕", showarrow: false, font: { size: 15, color: colourOfRun(run) },
      hovertext: t("{label} diverged after step {n}", { label: run.label, n: run.loss.length - 1 }),
    };
  });
  const axis = { zeroline: false, gridcolor: cssVar("--grid"), linecolor: ink, tickfont: { size: 10 }, ticks: "outside", ticklen: 3, tickcolor: ink, ...NO_OVERFLOW_CHECK };
  return {
    traces,
    layout: {
      uirevision: `${scene.surface.id}/${y.type}/${steps}`,
      margin: { l: 48, r: 8, t: 6, b: 32 },
      paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
      font: { family: cssVar("--font"), color: cssVar("--ink"), size: 11 },
      xaxis: { ...axis, range: [0, steps], title: { text: t("step"), standoff: 2, font: { size: 11 } } },
      yaxis: { ...axis, type: y.type, range: y.range, exponentformat: "power", title: { text: scene.surface.plane?.valueName ?? "f", standoff: 4, font: { size: 11 } } },
      showlegend: false, hovermode: "closest",
      hoverlabel: { font: { family: cssVar("--font"), size: 12 } },
      shapes: epochShapes(scene.epochEnds),
      annotations: divergedMarks,
    },
    axis: y,
  };
}

// ---- canvas overlay -----------------------------------------------------------------------------

function overlayCanvas(gd) {
  const canvas = document.createElement("canvas");
  canvas.className = "plot-overlay";
  canvas.setAttribute("aria-hidden", "true");
  gd.appendChild(canvas);
  return canvas;
}

/** Size the canvas to its plot, clipped to the plot area; returns the 2D context and the axes. */
function prepareCanvas(canvas, gd) {
  const full = gd._fullLayout;
  if (!full?.xaxis) return null;
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
  const xa = full.xaxis;
  const ya = full.yaxis;
  ctx.save();
  ctx.beginPath();
  ctx.rect(xa._offset, ya._offset, xa._length, ya._length);
  ctx.clip();
  return { ctx, xa, ya };
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

// ---- the view ---------------------------------------------------------------------------------

/**
 * @param {{plotsEl: HTMLElement, mainEl: HTMLElement, lossEl: HTMLElement,
 *   onPickStart: (xy: [number, number]) => void}} options
 */
export function createView({ plotsEl, mainEl, lossEl, onPickStart }) {
  let scene = null;
  let surfaceKey = "";
  let surfaceGrid = null; // a new grid under the same id (typed formula, standardised rows)
  let field = null;
  let contour = null;
  let fast = false;
  let syncing = false;
  const main = { gd: mainEl, ids: null, canvas: null, cell: mainEl.parentElement, axes: createAxisOverlay(mainEl) };
  const split = new Map(); // "index:tag" of a run -> its panel
  const colourKey = createColourKey(main.cell);
  // The key sits beside the main plot area; side by side, the panels show no key.
  const updateColourKey = () => colourKey.update(scene?.layout === "split" ? null : field, mainEl);
  const lossCanvas = { canvas: null };
  const lossAxes = createAxisOverlay(lossEl, { under: true }); // its grid stays beneath the curves
  let lossAxis = null; // the loss plot's y axis as last drawn: {type, range}
  const stale = new Set(); // plots whose data Plotly has not drawn yet (hover reads its copy)
  let syncTimer = 0;
  // Other modules' additions, by name: {main(step, result), annotations(step, result), loss(result)}
  // give main-plot traces, main-plot annotations and loss-plot traces, drawn after the contract's
  // traces and never carrying meta.optimizer (see setLayer).
  const layers = new Map();
  const fromLayers = (part, ...args) => [...layers.values()].flatMap((l) => l[part]?.(...args) ?? []);

  const panels = () => [main, ...split.values()];
  /** Each run's label at its head as Plotly annotations, for images (on screen the canvas draws them). */
  const headLabels = (panel, step, layout) => (panel.ids || !scene ? [] : labelAnnotations(headsAt(runsOf(panel), step), pixelMap(panel.gd, layout, sizeOf(panel.gd))));
  const runsOf = (panel) => (panel.ids ? scene.result.runs.filter((r) => panel.ids.includes(r.run)) : scene.result.runs);

  function figure(panel, step) {
    const runs = runsOf(panel);
    const title = panel.ids ? runs[0]?.label : scene.layout === "split" ? t("All runs") : "";
    const colour = contourTraceFor(panel);
    const layout = mainLayout(scene, title, [...divergenceFlags(runs, scene.surface, step),
                                             ...(panel === main ? fromLayers("annotations", step, scene.result).map((a) => ({ ...a, name: "layer" })) : [])], // prettier-ignore
                              panel === main && scene.layout !== "split");
    return {
      data: [colour, ...runs.map((r) => pathTrace(r, step)),
             headsTrace(runs, step), ...markerTraces(scene.surface, scene.start),
             ...(panel === main ? fromLayers("main", step, scene.result) : [])], // prettier-ignore
      layout,
    };
  }

  // The main panel's own trace; the split panels get copies (Plotly writes a uid into each).
  const contourTraceFor = (panel) => (panel === main ? contour : { ...contour });

  function listen(panel) {
    if (panel.listening) return;
    panel.listening = true;
    panel.gd.on("plotly_click", (event) => {
      const e = event.event;
      const full = panel.gd._fullLayout;
      if (!e || !full?.xaxis) return;
      const box = panel.gd.getBoundingClientRect();
      const x = full.xaxis.p2l(e.clientX - box.left - full.xaxis._offset);
      const y = full.yaxis.p2l(e.clientY - box.top - full.yaxis._offset);
      if (Number.isFinite(x) && Number.isFinite(y)) onPickStart([x, y]);
    });
    panel.gd.on("plotly_afterplot", () => {
      if (!scene) return;
      panel.pixels = null; // a zoom or pan moved the axes
      drawPaths(panel, scene.step);
    });
    panel.gd.on("plotly_relayout", (change) => {
      for (const p of panels()) p.pixels = null;
      const zoomed = Object.keys(change).some((k) => k.startsWith("xaxis") || k.startsWith("yaxis"));
      if (syncing || !zoomed) return;
      syncing = true; // the other panels follow this one's zoom
      const others = panels().filter((p) => p !== panel).map((p) => Plotly.relayout(p.gd, change));
      Promise.all(others).finally(() => (syncing = false));
    });
  }

  function syncPanels() {
    plotsEl.classList.toggle("split", scene.layout === "split");
    const wasSplit = plotsEl.dataset.layout === "split";
    plotsEl.dataset.layout = scene.layout;
    if (wasSplit !== (scene.layout === "split")) boxes.delete(mainEl);
    // A panel per run, keyed by its index and tag (runs.runTag), so a panel never shows another optimizer.
    const runs = scene.result.runs;
    const wanted = scene.layout === "split" ? runs.map((r) => `${r.run}:${runTag(runs, r.run)}`) : [];
    for (const [key, panel] of split) {
      if (wanted.includes(key)) continue;
      Plotly.purge(panel.gd);
      panel.axes.remove();
      panel.cell.remove();
      split.delete(key);
    }
    wanted.forEach((key, i) => {
      if (split.has(key)) return;
      const cell = document.createElement("div");
      cell.className = "plot-cell";
      const gd = document.createElement("div");
      gd.className = "plot";
      gd.dataset.testid = `split-plot-${runTag(runs, i)}`;
      cell.append(gd);
      plotsEl.append(cell);
      split.set(key, { gd, ids: [i], canvas: null, cell, axes: createAxisOverlay(gd) });
    });
    // Keep the panels in the run order.
    for (const key of wanted) plotsEl.append(split.get(key).cell);
  }

  /** Plotly's copy of the handed-over traces catches up once input pauses (never mid-playback). */
  function syncLater() {
    clearTimeout(syncTimer);
    syncTimer = setTimeout(() => {
      if (fast) return; // the commit at the end of playback syncs
      for (const gd of stale) if (gd._fullLayout) Plotly.react(gd, gd.data, gd.layout);
      stale.clear();
    }, SYNC_MS);
  }

  async function drawPanel(panel, step) {
    const { data, layout } = figure(panel, step);
    const full = sized(panel.gd, panel.axes.hide(layout));
    panel.canvas ??= overlayCanvas(panel.gd);
    panel.pixels = null;
    if (handOver(panel.gd, data, full, PLOT_CONFIG)) {
      stale.add(panel.gd);
      syncLater();
    } else {
      stale.delete(panel.gd);
      await react(panel.gd, data, full, PLOT_CONFIG);
      await panel.axes.sync();
      if (panel === main) updateColourKey();
      listen(panel);
    }
    drawPaths(panel, step);
  }

  async function drawLoss() {
    const { traces, layout, axis } = lossFigure({ ...scene, field }, lossAxis);
    lossAxis = axis;
    traces.push(...fromLayers("loss", scene.result));
    const full = sized(lossEl, lossAxes.hide(layout));
    lossCanvas.canvas ??= overlayCanvas(lossEl);
    if (handOver(lossEl, traces, full, LOSS_CONFIG)) {
      stale.add(lossEl);
      syncLater();
    } else {
      stale.delete(lossEl);
      await react(lossEl, traces, full, LOSS_CONFIG);
      await lossAxes.sync();
    }
    if (!lossEl.dataset.listening) {
      lossEl.dataset.listening = "1";
      lossEl.on("plotly_afterplot", () => scene && drawLossCursor(scene.step));
    }
    drawLossCursor(scene.step);
  }

  /** The loss curves (whole), the step's cursor and each run's loss at it. */
  function drawLossCursor(step) {
    const prepared = prepareCanvas(lossCanvas.canvas, lossEl);
    if (!prepared) return;
    const { ctx, xa, ya } = prepared;
    const yOf = ya.type === "log" ? (v) => (v > 0 ? ya._offset + ya.l2p(Math.log10(v)) : Number.NaN) : (v) => ya._offset + ya.l2p(v);
    ctx.lineWidth = 2;
    ctx.lineJoin = "round";
    for (const run of scene.result.runs) {
      ctx.strokeStyle = colourOfRun(run);
      ctx.setLineDash(runStyle(run.run).dash);
      ctx.beginPath();
      polyline(ctx, run.loss.length - 1, (i) => xa._offset + xa.l2p(i), (i) => yOf(run.loss[i]));
      ctx.stroke();
    }
    ctx.setLineDash([]);
    const px = xa._offset + xa.l2p(step);
    ctx.strokeStyle = cssVar("--ink-soft");
    ctx.setLineDash([4, 3]);
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(px, ya._offset);
    ctx.lineTo(px, ya._offset + ya._length);
    ctx.stroke();
    ctx.setLineDash([]);
    for (const run of scene.result.runs) {
      const k = last(run, step);
      const v = ya.type === "log" ? (run.loss[k] > 0 ? Math.log10(run.loss[k]) : null) : run.loss[k];
      if (v === null || !Number.isFinite(v)) continue;
      const py = ya._offset + ya.l2p(v);
      if (py < ya._offset - 8 || py > ya._offset + ya._length + 8) continue;
      drawHead(ctx, xa._offset + xa.l2p(k), py, colourOfRun(run), false);
    }
    ctx.restore();
  }

  /** Pixel coordinates of every iterate, computed once per fast-mode session and zoom. */
  function pixelsOf(panel, xa, ya) {
    panel.pixels ??= runsOf(panel).map((run) => {
      const px = new Float32Array(run.x.length);
      const py = new Float32Array(run.x.length);
      for (let i = 0; i < run.x.length; i++) {
        px[i] = xa._offset + xa.l2p(run.x[i]);
        py[i] = ya._offset + ya.l2p(run.y[i]);
      }
      return { run, px, py, colour: colourOfRun(run), dash: runStyle(run.run).dash };
    });
    return panel.pixels;
  }

  /** Each run's path up to the step and its head, on the panel's canvas. */
  function drawPaths(panel, step) {
    const prepared = prepareCanvas(panel.canvas, panel.gd);
    if (!prepared) return;
    const { ctx, xa, ya } = prepared;
    ctx.lineWidth = 2.6;
    ctx.lineJoin = "round";
    const paths = pixelsOf(panel, xa, ya);
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
      drawHead(ctx, px[k], py[k], colour, run.status === "diverged" && step >= run.x.length - 1);
    }
    if (!panel.ids) {
      const heads = paths.filter(({ run }) => !ended(run, step)).map(({ run, px, py, colour }) => ({ text: run.label, colour, px: px[last(run, step)], py: py[last(run, step)] }));
      const drawn = drawLabelsOnCanvas(ctx, heads, { left: xa._offset, right: xa._offset + xa._length, top: ya._offset, bottom: ya._offset + ya._length }, cssVar("--font"));
      const said = JSON.stringify(drawn); // a hook for tests: which labels the canvas shows, and where
      if (panel.canvas.dataset.labels !== said) panel.canvas.dataset.labels = said;
    }
    ctx.restore();
  }

  /**
   * The path traces' data follow the step without a Plotly redraw (the canvas shows it), so that
   * they hold iterates 0..k for the step shown at every frame; commitStep redraws them.
   */
  function keepTracesAt(panel, step) {
    const runs = runsOf(panel);
    runs.forEach((run, i) => {
      const trace = panel.gd.data[i + 1];
      if (trace?.meta?.optimizer !== run.optimizer) return;
      const k = last(run, step);
      trace.x = run.x.slice(0, k + 1);
      trace.y = run.y.slice(0, k + 1);
      trace.customdata = run.loss.slice(0, k + 1);
    });
    const heads = panel.gd.data[runs.length + 1];
    if (heads?.meta?.role === "heads") {
      heads.x = runs.map((r) => r.x[last(r, step)]);
      heads.y = runs.map((r) => r.y[last(r, step)]);
    }
  }

  return {
    /**
     * Draw a whole scene: {surface, grid, result, start, steps, step, layout, contours, lossScale}.
     * Resolves once every plot has drawn it.
     */
    async render(next) {
      scene = next;
      fast = false;
      const key = `${next.surface.id}/${next.contours}/${next.grid.x.length}`;
      if (key !== surfaceKey || next.grid !== surfaceGrid) {
        surfaceGrid = next.grid;
        field = surfaceField(next.grid, next.contours);
        contour = surfaceTrace(next.grid, field);
        surfaceKey = key;
      }
      syncPanels();
      // The main plot's box follows the domain's shape (equal axis scales), colour bar included.
      const span = (next.surface.domain.x[1] - next.surface.domain.x[0]) / (next.surface.domain.y[1] - next.surface.domain.y[0]);
      const ratio = next.surface.plane ? 1.35 : Math.min(2.2, Math.max(0.7, span)); // networks: a plane's box keeps one shape
      const aspect = ((ratio * 500 + 120) / 544).toFixed(3);
      if (mainEl.style.getPropertyValue("--aspect") !== aspect) {
        mainEl.style.setProperty("--aspect", aspect);
        boxes.delete(mainEl);
      }
      await Promise.all([...panels().map((p) => drawPanel(p, next.step)), drawLoss()]);
    },

    /** Show step k cheaply (a playback frame or a slider drag): canvas only. */
    showStep(step) {
      if (!scene) return;
      scene = { ...scene, step };
      if (!fast) {
        fast = true;
        const notes = main.gd.layout?.annotations ?? [];
        const moving = (a) => a.name === "layer" || a.name === "head-label"; // the canvas draws the labels
        if (notes.some(moving)) {
          given.delete(main.gd); // the layout Plotly holds no longer matches the one given
          Plotly.relayout(main.gd, { annotations: notes.filter((a) => !moving(a)) });
        }
      }
      for (const panel of panels()) {
        keepTracesAt(panel, step);
        drawPaths(panel, step);
      }
      drawLossCursor(step);
    },

    /** Settle on step k: the Plotly traces take iterates 0..k and the canvas clears. */
    async commitStep(step) {
      if (!scene) return;
      scene = { ...scene, step };
      fast = false;
      await Promise.all(panels().map((p) => drawPanel(p, step)));
      drawLossCursor(step);
    },

    /**
     * Add (or with `null` remove) a named layer: {main(step, result) → traces, annotations(step,
     * result) → annotations, loss(result) → traces}, each optional. Layer traces must not carry
     * meta.optimizer (the contract counts those). Annotations hide during playback. Redraws at once
     * unless playing (the next commit draws it then).
     */
    async setLayer(name, layer) {
      if (!layer && !layers.has(name)) return;
      if (layer) layers.set(name, layer);
      else layers.delete(name);
      if (!scene || fast) return;
      await Promise.all([drawPanel(main, scene.step), drawLoss()]);
    },

    /** The main plot as drawn now, with its axes and colour bar: a PNG data URL of `width` × `height` CSS pixels. */
    mainImage({ width, height }) {
      const keyed = scene?.layout !== "split";
      const data = main.gd.data.map((t) => ({ ...inked(t), ...(keyed && t.meta?.role === "surface" ? { showscale: true } : {}) }));
      const layout = withAxesShown(main.gd.layout);
      const title = { text: sceneTitle(scene), font: { size: 13 }, x: 0.02, y: 0.985 }; // the GIF says what it shows
      const annotations = [...(layout.annotations ?? []), ...headLabels(main, scene.step, layout)]; // who is who, as on the canvas
      return Plotly.toImage({ data, layout: { ...layout, annotations, title, margin: { ...layout.margin, t: 30 } } }, { format: "png", width, height });
    },

    /** Re-lay the plots after their boxes changed size. */
    resize() {
      for (const gd of [...panels().map((p) => p.gd), lossEl]) {
        const box = { width: Math.round(gd.clientWidth), height: Math.round(gd.clientHeight) };
        const old = boxes.get(gd);
        if (old && old.width === box.width && old.height === box.height) continue;
        boxes.set(gd, box);
        if (!gd._fullLayout) continue;
        const relaid = Plotly.relayout(gd, box);
        if (gd === mainEl) relaid.then(updateColourKey);
      }
      for (const p of panels()) p.pixels = null;
      if (scene) for (const p of panels()) drawPaths(p, scene.step);
      if (scene) drawLossCursor(scene.step);
    },

    /** A PNG of the main plot with a legend and title, as a data URL. */
    async snapshot() {
      const { data, layout } = figure(main, scene.step);
      const w = main.gd.clientWidth;
      const h = main.gd.clientHeight;
      return Plotly.toImage(
        {
          data: data.map(inked).map((t) => (t.meta?.optimizer ? { ...t, showlegend: true } : t.meta?.role === "surface" ? { ...t, showscale: true } : t)),
          layout: {
            ...layout,
            annotations: [...layout.annotations, ...headLabels(main, scene.step, layout)],
            paper_bgcolor: "#ffffff",
            title: { text: sceneTitle(scene), font: { size: 14 }, x: 0.02 },
            margin: { ...layout.margin, t: 70, r: 10 },
            showlegend: true,
            legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom", font: { size: 12 } },
          },
        },
        { format: "png", width: Math.max(w, 640), height: Math.max(h, 640) + 60, scale: 2 },
      );
    },
  };
}
