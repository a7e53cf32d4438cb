// Network scenes (issue 18): the network's controls under the surface picker, and beside the
// plane (plot.js draws it) what the network does at the step shown: its decision boundary over
// the train and test points, train against test loss and accuracy by step, each layer's gradient
// norm by step, and a backprop table (‖∂L/∂W1‖, ‖∂L/∂W2‖ and the step the optimizer took with
// them). Shown only on network surfaces; its small figures are its own (plot.js keeps main-plot
// and loss-plot).
//
// Hooks for tests: #network-panel[data-drawn] is "<surface>/<step>" once the figures show that
// step (and the mark "optiscope:network-drawn" is set); data-testid net-boundary, net-curves, net-norms, net-backprop, net-note; controls
// net-hidden, net-hidden-value, net-activation-<a>, net-loss-<l>, net-seed, net-batch-on,
// net-batch-size.

import { el, segmented, setAttr, setHidden } from "../controls.js";
import { t } from "../i18n.js";
import { CLEAR, cssVar, formatNumber } from "../plot/common.js";
import { drawLines, overlayCanvas } from "../plot/canvas.js";
import { createRedraw, handOver, react } from "../plot/redraw.js";
import { PRIVATE } from "../private.js";
import { runTag } from "../runs.js";
import { Change } from "../state.js";
import { evaluate, layerNorm, layers, outputGrid } from "./model.js";
import { isNetwork, networkBatch, networkDecl, networkEpoch, networkOf } from "./scene.js";

const CONFIG = { ...PRIVATE, displayModeBar: false, responsive: false };
const BOUNDARY_N = 36; // the boundary's grid: points a side (a 0.1-wide cell on the moons)
const FRAME_GAP_MS = 80; // during playback, redraw at most this often
const f = formatNumber;

const ACTIVATIONS = [
  ["tanh", "tanh", "tanh(x): smooth, zero-centred, saturates at ±1 (gradient ≤ 1)"],
  ["relu", "ReLU", "max(0, x): no saturation for x > 0, so gradients pass through unshrunk; a unit stuck below 0 learns nothing"],
  ["sigmoid", "sigmoid", "1 / (1 + e⁻ˣ): saturates at 0 and 1 and its slope is at most 1/4, so the gradient reaching the first layer shrinks"],
].map(([value, label, tip]) => [value, t(label), t(tip)]);
const LOSSES = [
  ["cross_entropy", "cross-entropy", "mean(log(1 + eᶻ) − y·z): its gradient σ(z) − y stays large while a point is wrong, however sure the network is"],
  ["mse", "squared error", "mean((σ(z) − y)²): its gradient carries σ'(z), which vanishes when the output saturates, even on a wrong point"],
].map(([value, label, tip]) => [value, t(label), t(tip)]);

function axisStyle() {
  return { zeroline: false, gridcolor: cssVar("--grid"), linecolor: cssVar("--ink-soft"), tickfont: { size: 9 }, fixedrange: true, mirror: true };
}

function baseLayout(size) {
  return {
    ...size, autosize: false, margin: { l: 40, r: 8, t: 6, b: 28 },
    paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "#fff",
    font: { family: cssVar("--font"), color: cssVar("--ink"), size: 10 },
    showlegend: false, hovermode: "closest", dragmode: false,
  };
}

/** A vertical line over a figure's plot area at step k: a positioned div (a Plotly shape would redraw the figure). */
function placeCursor(gd, k) {
  const xa = gd._fullLayout?.xaxis;
  if (!xa) return;
  let line = gd.querySelector(".net-cursor");
  if (!line) {
    line = el("div", { class: "net-cursor", "aria-hidden": "true" });
    gd.append(line);
  }
  const { t, b } = gd._fullLayout.margin;
  Object.assign(line.style, { left: `${xa._offset + xa.l2p(k)}px`, top: `${t}px`, bottom: `${b}px` });
}

// ---- the controls ----------------------------------------------------------------------------

function numberInput(attrs) {
  return el("input", { type: "number", step: 1, ...attrs });
}

