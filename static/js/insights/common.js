// Shared pieces of the Insights tabs: HTTP with cancellation, f* of a surface, the contour's
// log-ish colour transform, labelled form fields, plot defaults and exports.
//
// The insight plots are separate figures from the main view, so each tab calls Plotly itself
// (plot.js stays the only drawer of main-plot and loss-plot).

import { post } from "../api.js";
import { Plotly } from "../plotly.js";
import { PRIVATE } from "../private.js";
import { surfaceScale as sharedScale } from "../scale.js";
import { requestSurface } from "../surfaces.js";
import { el } from "../controls.js";
import { download } from "../export.js";
import { t } from "../i18n.js";

export { Plotly };

export const PLOT_CONFIG = {
  ...PRIVATE,
  displayModeBar: "hover",
  modeBarButtonsToRemove: ["select2d", "lasso2d", "toImage"],
  responsive: false,
};

/**
 * What every tab does alike with its figure: show an error in its place (after `clear` forgets the
 * tab's own result and extras), and fit the figure to a resized panel.
 */
export function figureMethods(plot, status, clear, plotly = () => Plotly) {
  return {
    showError(message) {
      clear();
      plotly().purge(plot);
      status.textContent = message;
      status.classList.add("ins-error");
    },
    resize() {
      if (plot.layout) plotly().Plots.resize(plot);
    },
  };
}

export const cssVar = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/** POST a JSON body; resolves to the answer, or throws an Error carrying the server's detail. */
export const postJSON = (url, body, signal) => post(url, body, { signal });

export const isAbort = (error) => error?.name === "AbortError";

const minimaValues = new Map();

/**
 * f at each listed minimum of the state's surface (one tiny run per minimum: its loss[0] is f
 * there), cached. The state says which loss: standardised features move both the minima and f.
 */
export function minimaLoss(surface, state) {
  const { surface: which, standardize } = requestSurface(state);
  const scene = standardize ? { surface: which, standardize } : { surface: which };
  const key = JSON.stringify([scene, surface.minima]);
  if (!minimaValues.has(key)) {
    const runs = surface.minima.map((start) =>
      postJSON("/api/run", { ...scene, start, steps: 1, runs: [{ optimizer: "sgd", params: { lr: 1e-6 } }] })
        .then((answer) => answer.runs[0].loss[0]));
    const pending = Promise.all(runs);
    pending.catch(() => minimaValues.delete(key));
    minimaValues.set(key, pending);
  }
  return minimaValues.get(key);
}

/** f* of CONTRACT section 10: the lowest f at the listed minima; null when the surface lists none. */
export async function fStar(surface, state) {
  const values = await minimaLoss(surface, state);
  return values.length ? Math.min(...values) : null;
}

/** A float or int parameter (a listing without type is a float); bools and choices have no range. */
export const isNumeric = (p) => !p.type || p.type === "float" || p.type === "int";

/**
 * Why a scene would be refused, checked before asking (a refused request would only repeat the
 * error the main view already shows): "" when every value is inside its declared range.
 */
export function sceneProblem(state, decls) {
  if (!state.runs.length) return t("Add at least one run.");
  if (!(state.steps >= 1 && state.steps <= 20000 && Number.isInteger(state.steps))) return t("Steps must be a whole number from 1 to 20000.");
  for (const run of state.runs) {
    const o = decls.optimizers.find((d) => d.id === run.optimizer);
    for (const p of o.params.filter(isNumeric)) {
      const v = run.params[p.name];
      if (!(v >= p.min && v <= p.max)) return t("{name} {param} is outside {min}…{max}.", { name: o.name, param: p.name, min: p.min, max: p.max });
    }
  }
  return "";
}

/** The main contour's display transform (scale.js), with short tick labels. */
export const surfaceScale = (grid, mode) => sharedScale(grid, mode, formatShort);

export function formatShort(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2).replace("e+", "e");
  return String(Number(v.toPrecision(4)));
}

/** The common look of an insight figure. */
export function baseLayout(extra = {}) {
  const ink = cssVar("--ink-soft");
  return {
    margin: { l: 58, r: 16, t: 28, b: 44 },
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
    font: { family: cssVar("--font"), color: cssVar("--ink"), size: 12 },
    hovermode: "closest",
    hoverlabel: { font: { family: cssVar("--font"), size: 12 } },
    showlegend: false,
    ...extra,
    _axis: { zeroline: false, gridcolor: cssVar("--grid"), linecolor: ink, ticks: "outside", ticklen: 3, tickcolor: ink, tickfont: { size: 11 } },
  };
}

