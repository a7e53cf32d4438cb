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

import { createAxisOverlay } from "./axisoverlay.js";
import { t } from "./i18n.js";
import { Plotly } from "./plotly.js";
import { drawLossCurves, drawPaths, overlayCanvas } from "./plot/canvas.js";
import { last } from "./plot/common.js";
import { mainImage, snapshot } from "./plot/images.js";
import { lossFigure } from "./plot/loss.js";
import { divergenceFlags, headsTrace, mainLayout, pathTrace } from "./plot/mainfigure.js";
import { createRedraw, fitToBox, forgetBox, forgetLayout, LOSS_CONFIG, PLOT_CONFIG, sized } from "./plot/redraw.js";
import { createColourKey, markerTraces, surfaceOf } from "./plot/surface.js";
import { runTag } from "./runs.js";

export { formatNumber } from "./plot/common.js"; // other modules show numbers the plots' way

// ---- the view ---------------------------------------------------------------------------------

/**
 * @param {{plotsEl: HTMLElement, mainEl: HTMLElement, lossEl: HTMLElement,
 *   onPickStart: (xy: [number, number]) => void}} options
 */
export function createView({ plotsEl, mainEl, lossEl, onPickStart }) {
  let scene = null;
  let surface = null; // the scene's surface as drawn (surface.js's surfaceOf)
  let fast = false;
  let syncing = false;
  const main = { gd: mainEl, ids: null, canvas: null, cell: mainEl.parentElement, axes: createAxisOverlay(mainEl) };
  const split = new Map(); // "index:tag" of a run -> its panel
  const colourKey = createColourKey(main.cell);
  // The key sits beside the main plot area; side by side, the panels show no key.
  const updateColourKey = () => colourKey.update(scene?.layout === "split" ? null : surface?.field, mainEl);
  const lossCanvas = { canvas: null };
  const lossAxes = createAxisOverlay(lossEl, { under: true }); // its grid stays beneath the curves
  let lossAxis = null; // the loss plot's y axis as last drawn: {type, range}
  const redraw = createRedraw(() => fast);
  // Other modules' additions, by name: {main(step, result), annotations(step, result), loss(result)}
  // give main-plot traces, main-plot annotations and loss-plot traces, drawn after the contract's
  // traces and never carrying meta.optimizer (see setLayer).
  const layers = new Map();
  const fromLayers = (part, ...args) => [...layers.values()].flatMap((l) => l[part]?.(...args) ?? []);

  const panels = () => [main, ...split.values()];
  const runsOf = (panel) => (panel.ids ? scene.result.runs.filter((r) => panel.ids.includes(r.run)) : scene.result.runs);
  const paint = (panel, step) => drawPaths(panel, runsOf(panel), step);

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
  const contourTraceFor = (panel) => (panel === main ? surface.trace : { ...surface.trace });

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
      paint(panel, scene.step);
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
    if (wasSplit !== (scene.layout === "split")) forgetBox(mainEl);
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

  async function drawPanel(panel, step) {
    const { data, layout } = figure(panel, step);
    const full = sized(panel.gd, panel.axes.hide(layout));
    panel.canvas ??= overlayCanvas(panel.gd);
    panel.pixels = null;
    if (!redraw.handOver(panel.gd, data, full, PLOT_CONFIG)) {
      await redraw.react(panel.gd, data, full, PLOT_CONFIG);
      await panel.axes.sync();
      if (panel === main) updateColourKey();
      listen(panel);
    }
    paint(panel, step);
  }

  async function drawLoss() {
    const { traces, layout, axis } = lossFigure({ ...scene, field: surface.field }, lossAxis);
    lossAxis = axis;
    traces.push(...fromLayers("loss", scene.result));
    const full = sized(lossEl, lossAxes.hide(layout));
    lossCanvas.canvas ??= overlayCanvas(lossEl);
    if (!redraw.handOver(lossEl, traces, full, LOSS_CONFIG)) {
      await redraw.react(lossEl, traces, full, LOSS_CONFIG);
      await lossAxes.sync();
    }
    if (!lossEl.dataset.listening) {
      lossEl.dataset.listening = "1";
      lossEl.on("plotly_afterplot", () => scene && drawLossCursor(scene.step));
    }
    drawLossCursor(scene.step);
  }

  /** The loss curves (whole), the step's cursor and each run's loss at it. */
  const drawLossCursor = (step) => drawLossCurves(lossCanvas.canvas, lossEl, scene.result.runs, step);

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
      surface = surfaceOf(next, surface);
      syncPanels();
      // The main plot's box follows the domain's shape (equal axis scales), colour bar included.
      const span = (next.surface.domain.x[1] - next.surface.domain.x[0]) / (next.surface.domain.y[1] - next.surface.domain.y[0]);
      const ratio = next.surface.plane ? 1.35 : Math.min(2.2, Math.max(0.7, span)); // networks: a plane's box keeps one shape
      const aspect = ((ratio * 500 + 120) / 544).toFixed(3);
      if (mainEl.style.getPropertyValue("--aspect") !== aspect) {
        mainEl.style.setProperty("--aspect", aspect);
        forgetBox(mainEl);
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
          forgetLayout(main.gd); // the layout Plotly holds no longer matches the one given
          Plotly.relayout(main.gd, { annotations: notes.filter((a) => !moving(a)) });
        }
      }
      for (const panel of panels()) {
        keepTracesAt(panel, step);
        paint(panel, step);
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
    mainImage(size) {
      return mainImage(main.gd, scene, size);
    },

    /** Re-lay the plots after their boxes changed size. */
    resize() {
      for (const gd of [...panels().map((p) => p.gd), lossEl]) {
        const relaid = fitToBox(gd);
        if (relaid && gd === mainEl) relaid.then(updateColourKey);
      }
      for (const p of panels()) p.pixels = null;
      if (scene) for (const p of panels()) paint(p, scene.step);
      if (scene) drawLossCursor(scene.step);
    },

    /** A PNG of the main plot with a legend and title, as a data URL. */
    async snapshot() {
      return snapshot(main.gd, scene, figure(main, scene.step));
    },
  };
}
