// Runs: the scene's list of optimizer runs (one optimizer may run several times, each with its own
// settings), what each is called (in the page's language) and how each is drawn. Pure functions
// of the state; no DOM.
//
// A run: {optimizer: id, params: {name: value}, schedule: {name, params: {name: value}}}.

import { t } from "./i18n.js";

export const MAX_RUNS = 16; // the API's limit on runs in one request (CONTRACT section 2)

// Sixteen looks, told apart by colour and by dash: Okabe–Ito's colour-blind-safe hues (yellow,
// too pale on the surface, swapped for Tol's indigo and wine) with three dash patterns, so that
// neighbours in the list differ in both and no two of the sixteen share both.
const COLOURS = ["#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#332288", "#882255"];
const DASHES = [[], [9, 4], [2, 3.5]]; // px: solid, dashed, dotted
const PLOTLY_DASH = ["solid", "9px,4px", "2px,3.5px"];

/** The look of run `i`: {colour, dash (canvas pattern), plotlyDash}. */
export function runStyle(i) {
  const d = i % DASHES.length;
  return { colour: COLOURS[i % COLOURS.length], dash: DASHES[d], plotlyDash: PLOTLY_DASH[d] };
}

const declOf = (decls, id) => decls.optimizers.find((o) => o.id === id);

/** A run of `decl` at its declared defaults, with `values` over them. */
export function newRun(decl, values = {}) {
  return {
    optimizer: decl.id,
    params: { ...Object.fromEntries(decl.params.map((p) => [p.name, p.default])), ...values },
    schedule: { name: "constant", params: {} },
  };
}

/** The index of the first run of optimizer `id` (-1 when it has none). */
export const firstRunOf = (state, id) => state.runs.findIndex((r) => r.optimizer === id);

/**
 * A run's name in hooks and links: the optimizer id for its first run, `id.k` for its k-th
 * (`param-sgd-lr` is the first SGD's lr slider, `param-sgd.2-lr` the second's).
 */
export function runTag(runs, i) {
  const id = runs[i].optimizer;
  const k = runs.slice(0, i + 1).filter((r) => r.optimizer === id).length;
  return k === 1 ? id : `${id}.${k}`;
}

const short = (v) => (typeof v === "number" ? String(Number(v.toPrecision(3))) : String(v));

/**
 * Each run's label: the optimizer's name, and where it runs more than once, what sets the runs
 * apart (the parameters that differ, then the schedule; a number when nothing does), e.g.
 * "SGD · lr 0.09". A lone run with a schedule names it, as the server does ("SGD · cosine").
 */
export function runLabels(runs, decls) {
  return runs.map((run) => {
    const decl = declOf(decls, run.optimizer);
    const name = decl?.name ?? run.optimizer;
    const siblings = runs.filter((r) => r.optimizer === run.optimizer);
    const scheduleName = (s) => t(decls.schedules.find((d) => d.id === s.name)?.name ?? s.name).toLowerCase();
    if (siblings.length === 1) return run.schedule.name === "constant" ? name : `${name} · ${scheduleName(run.schedule)}`;
    const differ = (decl?.params ?? []).filter((p) => siblings.some((r) => r.params[p.name] !== run.params[p.name]));
    const parts = differ.slice(0, 2).map((p) => `${t(p.name)} ${short(run.params[p.name])}`);
    if (siblings.some((r) => JSON.stringify(r.schedule) !== JSON.stringify(run.schedule))) parts.push(scheduleName(run.schedule));
    if (!parts.length) parts.push(`#${siblings.indexOf(run) + 1}`);
    return [name, ...parts].join(" · ");
  }).map((label, i, all) => (all.indexOf(label) === i ? label : `${label} #${i + 1}`));
}

// Families whose lr means the same thing: a multiple of the gradient, or a step length in x.
const LR_KIND = { "gradient descent": "gradient", momentum: "gradient", adaptive: "step", sign: "step" };

const clamp = (p, v) => Math.min(p.max, Math.max(p.min, v));

/**
 * A learning rate for a new run of `decl` that suits the scene: the lr of a run of the same
 * optimizer or family already in it, else the scene's runs' ratio to their defaults (geometric
 * mean, among optimizers whose lr means the same), applied to this one's default; else its
 * default. So a Nesterov added to the opening scene takes Momentum's lr 0.001, not its 0.01
 * (which diverges on Rosenbrock at step 3).
 */
export function suitedLr(state, decls, decl) {
  const lr = decl.params.find((p) => p.name === "lr");
  if (!lr) return {};
  const kin = (test) => state.runs.filter((r) => test(declOf(decls, r.optimizer)) && Number.isFinite(r.params.lr));
  const same = kin((d) => d?.id === decl.id)[0] ?? kin((d) => d?.family === decl.family)[0];
  if (same) return { lr: clamp(lr, same.params.lr) };
  const kind = LR_KIND[decl.family];
  const peers = kind ? kin((d) => d && LR_KIND[d.family] === kind) : [];
  if (!peers.length) return {};
  const logRatio = peers.reduce((sum, r) => {
    const base = declOf(decls, r.optimizer).params.find((p) => p.name === "lr").default;
    return sum + Math.log10(r.params.lr / base);
  }, 0) / peers.length;
  return { lr: clamp(lr, Number((lr.default * 10 ** logRatio).toPrecision(2))) };
}

/** The state with a new run of `id` appended (no-op at MAX_RUNS). */
export function addRun(state, decls, id) {
  if (state.runs.length >= MAX_RUNS) return {};
  const decl = declOf(decls, id);
  const first = state.runs[firstRunOf(state, id)];
  const run = first ? structuredClone(first) : newRun(decl, suitedLr(state, decls, decl));
  return { runs: [...state.runs, run] };
}

/** The state with run `i` changed by `change(run) → run`. */
export const changeRun = (i, change) => (state) => ({ runs: state.runs.map((r, j) => (j === i ? change(r) : r)) });

/** The state without run `i`. */
export const removeRun = (i) => (state) => ({ runs: state.runs.filter((_, j) => j !== i) });
