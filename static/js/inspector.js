// The state inspector: at the step shown, each enabled optimizer's gradient, moments, bias
// corrections and step, as the server reports them (POST /api/run with include_state), in a
// compact table; arrows on the main contour for −lr·g, the momentum and the step taken; and a
// Step button that advances one update and narrates it. No optimizer maths here: every number is
// the server's, ratios of them at most.
//
// Step k shows state entry k − 1 (torch's state after k calls of step()); the arrows start at
// iterate k − 1 and show the update that led to iterate k.

import { post } from "./api.js";
import { el } from "./controls.js";
import { t } from "./i18n.js";
import { followScene } from "./labkit.js";
import { isNetwork } from "./network/scene.js";
import { formatNumber } from "./plot.js";
import { runLabels, runTag } from "./runs.js";
import { Change, runRequest } from "./state.js";

/** Table columns: which state entries each holds. Entries no column names go to "other". */
const COLUMNS = [
  { id: "grad", head: "g", title: t("The gradient this update used (noise included)"), keys: ["grad"] },
  { id: "first", head: "m · b", title: t("First moment m (Adam family, Lion) or velocity buffer b (Momentum, NAG)"), keys: ["exp_avg", "momentum_buffer"] },
  { id: "second", head: "v", title: t("Second moment: a running mean (Adam, RMSprop, Adadelta) or sum (Adagrad) of g², or of (g − m)² (AdaBelief, s)"), keys: ["exp_avg_sq", "exp_avg_var", "square_avg", "sum"] },
  { id: "bias", head: t("bias corr."), title: t("Bias-correction factors 1 − β₁ᵏ and 1 − β₂ᵏ (the moments are divided by them)"), keys: ["bias_correction1", "bias_correction2", "bias_correction"] },
  { id: "update", head: t("step Δ"), title: t("The step this update took: iterate k minus iterate k − 1"), keys: ["update"] },
  { id: "ratio", head: "× SGD", title: t("The step over plain SGD's step −lr·g, per coordinate: the effective per-coordinate step size relative to lr"), keys: [] },
  { id: "other", head: t("other"), title: t("The scheduled lr of this update and the rest of the optimizer's state"), keys: null },
];
const NAMED = new Set(COLUMNS.flatMap((c) => c.keys ?? []));

const SYMBOL = {
  grad: "g", exp_avg: "m", momentum_buffer: "b", exp_avg_sq: "v", exp_avg_var: "s", square_avg: "E[g²]",
  sum: "Σg²", acc_delta: "E[Δx²]", bias_correction1: "1−β₁ᵏ", bias_correction2: "1−β₂ᵏ",
  bias_correction: "1−βᵏ", update: "Δ", lr: "lr", mu_product: "∏μ", decay: "decay",
};
const SECOND_MOMENTS = ["exp_avg_sq", "exp_avg_var", "square_avg", "sum"];

const f = formatNumber;
const vec = (v) => (Array.isArray(v) ? `(${f(v[0])}, ${f(v[1])})` : f(v));
const oneMinus = (b) => f(1 - b);

/** Each optimizer's update in words, with this update's numbers (params from the request). */
const RULES = {
  momentum: (p, s) => [`b ← ${f(p.momentum)}·b + g = ${vec(s.momentum_buffer)}`],
  nag: (p, s) => [`b ← ${f(p.momentum)}·b + g = ${vec(s.momentum_buffer)}`, "step = −lr·(g + μ·b)"],
  adagrad: (_p, s) => [`Σg² ← Σg² + g² = ${vec(s.sum)}`],
  rmsprop: (p, s) => [`E[g²] ← ${f(p.alpha)}·E[g²] + ${oneMinus(p.alpha)}·g² = ${vec(s.square_avg)}`],
  adadelta: (p, s) => [`E[g²] ← ${f(p.rho)}·E[g²] + ${oneMinus(p.rho)}·g² = ${vec(s.square_avg)}`, `E[Δx²] = ${vec(s.acc_delta)}`],
  adam: (p, s) => [`m ← ${f(p.beta1)}·m + ${oneMinus(p.beta1)}·g = ${vec(s.exp_avg)}`, `v ← ${f(p.beta2)}·v + ${oneMinus(p.beta2)}·g² = ${vec(s.exp_avg_sq)}`],
  adabelief: (p, s) => [`m ← ${f(p.beta1)}·m + ${oneMinus(p.beta1)}·g = ${vec(s.exp_avg)}`, `s ← ${f(p.beta2)}·s + ${oneMinus(p.beta2)}·(g − m)² = ${vec(s.exp_avg_var)}`],
  lion: (p, s) => ["step = −lr·sign(β₁·m + (1 − β₁)·g)", `m ← ${f(p.beta2)}·m + ${oneMinus(p.beta2)}·g = ${vec(s.exp_avg)}`],
};
RULES.adamw = RULES.adam;
RULES.nadam = RULES.adam;

