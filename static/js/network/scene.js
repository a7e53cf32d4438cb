// Network surfaces (CONTRACT section 11): the state's network options, their request body and
// query string, and one scene's answer turned into what plot.js draws (the loss on the plane
// through θ-space, each run's path projected onto it). No DOM.
//
// State fields added here (optional: a state without them trains the declared defaults):
//   network  {hidden, activation, loss, init_seed}
//   batch    mini-batch size over the train rows (0: full batch), seeded by `noise.seed`
//
// Query string: &net=hidden:8,activation:tanh,loss:cross_entropy,init_seed:0&batch=0

import { post } from "../api.js";
import { t } from "../i18n.js";
import { loadRows } from "../surfaces.js";

export const MAX_THETAS = 2_000_000; // numbers in an answer's thetas (CONTRACT section 11)
const MAX_EPOCH_MARKS = 100;

const networks = new Map(); // surface id -> its declaration

export const isNetwork = (surfaceId) => networks.has(surfaceId);
export const networkDecl = (surfaceId) => networks.get(surfaceId);

/** Note each network surface; give it a placeholder start (its start is θ₀, never sent). */
export function registerNetworks(decls) {
  for (const s of decls.surfaces) {
    if (s.kind !== "network") continue;
    s.start ??= [0, 0];
    s.minima ??= [];
    networks.set(s.id, s);
  }
}

/** The network options of a state, the declared defaults filling any gap. */
export function networkOf(state) {
  const options = networkDecl(state.surface)?.network ?? {};
  const defaults = Object.fromEntries(Object.entries(options).map(([k, o]) => [k, o.default]));
  return { hidden: 8, activation: "tanh", loss: "cross_entropy", init_seed: 0, ...defaults, ...state.network };
}

/** The mini-batch size sent (0: none), clamped to the train rows. */
export function networkBatch(state) {
  const rows = networkDecl(state.surface)?.train_rows ?? 0;
  return rows && state.batch > 0 ? Math.min(rows, Math.max(1, Math.round(state.batch))) : 0;
}

/** Updates per epoch, ceil(N_train / B), or 0 without mini-batches. */
export function networkEpoch(state) {
  const size = networkBatch(state);
  return size ? Math.ceil(networkDecl(state.surface).train_rows / size) : 0;
}

/** The POST /api/run body of a network scene: no start and no noise (section 11 refuses them). */
export function networkRequest(state) {
  const network = networkOf(state);
  const runs = state.runs.map(({ optimizer, params, schedule }) => {
    const run = { optimizer, params };
    if (schedule && schedule.name !== "constant") run.schedule = { name: schedule.name, ...schedule.params };
    return run;
  });
  const body = { surface: state.surface, steps: state.steps, network, runs, include_trace: true };
  const size = networkBatch(state);
  if (size) body.batch = { size, seed: state.noise.seed };
  // θ at every iterate draws the boundary at any step; over the cap the answer would be refused.
  body.include_path = runs.length * (state.steps + 1) * (4 * network.hidden + 1) <= MAX_THETAS;
  return body;
}

// ---- the query string -------------------------------------------------------------------------

/** Extra [key, value] fields for `encodeQuery` on a network scene. */
export function encodeNetworkQuery(state) {
  if (!isNetwork(state.surface)) return [];
  const n = networkOf(state);
  return [["net", `hidden:${n.hidden},activation:${n.activation},loss:${n.loss},init_seed:${n.init_seed}`], ["batch", networkBatch(state)]];
}

/** Read `net` into a decoded state (unknown names and bad values are dropped). */
export function decodeNetworkQuery(q, state) {
  if (!q.has("net")) return;
  const given = Object.fromEntries(q.get("net").split(",").map((item) => item.split(":")));
  const network = {};
  for (const key of ["hidden", "init_seed"]) {
    const v = Number(given[key]);
    if (given[key] !== undefined && Number.isInteger(v) && v >= 0) network[key] = v;
  }
  if (["tanh", "relu", "sigmoid"].includes(given.activation)) network.activation = given.activation;
  if (["cross_entropy", "mse"].includes(given.loss)) network.loss = given.loss;
  state.network = network;
}

// ---- one scene --------------------------------------------------------------------------------

/** The rows of a network surface, split: {train, test}, each {features, target}. */
export async function networkRows(surfaceId) {
  const rows = await loadRows(surfaceId, false);
  const part = (name) => {
    const at = rows.split.map((s, i) => (s === name ? i : -1)).filter((i) => i >= 0);
    return { features: at.map((i) => rows.features[i]), target: at.map((i) => rows.target[i]) };
  };
  return { train: part("train"), test: part("test"), all: rows };
}

/**
 * Per run, at every iterate: the train accuracy and the test loss and accuracy (the server's, with
 * include_path). The train loss at every step is the run's `loss`.
 */
function curvesOf(run) {
  if (!run.curves) return null;
  const { test_loss: testLoss, test_accuracy: testAccuracy, train_accuracy: trainAccuracy } = run.curves;
  return { steps: testLoss.map((_, k) => k), trainAccuracy, testLoss, testAccuracy };
}