function buildControls(root, store) {
  const setNetwork = (patch) => store.update((s) => ({ network: { ...networkOf(s), ...patch }, preset: "" }), Change.RUN);
  const hidden = el("input", { type: "range", id: "net-hidden", min: 1, max: 32, step: 1, title: t("Hidden units H (1 to 32): θ has 4H + 1 numbers"), dataset: { testid: "net-hidden" } });
  const hiddenValue = numberInput({ min: 1, max: 32, title: t("Hidden units: exact value"), "aria-label": t("Hidden units exact value"), dataset: { testid: "net-hidden-value" } });
  hidden.addEventListener("input", () => setNetwork({ hidden: Number(hidden.value) }));
  hiddenValue.addEventListener("change", () => {
    const v = Number(hiddenValue.value);
    if (Number.isInteger(v) && v >= 1 && v <= 32) setNetwork({ hidden: v });
  });
  const activation = segmented("net-activation", t("Activation of the hidden units"), ACTIVATIONS, (v) => setNetwork({ activation: v }));
  const loss = segmented("net-loss", t("Loss on the network's output"), LOSSES, (v) => setNetwork({ loss: v }));
  const seed = numberInput({ id: "net-seed", min: 0, max: 2 ** 32 - 1, title: t("Seed of the initial weights θ₀ (every optimizer starts from the same θ₀)"), dataset: { testid: "net-seed" } });
  seed.addEventListener("change", () => {
    const v = Number(seed.value);
    if (Number.isInteger(v) && v >= 0) setNetwork({ init_seed: v });
  });
  const reroll = el("button", { type: "button", class: "icon-button", title: t("Draw new initial weights"), "aria-label": t("New initial weights") }, "⚄");
  reroll.addEventListener("click", () => setNetwork({ init_seed: Math.floor(Math.random() * 10000) }));
  const batchOn = el("input", { type: "checkbox", id: "net-batch-on", title: t("Estimate each gradient from a random mini-batch of train rows instead of all of them"), dataset: { testid: "net-batch-on" } });
  const batch = el("input", { type: "range", id: "net-batch-size", min: 1, step: 1, title: t("Train rows per mini-batch"), dataset: { testid: "net-batch-size" } });
  const batchText = el("output", { class: "net-batch-text", for: "net-batch-size" });
  batchOn.addEventListener("change", () => store.update({ batch: batchOn.checked ? 16 : 0, preset: "" }, Change.RUN));
  batch.addEventListener("input", () => store.update({ batch: Number(batch.value), preset: "" }, Change.RUN));
  const about = el("p", { class: "hint net-about" });
  root.append(el("div", { class: "net-controls" },
    el("h3", { class: "data-heading" }, t("The network")),
    el("div", { class: "param" }, el("label", { for: hidden.id, title: hidden.title }, t("hidden")), hidden, hiddenValue),
    el("div", { class: "net-choice" }, el("span", { class: "field-label", title: t("Activation of the hidden units") }, t("activation")), activation.group),
    el("div", { class: "net-choice" }, el("span", { class: "field-label", title: t("Loss on the network's output") }, t("loss")), loss.group),
    el("div", { class: "row" }, el("div", { class: "field" }, el("label", { for: seed.id, title: seed.title }, t("Init seed")), seed), reroll),
    el("label", { class: "check", for: batchOn.id, title: batchOn.title }, batchOn, t("Mini-batches")),
    el("div", { class: "param" }, el("label", { for: batch.id, title: batch.title }, t("batch")), batch, batchText),
    about,
  ));
  return (state) => {
    const n = networkOf(state);
    const decl = networkDecl(state.surface);
    if (document.activeElement !== hidden) hidden.value = String(n.hidden);
    if (document.activeElement !== hiddenValue) hiddenValue.value = String(n.hidden);
    activation.set(n.activation);
    loss.set(n.loss);
    if (document.activeElement !== seed) seed.value = String(n.init_seed);
    const size = networkBatch(state);
    batchOn.checked = size > 0;
    batch.max = String(decl.train_rows);
    batch.disabled = !size;
    if (document.activeElement !== batch) batch.value = String(size || 16);
    batchText.value = size ? t("{size} of {rows}", { size, rows: decl.train_rows }) : t("all");
    about.textContent = `${t("{train} train rows, {test} test rows (hollow marks); θ has {n} numbers.", { train: decl.train_rows, test: decl.test_rows, n: 4 * n.hidden + 1 })} ${
      size ? t("{n} updates make an epoch.", { n: networkEpoch(state) }) : t("Every update uses all train rows.")
    }`;
  };
}

// ---- the figures ------------------------------------------------------------------------------