const entry = (state, e) => Object.fromEntries(Object.entries(state).map(([k, v]) => [k, v[e]]));
const isZero = (v) => Array.isArray(v) && v.every((c) => c === 0);

/** Δ ÷ (−lr·g) per coordinate (null where g is 0). */
function ratios(s) {
  return [0, 1].map((i) => (s.grad[i] === 0 ? null : s.update[i] / (-s.lr * s.grad[i])));
}

/** Why this step differs from SGD's, in a clause, for the coordinate where it differs most. */
function why(optimizer, s) {
  if (optimizer === "sgd") return "";
  const r = ratios(s);
  const at = [0, 1].filter((i) => r[i] !== null && r[i] !== 0)
    .sort((a, b) => Math.abs(Math.log(Math.abs(r[b]))) - Math.abs(Math.log(Math.abs(r[a]))))[0];
  if (at === undefined) return "";
  const c = "xy"[at];
  const moving = ("momentum_buffer" in s || "exp_avg" in s) && !isZero(s.exp_avg ?? s.momentum_buffer);
  if (r[at] < 0) return t(" — the {c}-step goes against −lr·g: {why}", { c, why: moving ? t("the momentum still carries it") : t("the state outweighs the gradient") });
  if (Math.abs(r[at] - 1) < 0.25) return t(" — close to SGD's {c}-step", { c });
  const smaller = r[at] < 1;
  let reason;
  const second = SECOND_MOMENTS.find((k) => k in s);
  if (optimizer === "lion") reason = smaller ? t("sign() caps each coordinate at lr") : t("sign() lifts a small gradient to a full lr");
  else if (second) reason = smaller ? t("{symbol} is large there", { symbol: SYMBOL[second] }) : t("{symbol} is small there", { symbol: SYMBOL[second] });
  else if (moving) reason = smaller ? t("the velocity points elsewhere") : t("the velocity has built up");
  else reason = t("of its state");
  return t(" — the {c}-step is {ratio}× SGD's because {reason}", { c, ratio: f(r[at]), reason });
}

function narrate(run, params, k) {
  const e = Math.min(k, run.state.update.length) - 1;
  if (e < 0) return t("{label}: at the start, no update yet.", { label: run.label });
  const s = entry(run.state, e);
  const rule = RULES[run.optimizer]?.(params, s)
    ?? Object.keys(s).filter((key) => !["grad", "update", "lr"].includes(key)).map((key) => `${SYMBOL[key] ?? key} = ${vec(s[key])}`);
  const ended = e < k - 1 ? t(" (its last: the run stopped there)") : "";
  return `${t("{label}, update {n}", { label: run.label, n: e + 1 })}${ended}: g = ${vec(s.grad)}; ${rule.map((line) => `${line}; `).join("")}${t("step Δ")} = ${vec(s.update)}${why(run.optimizer, s)}.`;
}

// ---- arrows ---------------------------------------------------------------------------------

const ARROW_MIN = 0.08; // of the smaller domain span: a step shorter than this is magnified
const ARROW_MAX = 0.3; // longer: shrunk
const ARROW_CLIP = 0.45; // the other arrows are clipped here (their direction stays)

