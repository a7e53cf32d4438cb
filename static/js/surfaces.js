// Surfaces beyond a built-in id: a typed formula (`surface: "custom"` plus `state.formula`) and the
// options of a data surface (`state.standardize`, `state.batch`). Pure helpers for the request
// body, the query string, the declarations and the contour grid; no DOM.
//
// State fields added here (all optional, so older links and presets keep working):
//   formula      {expression, domain: {x: [lo, hi], y: [lo, hi]}}: the typed surface
//   standardize  true: data surfaces use standardised features
//   batch        mini-batch size B (0: every update uses all rows); the seed is `noise.seed`

import { describeDetail, getJSON, loadGrid, post } from "./api.js";
import { t } from "./i18n.js";
import { refusalInPageLanguage } from "./refusals.js";

export const CUSTOM = "custom";

export const DEFAULT_FORMULA = Object.freeze({
  expression: "sin(x)*cos(y) + 0.1*(x^2 + y^2)",
  domain: Object.freeze({ x: Object.freeze([-5, 5]), y: Object.freeze([-5, 5]) }),
});

export const MAX_EXPRESSION = 500;
const MAX_EPOCH_MARKS = 100; // denser marks merge into a grey block: leave them out

const dataRows = new Map(); // data surface id -> its number of rows N

export const formulaOf = (state) => state.formula ?? DEFAULT_FORMULA;
export const isData = (surfaceId) => dataRows.has(surfaceId);
export const rowsOf = (surfaceId) => dataRows.get(surfaceId) ?? 0;

/** Whether the point [x, y] lies in `domain` ({x: [lo, hi], y: [lo, hi]}), edges included. */
export const inDomain = ([x, y], d) => x >= d.x[0] && x <= d.x[1] && y >= d.y[0] && y <= d.y[1];

/** The server's default start for a domain: 20 % in from the left, 30 % down from the top. */
export function defaultStart(domain) {
  const [x0, x1] = domain.x;
  const [y0, y1] = domain.y;
  const clean = (v) => Number(v.toPrecision(12)); // -1.2, not -1.1999999999999997, in links
  return [clean(x0 + 0.2 * (x1 - x0)), clean(y1 - 0.3 * (y1 - y0))];
}

/** A formula without the optional `f(x, y) =` the grammar allows in front. */
export const bareExpression = (text) => text.replace(/^\s*f\s*\(\s*x\s*,\s*y\s*\)\s*=\s*/, "");

function describeCustom(decl, formula) {
  return Object.assign(decl, {
    formula: bareExpression(formula.expression),
    domain: { x: [...formula.domain.x], y: [...formula.domain.y] },
    start: defaultStart(formula.domain),
  });
}

/**
 * Add the "Custom formula…" entry to the declarations (so the picker and every reader of
 * `decls.surfaces` know it) and note each data surface's size. Call once, before decoding a link.
 */
export function registerSurfaces(decls) {
  for (const s of decls.surfaces) {
    if (s.kind !== "data") continue;
    dataRows.set(s.id, s.rows);
    s.minima_raw ??= s.minima;
  }
  if (decls.surfaces.some((s) => s.id === CUSTOM)) return;
  decls.surfaces.push(describeCustom({
    id: CUSTOM, name: "Custom formula…", kind: "custom", latex: "", minima: [],
    description: "Your own f(x, y): type it below. Gradients are exact (automatic differentiation); minima are not known.",
  }, DEFAULT_FORMULA)); // prettier-ignore
}

/**
 * Keep the declarations in step with the state: the custom entry describes the typed formula, and
 * a data surface lists the minima of the rows in use. Subscribe it before anything reads them.
 */
export function syncSurfaceDecls(decls, state) {
  for (const s of decls.surfaces) {
    if (s.id === CUSTOM) describeCustom(s, formulaOf(state));
    else if (s.kind === "data") s.minima = state.standardize && s.minima_standardized ? s.minima_standardized : s.minima_raw;
  }
}

/** The mini-batch size sent for a state: 0 (none) off data surfaces, else clamped to 1..N. */
export function batchSize(state) {
  const rows = rowsOf(state.surface);
  if (!rows || !(state.batch > 0)) return 0;
  return Math.min(rows, Math.max(1, Math.round(state.batch)));
}

/** Updates per epoch, ceil(N / B), or 0 when the scene has no mini-batches. */
export function iterationsPerEpoch(state) {
  const size = batchSize(state);
  return size ? Math.ceil(rowsOf(state.surface) / size) : 0;
}

