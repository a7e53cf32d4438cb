// A plot's axes, drawn by a second Plotly div that holds no data, laid over the plot (or under
// it, where grid lines must stay beneath the curves). Plotly redraws every axis of a plot on any
// data change: a fifth of a slider's redraw, for ticks that did not move. Here the plot itself
// gets its axes hidden, and the axes are drawn again only when they move: a zoom, a pan, a resize,
// a new range.

import { Plotly } from "../plotly.js";
import { PRIVATE } from "../private.js";

const CONFIG = { ...PRIVATE, staticPlot: true, displayModeBar: false };
const CLEAR = "rgba(0,0,0,0)";

/**
 * @param {HTMLElement} gd the plot; the overlay becomes its next sibling (its parent is the
 *   positioned box both sit in)
 * @param {{under?: boolean}} options under: drawn beneath the plot (its grid under the data)
 */
export function createAxisOverlay(gd, { under = false } = {}) {
  const div = document.createElement("div");
  div.className = under ? "plot-axes under" : "plot-axes";
  div.setAttribute("aria-hidden", "true");
  gd.after(div);
  let given = null; // how the axes look: {xaxis, yaxis, margin, font}
  let drawn = "";

  /** The axes-only layout for where gd's axes are now (gd's ranges and plot area, as laid out). */
  function layoutNow() {
    const full = gd._fullLayout;
    if (!given || !full?.xaxis || !full.yaxis) return null;
    const axis = (name) => ({
      ...given[name], visible: true, type: full[name].type, domain: [...full[name].domain],
      range: [...full[name].range], autorange: false, fixedrange: true,
      scaleanchor: undefined, scaleratio: undefined, constrain: undefined,
    });
    return {
      width: full.width, height: full.height, autosize: false, margin: given.margin, font: given.font,
      paper_bgcolor: CLEAR, plot_bgcolor: CLEAR, showlegend: false,
      xaxis: axis("xaxis"), yaxis: axis("yaxis"),
    };
  }

  let listening = false;

  /** Draw the axes where gd's are now; nothing when they have not moved. */
  function sync() {
    if (!listening && gd.on) {
      listening = true;
      gd.on("plotly_relayouting", () => sync()); // a pan moves the ticks while dragging
      gd.on("plotly_relayout", () => sync());
    }
    const layout = layoutNow();
    if (!layout) return Promise.resolve();
    const key = JSON.stringify(layout);
    if (key === drawn) return Promise.resolve();
    drawn = key;
    Object.assign(div.style, { width: `${layout.width}px`, height: `${layout.height}px` });
    return Plotly.react(div, [], layout, CONFIG);
  }

  return {
    /** `layout` for gd with its axes hidden; remembers how they should look for `sync`. */
    hide(layout) {
      given = { xaxis: layout.xaxis, yaxis: layout.yaxis, margin: layout.margin, font: layout.font };
      return { ...layout, xaxis: { ...layout.xaxis, visible: false }, yaxis: { ...layout.yaxis, visible: false } };
    },
    sync,
    remove() {
      Plotly.purge(div);
      div.remove();
    },
  };
}

/** A figure as it looks on screen, for an image export: its axes shown again. */
export function withAxesShown(layout) {
  return { ...layout, xaxis: { ...layout.xaxis, visible: true }, yaxis: { ...layout.yaxis, visible: true } };
}