/**
 * One optimizer's arrows from iterate k − 1: −lr·g (what SGD would do), the momentum (−lr·b, or
 * −lr·m̂ with m̂ = m / (1 − β₁ᵏ)) and the step taken, all at one scale so their lengths compare.
 */
function arrowsFor(run, k, span, colour) {
  const e = Math.min(k, run.state.update.length) - 1;
  if (e < 0) return { list: [], scale: 1 };
  const s = entry(run.state, e);
  const tail = [run.x[e], run.y[e]];
  const momentum = s.momentum_buffer ?? (s.exp_avg && !isZero(s.exp_avg) ? s.exp_avg.map((m) => m / (s.bias_correction1 ?? 1)) : null);
  const length = (v) => Math.hypot(v[0], v[1]);
  const vectors = [
    { role: "gradient", v: s.grad.map((g) => -s.lr * g), width: 1.5, head: 5, opacity: 0.9 },
    momentum && { role: "momentum", v: momentum.map((m) => -s.lr * m), width: 1.5, head: 6, opacity: 0.7 },
    { role: "update", v: s.update, width: 3.2, head: 2, opacity: 1 },
  ].filter((a) => a && length(a.v) > 0 && Number.isFinite(length(a.v)));
  const step = length(s.update) || Math.max(0, ...vectors.map((a) => length(a.v)));
  let scale = 1;
  if (step > 0 && step < ARROW_MIN * span) scale = (ARROW_MIN * span) / step;
  else if (step > ARROW_MAX * span) scale = (ARROW_MAX * span) / step;
  const list = vectors.map((a) => {
    const n = length(a.v) * scale;
    const clip = n > ARROW_CLIP * span ? (ARROW_CLIP * span) / n : 1;
    return {
      x: tail[0] + a.v[0] * scale * clip, y: tail[1] + a.v[1] * scale * clip, ax: tail[0], ay: tail[1],
      xref: "x", yref: "y", axref: "x", ayref: "y", text: "", showarrow: true,
      arrowhead: a.head, arrowsize: a.role === "update" ? 0.8 : 1, arrowwidth: a.width, arrowcolor: colour, opacity: a.opacity,
      standoff: 0, startstandoff: 0, captureevents: false,
      role: `arrow-${a.role}`, of: run.optimizer, clipped: clip < 1, scale,
    };
  });
  return { list, scale };
}

// ---- the panel ------------------------------------------------------------------------------

/**
 * @param {HTMLElement} root  an empty <section id="inspector">
 * @param {{decls: object, store: object, view: object, player: object, colourOf: (id: string) => string,
 *   shown: () => ({state: object, result: object} | null)}} options
 */