const pointsOf = new WeakMap(); // rows -> their traces: the same arrays each step, so Plotly skips them

function pointTraces(rows) {
  if (pointsOf.has(rows)) return pointsOf.get(rows);
  const traces = [];
  for (const [part, open] of [["train", false], ["test", true]]) {
    for (const label of [0, 1]) {
      const at = rows[part].target.map((t, i) => (t === label ? i : -1)).filter((i) => i >= 0);
      traces.push({
        type: "scatter", mode: "markers", x: at.map((i) => rows[part].features[i][0]), y: at.map((i) => rows[part].features[i][1]),
        marker: { size: open ? 6 : 5, symbol: open ? "circle-open" : "circle", color: cssVar(`--data-class-${label}`), line: { width: open ? 1.6 : 0.5, color: open ? cssVar(`--data-class-${label}`) : "#fff" } },
        hovertemplate: `${part === "train" ? t("train row, class {label}", { label }) : t("test row, class {label}", { label })}<extra></extra>`, meta: { role: `${part}-points` },
      });
    }
  }
  pointsOf.set(rows, traces);
  return traces;
}

/**
 * The level set z = 0 of a grid as line segments (marching squares; null between segments): one
 * scatter trace redraws in a fraction of a contour trace's time.
 */
function zeroLevel({ x, y, z }) {
  const xs = [];
  const ys = [];
  const cross = (x0, y0, z0, x1, y1, z1) => {
    const t = z0 / (z0 - z1);
    return [x0 + t * (x1 - x0), y0 + t * (y1 - y0)];
  };
  for (let i = 0; i + 1 < y.length; i++) {
    for (let j = 0; j + 1 < x.length; j++) {
      const corners = [[x[j], y[i], z[i][j]], [x[j + 1], y[i], z[i][j + 1]], [x[j + 1], y[i + 1], z[i + 1][j + 1]], [x[j], y[i + 1], z[i + 1][j]]];
      const points = [];
      for (let e = 0; e < 4; e++) {
        const a = corners[e];
        const b = corners[(e + 1) % 4];
        if (a[2] > 0 !== b[2] > 0) points.push(cross(...a, ...b));
      }
      for (let p = 0; p + 1 < points.length; p += 2) {
        xs.push(points[p][0], points[p + 1][0], null);
        ys.push(points[p][1], points[p + 1][1], null);
      }
    }
  }
  return { x: xs, y: ys };
}

const thetaAt = (run, k) => (run.thetas ? run.thetas[Math.min(k, run.thetas.length - 1)] : run.theta);

function boundaryFigure(scene, runs, focus, k, colourOf, size) {
  const box = networkDecl(scene.state.surface).domain;
  const shade = outputGrid(thetaAt(focus, k), scene.network, box, BOUNDARY_N);
  const data = [];
  const lines = [];
  for (const run of runs) {
    const grid = run === focus ? shade : outputGrid(thetaAt(run, k), scene.network, box, BOUNDARY_N);
    const level = zeroLevel(grid);
    lines.push({ ...level, colour: colourOf(run), width: run === focus ? 2.6 : 1.6 });
    // Plotly holds the line (for tests and hooks), transparent; the canvas draws it, so a step redraws no figure
    data.push({
      type: "scatter", mode: "lines", ...level, connectgaps: false, hoverinfo: "skip", line: { color: CLEAR, width: 1 },
      meta: { role: "boundary", optimizer: run.optimizer },
    });
  }
  data.push(...pointTraces(scene.rows));
  const axis = axisStyle();
  return {
    data,
    shade,
    lines,
    layout: { ...baseLayout(size), plot_bgcolor: "rgba(0,0,0,0)", xaxis: { ...axis, range: box.x, title: { text: "t1", standoff: 2 } }, yaxis: { ...axis, range: box.y, title: { text: "t2", standoff: 2 } } },
  };
}

const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const wash = document.createElement("canvas"); // the shade at the grid's resolution, scaled up when drawn

