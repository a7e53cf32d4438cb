// The single source of truth: one plain state object, changed only through `store.update`, and
// its round trip through the query string (CONTRACT section 8).
//
// State shape:
//   surface   surface id
//   start     [x, y]
//   steps     updates per run
//   noise     {std, seed}
//   runs      [{optimizer, params: {param: value}, schedule: {name, params}}] in the order
//             drawn; one optimizer may appear several times (runs.js)
//   step      the step shown (0..steps)
//   layout    "overlay" | "split"
//   speed     playback speed in steps per second
//   loop      replay from 0 at the end
//   contours  "auto" | "log" | "linear" (colour scale of the surface)
//   lossScale "auto" | "log" | "linear"
//   preset    id of the lesson last applied ("" when none)
//   formula, standardize, batch: a typed surface and data-surface options (see surfaces.js)

import { decodeNetworkQuery, encodeNetworkQuery } from "./network/scene.js";
import { MAX_RUNS, newRun, runTag } from "./runs.js";
import { decodeSurfaceQuery, encodeSurfaceQuery, requestSurface } from "./surfaces.js";

/** Why a state changed, so each listener redraws only what it must. */
export const Change = Object.freeze({
  RUN: "run", // needs a new result from the server
  STEP: "step", // the step shown moved (slider released, playback paused)
  FRAME: "frame", // a playback frame or a slider drag: draw cheaply
  VIEW: "view", // layout or colour scales
  PLAYER: "player", // speed or loop
});

export const SPEEDS = [50, 100, 250, 500, 1000];
const DEFAULT_SPEED = 250; // steps a second: 1000 steps play in 4 s

/**
 * A store: `get()`, `update(patch, change)`, `subscribe(listener)`. `settle(state)` fixes what
 * follows from the rest (a lesson no longer on screen) in every state before anyone sees it.
 */