// ---- the plane's frame ---------------------------------------------------------------------------
// The plot's axes span a round frame around the plane's grid, kept while the grid stays inside it
// and fills most of it: a slider move reshapes the plane a little, and a frame that holds still
// lets the page redraw without Plotly (the canvas draws the grid; plot/redraw.js handOver).

const FILLS = 0.7; // a held frame is kept while the grid spans at least this share of it a side
const ROOM = 0.05; // a new frame reaches this share of the grid's span past each end (room to move)
const frames = new Map(); // surface id -> its frame {x, y}, as last answered

/** A frame for [lo, hi]: ROOM more each side, rounded outwards to 1, 2 or 5 × 10^k near a 20th of the span. */
function roundFrame(lo, hi) {
  const span = hi - lo || Math.abs(lo) || 1;
  const power = 10 ** Math.floor(Math.log10(span / 20));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= span / 20);
  return [Math.floor((lo - ROOM * span) / step) * step, Math.ceil((hi + ROOM * span) / step) * step];
}

/** The frame of one axis for a grid spanning [lo, hi]: the held one if it still fits, else a new one. */
function frameAxis(lo, hi, held) {
  const fits = held && lo >= held[0] && hi <= held[1] && hi - lo >= FILLS * (held[1] - held[0]);
  return fits ? held : roundFrame(lo, hi);
}

/** The plane's extent: what plot.js takes for a surface's domain (its frame: see above). */
function planeSurface(decl, plane, network) {
  const { a, b } = plane.grid;
  const held = frames.get(decl.id);
  const domain = { x: frameAxis(a[0], a[a.length - 1], held?.x), y: frameAxis(b[0], b[b.length - 1], held?.y) };
  frames.set(decl.id, domain);
  const share = Math.round(plane.explained * 1000) / 10;
  return {
    ...decl,
    id: `${decl.id}/plane`,
    formula: `train loss on the plane of the paths' top two directions (${share} % of their motion), a slice of the ${4 * network.hidden + 1}-dimensional θ-space`,
    domain,
    minima: [],
    plane: { axisTitles: [t("a: along d1"), t("b: along d2")], equalAxes: false, valueName: t("train loss") },
  };
}

// ---- paths held between answers ----------------------------------------------------------------
// A slider move retrains one run; the others' θ paths, curves, losses and gradient norms are what
// the last answer gave (training is deterministic), so they are not sent again: the request names
// them in `known_paths` (docs/api-extensions.md) and their data are taken from here.

const HELD = ["loss", "thetas", "curves", "grad_norm"]; // what a run's key determines
const ORDER = ["optimizer", "label", "loss"]; // the answer's keys before the rest (a full answer's order)
let held = new Map(); // pathKey -> the HELD fields of the last answer's runs

/** What determines a run's θ path: the data, network, steps, batches and the run itself. */
const pathKey = (request, run) =>
  JSON.stringify([request.surface, request.network, request.steps, request.batch ?? null, run]);

/** A run answered without its path, given what is held for it (keys in a full answer's order). */
function withPath(run, kept) {
  const rest = Object.fromEntries(Object.entries(run).filter(([key]) => !ORDER.includes(key)));
  const whole = { optimizer: run.optimizer, label: run.label, loss: kept.loss, ...rest, thetas: kept.thetas, curves: kept.curves };
  return kept.grad_norm ? { ...whole, grad_norm: kept.grad_norm } : whole;
}

/** A network scene's JSON export: the request and the server's whole answer (θ path, plane, norms). */
export const networkJSON = (scene) => `${JSON.stringify({ request: scene.request, ...scene.answer }, null, 1)}\n`;

/**
 * Ask the server for a network scene and shape its answer for the view: {request, answer, grid,
 * result, surface, start, epochEnds, rows, network}. `result.runs[i]` is the server's run plus
 * x, y (its a, b on the plane) and `curves` (see curvesOf).
 */
export async function loadNetworkScene(state, signal) {
  const request = networkRequest(state);
  const keys = request.runs.map((run) => pathKey(request, run));
  const known = request.include_path ? keys.flatMap((key, i) => (held.has(key) ? [i] : [])) : [];
  const asked = known.length ? { ...request, known_paths: known } : request;
  const [answer, rows] = await Promise.all([post("/api/run", asked, { signal }), networkRows(state.surface)]);
  answer.runs = answer.runs.map((run, i) => (known.includes(i) ? withPath(run, held.get(keys[i])) : run));
  if (request.include_path) held = new Map(answer.runs.map((run, i) => [keys[i], Object.fromEntries(HELD.map((key) => [key, run[key]]))]));
  const network = request.network;
  const runs = answer.runs.map((run) => ({ ...run, x: run.a, y: run.b, curves: curvesOf(run) }));
  const { plane } = answer;
  const per = networkEpoch(state);
  const marks = per && state.steps / per <= MAX_EPOCH_MARKS ? Math.floor(state.steps / per) : 0;
  return {
    request, answer, rows, network,
    grid: { x: plane.grid.a, y: plane.grid.b, z: plane.grid.loss },
    result: { runs, plane },
    surface: planeSurface(networkDecl(state.surface), plane, network),
    start: [runs[0].a[0], runs[0].b[0]],
    epochEnds: Array.from({ length: marks }, (_, i) => (i + 1) * per),
  };
}