/** The focused run's P(class 1) = σ(z) as a faint wash: white at 1/2, 40 % of a class colour at 0 or 1. */
function washImage({ x, y, z }) {
  wash.width = x.length;
  wash.height = y.length;
  const ctx = wash.getContext("2d");
  const image = ctx.createImageData(x.length, y.length);
  const [c0, c1] = [rgb(cssVar("--data-class-0")), rgb(cssVar("--data-class-1"))];
  for (let i = 0; i < y.length; i++) {
    for (let j = 0; j < x.length; j++) {
      const p = 1 / (1 + Math.exp(-z[i][j]));
      const towards = p < 0.5 ? c0 : c1;
      const w = Math.abs(p - 0.5) * 2 * 0.4;
      const at = ((y.length - 1 - i) * x.length + j) * 4; // row 0 of the image is the top (y max)
      for (let c = 0; c < 3; c++) image.data[at + c] = Math.round(255 + (towards[c] - 255) * w);
      image.data[at + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);
  return wash;
}

/**
 * The shade and every run's boundary line on one canvas over the plot area, behind Plotly's SVG
 * (the points stay on top): redrawing the Plotly figure on every step cost most of a slider move,
 * and only the lines and the shade change with the step.
 */
function paintBoundary(gd, shade, lines) {
  const full = gd._fullLayout;
  if (!full?.xaxis) return;
  let canvas = gd.querySelector("canvas.net-shade");
  if (!canvas) {
    canvas = el("canvas", { class: "net-shade", "aria-hidden": "true" });
    gd.prepend(canvas);
  }
  const xa = full.xaxis;
  const ya = full.yaxis;
  const ratio = window.devicePixelRatio || 1;
  const [w, h] = [xa._length, ya._length];
  if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
  }
  Object.assign(canvas.style, { left: `${xa._offset}px`, top: `${ya._offset}px`, width: `${w}px`, height: `${h}px` });
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(washImage(shade), 0, 0, w, h);
  ctx.lineJoin = "round";
  for (const { x, y, colour, width } of lines) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.beginPath();
    for (let i = 0; i + 1 < x.length; i += 3) {
      ctx.moveTo(xa.l2p(x[i]), ya.l2p(y[i]));
      ctx.lineTo(xa.l2p(x[i + 1]), ya.l2p(y[i + 1]));
    }
    ctx.stroke();
  }
}

/** Two significant digits, rounded up: an axis end that holds still while one run changes. */
function niceCeil(v) {
  const unit = 10 ** (Math.floor(Math.log10(v)) - 1);
  return Math.ceil(v / unit - 1e-9) * unit;
}

const finite = (arrays) => arrays.flat().filter((v) => Number.isFinite(v));

/**
 * A small figure whose lines the canvas draws (drawLines): each line's Plotly trace holds its
 * values for hover and the hooks, transparent. `lines` are {trace, run, x0, y, yaxis, dash}
 * (yaxis: the layout's name, "yaxis" or "yaxis2").
 */
function canvasFigure(lines, colourOf) {
  const data = [];
  const drawn = [];
  for (const { trace, run, x0, y, yaxis, dash } of lines) {
    data.push({ type: "scatter", mode: "lines", x0, dx: 1, y, ...(yaxis !== "yaxis" && { yaxis: yaxis.replace("axis", "") }), line: { color: CLEAR, width: 1.8 }, ...trace });
    drawn.push({ x0, y, yaxis, colour: colourOf(run), width: 1.8, dash });
  }
  return { data, lines: drawn };
}

function curvesFigure(scene, runs, colourOf, size) {
  const lines = [];
  const hover = (run, name, format) => `${run.label} ${t("step")} %{x}<br>${t(name)} %{y:${format}}<extra></extra>`;
  const line = (run, role, name, y, yaxis, dash, format, x) =>
    lines.push({ run, x0: 0, y, yaxis, dash, trace: { ...(x && { x }), name: `${run.label} ${t(name)}`, meta: { role, optimizer: run.optimizer }, hovertemplate: hover(run, name, format) } });
  for (const run of runs) {
    line(run, "train-loss", "train loss", run.loss, "yaxis", "solid", ".4g");
    if (!run.curves) continue;
    const c = run.curves;
    line(run, "test-loss", "test loss", c.testLoss, "yaxis", "dash", ".4g", c.steps);
    line(run, "train-accuracy", "train accuracy", c.trainAccuracy, "yaxis2", "solid", ".1%", c.steps);
    line(run, "test-accuracy", "test accuracy", c.testAccuracy, "yaxis2", "dash", ".1%", c.steps);
  }
  const top = Math.max(0, ...finite(runs.flatMap((run) => [run.loss, run.curves?.testLoss ?? []])));
  const axis = axisStyle();
  return {
    ...canvasFigure(lines, colourOf),
    layout: {
      ...baseLayout(size), margin: { l: 44, r: 8, t: 6, b: 28 },
      xaxis: { ...axis, anchor: "y2", range: [0, scene.state.steps], title: { text: t("step"), standoff: 2 } },
      yaxis: { ...axis, domain: [0.54, 1], range: [0, top > 0 ? niceCeil(top * 1.05) : 1], title: { text: t("loss"), standoff: 2 } },
      yaxis2: { ...axis, domain: [0, 0.42], range: [0, 1.04], tickformat: ".0%", title: { text: t("accuracy"), standoff: 2 } },
    },
  };
}

