// The only builder of form elements. Controls are generated from the server's declarations, write
// into the store on input, and follow the store through their `update(state)` functions.

import { markInvalid } from "./fields.js";
import { t } from "./i18n.js";
import { isNetwork } from "./network/scene.js";
import { Change, SPEEDS } from "./state.js";
import { inDomain } from "./surfaces.js";

/**
 * `el("input", {type: "range", dataset: {testid: "x"}}, ...children)`: children are nodes,
 * strings or arrays of them; null, undefined and false are left out. Written with plain loops:
 * the page's ~800 calls run once, at load, before V8 has compiled anything (Object.entries,
 * spreads and flat() cost a cold page more: 18–21 against 14–15 ms per 300 elements).
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const key in attrs) {
    const value = attrs[key];
    if (value === undefined || value === null || value === false) continue;
    if (key === "dataset") for (const name in value) node.dataset[name] = value[name];
    else if (key === "class") node.className = value;
    else if (typeof value !== "string" && key in node) node[key] = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) {
    if (Array.isArray(child)) for (const c of child) appendChild(node, c);
    else appendChild(node, child);
  }
  return node;
}

function appendChild(node, child) {
  if (child !== null && child !== undefined && child !== false) node.append(child);
}

// Controls follow the store on every change (a slider move, a playback frame): they write only
// what differs. The same text written again replaces a text node, and the page is styled and laid
// out again for it (a slider move wrote ~150 unchanged texts and attributes before the next frame).

/** Set node's text, unless it is that already. */
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** Set node's attribute `name` to `value` (a string), unless it is that already. */
export function setAttr(node, name, value) {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

/** Show or hide node, unless it is so already. */
export function setHidden(node, hidden) {
  if (node.hidden !== hidden) node.hidden = hidden;
}

/** x^2 → x², a*b → a·b: the formula as a reader writes it (display only). */
export function prettyFormula(text) {
  const sup = { 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
  return text
    .replace(/\^(\d+)/g, (_, d) => [...d].map((c) => sup[c]).join(""))
    .replace(/(\d)\*([a-z(])/gi, "$1$2")
    .replace(/\*/g, "·")
    .replace(/ - /g, " − ")
    .replace(/\bpi\b/g, "π");
}

const nice = (v) => Number(v.toPrecision(3));
const isInteger = (p) => p.type === "int" || (p.min >= 1 && Number.isInteger(p.default) && p.max >= 100);
const usesLog = (p) => p.log || (isInteger(p) && p.min >= 1); // a log slider cannot reach 0

/** A slider position for a parameter value, and back (log10 units for log parameters). */
function toSlider(p, v) {
  return usesLog(p) ? Math.log10(Math.max(v, p.min)) : v;
}
function fromSlider(p, position) {
  const v = usesLog(p) ? 10 ** position : position;
  return isInteger(p) ? Math.round(v) : nice(v);
}
function sliderStep(p) {
  if (usesLog(p)) return 0.01;
  const step = 10 ** Math.floor(Math.log10((p.max - p.min) / 200));
  return isInteger(p) ? Math.max(1, step) : step;
}

/**
 * The values a slider dragged from `from` to `to` is likely to give next, nearest first: the next
 * positions on (one slider step at a time, then at the drag's pace) and a few back, each exactly
 * as the slider would give it (so a run asked for ahead is found by its value). At most `count`.
 */
export function sliderNeighbours(p, from, to, count) {
  const step = sliderStep(p);
  const [lo, hi] = [toSlider(p, p.min), toSlider(p, p.max)];
  const at = toSlider(p, to);
  const pace = Math.max(step, Math.round(Math.abs(at - toSlider(p, from)) / step) * step);
  const ahead = at >= toSlider(p, from) ? 1 : -1;
  const moves = [];
  for (let j = 1; j <= count; j++) moves.push(ahead * j * step, ahead * j * pace, -ahead * j * step);
  const values = [];
  for (const move of moves) {
    const position = lo + Math.round((at + move - lo) / step) * step; // as the range input snaps it
    if (position < lo - 1e-9 || position > hi + 1e-9) continue;
    const v = fromSlider(p, position);
    if (v !== to && !values.includes(v)) values.push(v);
    if (values.length === count) break;
  }
  return values;
}

/** A value as the number box shows it: exact, in exponent form below 1e-3 (0.0000032 reads as 0 in a narrow box). */
const exactText = (v) => (v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential() : String(v));

/**
 * One parameter: a range input (the contract's hook), and a number input holding the exact value.
 * `onValue(v)` gets every new value; values typed out of range go to the server, which says why.
 */
export function paramRow({ p, id, label, testid, onValue }) {
  const tip = `${p.name}: ${t(p.description ?? "")} (${p.min} – ${p.max}${usesLog(p) ? t(", log scale") : ""})`;
  const range = el("input", {
    type: "range", id, min: toSlider(p, p.min), max: toSlider(p, p.max), step: sliderStep(p),
    title: tip, "aria-label": label, dataset: { testid },
  });
  const number = el("input", {
    type: "number", min: p.min, max: p.max, step: "any", title: t("{name}: exact value", { name: p.name }),
    "aria-label": t("{label}: exact value", { label }), dataset: { testid: `value-${testid.slice(testid.indexOf("-") + 1)}` },
  });
  range.addEventListener("input", () => onValue(fromSlider(p, Number(range.value))));
  number.addEventListener("change", () => {
    const v = number.value.trim() === "" ? NaN : Number(number.value);
    if (markInvalid(number, label.includes(p.name) ? label : `${label} (${p.name})`, v, p)) onValue(v);
  });
  const row = el("div", { class: "param" },
    el("label", { for: id, title: tip }, p.name),
    range, number,
  );
  return {
    row,
    set(v) {
      if (document.activeElement !== range) range.value = String(toSlider(p, v));
      // A box holding a refused value keeps it, marked, until it is fixed or a new scene clears it.
      if (document.activeElement !== number && !number.hasAttribute("aria-invalid")) number.value = exactText(v);
    },
  };
}

/** A bool parameter: a checkbox; the same `{ row, set }` as paramRow. */
function flagRow({ p, id, label, testid, onValue }) {
  const box = el("input", { type: "checkbox", id, title: `${p.name}: ${t(p.description ?? "")}`, "aria-label": label, dataset: { testid } });
  box.addEventListener("change", () => onValue(box.checked));
  const row = el("div", { class: "param" }, el("label", { for: id, title: box.title }, p.name), box);
  return { row, set: (v) => (box.checked = v === true) };
}

/** A choice parameter: a select of its options. */
function choiceRow({ p, id, label, testid, onValue }) {
  const select = el("select", { id, title: `${p.name}: ${t(p.description ?? "")}`, "aria-label": label, dataset: { testid } },
    p.options.map((option) => el("option", { value: option }, option)));
  select.addEventListener("change", () => onValue(select.value));
  const row = el("div", { class: "param" }, el("label", { for: id, title: select.title }, p.name), select);
  return { row, set: (v) => (select.value = v) };
}

/** The control of an optimizer parameter by its declared type (a listing without type is a float). */
export function typedRow(args) {
  if (args.p.type === "bool") return flagRow(args);
  if (args.p.type === "choice") return choiceRow(args);
  return paramRow(args);
}

// ---- surface ----------------------------------------------------------------------------------

export function buildSurfacePicker(root, decls, store) {
  const groups = [
    [t("Test functions"), decls.surfaces.filter((s) => !["data", "custom", "network"].includes(s.kind))],
    [t("Fitting data"), decls.surfaces.filter((s) => s.kind === "data")],
    [t("Training a network"), decls.surfaces.filter((s) => s.kind === "network")],
    [t("Your own"), decls.surfaces.filter((s) => s.kind === "custom")],
  ].filter(([, list]) => list.length);
  const select = el("select", { id: "surface", title: t("The function the optimizers minimise"), dataset: { testid: "surface-select" } },
    groups.map(([name, list]) => el("optgroup", { label: name }, list.map((s) => el("option", { value: s.id }, t(s.name))))),
  );
  const formula = el("p", { class: "formula", title: "f(x, y)" });
  const description = el("p", { class: "description" });
  const facts = el("p", { class: "facts" });
  select.addEventListener("change", () => {
    const surface = decls.surfaces.find((s) => s.id === select.value);
    store.update((s) => ({ surface: surface.id, start: [...surface.start], step: s.step >= s.steps ? s.steps : 0, preset: "" }), Change.RUN);
  });
  root.append(el("label", { for: "surface", class: "sr-only" }, t("Surface")), select, formula, description, facts);
  return (state) => {
    const surface = decls.surfaces.find((s) => s.id === state.surface);
    select.value = state.surface;
    setText(formula, surface.kind === "network" ? surface.formula : `f(x, y) = ${prettyFormula(surface.formula)}`);
    setText(description, t(surface.description));
    const m = surface.minima;
    const at = (p) => `(${p.map((v) => Number(v.toFixed(3))).join(", ")})`;
    setText(facts, surface.kind === "custom" || surface.kind === "network" ? "" : !m.length ? t("No minimum: f is unbounded below.")
      : m.length === 1 ? t("Minimum at {at} ★", { at: at(m[0]) }) : t("{n} minima ★, e.g. {at}", { n: m.length, at: at(m[0]) }));
  };
}

// ---- scene ------------------------------------------------------------------------------------

function numberField({ id, label, title, testid, attrs = {}, onChange }) {
  const input = el("input", { type: "number", id, title, step: "any", dataset: { testid }, ...attrs });
  const limits = { min: attrs.min ?? -1e6, max: attrs.max ?? 1e6, type: attrs.step === 1 ? "int" : "float" };
  input.addEventListener("change", () => {
    const v = input.value.trim() === "" ? NaN : Number(input.value);
    if (markInvalid(input, label, v, limits)) onChange(v);
  });
  return { input, field: el("div", { class: "field" }, el("label", { for: id, title }, label), input) };
}

/** Schedules whose t_max spanned the whole run keep spanning it when the step count changes. */
function followSteps(runs, from, to) {
  return runs.map((run) => (run.schedule.params.t_max === from ? { ...run, schedule: { ...run.schedule, params: { ...run.schedule.params, t_max: to } } } : run));
}

export function buildSceneControls(root, decls, store, { onReset }) {
  const steps = numberField({
    id: "steps", label: t("Steps"), testid: "steps", title: t("Updates per run (1 to 20000)"),
    attrs: { min: 1, max: 20000, step: 1 },
    onChange: (v) => {
      if (v === store.get().steps) return;
      store.update((s) => ({ steps: v, step: s.step >= s.steps ? v : Math.min(s.step, v), runs: followSteps(s.runs, s.steps, v) }), Change.RUN);
    },
  });
  const setStart = (axis) => (v) => store.update((s) => ({ start: axis === 0 ? [v, s.start[1]] : [s.start[0], v] }), Change.RUN);
  const startX = numberField({ id: "start-x", label: t("Start x"), testid: "start-x", title: t("Where every run starts (or click the plot)"), onChange: setStart(0) });
  const startY = numberField({ id: "start-y", label: "y", testid: "start-y", title: t("Where every run starts (or click the plot)"), onChange: setStart(1) });
  const homeStart = el("button", { type: "button", class: "icon-button", title: t("Back to this surface's own start point"), "aria-label": t("Reset the start point") }, "↺");
  const surfaceOf = (id) => decls.surfaces.find((s) => s.id === id);
  homeStart.addEventListener("click", () => store.update({ start: [...surfaceOf(store.get().surface).start] }, Change.RUN));
  // A start typed far off the map (the contract allows ±1e6) draws an empty plot: say why.
  const offMap = el("p", { class: "hint off-map", role: "status", hidden: true, dataset: { testid: "start-off-map" } },
    t("This start lies outside the plotted area, so the paths may not show; ↺ puts it back."));
  const noise = paramRow({
    p: { name: "noise σ", min: 0, max: 20, default: 0, log: false, description: "std of Gaussian noise added to every gradient" },
    id: "noise-std", label: t("Gradient noise σ"), testid: "noise-std",
    onValue: (v) => store.update((s) => ({ noise: { ...s.noise, std: v } }), Change.RUN),
  });
  const seed = numberField({
    id: "noise-seed", label: t("Seed"), testid: "noise-seed", title: t("Seed of the noise draws (every run shares them)"),
    attrs: { min: 0, max: 2 ** 32 - 1, step: 1 },
    onChange: (v) => store.update((s) => ({ noise: { ...s.noise, seed: v } }), Change.RUN),
  });
  const reroll = el("button", { type: "button", class: "icon-button", title: t("Draw a new seed"), "aria-label": t("New noise seed") }, "⚄");
  reroll.addEventListener("click", () => store.update((s) => ({ noise: { ...s.noise, seed: Math.floor(Math.random() * 10000) } }), Change.RUN));
  const reset = el("button", { type: "button", class: "button subtle", title: t("Back to the opening scene with every parameter at its default"), dataset: { testid: "reset" } }, t("Reset everything"));
  reset.addEventListener("click", onReset);

  root.append(
    el("div", { class: "row" }, steps.field),
    el("div", { class: "row start-row" }, startX.field, startY.field, homeStart),
    el("p", { class: "hint" }, t("Tip: click the contour to start there.")),
    offMap,
    el("div", { class: "noise" }, el("span", { class: "field-label", title: t("Gaussian noise added to every gradient, as in mini-batch training") }, t("Gradient noise σ")), noise.row),
    el("div", { class: "row" }, seed.field, reroll, reset),
  );
  noise.row.querySelector("label").classList.add("sr-only");
  return (state) => {
    for (const [field, v] of [[steps, state.steps], [startX, state.start[0]], [startY, state.start[1]], [seed, state.noise.seed]]) {
      if (document.activeElement !== field.input && !field.input.hasAttribute("aria-invalid")) field.input.value = String(v);
    }
    noise.set(state.noise.std);
    const domain = surfaceOf(state.surface)?.domain;
    setHidden(offMap, !domain || isNetwork(state.surface) || inDomain(state.start, domain));
  };
}

// ---- playback and view ------------------------------------------------------------------------

/** A small inline SVG icon (paths in a 16×16 box). */
export function icon(d) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", "icon");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", d);
  svg.append(path);
  return svg;
}

const ICONS = {
  first: "M3 3h2v10H3zM13 3v10L6 8z",
  last: "M11 3h2v10h-2zM3 3v10l7-5z",
  play: "M4 2.5v11l9.5-5.5z",
  pause: "M3.5 2.5h3v11h-3zM9.5 2.5h3v11h-3z",
};

export function buildPlayback(root, store, player) {
  const play = el("button", { type: "button", class: "play", title: t("Play or pause (Space)"), "aria-pressed": "false", dataset: { testid: "play" } });
  play.addEventListener("click", () => player.toggle());
  const toStart = el("button", { type: "button", class: "icon-button", title: t("First step (Home)"), "aria-label": t("First step") }, icon(ICONS.first));
  const toEnd = el("button", { type: "button", class: "icon-button", title: t("Last step (End)"), "aria-label": t("Last step") }, icon(ICONS.last));
  const playIcon = icon(ICONS.play);
  const playText = el("span", {}, t("Play"));
  toStart.addEventListener("click", () => player.seek(0));
  toEnd.addEventListener("click", () => player.seek(Infinity));
  const slider = el("input", { type: "range", id: "step-slider", min: 0, step: 1, title: t("The step shown (← → move one step)"), dataset: { testid: "step-slider" } });
  slider.addEventListener("input", () => player.scrub(Number(slider.value)));
  slider.addEventListener("change", () => player.seek(Number(slider.value)));
  const readout = el("output", { for: "step-slider", class: "step-readout", "aria-live": "off" });
  const speed = el("select", { id: "speed", title: t("Playback speed in steps per second"), dataset: { testid: "speed" } },
    SPEEDS.map((v) => el("option", { value: v }, t("{n} steps/s", { n: v }))));
  speed.addEventListener("change", () => store.update({ speed: Number(speed.value) }, Change.PLAYER));
  const loop = el("input", { type: "checkbox", id: "loop", title: t("Start again from step 0 at the end"), dataset: { testid: "loop" } });
  loop.addEventListener("change", () => store.update({ loop: loop.checked }, Change.PLAYER));
  play.append(playIcon, playText);
  root.append(
    el("div", { class: "transport" }, toStart, play, toEnd),
    el("div", { class: "scrubber" }, el("label", { for: "step-slider", class: "sr-only" }, t("Step shown")), slider, readout),
    el("div", { class: "playback-options" },
      el("label", { for: "speed", class: "sr-only" }, t("Speed")), speed,
      el("label", { class: "check", for: "loop", title: t("Start again from step 0 at the end") }, loop, t("loop"))),
  );
  return (state, playing) => {
    setAttr(slider, "max", String(state.steps));
    slider.value = String(state.step);
    setText(readout, t("step {k} / {n}", { k: state.step, n: state.steps }));
    setAttr(playIcon.firstChild, "d", playing ? ICONS.pause : ICONS.play);
    setText(playText, playing ? t("Pause") : t("Play"));
    setAttr(play, "aria-pressed", String(playing));
    play.classList.toggle("playing", playing);
    speed.value = String(state.speed);
    loop.checked = state.loop;
  };
}

export function segmented(name, legend, options, onPick) {
  const inputs = options.map(([value, label, title]) => {
    const input = el("input", { type: "radio", name, value, id: `${name}-${value}`, dataset: { testid: `${name}-${value}` } });
    input.addEventListener("change", () => input.checked && onPick(value));
    return { input, label: el("label", { for: input.id, title }, label) };
  });
  const group = el("fieldset", { class: "segmented", title: legend }, el("legend", { class: "sr-only" }, legend), inputs.flatMap((i) => [i.input, i.label]));
  return {
    group,
    set: (value) => {
      for (const i of inputs) i.input.checked = i.input.value === value;
    },
  };
}

function scaleSelect(id, title, testid, onPick) {
  const select = el("select", { id, title, dataset: { testid } },
    [["auto", t("auto")], ["log", t("log")], ["linear", t("linear")]].map(([v, label]) => el("option", { value: v }, label)));
  select.addEventListener("change", () => onPick(select.value));
  return select;
}

export function buildViewControls(root, store) {
  const layout = segmented("layout", t("Layout"), [
    ["overlay", t("Overlay"), t("Every path on one contour")],
    ["split", t("Side by side"), t("One small contour per run, in step")],
  ], (v) => store.update({ layout: v }, Change.VIEW));
  const contours = scaleSelect("contour-scale", t("Colour scale of the surface (auto: log where f spans decades)"), "contour-scale",
    (v) => store.update({ contours: v }, Change.VIEW));
  root.append(layout.group, el("label", { class: "inline", for: "contour-scale", title: contours.title }, t("Contours"), contours));
  return (state) => {
    layout.set(state.layout);
    contours.value = state.contours;
  };
}

export function buildLossControls(root, store) {
  const scale = scaleSelect("loss-scale", t("y axis of the loss plot (auto: log when the loss is positive and spans decades)"), "loss-scale",
    (v) => store.update({ lossScale: v }, Change.VIEW));
  root.append(el("label", { class: "inline", for: "loss-scale", title: scale.title }, t("y axis"), scale));
  return (state) => (scale.value = state.lossScale);
}

// ---- lessons and sharing ----------------------------------------------------------------------

/** Lesson buttons and the lesson shown (`testid`: the network lessons' box has its own). */
export function buildPresets(root, presets, onApply, { testid = "lesson" } = {}) {
  const buttons = presets.map((p) => {
    const b = el("button", { type: "button", class: "chip", title: p.lines.join(" "), dataset: { testid: `preset-${p.id}` } }, p.name);
    b.addEventListener("click", () => onApply(p));
    return b;
  });
  const lesson = el("div", { class: "lesson", "aria-live": "polite", dataset: { testid } });
  root.append(el("div", { class: "chips" }, buttons), lesson);
  let shown = null; // the lesson whose lines are shown
  return (state) => {
    const preset = presets.find((p) => p.id === state.preset);
    buttons.forEach((b, i) => {
      setAttr(b, "aria-pressed", String(presets[i].id === state.preset));
    });
    setHidden(lesson, !preset);
    if (preset && preset !== shown) lesson.replaceChildren(el("strong", {}, preset.name), ...preset.lines.map((line) => el("p", {}, line)));
    shown = preset ?? shown;
  };
}

export function buildShare(root, actions) {
  const items = [
    ["copy-link", t("Copy link"), t("Copy a link that reopens exactly this view"), actions.copyLink],
    ["export-csv", "CSV", t("Download every path as CSV (optimizer, step, x, y, loss)"), actions.csv],
    ["export-json", "JSON", t("Download the request and every path as JSON"), actions.json],
    ["export-png", "PNG", t("Download the main plot as a PNG image"), actions.png],
  ];
  root.append(...items.map(([testid, label, title, run]) => {
    const b = el("button", { type: "button", class: "button", title, dataset: { testid } }, label);
    b.addEventListener("click", run);
    return b;
  }));
}
