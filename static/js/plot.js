// The only drawer of main-plot and loss-plot. Draws the surface, the paths and the loss curves,
// and plays steps. Their axes are drawn apart, by plot/axisoverlay.js, so that a data change
// leaves them alone.
//
// main-plot holds: the surface (one heatmap trace, banded like filled contours), one `lines` trace per run
// (meta: {optimizer, run, label, colour}; iterates 0..k for the step shown), then extra traces
// with meta.role only: heads, minima, start. Each run's label sits at its path's head, drawn on
// the canvas (plot/headlabels.js; exports add them as annotations; its data-labels lists them).
// loss-plot holds exactly one trace per run (✕ marks are annotations). A run's look (colour and
// dash) is runs.runStyle(run.run).
//
// Plotly draws the surface, the markers, the axes' frame and hover; the paths, their heads and
// the loss curves are drawn by the page on a canvas over each plot (Plotly redraws every trace,
// the heatmap included, on any data change: 35 ms of a slider's frame). Their Plotly traces hold
// the same values, transparent, for hover, exports and CONTRACT section 8. A result that changes
// only the runs is handed to those traces without a Plotly call; Plotly's own copy (what hover
// reads) catches up once input pauses. Playback and slider drags redraw only the canvas.
//
// The parts, in plot/: surface.js (the heatmap, its colour key, the markers), mainfigure.js (the
// paths' traces and main-plot's layout), panels.js (main-plot and the side-by-side panels),
// loss.js (loss-plot), canvas.js (the page's drawing), headlabels.js (where the labels go),
// axisoverlay.js (the axes), redraw.js (the Plotly calls and their shortcuts), images.js (the PNG
// and GIF exports), common.js (what they share).

import { mainImage, snapshot } from "./plot/images.js";
import { createLossPlot } from "./plot/loss.js";
import { createPanels } from "./plot/panels.js";
import { createRedraw, fitToBox, forgetBox } from "./plot/redraw.js";
import { surfaceOf } from "./plot/surface.js";
import { plotlyLoaded } from "./plotly.js";

export { formatNumber } from "./plot/common.js"; // other modules show numbers the plots' way

/** main-plot's box follows the domain's shape (equal axis scales), colour bar included. */
function fitAspect(mainEl, surface) {
  const span = (surface.domain.x[1] - surface.domain.x[0]) / (surface.domain.y[1] - surface.domain.y[0]);
  const ratio = surface.plane ? 1.35 : Math.min(2.2, Math.max(0.7, span)); // networks: a plane's box keeps one shape
  const aspect = ((ratio * 500 + 120) / 544).toFixed(3);
  if (mainEl.style.getPropertyValue("--aspect") === aspect) return;
  mainEl.style.setProperty("--aspect", aspect);
  forgetBox(mainEl);
}

/**
 * @param {{plotsEl: HTMLElement, mainEl: HTMLElement, lossEl: HTMLElement,
 *   onPickStart: (xy: [number, number]) => void}} options
 */
export function createView({ plotsEl, mainEl, lossEl, onPickStart }) {
  // What the view shows, shared with its parts: the scene, its surface as drawn (surface.js's
  // surfaceOf), whether it is in fast mode (playback or a slider drag: the canvas alone draws) and
  // whether it is a first picture drawn before Plotly (preview).
  const shown = { scene: null, surface: null, fast: false, preview: false };
  const redraw = createRedraw(() => shown.fast);
  // Other modules' additions, by name: {main(step, result), annotations(step, result), loss(result)}
  // give main-plot traces, main-plot annotations and loss-plot traces, drawn after the contract's
  // traces and never carrying meta.optimizer (see setLayer).
  const layers = new Map();
  const fromLayers = (part, ...args) => [...layers.values()].flatMap((l) => l[part]?.(...args) ?? []);
  const plots = createPanels({ plotsEl, mainEl, onPickStart, shown, redraw, fromLayers });
  const loss = createLossPlot(lossEl, { shown, redraw, fromLayers });

  /** `next` becomes the scene shown: its surface as drawn, its panels, its plot's shape. */
  function show(next) {
    shown.scene = next;
    shown.fast = false;
    shown.preview = false;
    shown.surface = surfaceOf(next, shown.surface);
    plots.syncPanels();
    fitAspect(mainEl, next.surface);
  }

  return {
    /**
     * Draw a whole scene: {surface, grid, result, start, steps, step, layout, contours, lossScale}.
     * Resolves once every plot has drawn it.
     */
    async render(next) {
      show(next);
      await Promise.all([...plots.panels().map((p) => plots.draw(p, next.step)), loss.draw()]);
    },

    /**
     * Draw a scene's first picture before Plotly is in, on the canvases alone (plot/preview.js);
     * false when this scene needs Plotly (side by side, a network's plane, no axes yet). `render`
     * draws it again with Plotly.
     */
    preview(next) {
      if (plotlyLoaded() || next.layout === "split" || next.surface.plane) return false;
      show(next);
      shown.preview = plots.preview(next.step) && loss.preview();
      return shown.preview;
    },

    /** Show step k cheaply (a playback frame or a slider drag): canvas only. */
    showStep(step) {
      if (!shown.scene) return;
      shown.scene = { ...shown.scene, step };
      if (!shown.fast) {
        shown.fast = true;
        plots.dropMovingNotes();
      }
      plots.showStep(step);
      loss.drawCursor(step);
    },

    /** Settle on step k: the Plotly traces take iterates 0..k and the canvas clears. */
    async commitStep(step) {
      if (!shown.scene) return;
      shown.scene = { ...shown.scene, step };
      shown.fast = false;
      await Promise.all(plots.panels().map((p) => plots.draw(p, step)));
      loss.drawCursor(step);
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
      if (!shown.scene || shown.fast) return;
      await Promise.all([plots.draw(plots.main, shown.scene.step), loss.draw()]);
    },

    /** The main plot as drawn now, with its axes and colour bar: a PNG data URL of `width` × `height` CSS pixels. */
    mainImage(size) {
      return mainImage(plots.main.gd, shown.scene, size);
    },

    /** Re-lay the plots after their boxes changed size. */
    resize() {
      if (shown.preview && !plotlyLoaded()) {
        for (const gd of [mainEl, lossEl]) fitToBox(gd);
        plots.preview(shown.scene.step); // the first picture's axes follow the new boxes
        loss.preview();
        return;
      }
      for (const gd of [...plots.panels().map((p) => p.gd), lossEl]) {
        const relaid = fitToBox(gd);
        if (relaid && gd === mainEl) relaid.then(plots.updateColourKey);
      }
      plots.repaint();
      if (shown.scene) loss.paint(shown.scene.step);
    },

    /** A PNG of the main plot with a legend and title, as a data URL. */
    async snapshot() {
      return snapshot(plots.main.gd, shown.scene, plots.figure(plots.main, shown.scene.step));
    },
  };
}