function normsFigure(scene, runs, colourOf, size) {
  const lines = [];
  for (const run of runs) {
    if (!run.grad_norm) continue;
    for (const [layer, dash] of [["W1", "solid"], ["W2", "dot"]]) {
      lines.push({
        run, x0: 1, y: run.grad_norm[layer], yaxis: "yaxis", dash,
        trace: { name: `${run.label} ‖∂L/∂${layer}‖`, meta: { role: `norm-${layer}`, optimizer: run.optimizer }, hovertemplate: `${run.label} ${t("update")} %{x}<br>‖∂L/∂${layer}‖ = %{y:.3g}<extra></extra>` },
      });
    }
  }
  // whole decades: the axis holds still while one run changes
  const logs = finite(lines.map((l) => l.y)).filter((v) => v > 0).map(Math.log10);
  const lo = logs.length ? Math.floor(Math.min(...logs)) : -3;
  const hi = logs.length ? Math.ceil(Math.max(...logs)) : 0;
  const axis = axisStyle();
  return {
    ...canvasFigure(lines, colourOf),
    layout: {
      ...baseLayout(size), margin: { l: 44, r: 8, t: 6, b: 28 },
      xaxis: { ...axis, range: [0, scene.state.steps], title: { text: t("step"), standoff: 2 } },
      yaxis: { ...axis, type: "log", range: [lo, Math.max(hi, lo + 1)], dtick: "D2", exponentformat: "power", title: { text: t("gradient norm"), standoff: 2 } },
    },
  };
}

// ---- the backprop table -----------------------------------------------------------------------

/** At step k (after k updates): each layer's gradient norm for update k and the step it led to. */
function backprop(scene, run, k) {
  const e = Math.min(k, run.steps) - 1; // update index, 0-based
  if (e < 0 || !run.grad_norm) return null;
  const parts = layers(scene.network.hidden);
  const lr = (scene.request.runs[run.run] ?? scene.request.runs.find((r) => r.optimizer === run.optimizer))?.params?.lr;
  const out = {};
  for (const name of ["W1", "W2"]) {
    const g = run.grad_norm[name][e];
    const step = run.thetas ? layerNorm(run.thetas[e + 1].map((v, i) => v - run.thetas[e][i]), parts[name]) : null;
    out[name] = { g, step, ratio: step !== null && lr && g > 0 ? step / (lr * g) : null };
  }
  return out;
}

function backpropTable(scene, runs, k, colourOf) {
  const head = el("tr", {},
    el("th", { scope: "col" }, t("update {k}", { k: Math.max(k, 1) })),
    el("th", { scope: "col", title: t("Norm of the gradient of the loss with respect to the first layer's weights W1 (backpropagated through the activation)") }, "‖∂L/∂W1‖"),
    el("th", { scope: "col", title: t("Norm of the gradient with respect to the output layer's weights W2") }, "‖∂L/∂W2‖"),
    el("th", { scope: "col", title: t("How much smaller the first layer's gradient is than the output layer's") }, "W1 ÷ W2"),
    el("th", { scope: "col", title: t("The step the optimizer took on W1, over plain SGD's step lr·‖∂L/∂W1‖ (1: plain gradient step; lr is the base lr)") }, t("step W1 × SGD")),
    el("th", { scope: "col", title: t("The same for W2") }, t("step W2 × SGD")));
  const cell = (v, testid, format = f) => el("td", { dataset: { testid, value: String(v ?? "") } }, v === null || v === undefined ? "–" : format(v));
  const rows = runs.map((run, i) => {
    const b = backprop(scene, run, k);
    const name = el("th", { scope: "row", style: `--colour: ${colourOf(run)}` }, el("span", { class: "swatch", "aria-hidden": "true" }), run.label);
    if (!b) return el("tr", {}, name, el("td", { colspan: 5 }, run.grad_norm ? t("no update yet") : t("the server sent no gradient norms")));
    const id = runTag(runs, i);
    return el("tr", { dataset: { optimizer: id } }, name,
      cell(b.W1.g, `bp-${id}-gW1`), cell(b.W2.g, `bp-${id}-gW2`), cell(b.W2.g > 0 ? b.W1.g / b.W2.g : null, `bp-${id}-ratio`),
      cell(b.W1.ratio, `bp-${id}-sW1`, (v) => `${f(v)}×`), cell(b.W2.ratio, `bp-${id}-sW2`, (v) => `${f(v)}×`));
  });
  return [el("thead", {}, head), el("tbody", {}, rows)];
}