export function createStore(initial, settle = (state) => state) {
  let state = settle(initial);
  const listeners = new Set();
  return {
    get: () => state,
    update(patch, change) {
      const next = typeof patch === "function" ? patch(state) : patch;
      state = settle({ ...state, ...next });
      for (const listener of listeners) listener(state, change);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A schedule's full parameter set at its defaults (`t_max` follows the step count). */
export function scheduleDefaults(decls, name, steps) {
  const schedule = decls.schedules.find((s) => s.id === name);
  const params = Object.fromEntries((schedule?.params ?? []).map((p) => [p.name, p.default]));
  if ("t_max" in params) params.t_max = steps;
  return params;
}

/** A lesson's run ({optimizer, schedule?, ...values}) as a run of the state. */
function presetRun(decls, decl, spec, steps) {
  const { optimizer, schedule, ...values } = spec;
  const run = newRun(decl, values);
  if (schedule) {
    const { name, ...given } = schedule;
    run.schedule = { name, params: { ...scheduleDefaults(decls, name, steps), ...given } };
  }
  return run;
}

/** The state a lesson sets up: server defaults overlaid with the preset's choices. */
export function presetState(decls, preset) {
  const surface = decls.surfaces.find((s) => s.id === preset.surface) ?? decls.surfaces[0];
  const runs = preset.runs.flatMap((spec) => {
    const decl = decls.optimizers.find((o) => o.id === spec.optimizer);
    return decl ? [presetRun(decls, decl, spec, preset.steps)] : [];
  });
  return {
    surface: surface.id,
    start: [...(preset.start ?? surface.start)],
    steps: preset.steps,
    noise: { std: preset.noise?.std ?? 0, seed: preset.noise?.seed ?? 0 },
    runs,
    step: preset.steps,
    layout: preset.layout ?? "overlay",
    speed: DEFAULT_SPEED,
    loop: false,
    contours: "auto",
    lossScale: "auto",
    preset: preset.id,
    standardize: preset.standardize ?? false,
    batch: preset.batch ?? 0,
  };
}

/** The body of a run request (POST /api/run, or a stream `run` message without type and id). */
export function runRequest(state) {
  return {
    ...requestSurface(state),
    start: state.start,
    steps: state.steps,
    noise: state.noise,
    runs: state.runs.map(({ optimizer, params, schedule }) => {
      const run = { optimizer, params };
      if (schedule.name !== "constant") run.schedule = { name: schedule.name, ...schedule.params };
      return run;
    }),
  };
}

// ---- the query string ---------------------------------------------------------------------
// ?surface=rosenbrock&start=-1.2,1&steps=1000&noise=0&seed=0&opt=sgd,adam,sgd
//  &p.sgd=lr:0.001&p.adam=lr:0.02,beta1:0.9,...&sched.adam=cosine,t_max:1000,eta_min:0
//  &p.sgd.2=lr:0.05&step=1000&layout=overlay&speed=250&loop=0&contours=auto&loss=auto&preset=rosenbrock
// `opt` lists the runs in order; a run's values are under its tag (runs.runTag: `sgd` for the
// first SGD, `sgd.2` for the second). Links from before runs (each optimizer at most once, in
// declaration order) are the same format with no repeats, so they open unchanged.
// Numbers are written with String(n), which round-trips every float64 exactly.

const pairs = (obj) => Object.entries(obj).map(([k, v]) => `${k}:${v}`).join(",");

function encodeValue(text) {
  return encodeURIComponent(text).replace(/%2C/g, ",").replace(/%3A/g, ":");
}

/** The query string for a state: its runs in order, each with its every parameter. */
export function encodeQuery(state) {
  const fields = [
    ["surface", state.surface],
    ["start", state.start.join(",")],
    ["steps", state.steps],
    ["noise", state.noise.std],
    ["seed", state.noise.seed],
    ["opt", state.runs.map((r) => r.optimizer).join(",")],
  ];
  state.runs.forEach((run, i) => {
    const tag = runTag(state.runs, i);
    fields.push([`p.${tag}`, pairs(run.params)]);
    if (run.schedule.name !== "constant") fields.push([`sched.${tag}`, [run.schedule.name, pairs(run.schedule.params)].filter(Boolean).join(",")]);
  });
  fields.push(...encodeSurfaceQuery(state), ...encodeNetworkQuery(state)); // networks: &net=…&batch=…
  fields.push(
    ["step", state.step],
    ["layout", state.layout],
    ["speed", state.speed],
    ["loop", state.loop ? 1 : 0],
    ["contours", state.contours],
    ["loss", state.lossScale],
  );
  if (state.preset) fields.push(["preset", state.preset]);
  return fields.map(([k, v]) => `${k}=${encodeValue(String(v))}`).join("&");
}

const number = (text) => (text === null || text.trim() === "" ? NaN : Number(text));

function rawPairs(text) {
  const out = {};
  for (const item of text.split(",")) {
    const at = item.indexOf(":");
    if (at > 0) out[item.slice(0, at)] = item.slice(at + 1);
  }
  return out;
}

function parsePairs(text) {
  return Object.fromEntries(Object.entries(rawPairs(text)).map(([k, v]) => [k, number(v)]).filter(([, v]) => Number.isFinite(v)));
}

/** A parameter's value from its query text by its declared type; undefined if it does not parse. */
function typedValue(p, text) {
  if (p.type === "bool") return text === "true" ? true : text === "false" ? false : undefined;
  if (p.type === "choice") return p.options.includes(text) ? text : undefined;
  return Number.isFinite(number(text)) ? number(text) : undefined;
}

/**
 * The state a query string describes, on top of `base` (the default scene). Unknown names are
 * dropped; numbers that do not parse keep the base value. Values are not range-checked here: the
 * server judges them and the page shows its answer.
 */
export function decodeQuery(search, decls, base) {
  const q = new URLSearchParams(search);
  if (![...q.keys()].length) return base;
  const state = structuredClone(base);
  const surface = decls.surfaces.find((s) => s.id === q.get("surface"));
  if (surface && surface.id !== base.surface) {
    state.surface = surface.id;
    state.start = [...surface.start];
    state.preset = "";
  }
  decodeSurfaceQuery(q, state);
  decodeNetworkQuery(q, state);
  const start = (q.get("start") ?? "").split(",").map(number);
  if (start.length === 2 && start.every(Number.isFinite)) state.start = start;
  for (const [key, apply] of [
    ["steps", (v) => (state.steps = v)],
    ["noise", (v) => (state.noise.std = v)],
    ["seed", (v) => (state.noise.seed = v)],
    ["speed", (v) => (state.speed = v)],
  ]) {
    if (Number.isFinite(number(q.get(key)))) apply(number(q.get(key)));
  }
  // A full link (it lists the runs) names every value that differs from the server defaults; a
  // partial one changes the default scene's runs.
  if (q.has("opt")) {
    const ids = q.get("opt").split(",").filter((id) => decls.optimizers.some((o) => o.id === id));
    state.runs = ids.slice(0, MAX_RUNS).map((id) => newRun(decls.optimizers.find((o) => o.id === id)));
  }
  for (let i = 0; i < state.runs.length; i++) decodeRun(q, decls, state, i);
  const step = number(q.get("step"));
  state.step = Number.isFinite(step) ? Math.max(0, Math.round(step)) : state.steps;
  if (["overlay", "split"].includes(q.get("layout"))) state.layout = q.get("layout");
  if (q.has("loop")) state.loop = q.get("loop") === "1";
  if (["auto", "log", "linear"].includes(q.get("contours"))) state.contours = q.get("contours");
  if (["auto", "log", "linear"].includes(q.get("loss"))) state.lossScale = q.get("loss");
  state.preset = q.get("preset") ?? "";
  return state;
}

/** Run `i`'s values from its `p.<tag>` and `sched.<tag>` fields. */
function decodeRun(q, decls, state, i) {
  const run = state.runs[i];
  const tag = runTag(state.runs, i);
  const decl = decls.optimizers.find((o) => o.id === run.optimizer);
  const given = rawPairs(q.get(`p.${tag}`) ?? "");
  for (const p of decl.params) {
    const value = p.name in given ? typedValue(p, given[p.name]) : undefined;
    if (value !== undefined) run.params[p.name] = value;
  }
  const schedule = (q.get(`sched.${tag}`) ?? "").split(",");
  if (decls.schedules.some((s) => s.id === schedule[0])) {
    const defaults = scheduleDefaults(decls, schedule[0], state.steps);
    const params = parsePairs(schedule.slice(1).join(","));
    run.schedule = {
      name: schedule[0],
      params: Object.fromEntries(Object.entries({ ...defaults, ...params }).filter(([k]) => k in defaults)),
    };
  } else if (q.has("opt")) {
    run.schedule = { name: "constant", params: {} };
  }
}

/** The optimizers of the runs, in order: a new list is a new place. */
const runList = (state) => (state.runs ?? []).map((r) => r.optimizer).join();

/** Whether going from `a` to `b` is a choice that Back should undo (not a drag or a step move). */
export function isNewPlace(a, b) {
  return (b.preset !== "" && b.preset !== a.preset) || a.surface !== b.surface || a.layout !== b.layout
    || runList(a) !== runList(b) || Boolean(a.standardize) !== Boolean(b.standardize);
}

/**
 * Keeps the address bar on the state: a new history entry for a new place (`isNewPlace`: a lesson,
 * a surface, the list of runs), else the current entry rewritten at most every `gap` ms, when the
 * page is idle (a rewrite costs ~5 ms: done while a result is awaited, not while one is drawn),
 * within `idle` ms at the latest; the last state always lands. `keep` is appended to every query
 * (the page's language).
 */
export function createUrlWriter(_decls, { gap = 120, idle = 100, keep = "" } = {}) {
  let pending = null; // the scheduled rewrite (a token), or null
  let written = -Infinity; // when the entry was last rewritten
  let latest = null;
  const queryOf = (state) => `?${encodeQuery(state)}${keep}`;
  const whenIdle = window.requestIdleCallback ? (fn) => window.requestIdleCallback(fn, { timeout: idle }) : (fn) => setTimeout(fn, 0);
  const replace = (state) => {
    pending = null;
    written = performance.now();
    const query = queryOf(state);
    if (query !== window.location.search) window.history.replaceState(null, "", query);
  };
  const schedule = () => {
    const token = {};
    pending = token;
    const rewrite = () => pending === token && replace(latest);
    setTimeout(() => pending === token && whenIdle(rewrite), Math.max(0, written + gap - performance.now()));
  };
  return {
    write(state) {
      const before = latest;
      latest = state;
      if (before && isNewPlace(before, state)) {
        if (pending !== null) replace(before); // the entry left behind holds its last state
        window.history.pushState(null, "", queryOf(state));
      } else if (pending === null) {
        schedule();
      }
    },
    /** Back or Forward brought `state` back: its entry is already there. */
    restored(state) {
      latest = state;
      replace(state);
    },
  };
}