/** The steps at which an epoch ends (every ceil(N/B) updates), or [] when too dense to draw. */
export function epochEnds(state, steps) {
  const per = iterationsPerEpoch(state);
  if (!per || steps / per > MAX_EPOCH_MARKS) return [];
  return Array.from({ length: Math.floor(steps / per) }, (_, i) => (i + 1) * per);
}

/** "epoch e, iteration i of M" for the step shown (after `step` updates). */
export function epochText(state, step) {
  const per = iterationsPerEpoch(state);
  if (!per) return "";
  const epoch = step === 0 ? 1 : Math.floor((step - 1) / per) + 1;
  const iteration = step === 0 ? 0 : ((step - 1) % per) + 1;
  return t("epoch {epoch}, iteration {iteration} of {per}", { epoch, iteration, per });
}

/** The surface part of a run body: an id or a typed formula, plus the data options. */
export function requestSurface(state) {
  if (state.surface === CUSTOM) {
    const { expression, domain } = formulaOf(state);
    return { surface: { expression, domain: { x: [...domain.x], y: [...domain.y] } } };
  }
  const out = { surface: state.surface };
  if (!isData(state.surface)) return out;
  if (state.standardize) out.standardize = true;
  const size = batchSize(state);
  if (size) out.batch = { size, seed: state.noise.seed };
  return out;
}

// ---- the query string: &formula=…&domain=x0,x1,y0,y1 (typed surfaces), &std=1&batch=16 (data) ---

/** Extra [key, value] fields for `encodeQuery`. */
export function encodeSurfaceQuery(state) {
  if (state.surface === CUSTOM) {
    const { expression, domain } = formulaOf(state);
    return [["formula", expression], ["domain", [...domain.x, ...domain.y].join(",")]];
  }
  if (!isData(state.surface)) return [];
  return [["std", state.standardize ? 1 : 0], ["batch", state.batch > 0 ? Math.round(state.batch) : 0]];
}

const number = (text) => (text === null || text.trim() === "" ? NaN : Number(text));

/** Read the extra fields into a decoded state (after its surface is set, before its start). */
export function decodeSurfaceQuery(q, state) {
  if (q.has("formula")) {
    const domain = (q.get("domain") ?? "").split(",").map(number);
    const ok = domain.length === 4 && domain.every(Number.isFinite);
    state.formula = {
      expression: q.get("formula").slice(0, MAX_EXPRESSION),
      domain: ok ? { x: domain.slice(0, 2), y: domain.slice(2) } : structuredClone(DEFAULT_FORMULA.domain),
    };
    if (state.surface === CUSTOM && !q.has("start")) state.start = defaultStart(state.formula.domain);
  }
  if (q.has("std")) state.standardize = q.get("std") === "1";
  const batch = number(q.get("batch"));
  if (Number.isInteger(batch) && batch >= 0) state.batch = batch;
}

// ---- grids and rows ---------------------------------------------------------------------------

/** One readable sentence from a refusal about a surface (pydantic lists every union branch). */
export function surfaceMessage(detail) {
  const parts = Array.isArray(detail)
    ? detail.filter((e) => !(e.loc ?? []).includes("str")).map((e) => e.msg)
    : String(detail ?? "").split("; ").filter((p) => !p.startsWith("surface.str:")).map((p) => p.replace(/^surface\.CustomSurface\.\w+: /, ""));
  return parts.join("; ") || describeDetail(detail);
}

/** POST a JSON body; throws an Error whose message is the server's refusal in one sentence. */
export const postSurface = (url, body, signal) => post(url, body, { signal, describe: surfaceMessage });

// A formula is checked over its own WebSocket rather than with POST /api/grid: the browser logs
// every 4xx answer to the console, and a typo is not an error of the page. The server parses the
// formula before anything runs, so a one-step run's first answer (`start` or `error`) says it all.

let checker = null; // {socket, ready, waiting: Map(id -> resolve)}
let checkId = 0;
let checkQueue = Promise.resolve(); // one check at a time: a newer run would supersede an older one

