// loss-plot: one transparent trace per run (hover, exports, CONTRACT section 8) whose values the
// canvas draws, a ✕ annotation where a diverged run stops, the epochs' ends, and a y axis that
// holds still while new losses fit it.

import { createAxisOverlay } from "./axisoverlay.js";
import { t } from "../i18n.js";
import { runStyle } from "../runs.js";
import { drawLossCursor, drawLossCurves, overlayCanvas, provideAxes } from "./canvas.js";
import { CLEAR, colourOfRun, cssVar, NO_OVERFLOW_CHECK } from "./common.js";
import { drawAxes, drawNotes, layoutAxes } from "./preview.js";
import { LOSS_CONFIG, sized } from "./redraw.js";

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

/** loss-plot's traces and layout, and the y axis it uses (`previousAxis` while the losses fit it). */
function lossFigure(scene, previousAxis) {
  const { result, steps, field, lossScale } = scene;
  const ink = cssVar("--ink-soft");
  const traces = result.runs.map((run) => ({
    type: "scatter", mode: "lines", name: run.label, y: run.loss, x0: 0, dx: 1,
    line: { color: CLEAR, width: 2, dash: runStyle(run.run).plotlyDash }, hoverlabel: { bgcolor: colourOfRun(run) },
    hovertemplate: `<b>${run.label}</b> ${t("step")} %{x}<br>f = %{y:.4g}<extra></extra>`,
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
      margin: { l: 48, r: 16, t: 6, b: 32 }, // r: room for half the last x tick label ("1000")
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

/**
 * loss-plot for a view: `shown` is what the view shows ({scene, surface}), `redraw` its Plotly
 * calls (redraw.js), `fromLayers` its layers' additions.
 */
export function createLossPlot(lossEl, { shown, redraw, fromLayers }) {
  let canvas = null; // the curves
  let cursor = null; // the step's cursor and the runs' heads at it, over the curves
  const axes = createAxisOverlay(lossEl, { under: true }); // its grid stays beneath the curves
  let yAxis = null; // the y axis as last drawn: {type, range}

  /** The step's cursor and each run's loss at it: canvas only. */
  const drawCursor = (step) => drawLossCursor(cursor, lossEl, shown.scene.result.runs, step);

  /** The curves and the cursor, on canvases made on first use. */
  function paint(step) {
    canvas ??= overlayCanvas(lossEl);
    if (!cursor) {
      cursor = overlayCanvas(lossEl);
      cursor.classList.add("plot-cursor");
    }
    drawLossCurves(canvas, lossEl, shown.scene.result.runs);
    drawCursor(step);
  }

  /** Draw the scene shown: its traces through Plotly (or handed over), then the canvas. */
  async function draw() {
    const { traces, layout, axis } = lossFigure({ ...shown.scene, field: shown.surface.field }, yAxis);
    yAxis = axis;
    traces.push(...fromLayers("loss", shown.scene.result));
    const full = sized(lossEl, axes.hide(layout));
    if (!redraw.handOver(lossEl, traces, full, LOSS_CONFIG)) {
      await redraw.react(lossEl, traces, full, LOSS_CONFIG);
      await axes.sync();
    }
    if (!lossEl.dataset.listening) {
      lossEl.dataset.listening = "1";
      lossEl.on("plotly_afterplot", () => shown.scene && paint(shown.scene.step));
    }
    paint(shown.scene.step);
  }

  /** The first picture before Plotly is in (preview.js): the curves and axes on the canvas; false without axes. */
  function preview() {
    const { traces, layout, axis } = lossFigure({ ...shown.scene, field: shown.surface.field }, yAxis);
    const full = sized(lossEl, layout);
    const axes = layoutAxes(full);
    if (!axes) return false;
    yAxis = axis;
    provideAxes(lossEl, axes);
    lossEl.data = traces;
    paint(shown.scene.step);
    drawAxes(canvas, axes, full);
    drawNotes(canvas, axes, full); // ✕ where a run diverged, the epochs' ends
    return true;
  }

  return { draw, drawCursor, paint, preview };
}