// ---- the panel --------------------------------------------------------------------------------

/**
 * Mount the controls into `controlsRoot` and the figures into `panelRoot`. Returns
 * `{drawn(job)}`: call it when the runner has drawn a result (the figures follow it).
 */
export function mountNetworkPanel({ controlsRoot, panelRoot, store, colourOf, shown, onError }) {
  const updateControls = buildControls(controlsRoot, store);
  const note = el("p", { class: "net-note", dataset: { testid: "net-note" } });
  const focus = el("select", { id: "net-focus", title: t("Whose decision boundary is shaded (every optimizer's boundary is drawn as a line)"), dataset: { testid: "net-focus" } });
  focus.addEventListener("change", () => draw(store.get().step));
  const boundary = el("div", { class: "net-plot", role: "figure", "aria-label": t("Decision boundary at the step shown, with the train points (filled) and test points (hollow)"), dataset: { testid: "net-boundary" } });
  const curves = el("div", { class: "net-plot", role: "figure", "aria-label": t("Train (solid) and test (dashed) loss and accuracy by step"), dataset: { testid: "net-curves" } });
  const norms = el("div", { class: "net-plot", role: "figure", "aria-label": t("Gradient norm of each layer by step"), dataset: { testid: "net-norms" } });
  const readout = el("p", { class: "net-readout", "aria-live": "polite", dataset: { testid: "net-readout" } });
  const table = el("table", { class: "net-backprop", dataset: { testid: "net-backprop" } });
  panelRoot.append(
    note,
    el("div", { class: "net-figures" },
      el("figure", {}, el("figcaption", {}, t("Decision boundary at the step shown"), " ", el("form", {}, el("label", { class: "inline", for: focus.id }, t("shaded:"), focus))), boundary,
        el("p", { class: "hint" }, t("Filled dots train, hollow rings test; each line is one optimizer's boundary z = 0."))),
      el("figure", {}, el("figcaption", {}, t("Train (solid) vs test (dashed): loss, then accuracy")), curves, readout),
      el("figure", {}, el("figcaption", {}, t("Backprop: ‖∂L/∂W1‖ (solid), ‖∂L/∂W2‖ (dotted) by step")), norms),
    ),
    el("div", { class: "net-table-scroll", tabindex: 0, role: "region", "aria-label": t("Step table (scrolls sideways)") }, table),
  );
  let lastFrame = 0;
  let given = null; // the result whose static traces are drawn
  const redraw = createRedraw(() => false);
  const overlays = new Map(); // figure -> its canvas of lines
  const canvasOf = (gd) => overlays.get(gd) ?? overlays.set(gd, overlayCanvas(gd)).get(gd);
  let sizes = new Map(); // figure -> {width, height}, measured once per result

  function current() {
    const job = shown();
    const state = store.get();
    return job?.scene && job.state.surface === state.surface ? job : null;
  }

  async function draw(step) {
    const job = current();
    if (!job) return;
    const scene = { ...job.scene, state: job.state };
    const runs = job.result.runs;
    const k = Math.min(step, job.state.steps);
    const tags = runs.map((_, i) => runTag(runs, i));
    const ids = `${tags.join()}|${runs.map((r) => r.label).join()}`;
    if (focus.dataset.ids !== ids) {
      const keep = focus.value;
      focus.dataset.ids = ids;
      focus.replaceChildren(...runs.map((r, i) => el("option", { value: tags[i] }, r.label)));
      focus.value = tags.includes(keep) ? keep : tags[0] ?? "";
    }
    const run = runs[tags.indexOf(focus.value)] ?? runs[0];
    if (!run) return;
    const fresh = given !== job.result;
    if (fresh) sizes = new Map([boundary, curves, norms].map((gd) => [gd, { width: gd.clientWidth || 300, height: gd.clientHeight || 240 }]));
    const sizeOf = (gd) => sizes.get(gd);
    const b = boundaryFigure(scene, runs, run, k, colourOf, sizeOf(boundary));
    const c = fresh && curvesFigure(scene, runs, colourOf, sizeOf(curves));
    const n = fresh && normsFigure(scene, runs, colourOf, sizeOf(norms));
    given = job.result;
    // A new step or result moves only the boundary lines, which the canvas draws: Plotly gets their
    // values (its traces are transparent) without a redraw; the points and axes stay as drawn.
    if (!handOver(boundary, b.data, b.layout, CONFIG)) await react(boundary, b.data, b.layout, CONFIG);
    // A new result on the same axes (a slider move that changes one run) redraws no figure either:
    // the lines are the canvas's, and Plotly's copy (for hover) catches up once input pauses.
    for (const [gd, figure] of fresh ? [[curves, c], [norms, n]] : []) {
      if (!redraw.handOver(gd, figure.data, figure.layout, CONFIG)) await redraw.react(gd, figure.data, figure.layout, CONFIG);
      drawLines(canvasOf(gd), gd, figure.lines);
    }
    paintBoundary(boundary, b.shade, b.lines);
    placeCursor(curves, k);
    placeCursor(norms, k);
    const theta = thetaAt(run, k);
    const train = evaluate(theta, scene.network, scene.rows.train);
    const test = evaluate(theta, scene.network, scene.rows.test);
    readout.replaceChildren(t("{label} at step {step}: ", { label: run.label, step: run.thetas ? Math.min(k, run.thetas.length - 1) : run.steps }),
      el("span", { dataset: { testid: "net-train-loss", value: String(train.loss) } }, t("train loss {v}", { v: f(train.loss) })), ", ",
      el("span", { dataset: { testid: "net-test-loss", value: String(test.loss) } }, t("test loss {v}", { v: f(test.loss) })), t("; accuracy "),
      el("span", { dataset: { testid: "net-train-accuracy", value: String(train.accuracy) } }, `${(train.accuracy * 100).toFixed(1)} %`), t(" train, "),
      el("span", { dataset: { testid: "net-test-accuracy", value: String(test.accuracy) } }, `${(test.accuracy * 100).toFixed(1)} %`), t(" test"),
      run.thetas ? "" : t(" (final weights: the path was too long to send, so the boundary shows the end)"));
    table.replaceChildren(...backpropTable(scene, runs, k, colourOf));
    panelRoot.dataset.drawn = `${job.state.surface}/${k}`;
    performance.mark("optiscope:network-drawn"); // for benchmarks (scripts/bench_network.py)
  }

  function describe(job) {
    const { plane } = job.result;
    const dims = 4 * job.scene.network.hidden + 1;
    note.textContent = t(
      "The main plot is a slice: the train loss on the plane through θ-space spanned by the two directions along which the paths moved most ({share} % of their motion lies in it), out of {dims} dimensions. The paths are projected onto it, so they need not run downhill on the slice: the loss also changes along the {rest} directions the plane leaves out.",
      { share: (plane.explained * 100).toFixed(1), dims, rest: dims - 2 },
    );
  }

  function update(state, change) {
    const on = isNetwork(state.surface);
    setHidden(controlsRoot, !on);
    setHidden(panelRoot, !on);
    setAttr(document.body, "data-kind", on ? "network" : "");
    if (!on) return;
    if (change !== Change.FRAME) updateControls(state);
    if (change === Change.FRAME) {
      if (performance.now() - lastFrame < FRAME_GAP_MS) return;
      lastFrame = performance.now();
    }
    if (change === Change.RUN || change === Change.VIEW) return; // the new result comes through drawn()
    draw(state.step).catch((error) => onError?.(String(error.message ?? error)));
  }

  store.subscribe(update);
  update(store.get(), Change.RUN);
  return {
    drawn(job) {
      if (!job.scene) return;
      describe(job);
      draw(store.get().step).catch((error) => onError?.(String(error.message ?? error)));
    },
  };
}