export function mountInspector(root, { decls, store, view, player, colourOf, shown }) {
  let open = false;
  let data = null; // {answer, request} for the scene on screen
  let validFor = null; // the result object the data belongs to

  const toggle = el("button", { type: "button", class: "lab-toggle", "aria-expanded": "false", "aria-controls": "inspector-body",
    title: t("Show each optimizer's state at the step shown, with arrows on the contour"), dataset: { testid: "inspector-toggle" } }, t("State inspector"));
  const back = el("button", { type: "button", class: "icon-button", title: t("Back one update (←)"), "aria-label": t("Back one update"), dataset: { testid: "inspector-back" } }, "◂");
  const step = el("button", { type: "button", class: "button lab-step", title: t("Advance one update (→) and say what changed"), dataset: { testid: "inspector-step" } }, t("Step ▸"));
  back.addEventListener("click", () => player.nudge(-1));
  step.addEventListener("click", () => player.nudge(1));
  const focus = el("select", { id: "inspector-arrows", title: t("Whose arrows the contour shows"), dataset: { testid: "inspector-arrows" } },
    el("option", { value: "" }, t("every run")));
  focus.addEventListener("change", () => view.setLayer("inspector", layer));
  const status = el("span", { class: "lab-status", "aria-live": "polite", dataset: { testid: "inspector-status" } });
  const legend = el("p", { class: "insp-legend" },
    el("span", { class: "insp-key key-update" }, t("step taken")),
    el("span", { class: "insp-key key-gradient" }, t("−lr·g (plain SGD's step)")),
    el("span", { class: "insp-key key-momentum" }, t("momentum −lr·b or −lr·m̂")),
    el("span", { class: "insp-note" }, t("arrows start at iterate k − 1; one scale per optimizer (× shown)")));
  const table = el("table", { class: "insp-table", dataset: { testid: "inspector-table" } });
  const narration = el("div", { class: "insp-narration", "aria-live": "polite", dataset: { testid: "inspector-narration" } });
  const body = el("div", { class: "insp-body", id: "inspector-body", hidden: true }, legend, el("div", { class: "insp-scroll", tabindex: 0, role: "region", "aria-label": t("Inspector table (scrolls sideways)") }, table), narration);
  root.dataset.testid = "inspector";
  root.dataset.state = "idle";
  root.append(el("form", { class: "insp-head" }, toggle, // a form of its own: see templates/index.html
    el("div", { class: "insp-steps" }, back, step,
      el("label", { class: "inline", for: "inspector-arrows", title: focus.title }, t("Arrows"), focus)), status), body);

  const surfaceSpan = (state) => {
    const request = runRequest(state);
    const domain = typeof request.surface === "object" ? request.surface.domain : decls.surfaces.find((s) => s.id === state.surface)?.domain;
    return domain ? Math.min(domain.x[1] - domain.x[0], domain.y[1] - domain.y[0]) : 1;
  };

  const layer = {
    annotations(k, result) {
      if (!open || !data || result !== validFor) return [];
      const span = surfaceSpan(shown()?.state ?? store.get());
      return data.answer.runs.filter((run) => !focus.value || focus.value === run.tag)
        .flatMap((run) => arrowsFor(run, k, span, colourOf(run)).list);
    },
  };

  const follow = followScene({
    store, shown,
    keyOf: (state) => (open && !isNetwork(state.surface) ? JSON.stringify(runRequest(state)) : null), // networks: network/panel.js
    load: async (state, signal) => {
      const request = runRequest(state);
      const answer = await post("/api/run", { ...request, include_state: true }, { signal });
      // Each run with its index, label and tag (runs.js), as the main view names it.
      const labels = runLabels(state.runs, decls);
      answer.runs = answer.runs.map((run, i) => ({ ...run, run: i, label: labels[i], tag: runTag(state.runs, i) }));
      return { request, answer };
    },
    onShown(loaded, result) {
      const fresh = loaded !== data || result !== validFor;
      data = loaded;
      validFor = result;
      if (fresh) view.setLayer("inspector", layer);
      render(store.get().step);
    },
    onIdle() {
      data = null;
      validFor = null;
      view.setLayer("inspector", null);
    },
    onStatus(value, detail) {
      root.dataset.state = value;
      status.textContent = value === "busy" ? t("loading the optimizer states…") : value === "error" ? detail : "";
      status.classList.toggle("error", value === "error");
    },
  });

  const lrOf = (run) => data.request.runs[run.run]?.params.lr;

  function cellLines(run, s, column) {
    const lines = [[], []]; // x row, y row
    if (column.id === "ratio") {
      ratios(s).forEach((r, i) => {
        lines[i].push({ key: "ratio", coord: "xy"[i], value: r, label: "" });
      });
      return lines;
    }
    const keys = column.keys ?? Object.keys(s).filter((k) => !NAMED.has(k) && (k !== "lr" || s.lr !== lrOf(run)));
    for (const key of keys.filter((k) => k in s)) {
      const value = s[key];
      const label = column.id === "grad" || column.id === "update" ? "" : SYMBOL[key] ?? key;
      if (Array.isArray(value)) {
        value.forEach((v, i) => {
          lines[i].push({ key, coord: "xy"[i], value: v, label });
        });
      }
      else (lines[0].length <= lines[1].length ? lines[0] : lines[1]).push({ key, coord: null, value, label: SYMBOL[key] ?? key });
    }
    return lines;
  }

  function item(run, line) {
    const testid = `inspect-${run.tag}-${line.key}${line.coord ? `-${line.coord}` : ""}`;
    return el("span", { class: line.coord ? "iv" : "iv scalar", dataset: { testid, value: String(line.value) }, title: String(line.value) },
      line.label ? el("i", {}, line.label) : null, f(line.value));
  }

  function render(k) {
    if (!open) return;
    step.disabled = k >= store.get().steps;
    back.disabled = k <= 0;
    if (!data || validFor !== shown()?.result) return;
    const { answer, request } = data;
    const span = surfaceSpan(shown().state);
    const states = answer.runs.map((run) => {
      const e = Math.min(k, run.state.update.length) - 1;
      return e < 0 ? null : entry(run.state, e);
    });
    const columns = COLUMNS.filter((c) => answer.runs.some((run, i) => states[i] && cellLines(run, states[i], c).flat().length));
    const head = el("tr", {}, el("th", { scope: "col" }, t("step {k}", { k })), el("th", { scope: "col", class: "coord" }, el("span", { class: "sr-only" }, t("coordinate"))),
      columns.map((c) => el("th", { scope: "col", title: c.title }, c.head)));
    const rows = answer.runs.flatMap((run, r) => {
      const e = Math.min(k, run.state.update.length) - 1;
      const colour = colourOf(run);
      const name = el("th", { scope: "rowgroup", rowspan: 2, class: "insp-name", style: `--colour: ${colour}` },
        el("span", { class: "swatch", "aria-hidden": "true" }), run.label);
      if (e < 0) return [el("tr", { class: "insp-x", dataset: { optimizer: run.optimizer } }, name, el("td", { colspan: columns.length + 1, class: "insp-empty" }, t("no update yet: press Step"))), el("tr", { class: "insp-y" })];
      const s = states[r];
      const { scale } = arrowsFor(run, k, span, colour);
      if (scale !== 1) name.append(el("small", { title: t("The arrows of this optimizer are drawn at this scale") }, t("arrows ×{scale}", { scale: f(scale) })));
      if (e < k - 1) name.append(el("small", { class: "ended" }, t("stopped after {n}", { n: e + 1 })));
      const cells = columns.map((c) => cellLines(run, s, c));
      return [0, 1].map((i) => el("tr", { class: i ? "insp-y" : "insp-x", dataset: { optimizer: run.optimizer } },
        i === 0 ? name : null, el("td", { class: "coord" }, "xy"[i]),
        cells.map((lines) => el("td", {}, lines[i].map((line) => item(run, line))))));
    });
    table.replaceChildren(el("thead", {}, head), el("tbody", {}, rows));
    const ids = answer.runs.map((run) => `${run.tag}=${run.label}`).join();
    if (focus.dataset.ids !== ids) {
      const keep = focus.value;
      focus.dataset.ids = ids;
      focus.replaceChildren(el("option", { value: "" }, t("every run")), ...answer.runs.map((run) => el("option", { value: run.tag }, run.label)));
      focus.value = answer.runs.some((run) => run.tag === keep) ? keep : "";
    }
    narration.replaceChildren(...answer.runs.map((run) =>
      el("p", { style: `--colour: ${colourOf(run)}`, dataset: { optimizer: run.optimizer } }, narrate(run, request.runs[run.run]?.params ?? {}, k))));
  }

  toggle.addEventListener("click", () => {
    open = !open;
    toggle.setAttribute("aria-expanded", String(open));
    body.hidden = !open;
    root.classList.toggle("open", open);
    follow.refresh();
    render(store.get().step);
  });

  let lastFrame = 0;
  store.subscribe((state, change) => {
    if (!open) return;
    if (change === Change.RUN) follow.refresh();
    if (change === Change.FRAME && performance.now() - lastFrame < 100) return;
    lastFrame = performance.now();
    render(state.step);
  });
}