function checkerSocket() {
  if (checker && checker.socket.readyState <= WebSocket.OPEN) return checker;
  const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/stream`);
  const waiting = new Map();
  const settle = (id, message) => {
    const done = waiting.get(id);
    waiting.delete(id);
    done?.(message);
  };
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "error" && (message.id === null || message.id === undefined)) {
      for (const id of [...waiting.keys()]) settle(id, message);
    } else if (message.type === "start" || message.type === "error") {
      settle(message.id, message);
    }
  });
  socket.addEventListener("close", () => {
    for (const id of [...waiting.keys()]) settle(id, { type: "error", detail: "the connection to the server closed; try again" });
  });
  const ready = new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve, { once: true });
    socket.addEventListener("error", () => reject(new Error("cannot reach the server to check the formula")), { once: true });
  });
  checker = { socket, ready, waiting };
  return checker;
}

function askServer(formula, start) {
  const ask = async () => {
    const { socket, ready, waiting } = checkerSocket();
    await ready;
    const id = ++checkId;
    const answer = new Promise((resolve) => waiting.set(id, resolve));
    socket.send(JSON.stringify({ type: "run", id, surface: formula, start, steps: 1, runs: [{ optimizer: "sgd", params: { lr: 1e-6 } }] }));
    return answer;
  };
  const answer = checkQueue.then(ask, ask);
  checkQueue = answer.catch(() => {});
  return answer;
}

const centre = (domain) => ["x", "y"].map((axis) => (Number(domain[axis]?.[0]) + Number(domain[axis]?.[1])) / 2 || 0);

/**
 * Check a typed formula and its domain, and whether f is finite at `start` (default: the domain's
 * centre). Resolves to {ok: true, finiteAtStart} or {ok: false, message, column} (column: the
 * 1-based column the server points at, or null). Rejects with an AbortError once `signal` aborts.
 */
export async function checkFormula(formula, signal, start = centre(formula.domain)) {
  const answer = await askServer(formula, start);
  if (signal?.aborted) throw new DOMException("superseded", "AbortError");
  if (answer.type === "start") return { ok: true, finiteAtStart: true };
  // Not finite at the start says nothing against the formula itself.
  if (/not finite at the start point/.test(answer.detail)) return { ok: true, finiteAtStart: false };
  const message = surfaceMessage(String(answer.detail).replace(/^message: /, ""));
  const column = /at column (\d+)/.exec(message);
  return { ok: false, message: refusalInPageLanguage(message), column: column ? Number(column[1]) : null };
}

/** The grid point nearest to `start` where f and its four neighbours are defined, or null. */
export async function nearestDefined(formula, start, signal) {
  const { x, y, z } = await postSurface("/api/grid", { surface: formula, n: 41 }, signal);
  const ok = (i, j) => z[i]?.[j] !== null && z[i]?.[j] !== undefined;
  const [sx, sy] = [(x[x.length - 1] - x[0]) || 1, (y[y.length - 1] - y[0]) || 1];
  let best = null;
  for (let i = 1; i < y.length - 1; i++) {
    for (let j = 1; j < x.length - 1; j++) {
      if (!(ok(i, j) && ok(i - 1, j) && ok(i + 1, j) && ok(i, j - 1) && ok(i, j + 1))) continue;
      const d = Math.hypot((x[j] - start[0]) / sx, (y[i] - start[1]) / sy);
      if (!best || d < best.d) best = { d, at: [x[j], y[i]] };
    }
  }
  return best?.at.map((v) => Number(v.toPrecision(12)));
}

const grids = new Map();

/** The contour grid a state needs (cached by its request): built-in, standardised or typed. */
export function loadSurfaceGrid(state, n) {
  const { surface, standardize } = requestSurface(state);
  if (typeof surface === "string" && !standardize) return loadGrid(surface, n);
  const body = { surface, n, standardize: Boolean(standardize) };
  const key = JSON.stringify(body);
  if (!grids.has(key)) {
    const checked = typeof surface === "string" ? Promise.resolve({ ok: true }) : checkFormula(surface);
    const pending = checked.then((check) => {
      if (!check.ok) throw new Error(`Your formula: ${check.message}`);
      return postSurface("/api/grid", body);
    });
    pending.catch(() => grids.delete(key));
    grids.set(key, pending);
  }
  return grids.get(key);
}

const rowCache = new Map();

/** A data surface's rows as the loss uses them: {columns, features, target, source}. */
export function loadRows(surfaceId, standardize) {
  const key = `${surfaceId}/${standardize ? 1 : 0}`;
  if (!rowCache.has(key)) {
    const pending = getJSON(`/api/surfaces/${encodeURIComponent(surfaceId)}/data${standardize ? "?standardize=true" : ""}`);
    pending.catch(() => rowCache.delete(key));
    rowCache.set(key, pending);
  }
  return rowCache.get(key);
}