/** Layout with the shared axis style applied to each named axis. */
export function withAxes(layout, axes) {
  const { _axis, ...rest } = layout;
  for (const [name, spec] of Object.entries(axes)) rest[name] = { ..._axis, ...spec };
  return rest;
}

const STACKED = "(max-width: 700px)"; // the same width as insights.css's taller .ins-plot-wide

/**
 * Where two charts of one figure go: side by side, or stacked on a narrow screen (a phone), where
 * side by side each would be ~150 px wide and the right one's axis title would cross the left one
 * (its plot is taller there, see insights.css). Each chart's axes: {x, y} domains.
 */
export function chartPair() {
  if (!window.matchMedia(STACKED).matches) return [{ x: [0, 0.46], y: [0, 1] }, { x: [0.56, 1], y: [0, 1] }];
  return [{ x: [0, 1], y: [0.6, 1] }, { x: [0, 1], y: [0, 0.4] }];
}

/** A vertical dashed line at `step` on the x axis `xref` (the step shown in the main view). */
export function stepLine(step, xref = "x", yref = "paper", y = [0, 1]) {
  return {
    type: "line", xref, yref, x0: step, x1: step, y0: y[0], y1: y[1],
    line: { color: cssVar("--ink-faint"), width: 1, dash: "dot" }, meta: "step",
  };
}

// ---- form fields (labelled, with a tooltip) ------------------------------------------------

let uid = 0;

/** A labelled control: {field, input}. `kind`: "number" | "range" | "select" | "checkbox". */
export function control({ kind, label, title: english, testid, options = [], attrs = {}, onChange, live = false, emptyOk = false }) {
  const id = `ins-${testid ?? `f${uid++}`}`;
  const title = english && t(english); // label, tooltip and options are given in English: shown in the page's language
  let input;
  if (kind === "select") {
    input = el("select", { id, title, dataset: { testid } }, options.map(([value, text, tip]) =>
      Array.isArray(value) ? el("optgroup", { label: t(text) }, value.map(([v, name]) => el("option", { value: v }, name)))
                           : el("option", { value, title: tip && t(tip) }, t(text)))); // prettier-ignore
  } else {
    input = el("input", { type: kind, id, title, dataset: { testid }, ...(kind === "number" ? { step: "any" } : {}), ...attrs });
  }
  const read = () => (kind === "checkbox" ? input.checked : kind === "select" ? input.value : Number(input.value));
  const changed = () => {
    const v = read();
    if (emptyOk && input.value.trim() === "") {
      input.removeAttribute("aria-invalid");
      onChange?.(null);
      return;
    }
    if (kind === "number" || kind === "range") {
      const ok = input.value.trim() !== "" && Number.isFinite(v) && input.checkValidity();
      input.toggleAttribute("aria-invalid", !ok);
      if (!ok) return;
    }
    onChange?.(v);
  };
  input.addEventListener("change", changed);
  if (live) input.addEventListener("input", changed);
  const text = el("span", { class: "ins-label-text" }, t(label));
  const field = kind === "checkbox"
    ? el("label", { class: "ins-field ins-check", for: id, title }, input, text)
    : el("label", { class: "ins-field", for: id, title }, text, input);
  return {
    field,
    input,
    set(v) {
      if (document.activeElement === input) return;
      if (kind === "checkbox") input.checked = Boolean(v);
      else input.value = String(v);
      input.removeAttribute("aria-invalid");
    },
  };
}

/** A short note under a plot (what to look at); `role=status` for changing text. */
export const note = (text, attrs = {}) => el("p", { class: "ins-note", ...attrs }, text);

// ---- exports -----------------------------------------------------------------------------

export function csvText(header, rows) {
  const cell = (v) => (typeof v === "string" && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v ?? "");
  return `${[header, ...rows].map((r) => r.map(cell).join(",")).join("\n")}\n`;
}

export function saveCSV(name, header, rows) {
  download(name, csvText(header, rows), "text/csv");
}

/** A PNG of an insight figure, white background, twice the screen resolution (`plotly`: the
 * bundle that drew it). */
export async function savePNG(name, gd, title, plotly = Plotly) {
  const layout = { ...gd.layout, paper_bgcolor: "#ffffff", title: title ? { text: title, x: 0.02, font: { size: 14 } } : gd.layout.title };
  if (title) layout.margin = { ...gd.layout.margin, t: Math.max(gd.layout.margin?.t ?? 0, 48) };
  const url = await plotly.toImage({ data: gd.data, layout }, {
    format: "png", width: Math.max(gd.clientWidth, 640), height: Math.max(gd.clientHeight, 360), scale: 2,
  });
  download(name, url, "image/png", true);
}

export { el };
