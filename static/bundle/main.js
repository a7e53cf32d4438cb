// Optiscope's page: static/js/main.js and its imports, bundled by esbuild (scripts/bundle.py); sources 8ebb130da3efb9d0

// static/js/api.js
async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(describeDetail(body?.detail) || `${url}: HTTP ${response.status}`);
  return body;
}
async function post(url, body, { signal, as = "json", describe = describeDetail } = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
    signal
  });
  if (!response.ok) {
    const answer = await response.json().catch(() => null);
    throw new Error(describe(answer?.detail) || `${url}: HTTP ${response.status}`);
  }
  return as === "text" ? response.text() : response.json();
}
async function loadDeclarations() {
  const [surfaces, optimizers, schedules] = await Promise.all([
    getJSON("/api/surfaces"),
    getJSON("/api/optimizers"),
    getJSON("/api/schedules")
  ]);
  return { surfaces, optimizers, schedules };
}
var grids = /* @__PURE__ */ new Map();
function loadGrid(surfaceId, n) {
  const key = `${surfaceId}/${n}`;
  if (!grids.has(key)) {
    const pending = getJSON(`/api/surfaces/${encodeURIComponent(surfaceId)}/grid?n=${n}`);
    pending.catch(() => grids.delete(key));
    grids.set(key, pending);
  }
  return grids.get(key);
}
function describeDetail(detail) {
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail.map((e) => [...(e.loc ?? []).filter((p) => p !== "body"), e.msg].join(": ")).join("; ");
  }
  return "";
}
var MIN_GAP_MS = 25;
var STREAM_URL = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/stream`;
var early = new WebSocket(STREAM_URL);
var earlyOpen = new Promise((resolve) => {
  early.addEventListener("open", resolve, { once: true });
  early.addEventListener("close", resolve, { once: true });
});
var streamOpened = (ms) => Promise.race([earlyOpen, new Promise((resolve) => setTimeout(resolve, ms))]);
function openStream(handlers) {
  let socket = null;
  let nextId = 1;
  let waiting = null;
  let sentId = 0;
  let lastSend = -Infinity;
  let timer = null;
  let assembling = null;
  let retry = 250;
  function opened() {
    retry = 250;
    handlers.onConnection?.(true);
    flush();
  }
  function closed() {
    handlers.onConnection?.(false);
    if (assembling) waiting ??= assembling.message;
    assembling = null;
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, 4e3);
  }
  function connect() {
    socket = early ?? new WebSocket(STREAM_URL);
    early = null;
    socket.addEventListener("open", opened);
    socket.addEventListener("message", (event) => receive(JSON.parse(event.data)));
    socket.addEventListener("close", closed);
    if (socket.readyState === WebSocket.OPEN) opened();
    else if (socket.readyState === WebSocket.CLOSED) closed();
  }
  function flush() {
    timer = null;
    if (!waiting || socket?.readyState !== WebSocket.OPEN) return;
    const wait = lastSend + MIN_GAP_MS - performance.now();
    if (wait > 0) {
      timer = setTimeout(flush, wait);
      return;
    }
    socket.send(JSON.stringify(waiting));
    sentId = waiting.id;
    assembling = { message: waiting, runs: null };
    waiting = null;
    lastSend = performance.now();
  }
  function receive(message) {
    if (message.type === "error" && (message.id === null || message.id === void 0)) {
      handlers.onError(null, message.detail);
      return;
    }
    if (message.id !== sentId || !assembling) return;
    if (message.type === "start") {
      assembling.runs = message.runs.map((r) => ({ ...r, x: [], y: [], loss: [], status: "ok", steps: 0 }));
    } else if (message.type === "chunk" && assembling.runs) {
      message.runs.forEach((part, i) => {
        const run = assembling.runs[i];
        for (let j = 0; j < part.x.length; j++) {
          run.x.push(part.x[j]);
          run.y.push(part.y[j]);
          run.loss.push(part.loss[j]);
        }
      });
    } else if (message.type === "end" && assembling.runs) {
      message.runs.forEach((end, i) => {
        Object.assign(assembling.runs[i], end);
      });
      const result = { id: message.id, runs: assembling.runs };
      assembling = null;
      handlers.onResult(result);
    } else if (message.type === "error") {
      assembling = null;
      handlers.onError(message.id, message.detail);
    }
  }
  connect();
  return {
    /** Queue `request` (a POST /api/run body) as the newest; returns its id. */
    run(request) {
      const id = nextId++;
      waiting = { type: "run", id, ...request };
      if (timer === null) flush();
      return id;
    }
  };
}

// static/js/i18n.js
var MESSAGES = JSON.parse(document.getElementById("messages")?.textContent || "{}");
var LANG = document.documentElement.lang || "en";
function t(text, values = {}) {
  const message = typeof MESSAGES[text] === "string" ? MESSAGES[text] : text;
  return message.replace(/\{(\w+)\}/g, (whole, key) => key in values ? String(values[key]) : whole);
}
var PARAM_NAMES = {
  lr: "learning rate",
  momentum: "momentum",
  beta1: "β₁",
  beta2: "β₂",
  eps: "ε",
  weight_decay: "weight decay",
  dampening: "dampening",
  alpha: "α",
  rho: "ρ",
  lr_decay: "lr decay",
  nesterov: "Nesterov",
  centered: "centered"
};
var paramName = (name) => t(PARAM_NAMES[name] ?? name.replaceAll("_", " "));
function translateLesson(preset) {
  const lines = MESSAGES[`lesson.${preset.id}.lines`];
  return {
    ...preset,
    name: MESSAGES[`lesson.${preset.id}.name`] ?? preset.name,
    lines: Array.isArray(lines) && lines.length === preset.lines.length ? lines : preset.lines
  };
}
function mountLanguageSwitch(root) {
  for (const link of root.querySelectorAll("a[data-lang]")) {
    link.addEventListener("click", (event) => {
      const q = new URLSearchParams(window.location.search);
      q.set("lang", link.dataset.lang);
      event.preventDefault();
      window.location.assign(`${window.location.pathname}?${q}${window.location.hash}`);
    });
  }
}

// static/js/fields.js
function markInvalid(input, label, v, { min, max, type }) {
  let problem = "";
  if (!Number.isFinite(v)) problem = t("{label}: enter a number", { label });
  else if (type === "int" && !Number.isInteger(v)) problem = t("{label}: {v} is not a whole number", { label, v });
  else if (v < min || v > max) problem = t("{label}: {v} is outside {min} – {max}", { label, v, min, max });
  input.toggleAttribute("aria-invalid", Boolean(problem));
  input.dispatchEvent(new CustomEvent("optiscope:field", { bubbles: true, detail: { key: input.id || input.dataset.testid, problem } }));
  return !problem;
}
function watchFields(root, onChange) {
  const problems = /* @__PURE__ */ new Map();
  root.addEventListener("optiscope:field", (event) => {
    const { key, problem } = event.detail;
    if (problem) problems.set(key, problem);
    else if (!problems.delete(key)) return;
    onChange([...problems.values()]);
  });
  return {
    /** A new scene from elsewhere (a lesson, Back, reset) replaces what the boxes held. */
    clear() {
      for (const input of root.querySelectorAll("input[aria-invalid]")) input.removeAttribute("aria-invalid");
      if (problems.size) {
        problems.clear();
        onChange([]);
      }
    }
  };
}
var clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
function nearestValid(state, decls) {
  const fixed = [];
  const near = (label, v, lo, hi, whole = false) => {
    const to = clamp(whole ? Math.round(v) : v, lo, hi);
    if (to !== v) fixed.push(`${label} ${v} → ${to}`);
    return to;
  };
  const next = structuredClone(state);
  next.steps = near(t("Steps"), state.steps, 1, 2e4, true);
  next.step = state.step >= state.steps ? next.steps : clamp(Math.round(state.step), 0, next.steps);
  next.noise = { std: near(t("Gradient noise σ"), state.noise.std, 0, 100), seed: near(t("Seed"), state.noise.seed, 0, 2 ** 32 - 1, true) };
  next.start = state.start.map((v, i) => near(i ? t("Start y") : t("Start x"), v, -1e6, 1e6));
  for (const run of next.runs) {
    const o = decls.optimizers.find((d) => d.id === run.optimizer);
    if (!o) continue;
    for (const p of o.params) {
      const v = run.params[p.name];
      if (typeof v === "number" && p.type !== "choice" && p.type !== "bool") {
        run.params[p.name] = near(`${o.name} ${p.name}`, v, p.min, p.max, p.type === "int");
      }
    }
    const schedule = run.schedule;
    for (const p of decls.schedules.find((s) => s.id === schedule.name)?.params ?? []) {
      if (p.name in schedule.params) schedule.params[p.name] = near(`${o.name} ${p.name}`, schedule.params[p.name], p.min, p.max);
    }
  }
  return { state: next, fixed };
}

// static/js/surfaces.js
var CUSTOM = "custom";
var DEFAULT_FORMULA = Object.freeze({
  expression: "sin(x)*cos(y) + 0.1*(x^2 + y^2)",
  domain: Object.freeze({ x: Object.freeze([-5, 5]), y: Object.freeze([-5, 5]) })
});
var MAX_EXPRESSION = 500;
var MAX_EPOCH_MARKS = 100;
var dataRows = /* @__PURE__ */ new Map();
var formulaOf = (state) => state.formula ?? DEFAULT_FORMULA;
var isData = (surfaceId) => dataRows.has(surfaceId);
var rowsOf = (surfaceId) => dataRows.get(surfaceId) ?? 0;
function defaultStart(domain) {
  const [x0, x1] = domain.x;
  const [y0, y1] = domain.y;
  const clean = (v) => Number(v.toPrecision(12));
  return [clean(x0 + 0.2 * (x1 - x0)), clean(y1 - 0.3 * (y1 - y0))];
}
var bareExpression = (text) => text.replace(/^\s*f\s*\(\s*x\s*,\s*y\s*\)\s*=\s*/, "");
function describeCustom(decl, formula) {
  return Object.assign(decl, {
    formula: bareExpression(formula.expression),
    domain: { x: [...formula.domain.x], y: [...formula.domain.y] },
    start: defaultStart(formula.domain)
  });
}
function registerSurfaces(decls) {
  for (const s of decls.surfaces) {
    if (s.kind !== "data") continue;
    dataRows.set(s.id, s.rows);
    s.minima_raw ??= s.minima;
  }
  if (decls.surfaces.some((s) => s.id === CUSTOM)) return;
  decls.surfaces.push(describeCustom({
    id: CUSTOM,
    name: "Custom formula…",
    kind: "custom",
    latex: "",
    minima: [],
    description: "Your own f(x, y): type it below. Gradients are exact (automatic differentiation); minima are not known."
  }, DEFAULT_FORMULA));
}
function syncSurfaceDecls(decls, state) {
  for (const s of decls.surfaces) {
    if (s.id === CUSTOM) describeCustom(s, formulaOf(state));
    else if (s.kind === "data") s.minima = state.standardize && s.minima_standardized ? s.minima_standardized : s.minima_raw;
  }
}
function batchSize(state) {
  const rows = rowsOf(state.surface);
  if (!rows || !(state.batch > 0)) return 0;
  return Math.min(rows, Math.max(1, Math.round(state.batch)));
}
function iterationsPerEpoch(state) {
  const size = batchSize(state);
  return size ? Math.ceil(rowsOf(state.surface) / size) : 0;
}
function epochEnds(state, steps) {
  const per = iterationsPerEpoch(state);
  if (!per || steps / per > MAX_EPOCH_MARKS) return [];
  return Array.from({ length: Math.floor(steps / per) }, (_, i) => (i + 1) * per);
}
function epochText(state, step) {
  const per = iterationsPerEpoch(state);
  if (!per) return "";
  const epoch = step === 0 ? 1 : Math.floor((step - 1) / per) + 1;
  const iteration = step === 0 ? 0 : (step - 1) % per + 1;
  return `epoch ${epoch}, iteration ${iteration} of ${per}`;
}
function requestSurface(state) {
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
function encodeSurfaceQuery(state) {
  if (state.surface === CUSTOM) {
    const { expression, domain } = formulaOf(state);
    return [["formula", expression], ["domain", [...domain.x, ...domain.y].join(",")]];
  }
  if (!isData(state.surface)) return [];
  return [["std", state.standardize ? 1 : 0], ["batch", state.batch > 0 ? Math.round(state.batch) : 0]];
}
var number = (text) => text === null || text.trim() === "" ? NaN : Number(text);
function decodeSurfaceQuery(q, state) {
  if (q.has("formula")) {
    const domain = (q.get("domain") ?? "").split(",").map(number);
    const ok = domain.length === 4 && domain.every(Number.isFinite);
    state.formula = {
      expression: q.get("formula").slice(0, MAX_EXPRESSION),
      domain: ok ? { x: domain.slice(0, 2), y: domain.slice(2) } : structuredClone(DEFAULT_FORMULA.domain)
    };
    if (state.surface === CUSTOM && !q.has("start")) state.start = defaultStart(state.formula.domain);
  }
  if (q.has("std")) state.standardize = q.get("std") === "1";
  const batch = number(q.get("batch"));
  if (Number.isInteger(batch) && batch >= 0) state.batch = batch;
}
function surfaceMessage(detail) {
  const parts = Array.isArray(detail) ? detail.filter((e) => !(e.loc ?? []).includes("str")).map((e) => e.msg) : String(detail ?? "").split("; ").filter((p) => !p.startsWith("surface.str:")).map((p) => p.replace(/^surface\.CustomSurface\.\w+: /, ""));
  return parts.join("; ") || describeDetail(detail);
}
var postSurface = (url, body, signal) => post(url, body, { signal, describe: surfaceMessage });
var checker = null;
var checkId = 0;
var checkQueue = Promise.resolve();
function checkerSocket() {
  if (checker && checker.socket.readyState <= WebSocket.OPEN) return checker;
  const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/stream`);
  const waiting = /* @__PURE__ */ new Map();
  const settle = (id, message) => {
    const done = waiting.get(id);
    waiting.delete(id);
    done?.(message);
  };
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "error" && (message.id === null || message.id === void 0)) {
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
    const answer2 = new Promise((resolve) => waiting.set(id, resolve));
    socket.send(JSON.stringify({ type: "run", id, surface: formula, start, steps: 1, runs: [{ optimizer: "sgd", params: { lr: 1e-6 } }] }));
    return answer2;
  };
  const answer = checkQueue.then(ask, ask);
  checkQueue = answer.catch(() => {
  });
  return answer;
}
var centre = (domain) => ["x", "y"].map((axis2) => (Number(domain[axis2]?.[0]) + Number(domain[axis2]?.[1])) / 2 || 0);
async function checkFormula(formula, signal, start = centre(formula.domain)) {
  const answer = await askServer(formula, start);
  if (signal?.aborted) throw new DOMException("superseded", "AbortError");
  if (answer.type === "start") return { ok: true, finiteAtStart: true };
  if (/not finite at the start point/.test(answer.detail)) return { ok: true, finiteAtStart: false };
  const message = surfaceMessage(String(answer.detail).replace(/^message: /, ""));
  const column = /at column (\d+)/.exec(message);
  return { ok: false, message, column: column ? Number(column[1]) : null };
}
async function nearestDefined(formula, start, signal) {
  const { x, y, z } = await postSurface("/api/grid", { surface: formula, n: 41 }, signal);
  const ok = (i, j) => z[i]?.[j] !== null && z[i]?.[j] !== void 0;
  const [sx, sy] = [x[x.length - 1] - x[0] || 1, y[y.length - 1] - y[0] || 1];
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
var grids2 = /* @__PURE__ */ new Map();
function loadSurfaceGrid(state, n) {
  const { surface, standardize } = requestSurface(state);
  if (typeof surface === "string" && !standardize) return loadGrid(surface, n);
  const body = { surface, n, standardize: Boolean(standardize) };
  const key = JSON.stringify(body);
  if (!grids2.has(key)) {
    const checked = typeof surface === "string" ? Promise.resolve({ ok: true }) : checkFormula(surface);
    const pending = checked.then((check) => {
      if (!check.ok) throw new Error(`Your formula: ${check.message}`);
      return postSurface("/api/grid", body);
    });
    pending.catch(() => grids2.delete(key));
    grids2.set(key, pending);
  }
  return grids2.get(key);
}
var rowCache = /* @__PURE__ */ new Map();
function loadRows(surfaceId, standardize) {
  const key = `${surfaceId}/${standardize ? 1 : 0}`;
  if (!rowCache.has(key)) {
    const pending = getJSON(`/api/surfaces/${encodeURIComponent(surfaceId)}/data${standardize ? "?standardize=true" : ""}`);
    pending.catch(() => rowCache.delete(key));
    rowCache.set(key, pending);
  }
  return rowCache.get(key);
}

// static/js/network/scene.js
var MAX_THETAS = 2e6;
var MAX_EPOCH_MARKS2 = 100;
var networks = /* @__PURE__ */ new Map();
var isNetwork = (surfaceId) => networks.has(surfaceId);
var networkDecl = (surfaceId) => networks.get(surfaceId);
function registerNetworks(decls) {
  for (const s of decls.surfaces) {
    if (s.kind !== "network") continue;
    s.start ??= [0, 0];
    s.minima ??= [];
    networks.set(s.id, s);
  }
}
function networkOf(state) {
  const options = networkDecl(state.surface)?.network ?? {};
  const defaults = Object.fromEntries(Object.entries(options).map(([k, o]) => [k, o.default]));
  return { hidden: 8, activation: "tanh", loss: "cross_entropy", init_seed: 0, ...defaults, ...state.network };
}
function networkBatch(state) {
  const rows = networkDecl(state.surface)?.train_rows ?? 0;
  return rows && state.batch > 0 ? Math.min(rows, Math.max(1, Math.round(state.batch))) : 0;
}
function networkEpoch(state) {
  const size = networkBatch(state);
  return size ? Math.ceil(networkDecl(state.surface).train_rows / size) : 0;
}
function networkRequest(state) {
  const network = networkOf(state);
  const runs = state.runs.map(({ optimizer, params, schedule }) => {
    const run = { optimizer, params };
    if (schedule && schedule.name !== "constant") run.schedule = { name: schedule.name, ...schedule.params };
    return run;
  });
  const body = { surface: state.surface, steps: state.steps, network, runs, include_trace: true };
  const size = networkBatch(state);
  if (size) body.batch = { size, seed: state.noise.seed };
  body.include_path = runs.length * (state.steps + 1) * (4 * network.hidden + 1) <= MAX_THETAS;
  return body;
}
function encodeNetworkQuery(state) {
  if (!isNetwork(state.surface)) return [];
  const n = networkOf(state);
  return [["net", `hidden:${n.hidden},activation:${n.activation},loss:${n.loss},init_seed:${n.init_seed}`], ["batch", networkBatch(state)]];
}
function decodeNetworkQuery(q, state) {
  if (!q.has("net")) return;
  const given2 = Object.fromEntries(q.get("net").split(",").map((item) => item.split(":")));
  const network = {};
  for (const key of ["hidden", "init_seed"]) {
    const v = Number(given2[key]);
    if (given2[key] !== void 0 && Number.isInteger(v) && v >= 0) network[key] = v;
  }
  if (["tanh", "relu", "sigmoid"].includes(given2.activation)) network.activation = given2.activation;
  if (["cross_entropy", "mse"].includes(given2.loss)) network.loss = given2.loss;
  state.network = network;
}
async function networkRows(surfaceId) {
  const rows = await loadRows(surfaceId, false);
  const part = (name) => {
    const at = rows.split.map((s, i) => s === name ? i : -1).filter((i) => i >= 0);
    return { features: at.map((i) => rows.features[i]), target: at.map((i) => rows.target[i]) };
  };
  return { train: part("train"), test: part("test"), all: rows };
}
function curvesOf(run) {
  if (!run.curves) return null;
  const { test_loss: testLoss, test_accuracy: testAccuracy, train_accuracy: trainAccuracy } = run.curves;
  return { steps: testLoss.map((_, k) => k), trainAccuracy, testLoss, testAccuracy };
}
var FILLS = 0.7;
var ROOM = 0.05;
var frames = /* @__PURE__ */ new Map();
function roundFrame(lo, hi) {
  const span2 = hi - lo || Math.abs(lo) || 1;
  const power = 10 ** Math.floor(Math.log10(span2 / 20));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= span2 / 20);
  return [Math.floor((lo - ROOM * span2) / step) * step, Math.ceil((hi + ROOM * span2) / step) * step];
}
function frameAxis(lo, hi, held2) {
  const fits = held2 && lo >= held2[0] && hi <= held2[1] && hi - lo >= FILLS * (held2[1] - held2[0]);
  return fits ? held2 : roundFrame(lo, hi);
}
function planeSurface(decl, plane, network) {
  const { a, b } = plane.grid;
  const held2 = frames.get(decl.id);
  const domain = { x: frameAxis(a[0], a[a.length - 1], held2?.x), y: frameAxis(b[0], b[b.length - 1], held2?.y) };
  frames.set(decl.id, domain);
  const share = Math.round(plane.explained * 1e3) / 10;
  return {
    ...decl,
    id: `${decl.id}/plane`,
    formula: `train loss on the plane of the paths' top two directions (${share} % of their motion), a slice of the ${4 * network.hidden + 1}-dimensional θ-space`,
    domain,
    minima: [],
    plane: { axisTitles: [t("a: along d1"), t("b: along d2")], equalAxes: false, valueName: t("train loss") }
  };
}
var HELD = ["loss", "thetas", "curves", "grad_norm"];
var ORDER = ["optimizer", "label", "loss"];
var held = /* @__PURE__ */ new Map();
var pathKey = (request, run) => JSON.stringify([request.surface, request.network, request.steps, request.batch ?? null, run]);
function withPath(run, kept) {
  const rest = Object.fromEntries(Object.entries(run).filter(([key]) => !ORDER.includes(key)));
  const whole = { optimizer: run.optimizer, label: run.label, loss: kept.loss, ...rest, thetas: kept.thetas, curves: kept.curves };
  return kept.grad_norm ? { ...whole, grad_norm: kept.grad_norm } : whole;
}
var networkJSON = (scene) => `${JSON.stringify({ request: scene.request, ...scene.answer }, null, 1)}
`;
async function loadNetworkScene(state, signal) {
  const request = networkRequest(state);
  const keys = request.runs.map((run) => pathKey(request, run));
  const known = request.include_path ? keys.flatMap((key, i) => held.has(key) ? [i] : []) : [];
  const asked = known.length ? { ...request, known_paths: known } : request;
  const [answer, rows] = await Promise.all([post("/api/run", asked, { signal }), networkRows(state.surface)]);
  answer.runs = answer.runs.map((run, i) => known.includes(i) ? withPath(run, held.get(keys[i])) : run);
  if (request.include_path) held = new Map(answer.runs.map((run, i) => [keys[i], Object.fromEntries(HELD.map((key) => [key, run[key]]))]));
  const network = request.network;
  const runs = answer.runs.map((run) => ({ ...run, x: run.a, y: run.b, curves: curvesOf(run) }));
  const { plane } = answer;
  const per = networkEpoch(state);
  const marks = per && state.steps / per <= MAX_EPOCH_MARKS2 ? Math.floor(state.steps / per) : 0;
  return {
    request,
    answer,
    rows,
    network,
    grid: { x: plane.grid.a, y: plane.grid.b, z: plane.grid.loss },
    result: { runs, plane },
    surface: planeSurface(networkDecl(state.surface), plane, network),
    start: [runs[0].a[0], runs[0].b[0]],
    epochEnds: Array.from({ length: marks }, (_, i) => (i + 1) * per)
  };
}

// static/js/runs.js
var MAX_RUNS = 16;
var COLOURS = ["#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#332288", "#882255"];
var DASHES = [[], [9, 4], [2, 3.5]];
var PLOTLY_DASH = ["solid", "9px,4px", "2px,3.5px"];
function runStyle(i) {
  const d = i % DASHES.length;
  return { colour: COLOURS[i % COLOURS.length], dash: DASHES[d], plotlyDash: PLOTLY_DASH[d] };
}
var declOf = (decls, id) => decls.optimizers.find((o) => o.id === id);
function newRun(decl, values = {}) {
  return {
    optimizer: decl.id,
    params: { ...Object.fromEntries(decl.params.map((p) => [p.name, p.default])), ...values },
    schedule: { name: "constant", params: {} }
  };
}
var firstRunOf = (state, id) => state.runs.findIndex((r) => r.optimizer === id);
function runTag(runs, i) {
  const id = runs[i].optimizer;
  const k = runs.slice(0, i + 1).filter((r) => r.optimizer === id).length;
  return k === 1 ? id : `${id}.${k}`;
}
var short = (v) => typeof v === "number" ? String(Number(v.toPrecision(3))) : String(v);
function runLabels(runs, decls) {
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
  }).map((label, i, all) => all.indexOf(label) === i ? label : `${label} #${i + 1}`);
}
var LR_KIND = { "gradient descent": "gradient", momentum: "gradient", adaptive: "step", sign: "step" };
var clamp2 = (p, v) => Math.min(p.max, Math.max(p.min, v));
function suitedLr(state, decls, decl) {
  const lr = decl.params.find((p) => p.name === "lr");
  if (!lr) return {};
  const kin = (test) => state.runs.filter((r) => test(declOf(decls, r.optimizer)) && Number.isFinite(r.params.lr));
  const same = kin((d) => d?.id === decl.id)[0] ?? kin((d) => d?.family === decl.family)[0];
  if (same) return { lr: clamp2(lr, same.params.lr) };
  const kind = LR_KIND[decl.family];
  const peers = kind ? kin((d) => d && LR_KIND[d.family] === kind) : [];
  if (!peers.length) return {};
  const logRatio = peers.reduce((sum, r) => {
    const base = declOf(decls, r.optimizer).params.find((p) => p.name === "lr").default;
    return sum + Math.log10(r.params.lr / base);
  }, 0) / peers.length;
  return { lr: clamp2(lr, Number((lr.default * 10 ** logRatio).toPrecision(2))) };
}
function addRun(state, decls, id) {
  if (state.runs.length >= MAX_RUNS) return {};
  const decl = declOf(decls, id);
  const first = state.runs[firstRunOf(state, id)];
  const run = first ? structuredClone(first) : newRun(decl, suitedLr(state, decls, decl));
  return { runs: [...state.runs, run] };
}
var changeRun = (i, change) => (state) => ({ runs: state.runs.map((r, j) => j === i ? change(r) : r) });
var removeRun = (i) => (state) => ({ runs: state.runs.filter((_, j) => j !== i) });

// static/js/state.js
var Change = Object.freeze({
  RUN: "run",
  // needs a new result from the server
  STEP: "step",
  // the step shown moved (slider released, playback paused)
  FRAME: "frame",
  // a playback frame or a slider drag: draw cheaply
  VIEW: "view",
  // layout or colour scales
  PLAYER: "player"
  // speed or loop
});
var SPEEDS = [50, 100, 250, 500, 1e3];
var DEFAULT_SPEED = 250;
function createStore(initial, settle = (state) => state) {
  let state = settle(initial);
  const listeners = /* @__PURE__ */ new Set();
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
    }
  };
}
function scheduleDefaults(decls, name, steps) {
  const schedule = decls.schedules.find((s) => s.id === name);
  const params = Object.fromEntries((schedule?.params ?? []).map((p) => [p.name, p.default]));
  if ("t_max" in params) params.t_max = steps;
  return params;
}
function presetRun(decls, decl, spec, steps) {
  const { optimizer, schedule, ...values } = spec;
  const run = newRun(decl, values);
  if (schedule) {
    const { name, ...given2 } = schedule;
    run.schedule = { name, params: { ...scheduleDefaults(decls, name, steps), ...given2 } };
  }
  return run;
}
function presetState(decls, preset) {
  const surface = decls.surfaces.find((s) => s.id === preset.surface) ?? decls.surfaces[0];
  const runs = preset.runs.flatMap((spec) => {
    const decl = decls.optimizers.find((o) => o.id === spec.optimizer);
    return decl ? [presetRun(decls, decl, spec, preset.steps)] : [];
  });
  return {
    surface: surface.id,
    start: [...preset.start ?? surface.start],
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
    batch: preset.batch ?? 0
  };
}
function runRequest(state) {
  return {
    ...requestSurface(state),
    start: state.start,
    steps: state.steps,
    noise: state.noise,
    runs: state.runs.map(({ optimizer, params, schedule }) => {
      const run = { optimizer, params };
      if (schedule.name !== "constant") run.schedule = { name: schedule.name, ...schedule.params };
      return run;
    })
  };
}
var pairs = (obj) => Object.entries(obj).map(([k, v]) => `${k}:${v}`).join(",");
function encodeValue(text) {
  return encodeURIComponent(text).replace(/%2C/g, ",").replace(/%3A/g, ":");
}
function encodeQuery(state) {
  const fields = [
    ["surface", state.surface],
    ["start", state.start.join(",")],
    ["steps", state.steps],
    ["noise", state.noise.std],
    ["seed", state.noise.seed],
    ["opt", state.runs.map((r) => r.optimizer).join(",")]
  ];
  state.runs.forEach((run, i) => {
    const tag = runTag(state.runs, i);
    fields.push([`p.${tag}`, pairs(run.params)]);
    if (run.schedule.name !== "constant") fields.push([`sched.${tag}`, [run.schedule.name, pairs(run.schedule.params)].filter(Boolean).join(",")]);
  });
  fields.push(...encodeSurfaceQuery(state), ...encodeNetworkQuery(state));
  fields.push(
    ["step", state.step],
    ["layout", state.layout],
    ["speed", state.speed],
    ["loop", state.loop ? 1 : 0],
    ["contours", state.contours],
    ["loss", state.lossScale]
  );
  if (state.preset) fields.push(["preset", state.preset]);
  return fields.map(([k, v]) => `${k}=${encodeValue(String(v))}`).join("&");
}
var number2 = (text) => text === null || text.trim() === "" ? NaN : Number(text);
function rawPairs(text) {
  const out = {};
  for (const item of text.split(",")) {
    const at = item.indexOf(":");
    if (at > 0) out[item.slice(0, at)] = item.slice(at + 1);
  }
  return out;
}
function parsePairs(text) {
  return Object.fromEntries(Object.entries(rawPairs(text)).map(([k, v]) => [k, number2(v)]).filter(([, v]) => Number.isFinite(v)));
}
function typedValue(p, text) {
  if (p.type === "bool") return text === "true" ? true : text === "false" ? false : void 0;
  if (p.type === "choice") return p.options.includes(text) ? text : void 0;
  return Number.isFinite(number2(text)) ? number2(text) : void 0;
}
function decodeQuery(search, decls, base) {
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
  const start = (q.get("start") ?? "").split(",").map(number2);
  if (start.length === 2 && start.every(Number.isFinite)) state.start = start;
  for (const [key, apply] of [
    ["steps", (v) => state.steps = v],
    ["noise", (v) => state.noise.std = v],
    ["seed", (v) => state.noise.seed = v],
    ["speed", (v) => state.speed = v]
  ]) {
    if (Number.isFinite(number2(q.get(key)))) apply(number2(q.get(key)));
  }
  if (q.has("opt")) {
    const ids = q.get("opt").split(",").filter((id) => decls.optimizers.some((o) => o.id === id));
    state.runs = ids.slice(0, MAX_RUNS).map((id) => newRun(decls.optimizers.find((o) => o.id === id)));
  }
  for (let i = 0; i < state.runs.length; i++) decodeRun(q, decls, state, i);
  const step = number2(q.get("step"));
  state.step = Number.isFinite(step) ? Math.max(0, Math.round(step)) : state.steps;
  if (["overlay", "split"].includes(q.get("layout"))) state.layout = q.get("layout");
  if (q.has("loop")) state.loop = q.get("loop") === "1";
  if (["auto", "log", "linear"].includes(q.get("contours"))) state.contours = q.get("contours");
  if (["auto", "log", "linear"].includes(q.get("loss"))) state.lossScale = q.get("loss");
  state.preset = q.get("preset") ?? "";
  return state;
}
function decodeRun(q, decls, state, i) {
  const run = state.runs[i];
  const tag = runTag(state.runs, i);
  const decl = decls.optimizers.find((o) => o.id === run.optimizer);
  const given2 = rawPairs(q.get(`p.${tag}`) ?? "");
  for (const p of decl.params) {
    const value = p.name in given2 ? typedValue(p, given2[p.name]) : void 0;
    if (value !== void 0) run.params[p.name] = value;
  }
  const schedule = (q.get(`sched.${tag}`) ?? "").split(",");
  if (decls.schedules.some((s) => s.id === schedule[0])) {
    const defaults = scheduleDefaults(decls, schedule[0], state.steps);
    const params = parsePairs(schedule.slice(1).join(","));
    run.schedule = {
      name: schedule[0],
      params: Object.fromEntries(Object.entries({ ...defaults, ...params }).filter(([k]) => k in defaults))
    };
  } else if (q.has("opt")) {
    run.schedule = { name: "constant", params: {} };
  }
}
var runList = (state) => (state.runs ?? []).map((r) => r.optimizer).join();
function isNewPlace(a, b) {
  return b.preset !== "" && b.preset !== a.preset || a.surface !== b.surface || a.layout !== b.layout || runList(a) !== runList(b) || Boolean(a.standardize) !== Boolean(b.standardize);
}
function createUrlWriter(_decls, { gap = 120, idle = 100, keep = "" } = {}) {
  let pending = null;
  let written = -Infinity;
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
        if (pending !== null) replace(before);
        window.history.pushState(null, "", queryOf(state));
      } else if (pending === null) {
        schedule();
      }
    },
    /** Back or Forward brought `state` back: its entry is already there. */
    restored(state) {
      latest = state;
      replace(state);
    }
  };
}

// static/js/controls.js
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === void 0 || value === null || value === false) continue;
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "class") node.className = value;
    else if (key in node && typeof value !== "string") node[key] = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children.flat().filter((c) => c !== null && c !== void 0 && c !== false));
  return node;
}
function prettyFormula(text) {
  const sup = { 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
  return text.replace(/\^(\d+)/g, (_, d) => [...d].map((c) => sup[c]).join("")).replace(/(\d)\*([a-z(])/gi, "$1$2").replace(/\*/g, "·").replace(/ - /g, " − ").replace(/\bpi\b/g, "π");
}
var nice = (v) => Number(v.toPrecision(3));
var isInteger = (p) => p.type === "int" || p.min >= 1 && Number.isInteger(p.default) && p.max >= 100;
var usesLog = (p) => p.log || isInteger(p) && p.min >= 1;
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
function sliderNeighbours(p, from, to, count) {
  const step = sliderStep(p);
  const [lo, hi] = [toSlider(p, p.min), toSlider(p, p.max)];
  const at = toSlider(p, to);
  const pace = Math.max(step, Math.round(Math.abs(at - toSlider(p, from)) / step) * step);
  const ahead = at >= toSlider(p, from) ? 1 : -1;
  const moves = [];
  for (let j = 1; j <= count; j++) moves.push(ahead * j * step, ahead * j * pace, -ahead * j * step);
  const values = [];
  for (const move of moves) {
    const position = lo + Math.round((at + move - lo) / step) * step;
    if (position < lo - 1e-9 || position > hi + 1e-9) continue;
    const v = fromSlider(p, position);
    if (v !== to && !values.includes(v)) values.push(v);
    if (values.length === count) break;
  }
  return values;
}
var exactText = (v) => v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential() : String(v);
function paramRow({ p, id, label, testid, onValue }) {
  const tip = `${p.name}: ${t(p.description ?? "")} (${p.min} – ${p.max}${usesLog(p) ? t(", log scale") : ""})`;
  const range = el("input", {
    type: "range",
    id,
    min: toSlider(p, p.min),
    max: toSlider(p, p.max),
    step: sliderStep(p),
    title: tip,
    "aria-label": label,
    dataset: { testid }
  });
  const number3 = el("input", {
    type: "number",
    min: p.min,
    max: p.max,
    step: "any",
    title: t("{name}: exact value", { name: p.name }),
    "aria-label": t("{label}: exact value", { label }),
    dataset: { testid: `value-${testid.slice(testid.indexOf("-") + 1)}` }
  });
  range.addEventListener("input", () => onValue(fromSlider(p, Number(range.value))));
  number3.addEventListener("change", () => {
    const v = number3.value.trim() === "" ? NaN : Number(number3.value);
    if (markInvalid(number3, label.includes(p.name) ? label : `${label} (${p.name})`, v, p)) onValue(v);
  });
  const row = el(
    "div",
    { class: "param" },
    el("label", { for: id, title: tip }, p.name),
    range,
    number3
  );
  return {
    row,
    set(v) {
      if (document.activeElement !== range) range.value = String(toSlider(p, v));
      if (document.activeElement !== number3 && !number3.hasAttribute("aria-invalid")) number3.value = exactText(v);
    }
  };
}
function flagRow({ p, id, label, testid, onValue }) {
  const box = el("input", { type: "checkbox", id, title: `${p.name}: ${t(p.description ?? "")}`, "aria-label": label, dataset: { testid } });
  box.addEventListener("change", () => onValue(box.checked));
  const row = el("div", { class: "param" }, el("label", { for: id, title: p.description ?? "" }, p.name), box);
  return { row, set: (v) => box.checked = v === true };
}
function choiceRow({ p, id, label, testid, onValue }) {
  const select = el(
    "select",
    { id, title: `${p.name}: ${t(p.description ?? "")}`, "aria-label": label, dataset: { testid } },
    p.options.map((option) => el("option", { value: option }, option))
  );
  select.addEventListener("change", () => onValue(select.value));
  const row = el("div", { class: "param" }, el("label", { for: id, title: p.description ?? "" }, p.name), select);
  return { row, set: (v) => select.value = v };
}
function typedRow(args) {
  if (args.p.type === "bool") return flagRow(args);
  if (args.p.type === "choice") return choiceRow(args);
  return paramRow(args);
}
function buildSurfacePicker(root, decls, store) {
  const groups = [
    [t("Test functions"), decls.surfaces.filter((s) => !["data", "custom", "network"].includes(s.kind))],
    [t("Fitting data"), decls.surfaces.filter((s) => s.kind === "data")],
    [t("Training a network"), decls.surfaces.filter((s) => s.kind === "network")],
    [t("Your own"), decls.surfaces.filter((s) => s.kind === "custom")]
  ].filter(([, list]) => list.length);
  const select = el(
    "select",
    { id: "surface", title: t("The function the optimizers minimise"), dataset: { testid: "surface-select" } },
    groups.map(([name, list]) => el("optgroup", { label: name }, list.map((s) => el("option", { value: s.id }, t(s.name)))))
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
    formula.textContent = surface.kind === "network" ? surface.formula : `f(x, y) = ${prettyFormula(surface.formula)}`;
    description.textContent = t(surface.description);
    const m = surface.minima;
    const at = (p) => `(${p.map((v) => Number(v.toFixed(3))).join(", ")})`;
    facts.textContent = surface.kind === "custom" || surface.kind === "network" ? "" : !m.length ? t("No minimum: f is unbounded below.") : m.length === 1 ? t("Minimum at {at} ★", { at: at(m[0]) }) : t("{n} minima ★, e.g. {at}", { n: m.length, at: at(m[0]) });
  };
}
function numberField({ id, label, title, testid, attrs = {}, onChange }) {
  const input = el("input", { type: "number", id, title, step: "any", dataset: { testid }, ...attrs });
  const limits = { min: attrs.min ?? -1e6, max: attrs.max ?? 1e6, type: attrs.step === 1 ? "int" : "float" };
  input.addEventListener("change", () => {
    const v = input.value.trim() === "" ? NaN : Number(input.value);
    if (markInvalid(input, label, v, limits)) onChange(v);
  });
  return { input, field: el("div", { class: "field" }, el("label", { for: id, title }, label), input) };
}
function followSteps(runs, from, to) {
  return runs.map((run) => run.schedule.params.t_max === from ? { ...run, schedule: { ...run.schedule, params: { ...run.schedule.params, t_max: to } } } : run);
}
function buildSceneControls(root, decls, store, { onReset }) {
  const steps = numberField({
    id: "steps",
    label: t("Steps"),
    testid: "steps",
    title: t("Updates per run (1 to 20000)"),
    attrs: { min: 1, max: 2e4, step: 1 },
    onChange: (v) => {
      if (v === store.get().steps) return;
      store.update((s) => ({ steps: v, step: s.step >= s.steps ? v : Math.min(s.step, v), runs: followSteps(s.runs, s.steps, v) }), Change.RUN);
    }
  });
  const setStart = (axis2) => (v) => store.update((s) => ({ start: axis2 === 0 ? [v, s.start[1]] : [s.start[0], v] }), Change.RUN);
  const startX = numberField({ id: "start-x", label: t("Start x"), testid: "start-x", title: t("Where every run starts (or click the plot)"), onChange: setStart(0) });
  const startY = numberField({ id: "start-y", label: "y", testid: "start-y", title: t("Where every run starts (or click the plot)"), onChange: setStart(1) });
  const homeStart = el("button", { type: "button", class: "icon-button", title: t("Back to this surface's own start point"), "aria-label": t("Reset the start point") }, "↺");
  homeStart.addEventListener("click", () => {
    const surface = decls.surfaces.find((s) => s.id === store.get().surface);
    store.update({ start: [...surface.start] }, Change.RUN);
  });
  const noise = paramRow({
    p: { name: "noise σ", min: 0, max: 20, default: 0, log: false, description: "std of Gaussian noise added to every gradient" },
    id: "noise-std",
    label: t("Gradient noise σ"),
    testid: "noise-std",
    onValue: (v) => store.update((s) => ({ noise: { ...s.noise, std: v } }), Change.RUN)
  });
  const seed = numberField({
    id: "noise-seed",
    label: t("Seed"),
    testid: "noise-seed",
    title: t("Seed of the noise draws (every run shares them)"),
    attrs: { min: 0, max: 2 ** 32 - 1, step: 1 },
    onChange: (v) => store.update((s) => ({ noise: { ...s.noise, seed: v } }), Change.RUN)
  });
  const reroll = el("button", { type: "button", class: "icon-button", title: t("Draw a new seed"), "aria-label": t("New noise seed") }, "⚄");
  reroll.addEventListener("click", () => store.update((s) => ({ noise: { ...s.noise, seed: Math.floor(Math.random() * 1e4) } }), Change.RUN));
  const reset = el("button", { type: "button", class: "button subtle", title: t("Back to the opening scene with every parameter at its default"), dataset: { testid: "reset" } }, t("Reset everything"));
  reset.addEventListener("click", onReset);
  root.append(
    el("div", { class: "row" }, steps.field),
    el("div", { class: "row start-row" }, startX.field, startY.field, homeStart),
    el("p", { class: "hint" }, t("Tip: click the contour to start there.")),
    el("div", { class: "noise" }, el("span", { class: "field-label", title: t("Gaussian noise added to every gradient, as in mini-batch training") }, t("Gradient noise σ")), noise.row),
    el("div", { class: "row" }, seed.field, reroll, reset)
  );
  noise.row.querySelector("label").classList.add("sr-only");
  return (state) => {
    for (const [field, v] of [[steps, state.steps], [startX, state.start[0]], [startY, state.start[1]], [seed, state.noise.seed]]) {
      if (document.activeElement !== field.input && !field.input.hasAttribute("aria-invalid")) field.input.value = String(v);
    }
    noise.set(state.noise.std);
  };
}
function icon(d) {
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
var ICONS = {
  first: "M3 3h2v10H3zM13 3v10L6 8z",
  last: "M11 3h2v10h-2zM3 3v10l7-5z",
  play: "M4 2.5v11l9.5-5.5z",
  pause: "M3.5 2.5h3v11h-3zM9.5 2.5h3v11h-3z"
};
function buildPlayback(root, store, player) {
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
  const speed = el(
    "select",
    { id: "speed", title: t("Playback speed in steps per second"), dataset: { testid: "speed" } },
    SPEEDS.map((v) => el("option", { value: v }, t("{n} steps/s", { n: v })))
  );
  speed.addEventListener("change", () => store.update({ speed: Number(speed.value) }, Change.PLAYER));
  const loop = el("input", { type: "checkbox", id: "loop", title: t("Start again from step 0 at the end"), dataset: { testid: "loop" } });
  loop.addEventListener("change", () => store.update({ loop: loop.checked }, Change.PLAYER));
  play.append(playIcon, playText);
  root.append(
    el("div", { class: "transport" }, toStart, play, toEnd),
    el("div", { class: "scrubber" }, el("label", { for: "step-slider", class: "sr-only" }, t("Step shown")), slider, readout),
    el(
      "div",
      { class: "playback-options" },
      el("label", { for: "speed", class: "sr-only" }, t("Speed")),
      speed,
      el("label", { class: "check", for: "loop", title: t("Start again from step 0 at the end") }, loop, t("loop"))
    )
  );
  return (state, playing) => {
    slider.max = String(state.steps);
    slider.value = String(state.step);
    readout.value = t("step {k} / {n}", { k: state.step, n: state.steps });
    playIcon.firstChild.setAttribute("d", playing ? ICONS.pause : ICONS.play);
    playText.textContent = playing ? t("Pause") : t("Play");
    play.setAttribute("aria-pressed", String(playing));
    play.classList.toggle("playing", playing);
    speed.value = String(state.speed);
    loop.checked = state.loop;
  };
}
function segmented(name, legend, options, onPick) {
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
    }
  };
}
function scaleSelect(id, title, testid, onPick) {
  const select = el(
    "select",
    { id, title, dataset: { testid } },
    [["auto", t("auto")], ["log", t("log")], ["linear", t("linear")]].map(([v, label]) => el("option", { value: v }, label))
  );
  select.addEventListener("change", () => onPick(select.value));
  return select;
}
function buildViewControls(root, store) {
  const layout = segmented("layout", t("Layout"), [
    ["overlay", t("Overlay"), t("Every path on one contour")],
    ["split", t("Side by side"), t("One small contour per run, in step")]
  ], (v) => store.update({ layout: v }, Change.VIEW));
  const contours = scaleSelect(
    "contour-scale",
    t("Colour scale of the surface (auto: log where f spans decades)"),
    "contour-scale",
    (v) => store.update({ contours: v }, Change.VIEW)
  );
  root.append(layout.group, el("label", { class: "inline", for: "contour-scale", title: contours.title }, t("Contours"), contours));
  return (state) => {
    layout.set(state.layout);
    contours.value = state.contours;
  };
}
function buildLossControls(root, store) {
  const scale = scaleSelect(
    "loss-scale",
    t("y axis of the loss plot (auto: log when the loss is positive and spans decades)"),
    "loss-scale",
    (v) => store.update({ lossScale: v }, Change.VIEW)
  );
  root.append(el("label", { class: "inline", for: "loss-scale", title: scale.title }, t("y axis"), scale));
  return (state) => scale.value = state.lossScale;
}
function buildPresets(root, presets, onApply, { testid = "lesson" } = {}) {
  const buttons = presets.map((p) => {
    const b = el("button", { type: "button", class: "chip", title: p.lines.join(" "), dataset: { testid: `preset-${p.id}` } }, p.name);
    b.addEventListener("click", () => onApply(p));
    return b;
  });
  const lesson = el("div", { class: "lesson", "aria-live": "polite", dataset: { testid } });
  root.append(el("div", { class: "chips" }, buttons), lesson);
  return (state) => {
    const preset = presets.find((p) => p.id === state.preset);
    buttons.forEach((b, i) => {
      b.setAttribute("aria-pressed", String(presets[i].id === state.preset));
    });
    lesson.hidden = !preset;
    if (preset) lesson.replaceChildren(el("strong", {}, preset.name), ...preset.lines.map((line) => el("p", {}, line)));
  };
}
function buildShare(root, actions) {
  const items = [
    ["copy-link", t("Copy link"), t("Copy a link that reopens exactly this view"), actions.copyLink],
    ["export-csv", "CSV", t("Download every path as CSV (optimizer, step, x, y, loss)"), actions.csv],
    ["export-json", "JSON", t("Download the request and every path as JSON"), actions.json],
    ["export-png", "PNG", t("Download the main plot as a PNG image"), actions.png]
  ];
  root.append(...items.map(([testid, label, title, run]) => {
    const b = el("button", { type: "button", class: "button", title, dataset: { testid } }, label);
    b.addEventListener("click", run);
    return b;
  }));
}

// static/js/plotly.js
var script = document.getElementById("plotly-script");
var loading = null;
var plotlyURL = script.href;
function loadPlotly() {
  loading ??= globalThis.Plotly ? Promise.resolve(globalThis.Plotly) : new Promise((resolve, reject) => {
    const tag = document.createElement("script");
    tag.src = script.href;
    tag.onload = () => resolve(globalThis.Plotly);
    tag.onerror = () => reject(new Error("the plotting library did not load"));
    document.head.append(tag);
  });
  return loading;
}
var plotlyLoaded = () => Boolean(globalThis.Plotly);
var Plotly = new Proxy(
  {},
  {
    get(_, name) {
      if (globalThis.Plotly) return globalThis.Plotly[name];
      return (...args) => loadPlotly().then((plotly) => plotly[name](...args));
    }
  }
);

// static/js/private.js
var PRIVATE = Object.freeze({
  displaylogo: false,
  showSendToCloud: false,
  showEditInChartStudio: false,
  showLink: false,
  plotlyServerURL: ""
});

// static/js/datasurface.js
var FRAME_GAP_MS = 80;
var cssVar = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
var CONFIG = { ...PRIVATE, displayModeBar: false, responsive: false, staticPlot: false };
function span(values) {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = (hi - lo) * 0.08 || 0.5;
  return [lo - pad, hi + pad];
}
function dataTraces(decl, rows) {
  const ink = cssVar("--ink-soft");
  if (decl.model === "logistic") {
    return [0, 1].map((label) => {
      const picked = rows.features.filter((_, i) => rows.target[i] === label);
      return {
        type: "scatter",
        mode: "markers",
        name: label ? decl.columns[2] : `not ${decl.columns[2]}`,
        x: picked.map((f3) => f3[0]),
        y: picked.map((f3) => f3[1]),
        marker: { size: 5, color: cssVar(`--data-class-${label}`), opacity: 0.75, line: { width: 0.5, color: "#fff" } },
        hovertemplate: `${label ? "" : "not "}${decl.columns[2]}<br>(%{x:.3g}, %{y:.3g})<extra></extra>`,
        meta: { role: "data" }
      };
    });
  }
  return [{
    type: "scatter",
    mode: "markers",
    name: "rows",
    x: rows.features.map((f3) => f3[0]),
    y: rows.target,
    marker: { size: 4.5, color: cssVar("--data-point"), opacity: 0.6, line: { width: 0 } },
    hovertemplate: `t %{x:.3g}, target %{y:.3g}<extra></extra>`,
    meta: { role: "data" },
    line: { color: ink }
  }];
}
function modelTrace(decl, run, k, box, colour) {
  const [a, b] = [run.x[k], run.y[k]];
  let x = [];
  let y = [];
  if (decl.model === "logistic") {
    const norm = Math.hypot(a, b);
    if (norm > 0) {
      const s = 4 * Math.max(...box.x.map(Math.abs), ...box.y.map(Math.abs)) / norm;
      x = [s * b, -s * b];
      y = [-s * a, s * a];
    }
  } else {
    x = [...box.x];
    y = box.x.map((t2) => a * t2 + b);
  }
  return {
    type: "scatter",
    mode: "lines",
    name: run.label,
    x,
    y,
    hoverinfo: "skip",
    line: { color: colour, width: 2 },
    meta: { role: "model", optimizer: run.optimizer }
  };
}
function layoutFor(decl, box, standardized) {
  const ink = cssVar("--ink-soft");
  const axis2 = { zeroline: false, gridcolor: cssVar("--grid"), linecolor: ink, mirror: true, tickfont: { size: 9 }, fixedrange: true };
  const scaled = (name) => standardized ? `${name}, standardised` : name;
  const [xTitle, yTitle] = decl.model === "logistic" ? decl.columns.slice(0, 2).map(scaled) : [scaled(decl.columns[0]), decl.columns[1]];
  return {
    margin: { l: 40, r: 6, t: 4, b: 30 },
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "#fff",
    font: { family: cssVar("--font"), color: cssVar("--ink"), size: 10 },
    xaxis: { ...axis2, range: box.x, title: { text: xTitle, standoff: 2, font: { size: 10 } } },
    yaxis: { ...axis2, range: box.y, title: { text: yTitle, standoff: 2, font: { size: 10 } } },
    showlegend: false,
    hovermode: "closest",
    dragmode: false
  };
}
function batchControls(onBatch) {
  const on = el("input", { type: "checkbox", id: "batch-on", title: t("Estimate each gradient from a random mini-batch of rows instead of all of them"), dataset: { testid: "batch-on" } });
  const range = el("input", { type: "range", id: "batch-size", min: 1, step: 1, title: t("Rows per mini-batch (1 to N)"), "aria-label": t("Batch size"), dataset: { testid: "batch-size" } });
  const number3 = el("input", { type: "number", min: 1, step: 1, title: t("Rows per mini-batch: exact value"), "aria-label": t("Batch size: exact value"), dataset: { testid: "batch-value" } });
  const quick = [["1", "batch-quick-1", t("One row per step: the noisiest, cheapest steps")], ["16", "batch-quick-16", t("16 rows per step: a common compromise")], ["N", "batch-full", t("Every row in each batch (full batch): exact gradients, one step per epoch")]].map(([label, testid, title]) => el("button", { type: "button", class: "chip", title, dataset: { testid } }, label));
  on.addEventListener("change", () => onBatch(on.checked ? "on" : 0));
  range.addEventListener("input", () => onBatch(Number(range.value)));
  number3.addEventListener("change", () => {
    const v = Number(number3.value);
    number3.toggleAttribute("aria-invalid", !(Number.isInteger(v) && v >= 1));
    if (Number.isInteger(v) && v >= 1) onBatch(v);
  });
  quick[0].addEventListener("click", () => onBatch(1));
  quick[1].addEventListener("click", () => onBatch(16));
  quick[2].addEventListener("click", () => onBatch("N"));
  return { on, range, number: number3, quick };
}
function mountDataPanel(root, { decls, store, colourOf, shown, onError }) {
  const plot = el("div", { class: "data-plot", role: "figure", "aria-label": t("The rows being fitted, with each optimizer's model at the step shown"), dataset: { testid: "data-plot" } });
  const about = el("p", { class: "data-about" });
  const standardize = el("input", { type: "checkbox", id: "standardize", title: t("Rescale each feature to mean 0 and standard deviation 1 over all rows: the loss valley becomes rounder and one learning rate suits every direction"), dataset: { testid: "standardize" } });
  let lastBatch = 16;
  const batch = batchControls((value) => {
    const n = rowsOf(store.get().surface);
    const size = value === "on" ? Math.min(lastBatch, n) : value === "N" ? n : value;
    if (size) lastBatch = size;
    store.update({ batch: size, preset: "" }, Change.RUN);
  });
  const perEpoch = el("p", { class: "hint batch-about", dataset: { testid: "batch-about" } });
  standardize.addEventListener("change", () => store.update({ standardize: standardize.checked, preset: "" }, Change.RUN));
  root.append(el(
    "div",
    { class: "data-panel" },
    el("h3", { class: "data-heading" }, t("The data")),
    plot,
    about,
    el("label", { class: "check", for: standardize.id, title: standardize.title }, standardize, t("Standardise features")),
    el(
      "fieldset",
      { class: "batch", title: t("Mini-batches: each update uses the exact gradient of the loss on a few rows") },
      el("legend", { class: "sr-only" }, t("Mini-batches")),
      el("label", { class: "check", for: batch.on.id, title: batch.on.title }, batch.on, t("Mini-batches")),
      el("div", { class: "param batch-row" }, el("label", { for: batch.range.id, title: batch.range.title }, "batch"), batch.range, batch.number),
      el("div", { class: "batch-quick" }, el("span", { class: "field-label", title: t("One click sets the batch size") }, t("Batch size")), batch.quick),
      perEpoch,
      el(
        "p",
        { class: "hint batch-lesson" },
        t("Small batches: cheap, noisy steps; the path jitters and never quite settles at a constant lr. "),
        t("Large batches: smooth, exact steps, each costing a pass over more rows. Each epoch reshuffles the rows (seed: Scene → Seed).")
      )
    )
  ));
  const epoch = el("output", { class: "epoch-readout", title: t("The mini-batch epoch and the iteration within it at the step shown"), dataset: { testid: "epoch-readout" } });
  let rows = null;
  let lastFrame = 0;
  async function ensureRows(state) {
    const key = `${state.surface}/${state.standardize ? 1 : 0}`;
    if (rows?.key === key) return rows;
    const decl = decls.surfaces.find((s) => s.id === state.surface);
    try {
      const data = await loadRows(state.surface, Boolean(state.standardize));
      rows = { key, decl, data };
    } catch (error) {
      onError?.(`The rows of ${decl.name} could not be loaded: ${error.message}`);
      return null;
    }
    return rows;
  }
  async function draw(state) {
    const current = await ensureRows(state);
    const now = store.get();
    if (!current || current.key !== `${now.surface}/${now.standardize ? 1 : 0}`) return;
    const { decl, data } = current;
    const box = decl.model === "logistic" ? { x: span(data.features.map((f3) => f3[0])), y: span(data.features.map((f3) => f3[1])) } : { x: span(data.features.map((f3) => f3[0])), y: span(data.target) };
    const job = shown();
    const same = job && job.state.surface === now.surface && Boolean(job.state.standardize) === Boolean(now.standardize);
    const models = same ? job.result.runs.map((run) => modelTrace(decl, run, Math.min(now.step, run.x.length - 1), box, colourOf(run))) : [];
    const size = { width: plot.clientWidth || 260, height: plot.clientHeight || 190 };
    await Plotly.react(plot, [...dataTraces(decl, data), ...models], { ...layoutFor(decl, box, current.key.endsWith("/1")), ...size, autosize: false }, CONFIG);
    root.dataset.plotted = current.key;
  }
  function update(state, change) {
    const data = isData(state.surface);
    root.hidden = !data;
    if (!epoch.isConnected) document.querySelector("#playback-controls .scrubber")?.after(epoch);
    epoch.hidden = !data || !iterationsPerEpoch(state);
    epoch.value = data ? epochText(state, state.step) : "";
    if (!data) return;
    if (change === Change.FRAME) {
      if (performance.now() - lastFrame < FRAME_GAP_MS) return;
      lastFrame = performance.now();
    } else {
      const decl = decls.surfaces.find((s) => s.id === state.surface);
      const n = rowsOf(state.surface);
      const size = batchSize(state);
      about.textContent = t("{n} rows · {model} model · {source}", { n, model: t(decl.model), source: decl.source });
      standardize.checked = Boolean(state.standardize);
      batch.on.checked = size > 0;
      batch.range.max = String(n);
      batch.quick[2].textContent = `N = ${n}`;
      for (const input of [batch.range, batch.number]) {
        input.disabled = !size;
        if (document.activeElement !== input) input.value = String(size || Math.min(lastBatch, n));
      }
      batch.number.max = String(n);
      batch.quick.forEach((b, i) => {
        b.setAttribute("aria-pressed", String(size === [1, 16, n][i]));
      });
      perEpoch.textContent = size ? t("Batches of {size} of {n} rows: {k} updates per epoch (dotted lines on the loss plot).", { size, n, k: iterationsPerEpoch(state) }) : t("Off: every update uses all {n} rows (no sampling noise).", { n });
    }
    draw(state).catch((error) => onError?.(String(error.message ?? error)));
  }
  store.subscribe(update);
  update(store.get(), Change.RUN);
  return { drawn: () => update(store.get(), Change.STEP) };
}

// static/js/export.js
function toCSV(result) {
  const rows = ["optimizer,label,step,x,y,loss,status"];
  for (const run of result.runs) {
    const label = `"${run.label.replace(/"/g, '""')}"`;
    for (let k = 0; k < run.x.length; k++) {
      rows.push([run.optimizer, label, k, run.x[k], run.y[k], run.loss[k], run.status].join(","));
    }
  }
  return `${rows.join("\n")}
`;
}
function toJSON(request, result) {
  const runs = result.runs.map(({ optimizer, label, x, y, loss, status, steps }) => ({ optimizer, label, x, y, loss, status, steps }));
  return `${JSON.stringify({ request, runs }, null, 1)}
`;
}
function download(filename, content, type = "text/plain", isUrl = false) {
  const href = isUrl ? content : URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement("a");
  link.href = href;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  if (!isUrl) setTimeout(() => URL.revokeObjectURL(href), 1e3);
}

// static/js/formula.js
var CHECK_DELAY_MS = 200;
var EXAMPLES = [
  { name: "Ravine", expression: "x^2 + 10*y^2", domain: { x: [-5, 5], y: [-5, 5] }, title: "A bowl ten times steeper along y than along x" },
  { name: "Egg crate", expression: "sin(x)*cos(y) + 0.1*(x^2+y^2)", domain: { x: [-5, 5], y: [-5, 5] }, title: "Many local minima on a shallow bowl" },
  { name: "Rosenbrock", expression: "(1 - x)^2 + 100*(y - x^2)^2", domain: { x: [-2, 2], y: [-1, 3] }, title: "The curved valley, typed by hand" },
  { name: "Double well", expression: "(x^2 - 1)^2 + 0.5*y^2", domain: { x: [-2, 2], y: [-1.5, 1.5] }, title: "Two minima at (±1, 0) split by a ridge" }
];
var AXES = [["x", 0, "min"], ["x", 1, "max"], ["y", 0, "min"], ["y", 1, "max"]];
var sameFormula = (a, b) => a.expression === b.expression && JSON.stringify(a.domain) === JSON.stringify(b.domain);
var inside = ([x, y], d) => x >= d.x[0] && x <= d.x[1] && y >= d.y[0] && y <= d.y[1];
function echoLines(expression, column) {
  const at = Math.min(Math.max(column - 1, 0), expression.length);
  const line = el(
    "span",
    { class: "echo-line" },
    expression.slice(0, at),
    el("mark", {}, expression.slice(at, at + 1) || " "),
    expression.slice(at + 1)
  );
  return [line, "\n", el("span", { class: "echo-caret" }, `${" ".repeat(at)}^ column ${column}`)];
}
function domainInputs(onChange) {
  const inputs = AXES.map(([axis2, end, word]) => el("input", {
    type: "number",
    step: "any",
    id: `formula-${axis2}-${word}`,
    class: "domain-input",
    title: `${word === "min" ? "Lowest" : "Highest"} ${axis2} of the plotted domain`,
    "aria-label": `${axis2} ${word}`,
    dataset: { testid: `formula-${axis2}-${word}`, axis: axis2, end }
  }));
  for (const input of inputs) input.addEventListener("change", onChange);
  const row = (axis2, a, b) => el(
    "div",
    { class: "domain-row" },
    el("label", { for: a.id, class: "domain-axis", title: `The plotted range of ${axis2}` }, axis2),
    a,
    el("span", { class: "domain-to", "aria-hidden": "true" }, "to"),
    b
  );
  return {
    inputs,
    block: el(
      "fieldset",
      { class: "domain", title: "The plotted domain; the default start sits 20 % in from the left, 30 % down from the top" },
      el("legend", {}, "Domain"),
      row("x", inputs[0], inputs[1]),
      row("y", inputs[2], inputs[3])
    ),
    read() {
      const v = inputs.map((i) => i.value.trim() === "" ? NaN : Number(i.value));
      return v.every(Number.isFinite) ? { x: [v[0], v[1]], y: [v[2], v[3]] } : null;
    },
    set(domain, force = false) {
      inputs.forEach((input, i) => {
        if (force || document.activeElement !== input) input.value = String(domain[AXES[i][0]][AXES[i][1]]);
      });
    }
  };
}
function mountFormula(root, { store }) {
  const input = el("input", {
    type: "text",
    id: "formula-input",
    class: "formula-input",
    maxlength: MAX_EXPRESSION,
    spellcheck: false,
    autocomplete: "off",
    autocapitalize: "off",
    "aria-describedby": "formula-message",
    title: "f(x, y): numbers, x, y, pi, e, + − * / ^, sin cos tan exp log sqrt abs tanh sinh cosh atan (one argument), atan2 min max (two)",
    placeholder: "e.g. x^2 + 10*y^2",
    dataset: { testid: "formula-input" }
  });
  const echo = el("pre", { class: "formula-echo", "aria-hidden": "true", hidden: true, dataset: { testid: "formula-echo" } });
  const message = el("p", { id: "formula-message", class: "formula-message", role: "status", dataset: { testid: "formula-message" } });
  const domain = domainInputs(() => check(0));
  const chips = EXAMPLES.map((example, i) => {
    const chip = el("button", { type: "button", class: "chip", title: `${example.title}: ${example.expression}`, dataset: { testid: `formula-example-${i}` } }, example.name);
    chip.addEventListener("click", () => {
      input.value = example.expression;
      domain.set(example.domain, true);
      check(0, true);
    });
    return chip;
  });
  root.append(el(
    "div",
    { class: "formula-panel" },
    el("div", { class: "formula-field" }, el("label", { for: input.id, title: input.title }, "f(x, y) ="), input),
    echo,
    message,
    domain.block,
    el("div", { class: "formula-examples" }, el("span", { class: "field-label", title: "One click loads the example and its domain" }, "Try"), el("div", { class: "chips" }, chips)),
    el("p", { class: "hint formula-grammar" }, "x, y, pi, e · + − * / ^ · sin cos tan exp log sqrt abs tanh sinh cosh atan · atan2 min max")
  ));
  let timer = null;
  let pending = null;
  root.dataset.check = "idle";
  message.textContent = "Checked as you type; a valid formula runs at once.";
  function show(result, expression) {
    root.dataset.check = result.ok ? "ok" : "error";
    input.toggleAttribute("aria-invalid", !result.ok);
    message.classList.toggle("bad", !result.ok);
    message.textContent = result.ok ? `✓ Valid: drawn with exact gradients.${result.note ? ` ${result.note}` : ""}` : result.message;
    echo.hidden = result.ok || result.column === null;
    if (!echo.hidden) {
      echo.replaceChildren(...echoLines(expression, result.column));
      const mark = echo.querySelector("mark");
      echo.scrollLeft = Math.max(0, mark.offsetLeft - echo.clientWidth / 2);
    }
  }
  function check(delay, fromExample = false) {
    clearTimeout(timer);
    pending?.abort();
    root.dataset.check = "checking";
    timer = setTimeout(async () => {
      const expression = input.value;
      const range = domain.read();
      if (!expression.trim() || !range) {
        show({ ok: false, message: !range ? "Give each end of the domain as a number." : "Type a formula in x and y.", column: null }, expression);
        return;
      }
      const formula = { expression, domain: range };
      const state = store.get();
      const same = state.surface === CUSTOM && sameFormula(formula, formulaOf(state));
      let start = fromExample || !inside(state.start, range) ? defaultStart(range) : state.start;
      pending = new AbortController();
      let result;
      try {
        result = await checkFormula(formula, pending.signal, start);
        if (result.ok && !result.finiteAtStart) {
          const moved = await nearestDefined(formula, start, pending.signal);
          result = moved ? { ...result, note: `f is undefined at (${start.join(", ")}), so every run starts at (${moved.join(", ")}) instead.` } : { ok: false, message: "f is undefined (or not finite) everywhere in this domain.", column: null };
          start = moved ?? start;
        }
      } catch (error) {
        if (error.name !== "AbortError") show({ ok: false, message: error.message, column: null }, expression);
        return;
      }
      show(result, expression);
      if (result.ok && !same) store.update({ surface: CUSTOM, formula, preset: "", start }, Change.RUN);
    }, delay);
  }
  input.addEventListener("input", () => check(CHECK_DELAY_MS));
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") check(0);
  });
  let shownFormula = null;
  function update(state) {
    root.hidden = state.surface !== CUSTOM;
    const formula = formulaOf(state);
    if (shownFormula && sameFormula(formula, shownFormula)) return;
    shownFormula = formula;
    if (document.activeElement !== input) input.value = formula.expression;
    domain.set(formula.domain);
  }
  store.subscribe((state, change) => change !== Change.FRAME && update(state));
  update(store.get());
}

// static/js/scale.js
function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))];
}
function surfaceScale(grid, mode, format) {
  const finite2 = Float64Array.from(grid.z.flat().filter((v) => v !== null && Number.isFinite(v))).sort();
  const zmin = finite2[0];
  const zmax = finite2[finite2.length - 1];
  const span2 = zmax - zmin || 1;
  const spread = span2 / Math.max(quantile(finite2, 0.1) - zmin, span2 * 1e-12);
  const log = mode === "log" || mode === "auto" && spread > 40;
  if (!log) return { t: (v) => v, log, zmin, zmax, ticks: null };
  const s = Math.max(quantile(finite2, 0.01) - zmin, span2 * 1e-6);
  const t2 = (v) => Math.log10(1 + (Math.max(v, zmin) - zmin) / s);
  const ticks = [0];
  for (let p = Math.ceil(Math.log10(s)); 10 ** p <= span2; p++) ticks.push(10 ** p);
  return { t: t2, log, zmin, zmax, ticks: { vals: ticks.map((d) => t2(zmin + d)), text: ticks.map((d) => format(zmin + d)) } };
}

// static/js/insights/common.js
var PLOT_CONFIG = {
  ...PRIVATE,
  displayModeBar: "hover",
  modeBarButtonsToRemove: ["select2d", "lasso2d", "toImage"],
  responsive: false
};
function figureMethods(plot, status, clear, plotly = () => Plotly) {
  return {
    showError(message) {
      clear();
      plotly().purge(plot);
      status.textContent = message;
      status.classList.add("ins-error");
    },
    resize() {
      if (plot.layout) plotly().Plots.resize(plot);
    }
  };
}
var cssVar2 = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
var postJSON = (url, body, signal) => post(url, body, { signal });
var isAbort = (error) => error?.name === "AbortError";
var minimaValues = /* @__PURE__ */ new Map();
function minimaLoss(surface, state) {
  const { surface: which, standardize } = requestSurface(state);
  const scene = standardize ? { surface: which, standardize } : { surface: which };
  const key = JSON.stringify([scene, surface.minima]);
  if (!minimaValues.has(key)) {
    const runs = surface.minima.map((start) => postJSON("/api/run", { ...scene, start, steps: 1, runs: [{ optimizer: "sgd", params: { lr: 1e-6 } }] }).then((answer) => answer.runs[0].loss[0]));
    const pending = Promise.all(runs);
    pending.catch(() => minimaValues.delete(key));
    minimaValues.set(key, pending);
  }
  return minimaValues.get(key);
}
async function fStar(surface, state) {
  const values = await minimaLoss(surface, state);
  return values.length ? Math.min(...values) : null;
}
var isNumeric = (p) => !p.type || p.type === "float" || p.type === "int";
function sceneProblem(state, decls) {
  if (!state.runs.length) return "Add at least one run.";
  if (!(state.steps >= 1 && state.steps <= 2e4 && Number.isInteger(state.steps))) return "Steps must be a whole number from 1 to 20000.";
  for (const run of state.runs) {
    const o = decls.optimizers.find((d) => d.id === run.optimizer);
    for (const p of o.params.filter(isNumeric)) {
      const v = run.params[p.name];
      if (!(v >= p.min && v <= p.max)) return `${o.name} ${p.name} is outside ${p.min}…${p.max}.`;
    }
  }
  return "";
}
var surfaceScale2 = (grid, mode) => surfaceScale(grid, mode, formatShort);
function formatShort(v) {
  if (v === null || v === void 0 || !Number.isFinite(v)) return "–";
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2).replace("e+", "e");
  return String(Number(v.toPrecision(4)));
}
function baseLayout(extra = {}) {
  const ink = cssVar2("--ink-soft");
  return {
    margin: { l: 58, r: 16, t: 28, b: 44 },
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
    font: { family: cssVar2("--font"), color: cssVar2("--ink"), size: 12 },
    hovermode: "closest",
    hoverlabel: { font: { family: cssVar2("--font"), size: 12 } },
    showlegend: false,
    ...extra,
    _axis: { zeroline: false, gridcolor: cssVar2("--grid"), linecolor: ink, ticks: "outside", ticklen: 3, tickcolor: ink, tickfont: { size: 11 } }
  };
}
function withAxes(layout, axes) {
  const { _axis, ...rest } = layout;
  for (const [name, spec] of Object.entries(axes)) rest[name] = { ..._axis, ...spec };
  return rest;
}
function stepLine(step, xref = "x", yref = "paper", y = [0, 1]) {
  return {
    type: "line",
    xref,
    yref,
    x0: step,
    x1: step,
    y0: y[0],
    y1: y[1],
    line: { color: cssVar2("--ink-faint"), width: 1, dash: "dot" },
    meta: "step"
  };
}
var uid = 0;
function control({ kind, label, title, testid, options = [], attrs = {}, onChange, live = false, emptyOk = false }) {
  const id = `ins-${testid ?? `f${uid++}`}`;
  let input;
  if (kind === "select") {
    input = el("select", { id, title, dataset: { testid } }, options.map(([value, text2, tip]) => Array.isArray(value) ? el("optgroup", { label: text2 }, value.map(([v, t2]) => el("option", { value: v }, t2))) : el("option", { value, title: tip }, text2)));
  } else {
    input = el("input", { type: kind, id, title, dataset: { testid }, ...kind === "number" ? { step: "any" } : {}, ...attrs });
  }
  const read = () => kind === "checkbox" ? input.checked : kind === "select" ? input.value : Number(input.value);
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
  const text = el("span", { class: "ins-label-text" }, label);
  const field = kind === "checkbox" ? el("label", { class: "ins-field ins-check", for: id, title }, input, text) : el("label", { class: "ins-field", for: id, title }, text, input);
  return {
    field,
    input,
    set(v) {
      if (document.activeElement === input) return;
      if (kind === "checkbox") input.checked = Boolean(v);
      else input.value = String(v);
      input.removeAttribute("aria-invalid");
    }
  };
}
var note = (text, attrs = {}) => el("p", { class: "ins-note", ...attrs }, text);
function csvText(header, rows) {
  const cell = (v) => typeof v === "string" && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v ?? "";
  return `${[header, ...rows].map((r) => r.map(cell).join(",")).join("\n")}
`;
}
function saveCSV(name, header, rows) {
  download(name, csvText(header, rows), "text/csv");
}
async function savePNG(name, gd, title, plotly = Plotly) {
  const layout = { ...gd.layout, paper_bgcolor: "#ffffff", title: title ? { text: title, x: 0.02, font: { size: 14 } } : gd.layout.title };
  if (title) layout.margin = { ...gd.layout.margin, t: Math.max(gd.layout.margin?.t ?? 0, 48) };
  const url = await plotly.toImage({ data: gd.data, layout }, {
    format: "png",
    width: Math.max(gd.clientWidth, 640),
    height: Math.max(gd.clientHeight, 360),
    scale: 2
  });
  download(name, url, "image/png", true);
}

// static/js/insights/basins.js
var MAX_WORK = 2e7;
var CONTOUR_N = 120;
var maxGrid = (steps) => Math.max(2, Math.min(200, Math.floor(Math.sqrt(MAX_WORK / steps))));
var basinColour = (i) => cssVar2(`--basin-${i % 8}`);
function createBasinsTab(ctx) {
  const { decls } = ctx;
  const plot = el("div", { class: "ins-plot ins-plot-map", dataset: { testid: "insights-plot-basins" }, role: "figure", "aria-label": "Which minimum each start point leads to" });
  const legend = el("ul", { class: "ins-legend", dataset: { testid: "basins-legend" } });
  const status = note("", { role: "status", dataset: { testid: "basins-status" } });
  let shown = null;
  const optimizer = control({ kind: "select", label: "Optimizer", testid: "basins-optimizer", title: "Whose basins to map (with its current parameters and schedule)", onChange: (v) => ctx.set({ bopt: v }, 0) });
  const size = control({
    kind: "range",
    label: "Grid",
    testid: "basins-n",
    title: "Starts per axis: n × n runs (20 to 200; capped so that n² × steps ≤ 2·10⁷)",
    attrs: { min: 20, max: 200, step: 1 },
    onChange: (v) => ctx.set({ bn: v }, 0)
  });
  const sizeOut = el("output", { class: "ins-out", for: size.input.id });
  size.input.addEventListener("input", () => sizeOut.value = `${size.input.value}²`);
  size.field.append(sizeOut);
  const radius = control({ kind: "number", label: "radius δ", testid: "basins-radius", title: "A run counts as reaching a minimum when it ends within this distance of it", attrs: { min: 1e-9, max: 1e6 }, onChange: (v) => ctx.set({ br: v }) });
  const panel = el(
    "div",
    {},
    el("div", { class: "ins-toolbar" }, optimizer.field, size.field, radius.field),
    el("div", { class: "ins-map" }, plot, el("div", { class: "ins-map-side" }, el("h3", {}, t("Where the starts end")), legend, status))
  );
  const tagsOf = (state) => state.runs.map((_, i) => runTag(state.runs, i));
  function chosen(state) {
    const wanted = ctx.settings().bopt;
    const tags = tagsOf(state);
    return tags.includes(wanted) ? wanted : tags[0];
  }
  const gridSize = (state) => Math.max(2, Math.min(ctx.settings().bn, maxGrid(state.steps)));
  function request(state) {
    const tag = chosen(state);
    const tags = tagsOf(state);
    const { start, ...base } = runRequest(state);
    return { ...base, runs: base.runs.filter((_, i) => tags[i] === tag), grid: { n: gridSize(state) }, radius: ctx.settings().br };
  }
  function categories(surface) {
    return [
      { label: -2, name: "no minimum", title: "ended farther than δ from every listed minimum", colour: cssVar2("--basin-none") },
      { label: -1, name: "diverged", title: "left the finite range", colour: cssVar2("--basin-diverged") },
      ...surface.minima.map((m, i) => ({ label: i, name: `minimum ${i + 1}`, title: `(${m.map((v) => formatShort(v)).join(", ")})`, colour: basinColour(i) }))
    ];
  }
  async function figure(state) {
    const { surface, answer } = shown;
    const cats = categories(surface);
    const k = cats.length;
    const colorscale = cats.flatMap((c, i) => [[i / k, c.colour], [(i + 1) / k, c.colour]]);
    const nameOf = Object.fromEntries(cats.map((c) => [c.label, c.label >= 0 ? `→ ${c.name} ${c.title}` : c.name]));
    const grid = await loadGrid(surface.id, CONTOUR_N);
    const scale = surfaceScale2(grid, state.contours);
    const traces = [
      {
        type: "heatmap",
        x: answer.x,
        y: answer.y,
        z: answer.label.map((row) => row.map((v) => v + 2)),
        text: answer.label.map((row) => row.map((v) => nameOf[v])),
        zmin: -0.5,
        zmax: k - 0.5,
        colorscale,
        showscale: false,
        opacity: 0.9,
        hovertemplate: "start (%{x:.3g}, %{y:.3g})<br>%{text}<extra></extra>",
        meta: { role: "basins" }
      },
      {
        type: "contour",
        x: grid.x,
        y: grid.y,
        z: grid.z.map((row) => row.map((v) => v === null ? null : scale.t(v))),
        contours: { coloring: "none", showlines: true },
        ncontours: 18,
        showscale: false,
        line: { color: "rgba(20, 30, 45, 0.35)", width: 0.8, smoothing: 0.6 },
        hoverinfo: "skip",
        meta: { role: "contour" }
      },
      {
        type: "scatter",
        mode: "markers+text",
        x: surface.minima.map((m) => m[0]),
        y: surface.minima.map((m) => m[1]),
        text: surface.minima.map((_, i) => String(i + 1)),
        textposition: "top center",
        textfont: { size: 12, color: "#111" },
        marker: { symbol: "star", size: 15, color: "#ffffff", line: { color: "#1b2733", width: 1.5 } },
        hovertemplate: "minimum %{text} (%{x:.4g}, %{y:.4g})<extra></extra>",
        meta: { role: "minima" }
      },
      {
        type: "scatter",
        mode: "markers",
        x: [state.start[0]],
        y: [state.start[1]],
        marker: { symbol: "diamond", size: 11, color: "#ffffff", line: { color: "#1b2733", width: 2 } },
        hovertemplate: "the scene's start (%{x:.4g}, %{y:.4g})<extra></extra>",
        meta: { role: "start" }
      }
    ];
    const layout = withAxes(baseLayout({ margin: { l: 44, r: 8, t: 8, b: 36 }, uirevision: surface.id }), {
      xaxis: { range: surface.domain.x, title: { text: t("x start"), standoff: 4 }, showgrid: false, mirror: true, constrain: "domain" },
      yaxis: { range: surface.domain.y, title: { text: t("y start"), standoff: 2 }, showgrid: false, mirror: true, scaleanchor: "x", constrain: "domain" }
    });
    return { traces, layout };
  }
  function drawLegend() {
    const { surface, counts, total } = shown;
    const cats = categories(surface);
    legend.replaceChildren(...[...cats.slice(2), ...cats.slice(0, 2).reverse()].map((c) => {
      const count = counts.get(c.label) ?? 0;
      const percent = 100 * count / total;
      return el(
        "li",
        { class: "ins-legend-row", title: c.title, dataset: { label: c.label, count, percent } },
        el("span", { class: "ins-chip", style: `background: ${c.colour}` }),
        el("span", { class: "ins-legend-name" }, c.name, c.label >= 0 ? el("small", {}, ` ${c.title}`) : null),
        el("span", { class: "ins-legend-pct" }, `${percent.toFixed(1)} %`),
        el("span", { class: "ins-legend-bar", style: `--w: ${percent}%; --c: ${c.colour}` })
      );
    }));
  }
  return {
    id: "basins",
    label: "Basins",
    title: "Start one optimizer from every point of a grid and colour each start by the minimum it reaches",
    working: "Mapping basins…",
    panel,
    key(state) {
      const problem = sceneProblem(state, decls);
      return problem ? `problem:${problem}` : JSON.stringify([request(state), state.contours]);
    },
    async compute(state, signal, progress) {
      const problem = sceneProblem(state, decls);
      if (problem) {
        this.showError(problem);
        return;
      }
      const body = request(state);
      const n = body.grid.n;
      const name = decls.optimizers.find((o) => o.id === body.runs[0].optimizer).name;
      progress(null, `Running ${name} from ${n} × ${n} = ${(n * n).toLocaleString("en")} starts × ${state.steps} steps…`);
      const answer = await postJSON("/api/basins", body, signal);
      if (signal.aborted) return;
      const counts = /* @__PURE__ */ new Map();
      for (const row of answer.label) for (const v of row) counts.set(v, (counts.get(v) ?? 0) + 1);
      const surface = ctx.surfaceOf(state);
      shown = { state, surface, optimizer: body.runs[0].optimizer, answer, counts, total: n * n };
      const { traces, layout } = await figure(state);
      if (signal.aborted) return;
      await Plotly.react(plot, traces, layout, PLOT_CONFIG);
      drawLegend();
      const capped = ctx.settings().bn > n ? ` Grid capped at ${n}² so that n² × steps stays within 2·10⁷.` : "";
      status.textContent = surface.minima.length ? `${name} from ${n}² starts, ${state.steps} steps each.${capped}` : `This surface lists no minimum: every start is "diverged" or "no minimum".${capped}`;
      status.classList.remove("ins-error");
    },
    ...figureMethods(plot, status, () => {
      shown = null;
      legend.replaceChildren();
    }),
    sync(state) {
      const s = ctx.settings();
      const tags = tagsOf(state);
      const labels = runLabels(state.runs, decls);
      if ([...optimizer.input.options].map((o) => `${o.value}=${o.textContent}`).join() !== tags.map((t2, i) => `${t2}=${labels[i]}`).join()) {
        optimizer.input.replaceChildren(...tags.map((tag, i) => el("option", { value: tag }, labels[i])));
      }
      optimizer.set(chosen(state) ?? "");
      size.input.max = String(Math.max(20, maxGrid(state.steps)));
      size.set(Math.min(s.bn, Number(size.input.max)));
      sizeOut.value = `${size.input.value}²`;
      radius.set(s.br);
      const start = plot.data?.[3];
      if (shown && start?.meta?.role === "start" && (start.x[0] !== state.start[0] || start.y[0] !== state.start[1])) {
        Plotly.restyle(plot, { x: [[state.start[0]]], y: [[state.start[1]]] }, [3]);
      }
    },
    exportCSV() {
      if (!shown) return;
      const { answer } = shown;
      const rows = answer.label.flatMap((row, i) => row.map((v, j) => [answer.x[j], answer.y[i], v]));
      saveCSV(`optiscope-basins-${shown.state.surface}-${shown.optimizer}.csv`, ["x_start", "y_start", "label"], rows);
    },
    exportPNG() {
      if (shown) savePNG(`optiscope-basins-${shown.state.surface}-${shown.optimizer}.png`, plot, `${shown.surface.name}: basins of ${shown.optimizer}`);
    }
  };
}

// static/js/insights/race.js
var MEDALS = ["gold", "silver", "bronze"];
var resultIds = /* @__PURE__ */ new WeakMap();
var nextResultId = 1;
var idOf = (result) => {
  if (!resultIds.has(result)) resultIds.set(result, nextResultId++);
  return resultIds.get(result);
};
function arrival(run, surface, fstar, { criterion, eps, delta }) {
  if (criterion === "distance") {
    if (!surface.minima.length) return null;
    for (let k2 = 0; k2 < run.x.length; k2++) {
      if (surface.minima.some(([mx, my]) => Math.hypot(run.x[k2] - mx, run.y[k2] - my) < delta)) return k2;
    }
    return null;
  }
  if (fstar === null) return null;
  const k = run.loss.findIndex((v) => v - fstar < eps);
  return k < 0 ? null : k;
}
function standings(runs, surface, fstar, rule) {
  const rows = runs.map((run) => {
    const final = run.loss[run.loss.length - 1];
    return { run, finish: arrival(run, surface, fstar, rule), final, gap: fstar === null ? null : final - fstar };
  });
  const group = (r) => r.finish !== null ? 0 : r.run.status === "diverged" ? 2 : 1;
  rows.sort((a, b) => group(a) - group(b) || (group(a) === 0 ? a.finish - b.finish : 0) || (group(a) === 2 ? b.run.steps - a.run.steps : 0) || a.final - b.final);
  return rows;
}
function nearest(run, surface) {
  const k = run.x.length - 1;
  const d = surface.minima.map(([mx, my]) => Math.hypot(run.x[k] - mx, run.y[k] - my));
  if (!d.length) return "–";
  const i = d.indexOf(Math.min(...d));
  return el("span", { title: `${formatShort(d[i])} from minimum ${i + 1}` }, `★${i + 1}`);
}
function createRaceTab(ctx) {
  const { colourOf } = ctx;
  const plot = el("div", { class: "ins-plot ins-plot-race", dataset: { testid: "insights-plot-race" }, role: "figure", "aria-label": "Steps each optimizer needed to arrive" });
  const body = el("tbody");
  const finalHead = el("th", { scope: "col", title: "f at the last step minus f*, the lowest listed minimum's value" }, "final f − f*");
  const table = el(
    "table",
    { class: "ins-table", dataset: { testid: "race-table" } },
    el("thead", {}, el(
      "tr",
      {},
      el("th", { scope: "col", title: "Finishing place" }, "#"),
      el("th", { scope: "col" }, "Optimizer"),
      el("th", { scope: "col", title: "The first step that meets the finish rule" }, "arrived"),
      finalHead,
      el("th", { scope: "col", title: "The listed minimum closest to the last point (numbered as in the basin map)" }, "ends near"),
      el("th", { scope: "col" }, "status")
    )),
    body
  );
  const status = note("", { role: "status", dataset: { testid: "race-status" } });
  let shown = null;
  const criterion = control({
    kind: "select",
    label: "Finish when",
    testid: "race-criterion",
    title: "What counts as arriving",
    options: [["loss", "f − f* < ε", "the loss is within ε of the lowest listed minimum"], ["distance", "within δ of a minimum", "the point is within distance δ of any listed minimum"]],
    onChange: (v) => ctx.set({ criterion: v }, 0)
  });
  const eps = control({ kind: "number", label: "ε", testid: "race-eps", title: "Loss tolerance: arrived at the first step with f − f* < ε", attrs: { min: 1e-12, max: 1e6 }, onChange: (v) => ctx.set({ eps: v }) });
  const delta = control({ kind: "number", label: "δ", testid: "race-delta", title: "Distance tolerance: arrived within δ of a listed minimum", attrs: { min: 1e-9, max: 1e6 }, onChange: (v) => ctx.set({ delta: v }) });
  const panel = el(
    "div",
    {},
    el("div", { class: "ins-toolbar" }, criterion.field, eps.field, delta.field),
    el("div", { class: "ins-race" }, el("div", { class: "ins-race-table" }, table, status), plot)
  );
  function rule() {
    const s = ctx.settings();
    return { criterion: s.criterion, eps: s.eps, delta: s.delta };
  }
  function place(i, row) {
    if (row.finish === null) return el("span", { class: "ins-place dnf", title: row.run.status === "diverged" ? "diverged" : "did not arrive" }, row.run.status === "diverged" ? "✕" : "–");
    return el("span", { class: `ins-place ${MEDALS[i] ?? ""}`, title: `place ${i + 1}` }, String(i + 1));
  }
  function drawTable() {
    finalHead.textContent = shown.fstar === null ? "final f" : "final f − f*";
    body.replaceChildren(...shown.rows.map((row, i) => {
      const { run } = row;
      const diverged = run.status === "diverged";
      return el(
        "tr",
        { class: diverged ? "diverged" : row.finish === null ? "dnf" : "", dataset: { testid: "race-row", optimizer: run.optimizer, finish: row.finish ?? "" } },
        el("td", {}, place(i, row)),
        el("th", { scope: "row" }, el("span", { class: "swatch", style: `--colour: ${colourOf(run)}` }), run.label),
        el("td", {}, row.finish === null ? "–" : String(row.finish)),
        el("td", {}, formatShort(row.gap ?? row.final)),
        el("td", {}, nearest(run, shown.surface)),
        el(
          "td",
          { title: diverged ? "Left the finite range (|x| or |y| over 1e6, or f not finite)" : "" },
          diverged ? `diverged @ ${run.steps + 1}` : row.finish === null ? "still going" : "✓ arrived"
        )
      );
    }));
  }
  function figure(step) {
    const { rows, state } = shown;
    const steps = state.steps;
    const traces = rows.map((row) => {
      const { run } = row;
      const colour = colourOf(run);
      const diverged = run.status === "diverged";
      const x = row.finish ?? (diverged ? run.steps + 1 : steps);
      const text = row.finish !== null ? `step ${row.finish}` : diverged ? `diverged at ${run.steps + 1}` : "not arrived";
      return {
        type: "bar",
        orientation: "h",
        name: run.label,
        y: [run.label],
        x: [x],
        text: [text],
        textposition: "outside",
        cliponaxis: false,
        textfont: { size: 12 },
        marker: {
          color: row.finish !== null ? colour : "#ffffff",
          line: { color: colour, width: 1.5 },
          pattern: row.finish !== null ? void 0 : { shape: diverged ? "x" : "/", fgcolor: colour, size: 7, solidity: 0.25 }
        },
        hovertemplate: `<b>${run.label}</b>: ${text}<extra></extra>`,
        meta: { optimizer: run.optimizer }
      };
    });
    const layout = withAxes(baseLayout({
      margin: { l: 96, r: 96, t: 12, b: 44 },
      bargap: 0.35,
      shapes: [stepLine(Math.min(step, steps))],
      uirevision: `${state.surface}`
    }), {
      xaxis: { range: [0, steps], title: { text: t("step"), standoff: 4 } },
      yaxis: { autorange: "reversed", type: "category", ticks: "", showgrid: false }
    });
    return { traces, layout };
  }
  return {
    id: "race",
    label: "Race",
    title: "A leaderboard: who arrives at the minimum first in the current scene",
    working: "Scoring the race…",
    panel,
    key() {
      const now = ctx.shownNow();
      return now ? `${idOf(now.result)}|${JSON.stringify(rule())}` : null;
    },
    async compute(state, signal) {
      const now = ctx.shownNow();
      const surface = ctx.surfaceOf(now.state);
      const fstar = await fStar(surface, now.state);
      if (signal.aborted) return;
      const r = rule();
      shown = { state: now.state, surface, fstar, rule: r, rows: standings(now.result.runs, surface, fstar, r) };
      drawTable();
      const { traces, layout } = figure(state.step);
      plot.style.height = `${Math.max(170, 60 + 34 * traces.length)}px`;
      await Plotly.react(plot, traces, layout, PLOT_CONFIG);
      const finished = shown.rows.filter((row) => row.finish !== null).length;
      const what = r.criterion === "distance" ? `within δ = ${formatShort(r.delta)} of a minimum` : `f − f* < ε = ${formatShort(r.eps)}`;
      status.textContent = !surface.minima.length ? "This surface lists no minimum, so nobody can arrive: ranked by final loss." : `${finished} of ${shown.rows.length} arrived (${what}) within ${shown.state.steps} steps.`;
      status.classList.remove("ins-error");
    },
    onStep(state) {
      if (!shown || !plot.layout) return;
      const step = Math.min(state.step, shown.state.steps);
      if (plot.layout.shapes?.[0]?.x0 === step) return;
      Plotly.relayout(plot, { shapes: [stepLine(step)] });
    },
    ...figureMethods(plot, status, () => {
      shown = null;
      body.replaceChildren();
    }),
    sync() {
      const s = ctx.settings();
      criterion.set(s.criterion);
      eps.set(s.eps);
      delta.set(s.delta);
      eps.field.hidden = s.criterion !== "loss";
      delta.field.hidden = s.criterion !== "distance";
    },
    exportCSV() {
      if (!shown) return;
      const rows = shown.rows.map((row, i) => [i + 1, row.run.optimizer, row.run.label, row.finish, row.final, row.gap, row.run.status, row.run.steps]);
      saveCSV(`optiscope-race-${shown.state.surface}.csv`, ["place", "optimizer", "label", "arrived_at", "final_loss", "gap_to_fstar", "status", "steps"], rows);
    },
    exportPNG() {
      if (shown) savePNG(`optiscope-race-${shown.state.surface}.png`, plot, `${shown.surface.name}: the race`);
    }
  };
}

// static/js/insights/schedule.js
var spansDecades = (values) => {
  const positive = values.filter((v) => v > 0);
  return positive.length === values.length && positive.length > 0 && Math.max(...positive) / Math.min(...positive) > 100;
};
function lrAxis(lrs) {
  if (!spansDecades(lrs)) return { type: "linear", rangemode: "tozero" };
  const top = Math.log10(Math.max(...lrs));
  const bottom = Math.max(Math.log10(Math.min(...lrs)), top - 3);
  return { type: "log", range: [bottom - 0.15, top + 0.15] };
}
function createScheduleTab(ctx) {
  const { decls, colourOf } = ctx;
  const plot = el("div", { class: "ins-plot ins-plot-wide", dataset: { testid: "insights-plot-schedule" }, role: "figure", "aria-label": "Learning rate and step length against the step" });
  const status = note("", { role: "status", dataset: { testid: "schedule-status" } });
  const about = el("div", { class: "ins-summary", dataset: { testid: "schedule-summary" } });
  const panel = el("div", {}, plot, el("div", { class: "ins-footer" }, status, about));
  let shown = null;
  function scheduleText(state, i) {
    const schedule = state.runs[i]?.schedule ?? { name: "constant", params: {} };
    const decl = decls.schedules.find((s) => s.id === schedule.name);
    const params = Object.entries(schedule.params).map(([k, v]) => `${k} = ${v}`).join(", ");
    return `${decl?.name ?? schedule.name}${params ? ` (${params})` : ""}`;
  }
  function figure(state) {
    const traces = [];
    for (const run of shown.runs) {
      const colour = colourOf(run);
      traces.push({
        type: "scatter",
        mode: "lines",
        name: run.label,
        legendgroup: String(run.run),
        x0: 0,
        dx: 1,
        y: run.lr,
        line: { color: colour, width: 2.2 },
        meta: { optimizer: run.optimizer, run: run.run, role: "lr" },
        hovertemplate: `<b>${run.label}</b> update %{x}<br>lr = %{y:.4g}<extra></extra>`
      });
      traces.push({
        type: "scatter",
        mode: "lines",
        name: run.label,
        legendgroup: String(run.run),
        showlegend: false,
        x0: 0,
        dx: 1,
        y: run.length,
        xaxis: "x2",
        yaxis: "y2",
        line: { color: colour, width: 1.6 },
        opacity: 0.9,
        meta: { optimizer: run.optimizer, run: run.run, role: "step-length" },
        hovertemplate: `<b>${run.label}</b> update %{x}<br>‖Δx‖ = %{y:.3e}<extra></extra>`
      });
    }
    const lrs = shown.runs.flatMap((r) => r.lr);
    const lengths = shown.runs.flatMap((r) => r.length).filter((v) => v > 0);
    const step = Math.max(0, Math.min(state.step, shown.state.steps) - 1);
    const layout = withAxes(baseLayout({
      margin: { l: 62, r: 14, t: 34, b: 44 },
      showlegend: true,
      legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom", font: { size: 12 } },
      shapes: [stepLine(step, "x"), stepLine(step, "x2")],
      uirevision: state.surface
    }), {
      xaxis: { domain: [0, 0.46], range: [0, shown.state.steps], title: { text: t("update t"), standoff: 4 } },
      yaxis: { ...lrAxis(lrs), exponentformat: "power", title: { text: t("learning rate lr·factor(t)"), standoff: 4 } },
      xaxis2: { domain: [0.56, 1], anchor: "y2", range: [0, shown.state.steps], title: { text: t("update t"), standoff: 4 } },
      yaxis2: { anchor: "x2", type: lengths.length ? "log" : "linear", exponentformat: "power", title: { text: t("step length ‖Δx‖"), standoff: 4 } }
    });
    return { traces, layout };
  }
  return {
    id: "schedule",
    label: "Schedule",
    title: "The learning rate each update used, and the length of the step it took",
    working: "Reading the schedule…",
    panel,
    key(state) {
      const problem = sceneProblem(state, decls);
      return problem ? `problem:${problem}` : JSON.stringify(runRequest(state));
    },
    async compute(state, signal, progress) {
      const problem = sceneProblem(state, decls);
      if (problem) {
        this.showError(problem);
        return;
      }
      progress(null, "Running the scene with its optimizer state…");
      const answer = await postJSON("/api/run", { ...runRequest(state), include_state: true }, signal);
      if (signal.aborted) return;
      const labels = runLabels(state.runs, decls);
      shown = {
        state,
        runs: answer.runs.map((run, i) => ({
          optimizer: run.optimizer,
          run: i,
          label: labels[i],
          lr: run.state.lr,
          length: run.state.update.map(([dx, dy]) => Math.hypot(dx, dy))
        }))
      };
      const { traces, layout } = figure(state);
      await Plotly.react(plot, traces, layout, PLOT_CONFIG);
      status.textContent = t("Left: the scheduled learning rate of each update. Right: how far each update actually moved; adaptive methods rescale the rate by their gradient statistics.");
      status.classList.remove("ins-error");
      about.replaceChildren(...shown.runs.map((run) => el(
        "p",
        { class: "ins-summary-row" },
        el("span", { class: "swatch", style: `--colour: ${colourOf(run)}` }),
        el("strong", {}, run.label),
        ` ${scheduleText(state, run.run)}`
      )));
    },
    onStep(state) {
      if (!shown || !plot.layout) return;
      const step = Math.max(0, Math.min(state.step, shown.state.steps) - 1);
      if (plot.layout.shapes?.[0]?.x0 === step) return;
      Plotly.relayout(plot, { shapes: [stepLine(step, "x"), stepLine(step, "x2")] });
    },
    ...figureMethods(plot, status, () => {
      shown = null;
      about.replaceChildren();
    }),
    exportCSV() {
      if (!shown) return;
      const rows = shown.runs.flatMap((run) => run.lr.map((lr, t2) => [run.optimizer, t2, lr, run.length[t2]]));
      saveCSV(`optiscope-schedule-${shown.state.surface}.csv`, ["optimizer", "update", "lr", "step_length"], rows);
    },
    exportPNG() {
      if (shown) savePNG(`optiscope-schedule-${shown.state.surface}.png`, plot, "Learning rate and step length");
    }
  };
}

// static/js/insights/plotly3d.js
var loading2 = null;
function loadPlotly3D() {
  loading2 ??= loadPlotly().then((cartesian) => new Promise((resolve, reject) => {
    const script2 = document.createElement("script");
    script2.src = new URL("plotly-gl3d.min.js", plotlyURL).href;
    script2.onload = () => {
      const gl3d = globalThis.Plotly;
      globalThis.Plotly = cartesian;
      resolve(gl3d);
    };
    script2.onerror = () => {
      loading2 = null;
      script2.remove();
      reject(new Error("The 3D plotting library did not load; try the tab again."));
    };
    document.head.append(script2);
  }));
  return loading2;
}

// static/js/insights/surface3d.js
var GRID_N = 80;
var FRAME_GAP_MS2 = 80;
function createSurfaceTab(ctx) {
  const { colourOf } = ctx;
  const plot = el("div", { class: "ins-plot ins-plot-3d", dataset: { testid: "insights-plot-surface3d" }, role: "figure", "aria-label": "The surface in 3D with each optimizer's path on it" });
  const status = note("", { role: "status", dataset: { testid: "surface3d-status" } });
  const panel = el("div", {}, plot, el("div", { class: "ins-footer" }, status));
  let shown = null;
  let pending = null;
  let lastFrame = 0;
  let frameTimer = null;
  let Plotly2 = null;
  const last2 = (run, step) => Math.min(step, run.x.length - 1);
  function lift(run, surface, scale, raise) {
    const inside3 = (x, y) => x >= surface.domain.x[0] && x <= surface.domain.x[1] && y >= surface.domain.y[0] && y <= surface.domain.y[1];
    const keep = run.x.map((x, k) => inside3(x, run.y[k]) && Number.isFinite(run.loss[k]));
    return {
      x: run.x.map((x, k) => keep[k] ? x : null),
      y: run.y.map((y, k) => keep[k] ? y : null),
      z: run.loss.map((f3, k) => keep[k] ? scale.t(f3) + raise : null)
    };
  }
  function pathUpdate(step) {
    const ks = shown.runs.map((run) => last2(run, step));
    return {
      x: [...shown.lifted.map((p, i) => p.x.slice(0, ks[i] + 1)), shown.lifted.map((p, i) => p.x[ks[i]])],
      y: [...shown.lifted.map((p, i) => p.y.slice(0, ks[i] + 1)), shown.lifted.map((p, i) => p.y[ks[i]])],
      z: [...shown.lifted.map((p, i) => p.z.slice(0, ks[i] + 1)), shown.lifted.map((p, i) => p.z[ks[i]])]
    };
  }
  async function draw(state, signal) {
    const now = ctx.shownNow();
    const surface = ctx.surfaceOf(now.state);
    const [grid, fmin, gl3d] = await Promise.all([
      loadSurfaceGrid(now.state, GRID_N),
      minimaLoss(surface, now.state),
      loadPlotly3D()
    ]);
    Plotly2 = gl3d;
    if (signal.aborted) return;
    const scale = surfaceScale2(grid, state.contours);
    const heights = grid.z.map((row) => row.map((v) => v === null ? null : scale.t(v)));
    const flat = heights.flat().filter((v) => v !== null);
    const [lo, hi] = [Math.min(...flat), Math.max(...flat)];
    const raise = (hi - lo) * 0.012;
    const runs = now.result.runs;
    shown = { state: now.state, surface, runs, lifted: runs.map((r) => lift(r, surface, scale, raise)), step: null };
    const step = Math.min(state.step, now.state.steps);
    const ks = runs.map((run) => last2(run, step));
    const ink = cssVar2("--ink-soft");
    const traces = [
      {
        type: "surface",
        x: grid.x,
        y: grid.y,
        z: heights,
        text: grid.z.map((row) => row.map((v) => v === null ? "undefined" : formatShort(v))),
        hovertemplate: "x %{x:.3f}, y %{y:.3f}<br>f = %{text}<extra></extra>",
        colorscale: [0, 0.25, 0.5, 0.75, 1].map((at, i) => [at, cssVar2(`--surface-${i}`)]),
        showscale: false,
        opacity: 0.97,
        contours: { z: { show: true, usecolormap: false, color: "rgba(40, 60, 90, 0.35)", width: 1, start: lo, end: hi, size: (hi - lo) / 20 } },
        lighting: { ambient: 0.75, diffuse: 0.6, specular: 0.08, roughness: 0.9 },
        meta: { role: "surface" },
        name: "f(x, y)"
      },
      ...runs.map((run, i) => ({
        type: "scatter3d",
        mode: "lines",
        name: run.label,
        x: shown.lifted[i].x.slice(0, ks[i] + 1),
        y: shown.lifted[i].y.slice(0, ks[i] + 1),
        z: shown.lifted[i].z.slice(0, ks[i] + 1),
        line: { color: colourOf(run), width: 6 },
        hovertemplate: `<b>${run.label}</b> step %{pointNumber}<br>(%{x:.4g}, %{y:.4g})<extra></extra>`,
        meta: { optimizer: run.optimizer }
      })),
      {
        type: "scatter3d",
        mode: "markers",
        name: "now",
        x: shown.lifted.map((p, i) => p.x[ks[i]]),
        y: shown.lifted.map((p, i) => p.y[ks[i]]),
        z: shown.lifted.map((p, i) => p.z[ks[i]]),
        marker: { size: 7, color: runs.map((r) => colourOf(r)), line: { color: "#ffffff", width: 1.5 } },
        hoverinfo: "skip",
        meta: { role: "heads" }
      },
      {
        type: "scatter3d",
        mode: "markers",
        name: "minimum",
        x: surface.minima.map((m) => m[0]),
        y: surface.minima.map((m) => m[1]),
        z: fmin.map((f3) => scale.t(f3) + raise),
        marker: { size: 5, symbol: "diamond", color: "#ffffff", line: { color: "#1b2733", width: 2 } },
        hovertemplate: "minimum (%{x:.4g}, %{y:.4g})<extra></extra>",
        meta: { role: "minima" }
      }
    ];
    const dx = surface.domain.x[1] - surface.domain.x[0];
    const dy = surface.domain.y[1] - surface.domain.y[0];
    const ratio = Math.min(2, Math.max(0.5, dy / dx));
    const axis2 = (title, range) => ({
      title: { text: title },
      range,
      backgroundcolor: "rgba(0,0,0,0)",
      gridcolor: cssVar2("--grid"),
      zerolinecolor: cssVar2("--line"),
      tickfont: { size: 10, color: ink },
      showspikes: false
    });
    const layout = {
      margin: { l: 0, r: 0, t: 0, b: 0 },
      paper_bgcolor: "rgba(0,0,0,0)",
      font: { family: cssVar2("--font"), color: cssVar2("--ink"), size: 12 },
      showlegend: true,
      legend: { x: 0.01, y: 0.98, bgcolor: "rgba(255,255,255,0.8)", font: { size: 12 } },
      hoverlabel: { font: { family: cssVar2("--font"), size: 12 } },
      uirevision: surface.id,
      scene: {
        xaxis: axis2("x", surface.domain.x),
        yaxis: axis2("y", surface.domain.y),
        zaxis: { ...axis2(scale.log ? "f (log)" : "f", [lo, hi + raise * 2]), ...scale.ticks ? { tickmode: "array", tickvals: scale.ticks.vals, ticktext: scale.ticks.text } : {} },
        aspectmode: "manual",
        aspectratio: { x: 1, y: ratio, z: 0.55 },
        camera: { eye: { x: -1.1, y: -1.3, z: 0.85 }, center: { x: 0, y: 0, z: -0.15 } },
        dragmode: "turntable"
      }
    };
    for (const t2 of traces.slice(1)) t2.showlegend = Boolean(t2.meta?.optimizer);
    await Plotly2.react(plot, traces, layout, PLOT_CONFIG);
    shown.step = step;
    status.textContent = t("Drag to rotate, scroll to zoom. The paths follow the step slider (step {step} of {steps}).", { step, steps: now.state.steps });
    status.classList.remove("ins-error");
  }
  function showStep(step) {
    if (!shown || shown.step === step || !plot.data) return;
    shown.step = step;
    const indices = [...shown.runs.map((_, i) => i + 1), shown.runs.length + 1];
    Plotly2.restyle(plot, pathUpdate(step), indices);
    status.textContent = t("Drag to rotate, scroll to zoom. The paths follow the step slider (step {step} of {steps}).", { step, steps: shown.state.steps });
  }
  return {
    id: "surface3d",
    label: "3D",
    title: "The surface as a rotatable 3D plot with each path lifted onto it, in step with the animation",
    working: "Building the 3D view…",
    panel,
    key(state) {
      const now = ctx.shownNow();
      return now ? `${now.result.id}|${now.state.surface}|${state.contours}|${JSON.stringify(now.request)}` : null;
    },
    async compute(state, signal) {
      await draw(state, signal);
    },
    onStep(state, change) {
      if (!shown) return;
      pending = Math.min(state.step, shown.state.steps);
      clearTimeout(frameTimer);
      const wait = change === Change.FRAME ? Math.max(0, lastFrame + FRAME_GAP_MS2 - performance.now()) : 0;
      frameTimer = setTimeout(() => {
        lastFrame = performance.now();
        showStep(pending);
      }, wait);
    },
    ...figureMethods(plot, status, () => shown = null, () => Plotly2 ?? globalThis.Plotly),
    exportCSV() {
      if (!shown) return;
      const rows = shown.runs.flatMap((run) => run.x.map((x, k) => [run.optimizer, k, x, run.y[k], run.loss[k]]));
      saveCSV(`optiscope-3d-${shown.state.surface}.csv`, ["optimizer", "step", "x", "y", "loss"], rows);
    },
    exportPNG() {
      if (shown) savePNG(`optiscope-3d-${shown.state.surface}.png`, plot, `${shown.surface.name} in 3D`, Plotly2);
    }
  };
}

// static/js/insights/sweep.js
var FLOOR = 1e-16;
var sig = (v) => Number(v.toPrecision(4));
function defaultRange(p) {
  return p.log ? [sig(Math.max(p.min, p.max * 1e-6)), p.max] : [p.min, p.max];
}
function sweepValues(p, lo, hi, n) {
  const [a, b] = [Math.max(p.min, Math.min(lo, hi)), Math.min(p.max, Math.max(lo, hi))];
  const log = p.log && a > 0;
  const values = Array.from({ length: n }, (_, i) => {
    const t2 = n === 1 ? 0 : i / (n - 1);
    const v = log ? 10 ** (Math.log10(a) + t2 * (Math.log10(b) - Math.log10(a))) : a + t2 * (b - a);
    return Math.min(p.max, Math.max(p.min, sig(v)));
  });
  return [...new Set(values)];
}
function createSweepTab(ctx) {
  const { decls, store, colourOf } = ctx;
  const plot = el("div", { class: "ins-plot ins-plot-wide", dataset: { testid: "insights-plot-sweep" }, role: "figure", "aria-label": "Final loss and steps to tolerance against the swept value, per optimizer" });
  const summary = el("div", { class: "ins-summary", dataset: { testid: "sweep-summary" } });
  const status = note("", { role: "status", dataset: { testid: "sweep-status" } });
  let shown = null;
  const param = control({
    kind: "select",
    label: "Sweep",
    testid: "sweep-param",
    title: "The hyperparameter to vary (each optimizer that has it is swept)",
    onChange: (v) => ctx.set({ param: v, lo: null, hi: null }, 0)
  });
  const lo = control({ kind: "number", label: "from", testid: "sweep-lo", title: "Smallest value tried (empty: from the parameter's declared range)", emptyOk: true, onChange: (v) => ctx.set({ lo: v }) });
  const hi = control({ kind: "number", label: "to", testid: "sweep-hi", title: "Largest value tried (empty: the parameter's declared maximum)", emptyOk: true, onChange: (v) => ctx.set({ hi: v }) });
  const count = control({ kind: "number", label: "values", testid: "sweep-n", title: "How many values to try, 2 to 256 (one batched run each)", attrs: { min: 2, max: 256, step: 1 }, onChange: (v) => ctx.set({ n: Math.round(v) }) });
  const eps = control({ kind: "number", label: "tolerance ε", testid: "sweep-eps", title: "A run has arrived at the first step where f − f* < ε (f* = the lowest listed minimum)", attrs: { min: 1e-12, max: 1e6 }, onChange: (v) => ctx.set({ eps: v }) });
  const panel = el(
    "div",
    {},
    el("div", { class: "ins-toolbar" }, param.field, lo.field, hi.field, count.field, eps.field),
    plot,
    el("div", { class: "ins-footer" }, status, summary)
  );
  function paramChoices(state) {
    const names = [];
    for (const run of state.runs) {
      for (const p of decls.optimizers.find((o) => o.id === run.optimizer).params.filter(isNumeric)) if (!names.includes(p.name)) names.push(p.name);
    }
    return names;
  }
  function declOf2(optimizer, name) {
    return decls.optimizers.find((o) => o.id === optimizer).params.find((p) => p.name === name);
  }
  const plan = (state) => planned(state).map((p) => p.body);
  function planned(state) {
    const s = ctx.settings();
    const name = paramChoices(state).includes(s.param) ? s.param : paramChoices(state)[0];
    const base = runRequest(state);
    return base.runs.flatMap((run, i) => declOf2(run.optimizer, name) ? [{ run, i }] : []).map(({ run, i }) => {
      const p = declOf2(run.optimizer, name);
      const [a, b] = defaultRange(p);
      const values = sweepValues(p, s.lo ?? a, s.hi ?? b, Math.max(2, Math.min(256, s.n)));
      const params = { ...run.params };
      delete params[name];
      return { run: i, body: { ...base, runs: [{ ...run, params }], sweep: { param: name, values }, tolerance: s.eps } };
    });
  }
  function currentShapes(state) {
    if (!shown) return [];
    return shown.answers.flatMap((a) => {
      const run = state.runs[a.run];
      const v = run?.optimizer === a.optimizer ? run.params[shown.param] : void 0;
      if (v === void 0) return [];
      return ["x", "x2"].map((xref) => ({
        type: "line",
        xref,
        yref: "paper",
        x0: v,
        x1: v,
        y0: 0,
        y1: 1,
        line: { color: colourOf(a), width: 1.5, dash: "dot" }
      }));
    });
  }
  function figure(state) {
    const { param: name, fstar, answers } = shown;
    const p = declOf2(answers[0].optimizer, name);
    const gap = (v) => fstar === null ? v : Math.max(v - fstar, FLOOR);
    const logY = fstar !== null;
    const finite2 = answers.flatMap((a) => a.final_loss.filter((v, i) => a.status[i] === "ok" && Number.isFinite(v)).map(gap));
    let top = finite2.length ? Math.max(...finite2) : 1;
    const bottom = finite2.length ? Math.min(...finite2) : 0;
    let lossRange2;
    if (logY) {
      lossRange2 = [Math.log10(bottom) - 0.4, Math.log10(top) + 0.9];
      top = 10 ** (Math.log10(top) + 0.55);
    } else {
      const pad = (top - bottom) * 0.08 || 1;
      lossRange2 = [bottom - pad, top + pad * 3];
      top += pad * 1.8;
    }
    const traces = [];
    const crosses = { x: [], y: [], x2: [], y2: [], colour: [], data: [] };
    const best = { x: [], y: [], x2: [], y2: [], colour: [], data: [], data2: [] };
    for (const a of answers) {
      const colour = colourOf(a);
      const label = a.label;
      const ok = a.values.map((_, i) => a.status[i] === "ok");
      traces.push({
        type: "scatter",
        mode: "lines+markers",
        name: label,
        legendgroup: String(a.run),
        showlegend: true,
        x: a.values,
        y: a.final_loss.map((v, i) => ok[i] ? gap(v) : null),
        customdata: a.values.map((v) => [a.run, v]),
        line: { color: colour, width: 2 },
        marker: { size: 5, color: colour },
        hovertemplate: `<b>${label}</b> ${name} = %{x:.4g}<br>${logY ? "f − f*" : "f"} = %{y:.3e}<br><i>click to load</i><extra></extra>`,
        meta: { optimizer: a.optimizer, role: "final-loss" }
      });
      traces.push({
        type: "scatter",
        mode: "lines+markers",
        name: label,
        legendgroup: String(a.run),
        showlegend: false,
        xaxis: "x2",
        yaxis: "y2",
        x: a.values,
        y: a.steps_to_tolerance.map((k, i) => ok[i] ? k : null),
        customdata: a.values.map((v) => [a.run, v]),
        line: { color: colour, width: 2 },
        marker: { size: 5, color: colour },
        hovertemplate: `<b>${label}</b> ${name} = %{x:.4g}<br>arrives at step %{y}<br><i>click to load</i><extra></extra>`,
        meta: { optimizer: a.optimizer, role: "steps" }
      });
      a.values.forEach((v, i) => {
        if (ok[i]) return;
        crosses.x.push(v);
        crosses.y.push(top);
        crosses.x2.push(v);
        crosses.y2.push(state.steps * 1.07);
        crosses.colour.push(colour);
        crosses.data.push([a.run, v]);
      });
      const okLoss = a.values.map((v, i) => [v, ok[i] ? gap(a.final_loss[i]) : Infinity]);
      const bestLoss = okLoss.reduce((m, c) => c[1] < m[1] ? c : m, [null, Infinity]);
      const okSteps = a.values.map((v, i) => [v, ok[i] && a.steps_to_tolerance[i] !== null ? a.steps_to_tolerance[i] : Infinity]);
      const bestSteps = okSteps.reduce((m, c) => c[1] < m[1] ? c : m, [null, Infinity]);
      a.best = { loss: bestLoss, steps: bestSteps };
      if (bestLoss[0] !== null) {
        best.x.push(bestLoss[0]);
        best.y.push(bestLoss[1]);
        best.colour.push(colour);
        best.data.push([a.run, bestLoss[0]]);
      }
      if (bestSteps[0] !== null) {
        best.x2.push(bestSteps[0]);
        best.y2.push(bestSteps[1]);
        best.data2.push([a.run, bestSteps[0], colour]);
      }
    }
    const cross = (xaxis, yaxis, x, y) => ({
      type: "scatter",
      mode: "markers",
      name: "diverged",
      x,
      y,
      xaxis,
      yaxis,
      customdata: crosses.data,
      showlegend: false,
      marker: { symbol: "x-thin-open", size: 9, line: { width: 2, color: crosses.colour }, color: crosses.colour },
      hovertemplate: `${name} = %{x:.4g}: <b>diverged</b><br><i>click to load</i><extra></extra>`,
      meta: { role: "diverged" }
    });
    traces.push(cross("x", "y", crosses.x, crosses.y), cross("x2", "y2", crosses.x2, crosses.y2));
    const star = (xaxis, yaxis, x, y, data, colour, what) => ({
      type: "scatter",
      mode: "markers",
      name: "best",
      x,
      y,
      xaxis,
      yaxis,
      customdata: data,
      showlegend: false,
      marker: { symbol: "star", size: 16, color: colour, line: { color: "#ffffff", width: 1.5 } },
      hovertemplate: `best ${what}: ${name} = %{x:.4g}<br><i>click to load</i><extra></extra>`,
      meta: { role: "best" }
    });
    traces.push(
      star("x", "y", best.x, best.y, best.data, best.colour, "final loss"),
      star("x2", "y2", best.x2, best.y2, best.data2, best.data2.map((d) => d[2]), "speed")
    );
    const xType = p.log ? "log" : "linear";
    const ink = cssVar2("--ink-soft");
    const layout = withAxes(baseLayout({
      margin: { l: 62, r: 14, t: 34, b: 46 },
      showlegend: true,
      legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom", font: { size: 12 } },
      shapes: currentShapes(state),
      annotations: [
        { xref: "x domain", yref: "y domain", x: 0.01, y: 0.99, showarrow: false, xanchor: "left", yanchor: "top", font: { size: 11, color: ink }, text: t("× diverged") },
        { xref: "x2 domain", yref: "y2 domain", x: 0.01, y: 0.99, showarrow: false, xanchor: "left", yanchor: "top", font: { size: 11, color: ink }, text: t("× diverged · gaps: never within ε") }
      ],
      uirevision: `${state.surface}/${name}`
    }), {
      xaxis: { domain: [0, 0.46], type: xType, title: { text: name, standoff: 4 }, exponentformat: "power" },
      yaxis: { type: logY ? "log" : "linear", range: lossRange2, exponentformat: "power", title: { text: logY ? t("final f − f*") : t("final f"), standoff: 4 } },
      xaxis2: { domain: [0.56, 1], type: xType, title: { text: name, standoff: 4 }, exponentformat: "power", anchor: "y2" },
      yaxis2: { anchor: "x2", range: [0, state.steps * 1.12], title: { text: t("steps until f − f* < {eps}", { eps: formatShort(ctx.settings().eps) }), standoff: 4 } }
    });
    return { traces, layout };
  }
  function describe() {
    const { param: name, answers } = shown;
    summary.replaceChildren(...answers.map((a) => {
      const label = a.label;
      const firstBad = a.values.find((v, i) => a.status[i] !== "ok" && (a.best.loss[0] === null || v > a.best.loss[0]));
      const parts = [
        a.best.loss[0] === null ? t("diverges everywhere") : t("lowest loss at {name} = {value}", { name, value: formatShort(a.best.loss[0]) }),
        a.best.steps[0] === null ? t("never within ε") : t("fastest at {value} ({n} steps)", { value: formatShort(a.best.steps[0]), n: a.best.steps[1] })
      ];
      if (firstBad !== void 0) parts.push(t("diverges from {value}", { value: formatShort(firstBad) }));
      return el("p", { class: "ins-summary-row" }, el("span", { class: "swatch", style: `--colour: ${colourOf(a)}` }), el("strong", {}, label), ` ${parts.join(" · ")}`);
    }));
  }
  let listening = false;
  function listen() {
    if (listening) return;
    listening = true;
    plot.on("plotly_click", (event) => {
      const point = event.points?.[0];
      const [run, value] = point?.customdata ?? [];
      const answer = shown?.answers.find((a) => a.run === run);
      if (!answer || !Number.isFinite(value) || store.get().runs[run]?.optimizer !== answer.optimizer) return;
      const name = shown.param;
      store.update(changeRun(run, (r) => ({ ...r, params: { ...r.params, [name]: value } })), Change.RUN);
      const label = answer.label;
      status.textContent = t("Loaded {label} {name} = {value} into the main view.", { label, name, value });
    });
  }
  return {
    id: "sweep",
    label: "Sweep",
    title: "Final loss and speed of each optimizer across a range of one hyperparameter (learning rate by default)",
    working: "Sweeping…",
    panel,
    key(state) {
      if (sceneProblem(state, decls)) return `problem:${sceneProblem(state, decls)}`;
      return JSON.stringify(plan(state));
    },
    async compute(state, signal, progress) {
      const problem = sceneProblem(state, decls);
      if (problem) {
        this.showError(problem);
        return;
      }
      const swept = planned(state);
      const requests = swept.map((p) => p.body);
      const labels = runLabels(state.runs, decls);
      if (!requests.length) {
        this.showError("No run's optimizer takes this parameter.");
        return;
      }
      const surface = ctx.surfaceOf(state);
      let finished = 0;
      progress(0, `Sweeping ${requests.length} run${requests.length > 1 ? "s" : ""} × ${requests[0].sweep.values.length} values…`);
      const [fstar, ...answers] = await Promise.all([
        fStar(surface, state),
        ...swept.map(({ run, body }) => postJSON("/api/sweep", body, signal).then((answer) => {
          finished += 1;
          progress(finished / requests.length, `Swept ${finished} of ${requests.length}`);
          return { optimizer: body.runs[0].optimizer, run, label: labels[run], ...answer };
        }))
      ]);
      if (signal.aborted) return;
      shown = { state, param: requests[0].sweep.param, fstar, answers };
      const { traces, layout } = figure(state);
      await Plotly.react(plot, traces, layout, PLOT_CONFIG);
      listen();
      describe();
      status.textContent = fstar === null ? t("This surface lists no minimum: the left plot shows the final f itself. Click a point to load its value.") : t("Click any point to load its value into the main view; dotted lines mark the current values.");
      status.classList.remove("ins-error");
    },
    ...figureMethods(plot, status, () => {
      shown = null;
      summary.replaceChildren();
    }),
    sync(state) {
      const s = ctx.settings();
      const names = paramChoices(state);
      const options = names.map((n) => el("option", { value: n }, n));
      if ([...param.input.options].map((o) => o.value).join() !== names.join()) param.input.replaceChildren(...options);
      param.set(names.includes(s.param) ? s.param : names[0] ?? "");
      const first = state.runs.map((r) => declOf2(r.optimizer, names.includes(s.param) ? s.param : names[0])).find(Boolean);
      const [a, b] = first ? defaultRange(first) : ["", ""];
      lo.input.placeholder = String(a);
      hi.input.placeholder = String(b);
      lo.set(s.lo ?? "");
      hi.set(s.hi ?? "");
      count.set(s.n);
      eps.set(s.eps);
      if (shown && plot.layout) {
        const shapes = currentShapes(state);
        if (JSON.stringify(shapes) !== JSON.stringify(plot.layout.shapes ?? [])) Plotly.relayout(plot, { shapes });
      }
    },
    exportCSV() {
      if (!shown) return;
      const rows = shown.answers.flatMap((a) => a.values.map((v, i) => [a.optimizer, shown.param, v, a.final_loss[i], a.steps_to_tolerance[i], a.status[i]]));
      saveCSV(`optiscope-sweep-${shown.state.surface}-${shown.param}.csv`, ["optimizer", "param", "value", "final_loss", "steps_to_tolerance", "status"], rows);
    },
    exportPNG() {
      if (shown) savePNG(`optiscope-sweep-${shown.state.surface}-${shown.param}.png`, plot, `${ctx.surfaceOf(shown.state).name}: sweep of ${shown.param}`);
    }
  };
}

// static/js/insights.js
var DEFAULT_SETTINGS = Object.freeze({
  tab: "sweep",
  param: "lr",
  // swept hyperparameter
  lo: null,
  // sweep range; null: from the parameter's declaration
  hi: null,
  n: 64,
  eps: 1e-3,
  // tolerance of "finished": f − f* < eps
  criterion: "loss",
  // "loss" (f − f* < eps) or "distance" (nearest minimum < delta)
  delta: 0.05,
  bopt: "",
  // basin map run, by its tag (runs.runTag; "" = the first run)
  bn: 60,
  br: 0.05
});
var SCENE_DEBOUNCE_MS = 350;
var SETTING_DEBOUNCE_MS = 200;
var PROGRESS_AFTER_MS = 100;
function decodeHash(hash) {
  const q = new URLSearchParams(hash.replace(/^#/, ""));
  const out = { ...DEFAULT_SETTINGS };
  if (q.has("insights")) out.tab = q.get("insights");
  for (const [key, value] of q) {
    if (!(key in DEFAULT_SETTINGS) || key === "tab") continue;
    const kind = typeof DEFAULT_SETTINGS[key];
    if (kind === "string") out[key] = value;
    else if (value !== "" && Number.isFinite(Number(value))) out[key] = Number(value);
  }
  return out;
}
function encodeHash(settings, touched) {
  if (!touched) return "";
  const fields = [["insights", settings.tab]];
  for (const [key, value] of Object.entries(settings)) {
    if (key !== "tab" && value !== DEFAULT_SETTINGS[key] && value !== null) fields.push([key, String(value)]);
  }
  return `#${fields.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&")}`;
}
function progressBar() {
  const bar = el("div", { class: "ins-bar" }, el("div", { class: "ins-bar-fill" }));
  const text = el("span", { class: "ins-progress-text" });
  const box = el("div", { class: "ins-progress", role: "progressbar", "aria-label": "Computing", hidden: true, dataset: { testid: "insights-progress" } }, bar, text);
  let timer = null;
  return {
    box,
    start() {
      clearTimeout(timer);
      timer = setTimeout(() => box.hidden = false, PROGRESS_AFTER_MS);
    },
    set(fraction, message) {
      box.classList.toggle("indeterminate", fraction === null);
      bar.firstChild.style.width = fraction === null ? "" : `${Math.round(fraction * 100)}%`;
      if (fraction === null) box.removeAttribute("aria-valuenow");
      else box.setAttribute("aria-valuenow", String(Math.round(fraction * 100)));
      text.textContent = message ?? "";
    },
    stop() {
      clearTimeout(timer);
      box.hidden = true;
    }
  };
}
var ICONS2 = {
  sweep: "M1.5 3c2 9 4 11 6.5 11s4.5-3 6.5-11",
  race: "M3.5 14.5v-13M3.5 2h9l-2 3 2 3h-9",
  basins: "M2 2h5v5H2zM9 2h5v5H9zM2 9h5v5H2zM9 9h5v5H9z",
  surface3d: "M8 1.5l6 3.3v6.4l-6 3.3-6-3.3V4.8zM8 8l6-3.2M8 8v6.5M8 8L2 4.8",
  schedule: "M1.5 1.5v13h13M3.5 3.5c3 0 4 8 11 8.5"
};
function tabIcon(id) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", "ins-tab-icon");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", ICONS2[id] ?? "");
  svg.append(path);
  return svg;
}
function buildTabs(tabs, onPick) {
  const buttons = tabs.map((tab) => {
    const b = el("button", {
      type: "button",
      role: "tab",
      id: `insights-tab-${tab.id}`,
      class: "ins-tab",
      title: tab.title,
      "aria-controls": `insights-panel-${tab.id}`,
      dataset: { testid: `insights-tab-${tab.id}` }
    }, tabIcon(tab.id), t(tab.label));
    b.addEventListener("click", () => onPick(tab.id, false));
    return b;
  });
  const list = el("div", { class: "ins-tabs", role: "tablist", "aria-label": t("Insight views") }, buttons);
  list.addEventListener("keydown", (event) => {
    const at = buttons.indexOf(document.activeElement);
    if (at < 0) return;
    const moves = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: buttons.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = (moves[event.key] + buttons.length) % buttons.length;
    buttons[next].focus();
    onPick(tabs[next].id, true);
  });
  return {
    list,
    select(id) {
      buttons.forEach((b, i) => {
        const on = tabs[i].id === id;
        b.setAttribute("aria-selected", String(on));
        b.tabIndex = on ? 0 : -1;
      });
    }
  };
}
function mountInsights(root, { decls, store, colourOf, shown }) {
  let settings = decodeHash(window.location.hash);
  let touched = window.location.hash.includes("insights=");
  const surfaceOf2 = (state) => decls.surfaces.find((s) => s.id === state.surface);
  const progress = progressBar();
  const ctx = {
    decls,
    store,
    colourOf,
    surfaceOf: surfaceOf2,
    /** The shown result when it is the latest state's (the main view is ready), else null. */
    shownNow: () => document.body.dataset.state === "ready" ? shown() : null,
    settings: () => settings,
    set(patch, delay = SETTING_DEBOUNCE_MS) {
      settings = { ...settings, ...patch };
      touched = true;
      writeHash();
      syncAll();
      refresh(delay);
    }
  };
  const tabs = [createSweepTab(ctx), createRaceTab(ctx), createBasinsTab(ctx), createSurfaceTab(ctx), createScheduleTab(ctx)];
  if (!tabs.some((t2) => t2.id === settings.tab)) settings = { ...settings, tab: DEFAULT_SETTINGS.tab };
  const tabOf = (id) => tabs.find((t2) => t2.id === id);
  const tabStrip = buildTabs(tabs, (id) => {
    settings = { ...settings, tab: id };
    touched = true;
    writeHash();
    showTab();
    refresh(0);
  });
  const csv = el("button", { type: "button", class: "button", title: "Download the numbers behind this view as CSV", dataset: { testid: "insights-csv" } }, "CSV");
  const png = el("button", { type: "button", class: "button", title: "Download this view's figure as a PNG image", dataset: { testid: "insights-png" } }, "PNG");
  csv.addEventListener("click", () => tabOf(settings.tab).exportCSV());
  png.addEventListener("click", () => tabOf(settings.tab).exportPNG());
  const panels = tabs.map((tab) => {
    tab.panel.setAttribute("role", "tabpanel");
    tab.panel.id = `insights-panel-${tab.id}`;
    tab.panel.setAttribute("aria-labelledby", `insights-tab-${tab.id}`);
    tab.panel.dataset.testid = `insights-panel-${tab.id}`;
    tab.panel.classList.add("ins-panel");
    tab.panel.tabIndex = 0;
    return tab.panel;
  });
  root.classList.add("panel", "insights");
  root.setAttribute("aria-labelledby", "insights-heading");
  root.dataset.testid = "insights";
  root.append(
    el(
      "div",
      { class: "ins-head" },
      el(
        "div",
        { class: "ins-title" },
        el("h2", { id: "insights-heading" }, t("Insights")),
        el("p", { class: "ins-subtitle" }, t("The current scene from other angles. Each view follows the settings above."))
      ),
      tabStrip.list,
      el("div", { class: "ins-actions", role: "group", "aria-label": t("Export this view") }, csv, png)
    ),
    progress.box,
    ...panels
  );
  let visible = false;
  let timer = null;
  let inflight = null;
  const done = /* @__PURE__ */ new Map();
  const setStatus = (status) => {
    root.dataset.state = status;
    root.setAttribute("aria-busy", String(status === "busy"));
  };
  function refresh(delay) {
    if (visible) setStatus("busy");
    clearTimeout(timer);
    timer = setTimeout(compute, delay);
  }
  async function compute() {
    timer = null;
    const tab = tabOf(settings.tab);
    if (!visible) {
      if (done.get(tab.id) !== tab.key(store.get())) setStatus("idle");
      return;
    }
    const state = store.get();
    const key = tab.key(state);
    if (key === null) {
      setStatus("busy");
      return;
    }
    if (key === done.get(tab.id)) {
      if (!inflight) setStatus(tab.failed ? "error" : "ready");
      return;
    }
    if (inflight?.key === key && inflight.tab === tab) return;
    inflight?.controller.abort();
    const controller = new AbortController();
    const job = { tab, key, controller };
    inflight = job;
    setStatus("busy");
    progress.set(null, tab.working ?? "Computing…");
    progress.start();
    try {
      tab.failed = false;
      await tab.compute(state, controller.signal, (fraction, text) => progress.set(fraction, text));
      if (controller.signal.aborted) return;
      done.set(tab.id, key);
    } catch (error) {
      if (isAbort(error) || controller.signal.aborted) return;
      done.set(tab.id, key);
      tab.failed = true;
      tab.showError(String(error.message ?? error));
    } finally {
      if (inflight === job) {
        inflight = null;
        progress.stop();
        const current = tabOf(settings.tab);
        if (current === tab) setStatus(tab.failed ? "error" : "ready");
        if (current !== tab || key !== tab.key(store.get())) refresh(0);
      }
    }
  }
  function showTab() {
    tabStrip.select(settings.tab);
    root.dataset.tab = settings.tab;
    for (const tab2 of tabs) tab2.panel.hidden = tab2.id !== settings.tab;
    const tab = tabOf(settings.tab);
    requestAnimationFrame(() => tab.resize());
    if (tab.onStep) tab.onStep(store.get(), Change.STEP);
  }
  function syncAll() {
    stale = false;
    const state = store.get();
    for (const tab of tabs) tab.sync?.(state);
  }
  let stale = false;
  let syncFrame = null;
  function syncSoon() {
    stale = true;
    if (visible && syncFrame === null) {
      syncFrame = requestAnimationFrame(() => {
        syncFrame = null;
        if (stale) syncAll();
      });
    }
  }
  let hashTimer = null;
  function writeHash() {
    const hash = encodeHash(settings, touched);
    if (hash === window.location.hash || !hash && !window.location.hash) return;
    window.history.replaceState(null, "", `${window.location.pathname}${window.location.search}${hash}`);
  }
  const keepHash = () => {
    if (hashTimer === null) {
      hashTimer = setTimeout(() => {
        hashTimer = null;
        writeHash();
      }, 250);
    }
  };
  window.addEventListener("hashchange", () => {
    settings = decodeHash(window.location.hash);
    touched = true;
    showTab();
    syncAll();
    refresh(0);
  });
  store.subscribe((state, change) => {
    keepHash();
    const tab = tabOf(settings.tab);
    if (change === Change.FRAME || change === Change.STEP) {
      if (visible && tab.onStep) tab.onStep(state, change);
      if (change === Change.FRAME) return;
    }
    if (change === Change.PLAYER) return;
    syncSoon();
    if (change !== Change.STEP) refresh(change === Change.RUN ? SCENE_DEBOUNCE_MS : 0);
  });
  new PerformanceObserver((list) => {
    if (list.getEntries().some((e) => e.name === "optiscope:drawn")) refresh(0);
  }).observe({ type: "mark" });
  new IntersectionObserver((entries) => {
    visible = entries.some((e) => e.isIntersecting);
    if (visible && stale) syncAll();
    if (visible) refresh(0);
  }).observe(root);
  new ResizeObserver(() => requestAnimationFrame(() => tabOf(settings.tab).resize())).observe(root);
  syncAll();
  showTab();
  setStatus("idle");
  if (touched) requestAnimationFrame(() => root.scrollIntoView({ block: "start" }));
}

// static/js/gif.js
var BUCKETS = 1 << 15;
var bucketOf = (r, g, b) => r >> 3 << 10 | g >> 3 << 5 | b >> 3;
function buildPalette(frames2) {
  const counts = new Uint32Array(BUCKETS);
  const sums = new Float64Array(BUCKETS * 3);
  for (const { data } of frames2) {
    for (let i = 0; i < data.length; i += 8) {
      const k = bucketOf(data[i], data[i + 1], data[i + 2]);
      counts[k] += 1;
      sums[3 * k] += data[i];
      sums[3 * k + 1] += data[i + 1];
      sums[3 * k + 2] += data[i + 2];
    }
  }
  const used = [];
  for (let k = 0; k < BUCKETS; k += 1) if (counts[k]) used.push(k);
  used.sort((a, b) => counts[b] - counts[a]);
  const colours = used.slice(0, 131).map((k) => [0, 1, 2].map((c) => Math.round(sums[3 * k + c] / counts[k])));
  const levels = [0, 64, 128, 191, 255];
  for (const r of levels) for (const g of levels) for (const b of levels) colours.push([r, g, b]);
  const palette = new Uint8Array(256 * 3);
  colours.forEach((rgb2, i) => {
    palette.set(rgb2, 3 * i);
  });
  const chosen = colours;
  const lookup = new Uint8Array(BUCKETS);
  for (let k = 0; k < BUCKETS; k += 1) {
    const r = (k >> 10 << 3) + 4, g = ((k >> 5 & 31) << 3) + 4, b = ((k & 31) << 3) + 4;
    let best = 0, bestDistance = Infinity;
    for (let i = 0; i < chosen.length; i += 1) {
      const d = (palette[3 * i] - r) ** 2 + (palette[3 * i + 1] - g) ** 2 + (palette[3 * i + 2] - b) ** 2;
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    lookup[k] = best;
  }
  return { palette, lookup };
}
function writeLzw(out, indices, minCodeSize = 8) {
  const clear = 1 << minCodeSize, eoi = clear + 1;
  let codeSize = minCodeSize + 1, next = eoi + 1, table = /* @__PURE__ */ new Map();
  let block = [], bits = 0, cur = 0;
  const flush = () => {
    out.push(block.length, ...block);
    block = [];
  };
  const emit = (code) => {
    cur |= code << bits;
    bits += codeSize;
    while (bits >= 8) {
      block.push(cur & 255);
      cur >>>= 8;
      bits -= 8;
      if (block.length === 255) flush();
    }
  };
  out.push(minCodeSize);
  emit(clear);
  let prefix = indices[0];
  for (let i = 1; i < indices.length; i += 1) {
    const k = indices[i];
    const key = prefix * 256 + k;
    const code = table.get(key);
    if (code !== void 0) {
      prefix = code;
      continue;
    }
    emit(prefix);
    if (next === 4096) {
      emit(clear);
      table = /* @__PURE__ */ new Map();
      next = eoi + 1;
      codeSize = minCodeSize + 1;
    } else {
      if (next >= 1 << codeSize) codeSize += 1;
      table.set(key, next);
      next += 1;
    }
    prefix = k;
  }
  emit(prefix);
  emit(eoi);
  if (bits > 0) block.push(cur & 255);
  if (block.length) flush();
  out.push(0);
}
var u16 = (v) => [v & 255, v >> 8 & 255];
async function encodeGif(frames2, { delayMs = 80, onProgress = () => {
} } = {}) {
  const { width, height } = frames2[0];
  const { palette, lookup } = buildPalette(frames2);
  const out = [..."GIF89a"].map((c) => c.charCodeAt(0));
  out.push(...u16(width), ...u16(height), 247, 0, 0, ...palette);
  out.push(33, 255, 11, ..."NETSCAPE2.0".split("").map((c) => c.charCodeAt(0)), 3, 1, 0, 0, 0);
  const indices = new Uint8Array(width * height);
  for (let f3 = 0; f3 < frames2.length; f3 += 1) {
    const { data } = frames2[f3];
    for (let p = 0; p < indices.length; p += 1) {
      indices[p] = lookup[bucketOf(data[4 * p], data[4 * p + 1], data[4 * p + 2])];
    }
    out.push(33, 249, 4, 0, ...u16(Math.round(delayMs / 10)), 0, 0);
    out.push(44, 0, 0, 0, 0, ...u16(width), ...u16(height), 0);
    writeLzw(out, indices);
    onProgress(f3 + 1, frames2.length);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  out.push(59);
  return Uint8Array.from(out);
}

// static/js/labkit.js
var DRAWN = "optiscope:drawn";
function followScene({ store, shown, keyOf, load, onShown, onIdle = () => {
}, onStatus, delay = 200 }) {
  const cache = /* @__PURE__ */ new Map();
  let inflight = null;
  let timer = null;
  function check() {
    const now = shown();
    const key = now && keyOf(now.state);
    if (!key || !cache.has(key)) return;
    onShown(cache.get(key), now.result);
    if (key === keyOf(store.get()) && !inflight && timer === null) onStatus("ready");
  }
  async function start(key) {
    timer = null;
    if (keyOf(store.get()) !== key) return;
    inflight?.controller.abort();
    const job = { key, controller: new AbortController() };
    inflight = job;
    try {
      const data = await load(store.get(), job.controller.signal);
      cache.set(key, data);
      if (cache.size > 4) cache.delete(cache.keys().next().value);
      if (inflight === job) inflight = null;
      check();
    } catch (error) {
      if (job.controller.signal.aborted) return;
      if (inflight === job) inflight = null;
      onStatus("error", String(error.message ?? error));
    }
  }
  function refresh() {
    clearTimeout(timer);
    timer = null;
    const key = keyOf(store.get());
    if (key === null) {
      inflight?.controller.abort();
      inflight = null;
      onStatus("idle");
      onIdle();
      return;
    }
    if (cache.has(key)) {
      onStatus("busy");
      check();
      return;
    }
    if (inflight?.key === key) return;
    inflight?.controller.abort();
    inflight = null;
    onStatus("busy");
    timer = setTimeout(() => start(key), delay);
  }
  new PerformanceObserver((list) => {
    if (list.getEntries().some((e) => e.name === DRAWN)) check();
  }).observe({ type: "mark" });
  return { refresh };
}
function progressBar2(label, testid) {
  const fill = el("div", { class: "lab-bar-fill" });
  const text = el("span", { class: "lab-progress-text" });
  const box = el(
    "div",
    { class: "lab-progress", role: "progressbar", "aria-label": label, hidden: true, dataset: { testid } },
    el("div", { class: "lab-bar" }, fill),
    text
  );
  return {
    box,
    /** `fraction` null: indeterminate. */
    set(fraction, message) {
      box.hidden = false;
      box.classList.toggle("indeterminate", fraction === null);
      fill.style.width = fraction === null ? "" : `${Math.round(fraction * 100)}%`;
      if (fraction === null) box.removeAttribute("aria-valuenow");
      else box.setAttribute("aria-valuenow", String(Math.round(fraction * 100)));
      text.textContent = message;
    },
    hide: () => box.hidden = true
  };
}

// static/js/animation.js
var FRAMES = 40;
var SECONDS = 4;
var nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
function loadImage(url) {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error("a frame did not render"));
    image.src = url;
  });
}
var Cancelled = class extends Error {
};
function mountAnimation(root, { store, view, player, mainEl, toast: toast2 }) {
  const button = el("button", {
    type: "button",
    class: "button",
    dataset: { testid: "export-gif" },
    title: t("Download the main view's animation as an animated GIF ({n} frames)", { n: FRAMES })
  }, "GIF");
  const progress = progressBar2("Recording the GIF", "gif-progress-bar");
  const cancel = el("button", { type: "button", class: "button", title: "Stop recording", dataset: { testid: "gif-cancel" } }, "Cancel");
  const panel = el(
    "div",
    { class: "lab-float", role: "status", "aria-label": "GIF export", hidden: true, dataset: { testid: "gif-progress" } },
    el("strong", {}, "Recording GIF"),
    progress.box,
    cancel
  );
  document.body.append(panel);
  root.append(button);
  let job = null;
  cancel.addEventListener("click", () => {
    if (job) job.cancelled = true;
  });
  button.addEventListener("click", () => {
    if (job) job.cancelled = true;
    else record();
  });
  function show(done, total, what) {
    progress.set(done / total, `${what} ${done} / ${total}`);
  }
  async function capture(width, height, context) {
    const image = await loadImage(await view.mainImage({ width, height }));
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, width, height);
    context.drawImage(image, 0, 0, width, height);
    return { width, height, data: context.getImageData(0, 0, width, height).data };
  }
  async function record() {
    player.stop();
    const current = { cancelled: false };
    job = current;
    const before = store.get();
    const n = Math.min(FRAMES, before.steps + 1);
    const width = Math.round(mainEl.clientWidth);
    const height = Math.round(mainEl.clientHeight);
    const canvas = el("canvas", { width, height });
    const context = canvas.getContext("2d", { willReadFrequently: true });
    const stopOnChange = store.subscribe((_, change) => {
      if (change === Change.RUN || change === Change.VIEW) current.cancelled = true;
    });
    panel.hidden = false;
    button.textContent = "Stop GIF";
    button.setAttribute("aria-pressed", "true");
    const check = () => {
      if (current.cancelled) throw new Cancelled();
    };
    try {
      const frames2 = [];
      for (let i = 0; i < n; i++) {
        check();
        show(i, n, "frame");
        store.update({ step: Math.round(i * before.steps / Math.max(1, n - 1)) }, Change.STEP);
        await nextFrame();
        check();
        frames2.push(await capture(width, height, context));
        show(i + 1, n, "frame");
      }
      const delayMs = Math.max(40, Math.min(200, Math.round(SECONDS * 1e3 / n / 10) * 10));
      const bytes = await encodeGif(frames2, { delayMs, onProgress: (done, total) => {
        check();
        show(done, total, "encoding frame");
      } });
      download("optiscope.gif", bytes, "image/gif");
      toast2(`GIF saved: optiscope.gif (${n} frames, ${width}×${height})`);
    } catch (error) {
      if (!(error instanceof Cancelled)) toast2(`No GIF: ${error.message ?? error}`);
    } finally {
      stopOnChange();
      job = null;
      panel.hidden = true;
      progress.hide();
      button.textContent = "GIF";
      button.removeAttribute("aria-pressed");
      if (store.get().steps === before.steps) store.update({ step: before.step }, Change.STEP);
    }
  }
}

// static/js/plot/axisoverlay.js
var CONFIG2 = { ...PRIVATE, staticPlot: true, displayModeBar: false };
var CLEAR = "rgba(0,0,0,0)";
function createAxisOverlay(gd, { under = false } = {}) {
  const div = document.createElement("div");
  div.className = under ? "plot-axes under" : "plot-axes";
  div.setAttribute("aria-hidden", "true");
  gd.after(div);
  let given2 = null;
  let drawn = "";
  function layoutNow() {
    const full = gd._fullLayout;
    if (!given2 || !full?.xaxis || !full.yaxis) return null;
    const axis2 = (name) => ({
      ...given2[name],
      visible: true,
      type: full[name].type,
      domain: [...full[name].domain],
      range: [...full[name].range],
      autorange: false,
      fixedrange: true,
      scaleanchor: void 0,
      scaleratio: void 0,
      constrain: void 0
    });
    return {
      width: full.width,
      height: full.height,
      autosize: false,
      margin: given2.margin,
      font: given2.font,
      paper_bgcolor: CLEAR,
      plot_bgcolor: CLEAR,
      showlegend: false,
      xaxis: axis2("xaxis"),
      yaxis: axis2("yaxis")
    };
  }
  let listening = false;
  function sync() {
    if (!listening && gd.on) {
      listening = true;
      gd.on("plotly_relayouting", () => sync());
      gd.on("plotly_relayout", () => sync());
    }
    const layout = layoutNow();
    if (!layout) return Promise.resolve();
    const key = JSON.stringify(layout);
    if (key === drawn) return Promise.resolve();
    drawn = key;
    Object.assign(div.style, { width: `${layout.width}px`, height: `${layout.height}px` });
    return Plotly.react(div, [], layout, CONFIG2);
  }
  return {
    /** `layout` for gd with its axes hidden; remembers how they should look for `sync`. */
    hide(layout) {
      given2 = { xaxis: layout.xaxis, yaxis: layout.yaxis, margin: layout.margin, font: layout.font };
      return { ...layout, xaxis: { ...layout.xaxis, visible: false }, yaxis: { ...layout.yaxis, visible: false } };
    },
    sync,
    remove() {
      Plotly.purge(div);
      div.remove();
    }
  };
}
function withAxesShown(layout) {
  return { ...layout, xaxis: { ...layout.xaxis, visible: true }, yaxis: { ...layout.yaxis, visible: true } };
}

// static/js/plot/headlabels.js
var FONT_SIZE = 11;
var LINE = 15;
var CHAR = 6.3;
var GAP = 9;
function placeLabels(items, box, widthOf = (text) => text.length * CHAR) {
  const placed = [];
  const order = items.map((_, i) => i).sort((a, b) => items[a].py - items[b].py);
  const out = new Array(items.length);
  for (const i of order) {
    const { px, py, text } = items[i];
    const width = widthOf(text) + 6;
    const right = px + GAP + width > box.right;
    const span2 = right ? [px - GAP - width, px - GAP] : [px + GAP, px + GAP + width];
    let y = py;
    for (let moved = true; moved; ) {
      moved = false;
      for (const q of placed) {
        const below = q.y + LINE;
        if (below > y + 0.01 && q.y < y + LINE - 0.01 && q.span[0] < span2[1] && span2[0] < q.span[1]) {
          y = below;
          moved = true;
        }
      }
    }
    placed.push({ y, span: span2 });
    out[i] = { x: right ? span2[1] : span2[0], y, anchor: right ? "right" : "left" };
  }
  return out;
}
function pixelMap(gd, layout, size) {
  const xa = gd._fullLayout?.xaxis;
  const ya = gd._fullLayout?.yaxis;
  if (xa?._length && ya?._length) {
    return {
      px: (x) => xa._offset + xa.l2p(x),
      py: (y) => ya._offset + ya.l2p(y),
      box: { left: xa._offset, right: xa._offset + xa._length, top: ya._offset, bottom: ya._offset + ya._length }
    };
  }
  const { l, r, t: t2, b } = layout.margin;
  const [x0, x1] = layout.xaxis.range;
  const [y0, y1] = layout.yaxis.range;
  const w = size.width - l - r;
  const h = size.height - t2 - b;
  const scale = Math.min(w / (x1 - x0), h / (y1 - y0));
  const left = l + (w - (x1 - x0) * scale) / 2;
  const top = t2 + (h - (y1 - y0) * scale) / 2;
  return {
    px: (x) => left + (x - x0) * scale,
    py: (y) => top + (y1 - y) * scale,
    box: { left, right: left + (x1 - x0) * scale, top, bottom: top + (y1 - y0) * scale }
  };
}
var inside2 = (box, px, py) => px >= box.left && px <= box.right && py >= box.top && py <= box.bottom;
function labelAnnotations(heads, map) {
  const shown = heads.filter((h) => inside2(map.box, map.px(h.x), map.py(h.y)));
  const spots = placeLabels(shown.map((h) => ({ px: map.px(h.x), py: map.py(h.y), text: h.text })), map.box);
  return shown.map((h, i) => ({
    x: h.x,
    y: h.y,
    xref: "x",
    yref: "y",
    text: h.text,
    showarrow: false,
    xanchor: spots[i].anchor,
    yanchor: "middle",
    xshift: spots[i].x - map.px(h.x),
    yshift: map.py(h.y) - spots[i].y,
    font: { size: FONT_SIZE, color: h.colour },
    bgcolor: "rgba(255,255,255,0.85)",
    borderpad: 1,
    name: "head-label",
    captureevents: false
  }));
}
function drawLabelsOnCanvas(ctx, heads, box, font) {
  const shown = heads.filter((h) => inside2(box, h.px, h.py));
  ctx.font = `${FONT_SIZE}px ${font}`;
  const spots = placeLabels(shown, box, (text) => ctx.measureText(text).width);
  ctx.textBaseline = "middle";
  shown.forEach((h, i) => {
    const { x, y, anchor } = spots[i];
    const width = ctx.measureText(h.text).width;
    const left = anchor === "left" ? x : x - width;
    ctx.fillStyle = "rgba(255,255,255,0.85)";
    ctx.fillRect(left - 2, y - LINE / 2 + 1, width + 4, LINE - 2);
    ctx.fillStyle = h.colour;
    ctx.fillText(h.text, left, y);
  });
  return shown.map((h, i) => {
    const { x, y, anchor } = spots[i];
    const width = ctx.measureText(h.text).width;
    return { text: h.text, x: Math.round(anchor === "left" ? x : x - width), y: Math.round(y), width: Math.round(width) };
  });
}

// static/js/plot/common.js
var CLEAR2 = "rgba(0,0,0,0)";
var NO_OVERFLOW_CHECK = { ticklabeloverflow: "allow" };
var themeCache = /* @__PURE__ */ new Map();
var cssVar3 = (name) => {
  if (!themeCache.has(name)) themeCache.set(name, getComputedStyle(document.documentElement).getPropertyValue(name).trim());
  return themeCache.get(name);
};
function formatNumber(v) {
  if (v === null || v === void 0 || !Number.isFinite(v)) return "–";
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2).replace("e+", "e");
  return String(Number(v.toPrecision(4)));
}
var colourOfRun = (run) => runStyle(run.run).colour;
var last = (run, step) => Math.min(step, run.x.length - 1);
var ended = (run, step) => run.status === "diverged" && step >= run.x.length - 1;

// static/js/plot/redraw.js
var PLOT_CONFIG2 = {
  ...PRIVATE,
  displayModeBar: "hover",
  modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "toImage"],
  doubleClick: "reset",
  showTips: false
};
var LOSS_CONFIG = { ...PLOT_CONFIG2, displayModeBar: false };
var SYNC_MS = 250;
var boxes = /* @__PURE__ */ new WeakMap();
var sizeOf = (gd) => boxes.get(gd) ?? { width: gd.clientWidth, height: gd.clientHeight };
var forgetBox = (gd) => boxes.delete(gd);
var sized = (gd, layout) => ({ ...layout, autosize: false, ...sizeOf(gd) });
function fitToBox(gd) {
  const box = { width: Math.round(gd.clientWidth), height: Math.round(gd.clientHeight) };
  const old = boxes.get(gd);
  if (old && old.width === box.width && old.height === box.height) return null;
  boxes.set(gd, box);
  if (!gd._fullLayout) return null;
  return Plotly.relayout(gd, box);
}
var given = /* @__PURE__ */ new WeakMap();
function react(gd, data, layout, config) {
  const key = JSON.stringify(layout);
  const last2 = given.get(gd);
  given.set(gd, { key, config });
  const fresh = !last2 || !gd._fullLayout;
  const newConfig = fresh || last2.config !== config ? config : void 0;
  if (newConfig || last2.key !== key) return Plotly.react(gd, data, layout, newConfig);
  return Plotly.react(gd, data, gd.layout);
}
var sameTrace = (a, b) => a.type === b.type && a.meta?.optimizer === b.meta?.optimizer && a.meta?.role === b.meta?.role;
function handOver(gd, data, layout, config) {
  const last2 = given.get(gd);
  const held2 = gd.data;
  if (!last2 || !gd._fullLayout || last2.config !== config || !held2 || held2.length !== data.length) return false;
  if (!data.every((t2, i) => sameTrace(t2, held2[i])) || last2.key !== JSON.stringify(layout)) return false;
  gd.data = data;
  return true;
}
var forgetLayout = (gd) => given.delete(gd);
function createRedraw(fast) {
  const stale = /* @__PURE__ */ new Set();
  let syncTimer = 0;
  function syncLater() {
    clearTimeout(syncTimer);
    syncTimer = setTimeout(() => {
      if (fast()) return;
      for (const gd of stale) if (gd._fullLayout) Plotly.react(gd, gd.data, gd.layout);
      stale.clear();
    }, SYNC_MS);
  }
  return {
    /** Hand `data` to gd without a Plotly call if that is enough (see handOver); Plotly catches up later. */
    handOver(gd, data, layout, config) {
      if (!handOver(gd, data, layout, config)) return false;
      stale.add(gd);
      syncLater();
      return true;
    },
    /** Draw with Plotly now. */
    react(gd, data, layout, config) {
      stale.delete(gd);
      return react(gd, data, layout, config);
    }
  };
}

// static/js/plot/images.js
function inked(trace) {
  if (trace.meta?.optimizer && Number.isInteger(trace.meta.run)) return { ...trace, line: { ...trace.line, color: runStyle(trace.meta.run).colour } };
  if (trace.meta?.ink) return { ...trace, ...trace.meta.ink };
  if (trace.meta?.role !== "heads") return trace;
  const colours = (trace.meta.runs ?? []).map((i) => runStyle(i).colour);
  return { ...trace, marker: { ...trace.marker, color: colours, line: { color: "#ffffff", width: 2 } } };
}
var groundOf = (scene) => scene?.surface.plane ? cssVar3("--grid") : cssVar3("--surface-0");
var sceneTitle = (scene) => `${scene.surface.name}: ${scene.surface.formula}`;
var headsAt = (runs, step) => runs.filter((r) => !ended(r, step)).map((r) => ({
  x: r.x[last(r, step)],
  y: r.y[last(r, step)],
  text: r.label,
  colour: colourOfRun(r)
}));
var headLabels = (gd, scene, layout) => labelAnnotations(headsAt(scene.result.runs, scene.step), pixelMap(gd, layout, sizeOf(gd)));
function mainImage(gd, scene, { width, height }) {
  const keyed = scene?.layout !== "split";
  const data = gd.data.map((t2) => ({ ...inked(t2), ...keyed && t2.meta?.role === "surface" ? { showscale: true } : {} }));
  const layout = withAxesShown(gd.layout);
  const title = { text: sceneTitle(scene), font: { size: 13 }, x: 0.02, y: 0.985 };
  const annotations = [...layout.annotations ?? [], ...headLabels(gd, scene, layout)];
  return Plotly.toImage({ data, layout: { ...layout, annotations, title, plot_bgcolor: groundOf(scene), margin: { ...layout.margin, t: 30 } } }, { format: "png", width, height });
}
function snapshot(gd, scene, { data, layout }) {
  const w = gd.clientWidth;
  const h = gd.clientHeight;
  return Plotly.toImage(
    {
      data: data.map(inked).map((t2) => t2.meta?.optimizer ? { ...t2, showlegend: true } : t2.meta?.role === "surface" ? { ...t2, showscale: true } : t2),
      layout: {
        ...layout,
        annotations: [...layout.annotations, ...headLabels(gd, scene, layout)],
        paper_bgcolor: "#ffffff",
        plot_bgcolor: groundOf(scene),
        title: { text: sceneTitle(scene), font: { size: 14 }, x: 0.02 },
        margin: { ...layout.margin, t: 70, r: 10 },
        showlegend: true,
        legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom", font: { size: 12 } }
      }
    },
    { format: "png", width: Math.max(w, 640), height: Math.max(h, 640) + 60, scale: 2 }
  );
}

// static/js/plot/canvas.js
function overlayCanvas(gd, { under = false } = {}) {
  const canvas = document.createElement("canvas");
  canvas.className = under ? "plot-underlay" : "plot-overlay";
  canvas.setAttribute("aria-hidden", "true");
  gd.appendChild(canvas);
  return canvas;
}
var provisional = /* @__PURE__ */ new WeakMap();
var provideAxes = (gd, axes) => provisional.set(gd, axes);
function axesOf(gd) {
  const full = gd._fullLayout;
  return full?.xaxis ? { xa: full.xaxis, ya: full.yaxis } : provisional.get(gd) ?? null;
}
function clipTo(ctx, xa, ya) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(xa._offset, ya._offset, xa._length, ya._length);
  ctx.clip();
}
function prepareCanvas(canvas, gd, { clip = true } = {}) {
  const axes = axesOf(gd);
  if (!axes) return null;
  const ratio = window.devicePixelRatio || 1;
  const { width: w, height: h } = sizeOf(gd);
  if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
    canvas.style.width = `${w}px`;
    canvas.style.height = `${h}px`;
  }
  if (!canvas.isConnected || canvas.parentNode !== gd) gd.appendChild(canvas);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, w, h);
  const { xa, ya } = axes;
  if (clip) clipTo(ctx, xa, ya);
  return { ctx, xa, ya };
}
var SYMBOLS = {
  star(r) {
    const s = r * 1.4;
    const [x1, x2, x3, x4, y1, y3, y4] = [0.225 * s, 0.951 * s, 0.363 * s, 0.588 * s, -0.309 * s, 0.118 * s, 0.809 * s];
    return new Path2D(`M${x1},${y1}H${x2}L${x3},${y3}L${x4},${y4}L0,${0.382 * s}L${-x4},${y4}L${-x3},${y3}L${-x2},${y1}H${-x1}L0,${-s}Z`);
  },
  diamond(r) {
    const d = r * 1.3;
    return new Path2D(`M${d},0L0,${d}L${-d},0L0,${-d}Z`);
  }
};
function hatch(ctx) {
  const tile = document.createElement("canvas");
  tile.width = tile.height = 8;
  const t2 = tile.getContext("2d");
  t2.fillStyle = cssVar3("--panel");
  t2.fillRect(0, 0, 8, 8);
  t2.strokeStyle = cssVar3("--line");
  t2.beginPath();
  t2.moveTo(0, 8);
  t2.lineTo(8, 0);
  t2.stroke();
  return ctx.createPattern(tile, "repeat");
}
function cellEdges(values) {
  const n = values.length;
  const below = n > 1 ? (values[1] - values[0]) / 2 : 0.5;
  const above = n > 1 ? (values[n - 1] - values[n - 2]) / 2 : 0.5;
  return [values[0] - below, values[n - 1] + above];
}
function drawSurface(canvas, gd, { image, x, y, markers, outside }) {
  const prepared = prepareCanvas(canvas, gd);
  if (!prepared) return;
  const { ctx, xa, ya } = prepared;
  const px = (v) => xa._offset + xa.l2p(v);
  const py = (v) => ya._offset + ya.l2p(v);
  ctx.fillStyle = outside ? hatch(ctx) : cssVar3("--surface-0");
  ctx.fillRect(xa._offset, ya._offset, xa._length, ya._length);
  if (image && x.length && y.length) {
    const [x0, x1] = cellEdges(x);
    const [y0, y1] = cellEdges(y);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(image, px(x0), py(y1), px(x1) - px(x0), py(y0) - py(y1));
  }
  for (const { x: mx, y: my, marker } of markers) {
    const shape = SYMBOLS[marker.symbol]?.(marker.size / 2);
    if (!shape || !Number.isFinite(mx) || !Number.isFinite(my)) continue;
    ctx.save();
    ctx.translate(px(mx), py(my));
    ctx.fillStyle = marker.color;
    ctx.fill(shape);
    ctx.lineWidth = marker.line.width;
    ctx.strokeStyle = marker.line.color;
    ctx.stroke(shape);
    ctx.restore();
  }
  ctx.restore();
}
function polyline(ctx, k, xOf, yOf) {
  let lx = Number.NaN;
  let ly = Number.NaN;
  let open = false;
  for (let i = 0; i <= k; i++) {
    const x = xOf(i);
    const y = yOf(i);
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      open = false;
      continue;
    }
    if (!open) {
      ctx.moveTo(x, y);
      open = true;
    } else if (i === k || Math.abs(x - lx) + Math.abs(y - ly) >= 0.5) {
      ctx.lineTo(x, y);
    } else continue;
    lx = x;
    ly = y;
  }
}
function drawHead(ctx, x, y, colour, crossed) {
  ctx.lineWidth = 2;
  if (crossed) {
    ctx.strokeStyle = "#ffffff";
    ctx.lineWidth = 5;
    for (const pass of [0, 1]) {
      ctx.beginPath();
      ctx.moveTo(x - 6, y - 6);
      ctx.lineTo(x + 6, y + 6);
      ctx.moveTo(x + 6, y - 6);
      ctx.lineTo(x - 6, y + 6);
      ctx.stroke();
      if (pass === 0) {
        ctx.strokeStyle = colour;
        ctx.lineWidth = 2.5;
      }
    }
    return;
  }
  ctx.beginPath();
  ctx.arc(x, y, 5.5, 0, 2 * Math.PI);
  ctx.fillStyle = colour;
  ctx.fill();
  ctx.strokeStyle = "#ffffff";
  ctx.stroke();
}
function pixelsOf(panel, runs, xa, ya) {
  panel.pixels ??= runs.map((run) => {
    const px = new Float32Array(run.x.length);
    const py = new Float32Array(run.x.length);
    for (let i = 0; i < run.x.length; i++) {
      px[i] = xa._offset + xa.l2p(run.x[i]);
      py[i] = ya._offset + ya.l2p(run.y[i]);
    }
    return { run, px, py, colour: colourOfRun(run), dash: runStyle(run.run).dash };
  });
  return panel.pixels;
}
function drawPaths(panel, runs, step) {
  const prepared = prepareCanvas(panel.canvas, panel.gd);
  if (!prepared) return;
  const { ctx, xa, ya } = prepared;
  ctx.lineWidth = 2.6;
  ctx.lineJoin = "round";
  const paths = pixelsOf(panel, runs, xa, ya);
  for (const { run, px, py, colour, dash } of paths) {
    ctx.strokeStyle = colour;
    ctx.setLineDash(dash);
    ctx.beginPath();
    polyline(ctx, last(run, step), (i) => px[i], (i) => py[i]);
    ctx.stroke();
  }
  ctx.setLineDash([]);
  for (const { run, px, py, colour } of paths) {
    const k = last(run, step);
    drawHead(ctx, px[k], py[k], colour, ended(run, step));
  }
  if (!panel.ids) {
    const heads = paths.filter(({ run }) => !ended(run, step)).map(({ run, px, py, colour }) => ({ text: run.label, colour, px: px[last(run, step)], py: py[last(run, step)] }));
    const drawn = drawLabelsOnCanvas(ctx, heads, { left: xa._offset, right: xa._offset + xa._length, top: ya._offset, bottom: ya._offset + ya._length }, cssVar3("--font"));
    const said = JSON.stringify(drawn);
    if (panel.canvas.dataset.labels !== said) panel.canvas.dataset.labels = said;
  }
  ctx.restore();
}
function yPixel(ya) {
  if (ya.type !== "log") return (v) => ya._offset + ya.l2p(v);
  return (v) => v > 0 ? ya._offset + ya.l2p(Math.log10(v)) : Number.NaN;
}
function drawLossCurves(canvas, gd, runs, step) {
  const prepared = prepareCanvas(canvas, gd);
  if (!prepared) return;
  const { ctx, xa, ya } = prepared;
  const yOf = yPixel(ya);
  ctx.lineWidth = 2;
  ctx.lineJoin = "round";
  for (const run of runs) {
    ctx.strokeStyle = colourOfRun(run);
    ctx.setLineDash(runStyle(run.run).dash);
    ctx.beginPath();
    polyline(ctx, run.loss.length - 1, (i) => xa._offset + xa.l2p(i), (i) => yOf(run.loss[i]));
    ctx.stroke();
  }
  ctx.setLineDash([]);
  const px = xa._offset + xa.l2p(step);
  ctx.strokeStyle = cssVar3("--ink-soft");
  ctx.setLineDash([4, 3]);
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(px, ya._offset);
  ctx.lineTo(px, ya._offset + ya._length);
  ctx.stroke();
  ctx.setLineDash([]);
  for (const run of runs) {
    const k = last(run, step);
    const v = ya.type === "log" ? run.loss[k] > 0 ? Math.log10(run.loss[k]) : null : run.loss[k];
    if (v === null || !Number.isFinite(v)) continue;
    const py = ya._offset + ya.l2p(v);
    if (py < ya._offset - 8 || py > ya._offset + ya._length + 8) continue;
    drawHead(ctx, xa._offset + xa.l2p(k), py, colourOfRun(run), false);
  }
  ctx.restore();
}
function dashOf(name, width) {
  const w = Math.max(width, 3);
  return { dot: [w, w], dash: [3 * w, 3 * w] }[name] ?? [];
}
function drawLines(canvas, gd, lines) {
  const prepared = prepareCanvas(canvas, gd, { clip: false });
  if (!prepared) return;
  const { ctx, xa } = prepared;
  ctx.lineJoin = "round";
  const full = gd._fullLayout;
  for (const { x0 = 0, y, yaxis = "yaxis", colour, width, dash } of lines) {
    const ya = full[yaxis];
    if (!ya) continue;
    const yOf = yPixel(ya);
    clipTo(ctx, xa, ya);
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.setLineDash(dashOf(dash, width));
    ctx.beginPath();
    polyline(ctx, y.length - 1, (i) => xa._offset + xa.l2p(x0 + i), (i) => yOf(y[i]));
    ctx.stroke();
    ctx.restore();
  }
}

// static/js/plot/preview.js
function axis(offset, length, range, type, vertical) {
  const [lo, hi] = range;
  const l2p = vertical ? (v) => (hi - v) / (hi - lo) * length : (v) => (v - lo) / (hi - lo) * length;
  return { _offset: offset, _length: length, range: [...range], type, l2p };
}
function layoutAxes(layout) {
  const { width, height, margin, xaxis, yaxis } = layout;
  if (!xaxis.range || !yaxis.range) return null;
  let w = width - margin.l - margin.r;
  let h = height - margin.t - margin.b;
  let left = margin.l;
  let top = margin.t;
  if (yaxis.scaleanchor === "x") {
    const perUnit = Math.min(w / (xaxis.range[1] - xaxis.range[0]), h / (yaxis.range[1] - yaxis.range[0]));
    const [fitW, fitH] = [perUnit * (xaxis.range[1] - xaxis.range[0]), perUnit * (yaxis.range[1] - yaxis.range[0])];
    left += (w - fitW) / 2;
    top += (h - fitH) / 2;
    [w, h] = [fitW, fitH];
  }
  return {
    xa: axis(left, w, xaxis.range, xaxis.type ?? "linear", false),
    ya: axis(top, h, yaxis.range, yaxis.type ?? "linear", true)
  };
}
var SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
function ticksOf(ax, minPx) {
  const [lo, hi] = ax.range;
  const intervals = Math.min(9, Math.max(4, ax._length / minPx)) + 1;
  const rough = Math.abs(hi - lo) / intervals;
  const base = 10 ** Math.floor(Math.log10(rough));
  const step = base * [2, 5, 10].find((m) => m >= rough / base - 1e-9);
  const first = Math.ceil(Math.min(lo, hi) / step - 1e-9);
  const values = [];
  for (let i = first; i * step <= Math.max(lo, hi) + step * 1e-9; i++) values.push(Math.abs(i * step) < step * 1e-9 ? 0 : i * step);
  if (ax.type === "log") {
    const powers = values.filter(Number.isInteger).length ? values.filter(Number.isInteger) : [Math.round(lo)];
    return powers.map((p) => [p, p === 0 ? "1" : `10${String(p).replace(/./g, (c) => SUPERSCRIPT[c])}`]);
  }
  const digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return values.map((v) => [v, String(Number(v.toFixed(digits))).replace("-", "−")]);
}
function segment(ctx, x0, y0, x1, y1) {
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
}
function drawAxes(canvas, { xa, ya }, layout) {
  const ctx = canvas.getContext("2d");
  const ratio = window.devicePixelRatio || 1;
  ctx.save();
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  const font = cssVar3("--font");
  const ink = cssVar3("--ink");
  const [left, top, right, bottom] = [xa._offset, ya._offset, xa._offset + xa._length, ya._offset + ya._length];
  const xTicks = ticksOf(xa, 80).filter(([v]) => xa.l2p(v) >= -0.5 && xa.l2p(v) <= xa._length + 0.5);
  const yTicks = ticksOf(ya, 40).filter(([v]) => ya.l2p(v) >= -0.5 && ya.l2p(v) <= ya._length + 0.5);
  if (layout.yaxis.showgrid !== false) {
    ctx.globalCompositeOperation = "destination-over";
    ctx.strokeStyle = cssVar3("--grid");
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const [v] of xTicks) segment(ctx, left + xa.l2p(v), top, left + xa.l2p(v), bottom);
    for (const [v] of yTicks) segment(ctx, left, top + ya.l2p(v), right, top + ya.l2p(v));
    ctx.stroke();
    ctx.globalCompositeOperation = "source-over";
  }
  const line = layout.xaxis.linecolor ?? ink;
  const tick = layout.xaxis.ticklen ?? 4;
  ctx.strokeStyle = line;
  ctx.lineWidth = 1;
  ctx.beginPath();
  segment(ctx, left, bottom, right, bottom);
  segment(ctx, left, top, left, bottom);
  if (layout.xaxis.mirror) {
    segment(ctx, left, top, right, top);
    segment(ctx, right, top, right, bottom);
  }
  for (const [v] of xTicks) segment(ctx, left + xa.l2p(v), bottom, left + xa.l2p(v), bottom + tick);
  for (const [v] of yTicks) segment(ctx, left, top + ya.l2p(v), left - tick, top + ya.l2p(v));
  ctx.stroke();
  ctx.fillStyle = ink;
  const size = layout.xaxis.tickfont?.size ?? 11;
  ctx.font = `${size}px ${font}`;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const [v, text] of xTicks) ctx.fillText(text, left + xa.l2p(v), bottom + tick + 2);
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const [v, text] of yTicks) ctx.fillText(text, left - tick - 3, top + ya.l2p(v));
  const widest = Math.max(0, ...yTicks.map(([, text]) => ctx.measureText(text).width));
  ctx.font = `${layout.xaxis.title?.font?.size ?? layout.font?.size ?? 12}px ${font}`;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.fillText(layout.xaxis.title?.text ?? "", (left + right) / 2, bottom + tick + size + 6);
  ctx.translate(Math.max(8, left - tick - widest - 10), (top + bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "middle";
  ctx.fillText(layout.yaxis.title?.text ?? "", 0, 0);
  ctx.restore();
}

// static/js/plot/loss.js
function lossRange(runs, field, scale) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const run of runs) {
    for (const v of run.loss) {
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo === Infinity) return { type: "linear", range: void 0 };
  const log = scale === "log" ? lo > 0 : scale === "auto" && lo > 0 && hi / lo > 100;
  const span2 = field.zmax - field.zmin || 1;
  if (log) {
    hi = Math.min(hi, Math.max(field.zmax, ...runs.map((r) => r.loss[0])) * 10);
    lo = Math.max(lo, hi * 1e-18);
    const pad2 = (Math.log10(hi) - Math.log10(lo)) * 0.05 || 0.5;
    return { type: "log", range: [Math.log10(lo) - pad2, Math.log10(hi) + pad2] };
  }
  lo = Math.max(lo, field.zmin - span2);
  hi = Math.min(hi, field.zmax + span2);
  const pad = (hi - lo) * 0.05 || 1;
  return { type: "linear", range: [lo - pad, hi + pad] };
}
function epochShapes(ends = []) {
  const colour = cssVar3("--ink-faint");
  return ends.map((x, i) => ({
    type: "line",
    name: `epoch-${i + 1}`,
    xref: "x",
    yref: "paper",
    x0: x,
    x1: x,
    y0: 0,
    y1: 1,
    line: { color: colour, width: 1, dash: "dot" },
    opacity: 0.55,
    layer: "below"
  }));
}
function steadyAxis(next, previous) {
  if (!previous?.range || !next.range || previous.type !== next.type) return next;
  const [lo, hi] = next.range;
  const [plo, phi] = previous.range;
  return lo >= plo && hi <= phi && hi - lo >= 0.6 * (phi - plo) ? previous : next;
}
function lossFigure(scene, previousAxis) {
  const { result, steps, field, lossScale } = scene;
  const ink = cssVar3("--ink-soft");
  const traces = result.runs.map((run) => ({
    type: "scatter",
    mode: "lines",
    name: run.label,
    y: run.loss,
    x0: 0,
    dx: 1,
    line: { color: CLEAR2, width: 2, dash: runStyle(run.run).plotlyDash },
    hoverlabel: { bgcolor: colourOfRun(run) },
    hovertemplate: `<b>${run.label}</b> step %{x}<br>f = %{y:.4g}<extra></extra>`,
    meta: { optimizer: run.optimizer, run: run.run, label: run.label, colour: colourOfRun(run) }
  }));
  const y = steadyAxis(lossRange(result.runs, field, lossScale), previousAxis);
  const divergedMarks = result.runs.filter((r) => r.status === "diverged").map((run) => {
    const last2 = run.loss[run.loss.length - 1];
    return {
      x: run.loss.length - 1,
      y: y.type === "log" ? Math.log10(Math.max(last2, 1e-300)) : last2,
      text: "✕",
      showarrow: false,
      font: { size: 15, color: colourOfRun(run) },
      hovertext: t("{label} diverged after step {n}", { label: run.label, n: run.loss.length - 1 })
    };
  });
  const axis2 = { zeroline: false, gridcolor: cssVar3("--grid"), linecolor: ink, tickfont: { size: 10 }, ticks: "outside", ticklen: 3, tickcolor: ink, ...NO_OVERFLOW_CHECK };
  return {
    traces,
    layout: {
      uirevision: `${scene.surface.id}/${y.type}/${steps}`,
      margin: { l: 48, r: 8, t: 6, b: 32 },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      font: { family: cssVar3("--font"), color: cssVar3("--ink"), size: 11 },
      xaxis: { ...axis2, range: [0, steps], title: { text: t("step"), standoff: 2, font: { size: 11 } } },
      yaxis: { ...axis2, type: y.type, range: y.range, exponentformat: "power", title: { text: scene.surface.plane?.valueName ?? "f", standoff: 4, font: { size: 11 } } },
      showlegend: false,
      hovermode: "closest",
      hoverlabel: { font: { family: cssVar3("--font"), size: 12 } },
      shapes: epochShapes(scene.epochEnds),
      annotations: divergedMarks
    },
    axis: y
  };
}
function createLossPlot(lossEl, { shown, redraw, fromLayers }) {
  let canvas = null;
  const axes = createAxisOverlay(lossEl, { under: true });
  let yAxis = null;
  const drawCursor = (step) => drawLossCurves(canvas, lossEl, shown.scene.result.runs, step);
  async function draw() {
    const { traces, layout, axis: axis2 } = lossFigure({ ...shown.scene, field: shown.surface.field }, yAxis);
    yAxis = axis2;
    traces.push(...fromLayers("loss", shown.scene.result));
    const full = sized(lossEl, axes.hide(layout));
    canvas ??= overlayCanvas(lossEl);
    if (!redraw.handOver(lossEl, traces, full, LOSS_CONFIG)) {
      await redraw.react(lossEl, traces, full, LOSS_CONFIG);
      await axes.sync();
    }
    if (!lossEl.dataset.listening) {
      lossEl.dataset.listening = "1";
      lossEl.on("plotly_afterplot", () => shown.scene && drawCursor(shown.scene.step));
    }
    drawCursor(shown.scene.step);
  }
  function preview() {
    const { traces, layout, axis: axis2 } = lossFigure({ ...shown.scene, field: shown.surface.field }, yAxis);
    const full = sized(lossEl, layout);
    const axes2 = layoutAxes(full);
    if (!axes2) return false;
    yAxis = axis2;
    provideAxes(lossEl, axes2);
    lossEl.data = traces;
    canvas ??= overlayCanvas(lossEl);
    drawCursor(shown.scene.step);
    drawAxes(canvas, axes2, full);
    return true;
  }
  return { draw, drawCursor, preview };
}

// static/js/plot/surface.js
function surfaceField(grid, mode) {
  const { t: t2, log, zmin, zmax, ticks } = surfaceScale(grid, mode, formatNumber);
  const z = log ? grid.z.map((row) => row.map((v) => v === null ? null : t2(v))) : grid.z;
  return { z, zmin, zmax, log, ticks, shown: [t2(zmin), t2(zmax)] };
}
function lazyHoverText(trace, grid) {
  let text = null;
  Object.defineProperty(trace, "text", {
    enumerable: true,
    get: () => text ??= grid.z.map((row) => row.map((v) => v === null ? "undefined" : formatNumber(v))),
    set: (value) => {
      text = value;
    }
  });
  return trace;
}
function surfaceOf(scene, held2) {
  const key = `${scene.surface.id}/${scene.contours}/${scene.grid.x.length}`;
  if (held2 && key === held2.key && scene.grid === held2.grid) return held2;
  const field = surfaceField(scene.grid, scene.contours);
  return { key, grid: scene.grid, field, trace: surfaceTrace(scene.grid, field) };
}
var BANDS = 22;
function hexToRgb(hex) {
  const n = parseInt(hex.replace("#", ""), 16);
  return [n >> 16 & 255, n >> 8 & 255, n & 255];
}
function bandColours() {
  const stops = [0, 1, 2, 3, 4].map((i) => hexToRgb(cssVar3(`--surface-${i}`)));
  return Array.from({ length: BANDS }, (_, b) => {
    const at = Math.min(3.999, b / (BANDS - 1) * 4);
    const i = Math.floor(at);
    return stops[i].map((c, j) => Math.round(c + (stops[i + 1][j] - c) * (at - i)));
  });
}
function bandedScale() {
  return bandColours().flatMap((rgb2, b) => {
    const c = `rgb(${rgb2.join(",")})`;
    return [[b / BANDS, c], [(b + 1) / BANDS, c]];
  });
}
function surfaceTrace(grid, field) {
  const ink = cssVar3("--ink-soft");
  return lazyHoverText({
    type: "heatmap",
    x: grid.x,
    y: grid.y,
    z: field.z,
    // The colour range, given: Plotly would otherwise scan every cell on every redraw.
    ...field.shown.every(Number.isFinite) ? { zauto: false, zmin: field.shown[0], zmax: field.shown[1] } : {},
    zsmooth: "fast",
    // one image pixel per cell
    hovertemplate: "x %{x:.3f}, y %{y:.3f}<br>f = %{text}<extra></extra>",
    // The canvas beneath draws the field (fieldImage); Plotly's trace is clear, kept for hover,
    // and exports take its colours from meta.ink.
    colorscale: [[0, CLEAR2], [1, CLEAR2]],
    hoverlabel: { bgcolor: cssVar3("--panel") },
    showscale: false,
    // the page draws its own key (colourKey); exports turn Plotly's on
    colorbar: {
      thickness: 10,
      len: 0.92,
      outlinewidth: 0,
      x: 1.01,
      xpad: 4,
      ...NO_OVERFLOW_CHECK,
      tickfont: { size: 10, color: ink },
      title: { text: field.log ? "f (log)" : "f", side: "top", font: { size: 11, color: ink } },
      ...field.ticks ? { tickmode: "array", tickvals: field.ticks.vals, ticktext: field.ticks.text } : {}
    },
    meta: { role: "surface", ink: { colorscale: bandedScale() } },
    name: "f(x, y)"
  }, grid);
}
function fieldImage(surface) {
  if (surface.image) return surface.image;
  const { z } = surface.field;
  const rows = z.length;
  const cols = z[0]?.length ?? 0;
  const [lo, hi] = surface.field.shown;
  const colours = bandColours();
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, cols);
  canvas.height = Math.max(1, rows);
  const ctx = canvas.getContext("2d");
  const pixels = ctx.createImageData(canvas.width, canvas.height);
  const data = pixels.data;
  for (let i = 0; i < rows; i++) {
    const row = z[i];
    for (let j = 0, at = (rows - 1 - i) * cols * 4; j < cols; j++, at += 4) {
      const v = row[j];
      if (v === null || !Number.isFinite(v)) continue;
      const t2 = hi > lo ? Math.min(1, Math.max(0, (v - lo) / (hi - lo))) : 0;
      const [r, g, b] = colours[Math.min(BANDS - 1, Math.floor(t2 * BANDS))];
      data[at] = r;
      data[at + 1] = g;
      data[at + 2] = b;
      data[at + 3] = 255;
    }
  }
  ctx.putImageData(pixels, 0, 0);
  surface.image = canvas;
  return canvas;
}
var KEY_MARGIN = 64;
function niceTicks(lo, hi, count = 5) {
  const span2 = hi - lo;
  if (!(span2 > 0) || !Number.isFinite(span2)) return [lo];
  const raw = span2 / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const ticks = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return ticks;
}
function createColourKey(cell) {
  const title = document.createElement("span");
  title.className = "colour-key-title";
  const bar = document.createElement("div");
  bar.className = "colour-key-bar";
  const labels = document.createElement("div");
  labels.className = "colour-key-labels";
  const scale = document.createElement("div");
  scale.className = "colour-key-scale";
  scale.append(bar, labels);
  const key = document.createElement("div");
  key.className = "colour-key";
  key.setAttribute("aria-hidden", "true");
  key.append(title, scale);
  cell.append(key);
  let drawn = "";
  return {
    /** Show the field's scale beside gd's plot area, or hide the key (`field` null). */
    update(field, gd) {
      const { xa, ya } = axesOf(gd) ?? {};
      const shown = field && xa && ya;
      const place = shown ? [xa._offset + xa._length + 10, ya._offset, ya._length, field.zmin, field.zmax, field.log] : [];
      const now = JSON.stringify(place);
      if (now === drawn) return;
      drawn = now;
      key.hidden = !shown;
      if (!shown) return;
      const [left, top, height] = place;
      Object.assign(key.style, { left: `${left}px`, top: `${top}px`, height: `${height}px` });
      title.textContent = field.log ? "f (log)" : "f";
      bar.style.background = `linear-gradient(to top, ${bandedScale().map(([at, c]) => `${c} ${(at * 100).toFixed(2)}%`).join(", ")})`;
      const [lo, hi] = field.shown;
      const ticks = field.ticks ? field.ticks.vals.map((v, i) => [v, field.ticks.text[i]]) : niceTicks(lo, hi).map((v) => [v, formatNumber(v)]);
      labels.replaceChildren(...ticks.filter(([v]) => v >= lo && v <= hi).map(([v, text]) => {
        const label = document.createElement("span");
        label.textContent = text;
        label.style.bottom = `${((v - lo) / (hi - lo || 1) * 100).toFixed(2)}%`;
        return label;
      }));
    }
  };
}
function markerTraces(surface, start) {
  const ink = cssVar3("--ink");
  const clear = (marker) => ({ ...marker, color: CLEAR2, line: { ...marker.line, color: CLEAR2 } });
  const star = { symbol: "star", size: 15, color: "#ffffff", line: { color: ink, width: 1.5 } };
  const diamond = { symbol: "diamond", size: 12, color: "#ffffff", line: { color: ink, width: 2 } };
  return [
    {
      type: "scatter",
      mode: "markers",
      name: "minimum",
      x: surface.minima.map((m) => m[0]),
      y: surface.minima.map((m) => m[1]),
      marker: clear(star),
      hovertemplate: "minimum (%{x:.4g}, %{y:.4g})<extra></extra>",
      meta: { role: "minima", ink: { marker: star } },
      showlegend: false
    },
    {
      type: "scatter",
      mode: "markers",
      name: "start",
      x: [start[0]],
      y: [start[1]],
      marker: clear(diamond),
      hovertemplate: "start (%{x:.4g}, %{y:.4g})<extra></extra>",
      meta: { role: "start", ink: { marker: diamond } },
      showlegend: false
    }
  ];
}

// static/js/plot/mainfigure.js
var upTo = (values, k) => k === values.length - 1 ? values : values.slice(0, k + 1);
function pathTrace(run, step) {
  const k = last(run, step);
  const style = runStyle(run.run);
  return {
    type: "scatter",
    mode: "lines",
    name: run.label,
    x: upTo(run.x, k),
    y: upTo(run.y, k),
    customdata: upTo(run.loss, k),
    line: { color: CLEAR2, width: 2.6, dash: style.plotlyDash },
    hoverlabel: { bgcolor: style.colour },
    hovertemplate: `<b>${run.label}</b> step %{pointNumber}<br>(%{x:.4g}, %{y:.4g})  f = %{customdata:.4g}<extra></extra>`,
    meta: { optimizer: run.optimizer, run: run.run, label: run.label, colour: style.colour }
  };
}
function headsTrace(runs, step) {
  return {
    type: "scatter",
    mode: "markers",
    name: "now",
    x: runs.map((r) => r.x[last(r, step)]),
    y: runs.map((r) => r.y[last(r, step)]),
    marker: {
      size: runs.map((r) => ended(r, step) ? 14 : 11),
      symbol: runs.map((r) => ended(r, step) ? "x" : "circle"),
      color: CLEAR2,
      line: { color: CLEAR2, width: 2 }
    },
    hoverinfo: "skip",
    showlegend: false,
    meta: { role: "heads", runs: runs.map((r) => r.run) }
  };
}
function divergenceFlags(runs, surface, step) {
  const inside3 = (x, y) => x >= surface.domain.x[0] && x <= surface.domain.x[1] && y >= surface.domain.y[0] && y <= surface.domain.y[1];
  return runs.filter((r) => r.status === "diverged" && step >= r.x.length - 1).map((run) => {
    let k = run.x.length - 1;
    while (k > 0 && !inside3(run.x[k], run.y[k])) k--;
    return {
      x: run.x[k],
      y: run.y[k],
      text: t("✕ {label} diverged", { label: run.label }),
      showarrow: true,
      arrowhead: 0,
      ax: 0,
      ay: -22,
      font: { size: 11, color: "#ffffff" },
      bgcolor: colourOfRun(run),
      borderpad: 3,
      arrowcolor: colourOfRun(run)
    };
  });
}
function mainLayout(scene, title, annotations = [], keyed = false) {
  const { surface } = scene;
  const ink = cssVar3("--ink-soft");
  const axis2 = {
    showgrid: false,
    zeroline: false,
    ticks: "outside",
    ticklen: 4,
    tickcolor: ink,
    ...NO_OVERFLOW_CHECK,
    linecolor: ink,
    mirror: true,
    constrain: "domain",
    tickfont: { size: 11 }
  };
  return {
    uirevision: `${surface.id}/${surface.domain.x}/${surface.domain.y}`,
    margin: { l: 44, r: keyed ? KEY_MARGIN : title ? 10 : 6, t: title ? 30 : 8, b: 36 },
    title: title ? { text: title, font: { size: 13 }, x: 0.02, y: 0.985 } : void 0,
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: CLEAR2,
    // the canvas beneath draws the surface (canvas.js drawSurface)
    font: { family: cssVar3("--font"), color: cssVar3("--ink"), size: 12 },
    // a data surface's point is its model's parameters: the axes say which (w, b; w₁, w₂); a
    // network's plane names its own and scales them apart
    xaxis: { ...axis2, range: [...surface.domain.x], title: { text: surface.plane?.axisTitles[0] ?? surface.axes?.[0] ?? "x", standoff: 4 } },
    yaxis: {
      ...axis2,
      range: [...surface.domain.y],
      title: { text: surface.plane?.axisTitles[1] ?? surface.axes?.[1] ?? "y", standoff: 2 },
      ...surface.plane?.equalAxes === false ? {} : { scaleanchor: "x", scaleratio: 1 }
    },
    showlegend: false,
    hovermode: "closest",
    hoverlabel: { font: { family: cssVar3("--font"), size: 12 } },
    dragmode: "zoom",
    annotations
  };
}

// static/js/plot/panels.js
function createPanels({ plotsEl, mainEl, onPickStart, shown, redraw, fromLayers }) {
  const main2 = { gd: mainEl, ids: null, canvas: null, cell: mainEl.parentElement, axes: createAxisOverlay(mainEl) };
  const split = /* @__PURE__ */ new Map();
  const colourKey = createColourKey(main2.cell);
  let syncing = false;
  const panels = () => [main2, ...split.values()];
  const runsOf = (panel) => panel.ids ? shown.scene.result.runs.filter((r) => panel.ids.includes(r.run)) : shown.scene.result.runs;
  const paint = (panel, step) => drawPaths(panel, runsOf(panel), step);
  const updateColourKey = () => colourKey.update(shown.scene?.layout === "split" ? null : shown.surface?.field, mainEl);
  const surfaceTraceFor = (panel) => panel === main2 ? shown.surface.trace : { ...shown.surface.trace };
  function ground(panel) {
    const axes = axesOf(panel.gd);
    const { scene, surface } = shown;
    if (!axes || !surface || !panel.under) return;
    const provisional2 = !panel.gd._fullLayout;
    const look = JSON.stringify([axes.xa.range, axes.ya.range, sizeOf(panel.gd), window.devicePixelRatio, scene.start, scene.surface.minima, provisional2]);
    if (panel.ground?.surface === surface && panel.ground.look === look) return;
    panel.ground = { surface, look };
    const markers = markerTraces(scene.surface, scene.start).flatMap((t2) => t2.x.map((x, i) => ({ x, y: t2.y[i], marker: t2.meta.ink.marker })));
    const image = fieldImage(surface);
    drawSurface(panel.under, panel.gd, { image, x: surface.grid.x, y: surface.grid.y, markers, outside: Boolean(scene.surface.plane) });
    if (provisional2 && panel.layout) drawAxes(panel.under, axes, panel.layout);
  }
  mainEl.addEventListener("click", (event) => {
    const axes = !plotlyLoaded() && axesOf(mainEl);
    if (!axes) return;
    const { xa, ya } = axes;
    const box = mainEl.getBoundingClientRect();
    const [px, py] = [(event.clientX - box.left - xa._offset) / xa._length, (event.clientY - box.top - ya._offset) / ya._length];
    if (px < 0 || px > 1 || py < 0 || py > 1) return;
    onPickStart([xa.range[0] + px * (xa.range[1] - xa.range[0]), ya.range[1] - py * (ya.range[1] - ya.range[0])]);
  });
  function figure(panel, step) {
    const { scene } = shown;
    const runs = runsOf(panel);
    const title = panel.ids ? runs[0]?.label : scene.layout === "split" ? t("All runs") : "";
    const colour = surfaceTraceFor(panel);
    const layout = mainLayout(
      scene,
      title,
      [
        ...divergenceFlags(runs, scene.surface, step),
        ...panel === main2 ? fromLayers("annotations", step, scene.result).map((a) => ({ ...a, name: "layer" })) : []
      ],
      // prettier-ignore
      panel === main2 && scene.layout !== "split"
    );
    return {
      data: [
        colour,
        ...runs.map((r) => pathTrace(r, step)),
        headsTrace(runs, step),
        ...markerTraces(scene.surface, scene.start),
        ...panel === main2 ? fromLayers("main", step, scene.result) : []
      ],
      // prettier-ignore
      layout
    };
  }
  function listen(panel) {
    if (panel.listening) return;
    panel.listening = true;
    panel.gd.on("plotly_click", (event) => {
      const e = event.event;
      const full = panel.gd._fullLayout;
      if (!e || !full?.xaxis) return;
      const box = panel.gd.getBoundingClientRect();
      const x = full.xaxis.p2l(e.clientX - box.left - full.xaxis._offset);
      const y = full.yaxis.p2l(e.clientY - box.top - full.yaxis._offset);
      if (Number.isFinite(x) && Number.isFinite(y)) onPickStart([x, y]);
    });
    const follow = () => {
      if (!shown.scene) return;
      panel.pixels = null;
      ground(panel);
      paint(panel, shown.scene.step);
    };
    panel.gd.on("plotly_afterplot", follow);
    panel.gd.on("plotly_relayouting", follow);
    panel.gd.on("plotly_relayout", (change) => {
      for (const p of panels()) p.pixels = null;
      const zoomed = Object.keys(change).some((k) => k.startsWith("xaxis") || k.startsWith("yaxis"));
      if (syncing || !zoomed) return;
      syncing = true;
      const others = panels().filter((p) => p !== panel).map((p) => Plotly.relayout(p.gd, change));
      Promise.all(others).finally(() => syncing = false);
    });
  }
  function syncPanels() {
    const { scene } = shown;
    plotsEl.classList.toggle("split", scene.layout === "split");
    const wasSplit = plotsEl.dataset.layout === "split";
    plotsEl.dataset.layout = scene.layout;
    if (wasSplit !== (scene.layout === "split")) forgetBox(mainEl);
    const runs = scene.result.runs;
    const wanted = scene.layout === "split" ? runs.map((r) => `${r.run}:${runTag(runs, r.run)}`) : [];
    for (const [key, panel] of split) {
      if (wanted.includes(key)) continue;
      Plotly.purge(panel.gd);
      panel.axes.remove();
      panel.cell.remove();
      split.delete(key);
    }
    wanted.forEach((key, i) => {
      if (split.has(key)) return;
      const cell = document.createElement("div");
      cell.className = "plot-cell";
      const gd = document.createElement("div");
      gd.className = "plot";
      gd.dataset.testid = `split-plot-${runTag(runs, i)}`;
      cell.append(gd);
      plotsEl.append(cell);
      split.set(key, { gd, ids: [i], canvas: null, cell, axes: createAxisOverlay(gd) });
    });
    for (const key of wanted) plotsEl.append(split.get(key).cell);
  }
  async function draw(panel, step) {
    const { data, layout } = figure(panel, step);
    const full = sized(panel.gd, panel.axes.hide(layout));
    panel.canvas ??= overlayCanvas(panel.gd);
    panel.under ??= overlayCanvas(panel.gd, { under: true });
    panel.pixels = null;
    if (!redraw.handOver(panel.gd, data, full, PLOT_CONFIG2)) {
      await redraw.react(panel.gd, data, full, PLOT_CONFIG2);
      await panel.axes.sync();
      listen(panel);
    }
    if (panel === main2) updateColourKey();
    ground(panel);
    paint(panel, step);
  }
  function preview(step) {
    const { data, layout } = figure(main2, step);
    const full = sized(main2.gd, layout);
    const axes = layoutAxes(full);
    if (!axes) return false;
    provideAxes(main2.gd, axes);
    main2.gd.data = data;
    main2.layout = full;
    main2.canvas ??= overlayCanvas(main2.gd);
    main2.under ??= overlayCanvas(main2.gd, { under: true });
    main2.pixels = null;
    main2.ground = null;
    ground(main2);
    updateColourKey();
    paint(main2, step);
    return true;
  }
  function keepTracesAt(panel, step) {
    const runs = runsOf(panel);
    runs.forEach((run, i) => {
      const trace = panel.gd.data[i + 1];
      if (trace?.meta?.optimizer !== run.optimizer) return;
      const k = last(run, step);
      trace.x = run.x.slice(0, k + 1);
      trace.y = run.y.slice(0, k + 1);
      trace.customdata = run.loss.slice(0, k + 1);
    });
    const heads = panel.gd.data[runs.length + 1];
    if (heads?.meta?.role === "heads") {
      heads.x = runs.map((r) => r.x[last(r, step)]);
      heads.y = runs.map((r) => r.y[last(r, step)]);
    }
  }
  return {
    main: main2,
    panels,
    figure,
    syncPanels,
    draw,
    preview,
    updateColourKey,
    /** Fast mode starts: main-plot's annotations that move with the step leave it (the canvas draws the labels). */
    dropMovingNotes() {
      const notes = main2.gd.layout?.annotations ?? [];
      const moving = (a) => a.name === "layer" || a.name === "head-label";
      if (!notes.some(moving)) return;
      forgetLayout(main2.gd);
      Plotly.relayout(main2.gd, { annotations: notes.filter((a) => !moving(a)) });
    },
    /** A playback frame or a slider drag: every panel's canvas, and its traces' data, at `step`. */
    showStep(step) {
      for (const panel of panels()) {
        keepTracesAt(panel, step);
        paint(panel, step);
      }
    },
    /** The axes moved (a resize): pixel coordinates again, and the canvases redrawn. */
    repaint() {
      for (const p of panels()) p.pixels = null;
      if (!shown.scene) return;
      for (const p of panels()) {
        ground(p);
        paint(p, shown.scene.step);
      }
    }
  };
}

// static/js/plot.js
function fitAspect(mainEl, surface) {
  const span2 = (surface.domain.x[1] - surface.domain.x[0]) / (surface.domain.y[1] - surface.domain.y[0]);
  const ratio = surface.plane ? 1.35 : Math.min(2.2, Math.max(0.7, span2));
  const aspect = ((ratio * 500 + 120) / 544).toFixed(3);
  if (mainEl.style.getPropertyValue("--aspect") === aspect) return;
  mainEl.style.setProperty("--aspect", aspect);
  forgetBox(mainEl);
}
function createView({ plotsEl, mainEl, lossEl, onPickStart }) {
  const shown = { scene: null, surface: null, fast: false, preview: false };
  const redraw = createRedraw(() => shown.fast);
  const layers2 = /* @__PURE__ */ new Map();
  const fromLayers = (part, ...args) => [...layers2.values()].flatMap((l) => l[part]?.(...args) ?? []);
  const plots = createPanels({ plotsEl, mainEl, onPickStart, shown, redraw, fromLayers });
  const loss = createLossPlot(lossEl, { shown, redraw, fromLayers });
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
      if (!layer && !layers2.has(name)) return;
      if (layer) layers2.set(name, layer);
      else layers2.delete(name);
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
        plots.preview(shown.scene.step);
        loss.preview();
        return;
      }
      for (const gd of [...plots.panels().map((p) => p.gd), lossEl]) {
        const relaid = fitToBox(gd);
        if (relaid && gd === mainEl) relaid.then(plots.updateColourKey);
      }
      plots.repaint();
      if (shown.scene) loss.drawCursor(shown.scene.step);
    },
    /** A PNG of the main plot with a legend and title, as a data URL. */
    async snapshot() {
      return snapshot(plots.main.gd, shown.scene, plots.figure(plots.main, shown.scene.step));
    }
  };
}

// static/js/inspector.js
var COLUMNS = [
  { id: "grad", head: "g", title: "The gradient this update used (noise included)", keys: ["grad"] },
  { id: "first", head: "m · b", title: "First moment m (Adam family, Lion) or velocity buffer b (Momentum, NAG)", keys: ["exp_avg", "momentum_buffer"] },
  { id: "second", head: "v", title: "Second moment: a running mean (Adam, RMSprop, Adadelta) or sum (Adagrad) of g², or of (g − m)² (AdaBelief, s)", keys: ["exp_avg_sq", "exp_avg_var", "square_avg", "sum"] },
  { id: "bias", head: "bias corr.", title: "Bias-correction factors 1 − β₁ᵏ and 1 − β₂ᵏ (the moments are divided by them)", keys: ["bias_correction1", "bias_correction2", "bias_correction"] },
  { id: "update", head: "step Δ", title: "The step this update took: iterate k minus iterate k − 1", keys: ["update"] },
  { id: "ratio", head: "× SGD", title: "The step over plain SGD's step −lr·g, per coordinate: the effective per-coordinate step size relative to lr", keys: [] },
  { id: "other", head: "other", title: "The scheduled lr of this update and the rest of the optimizer's state", keys: null }
];
var NAMED = new Set(COLUMNS.flatMap((c) => c.keys ?? []));
var SYMBOL = {
  grad: "g",
  exp_avg: "m",
  momentum_buffer: "b",
  exp_avg_sq: "v",
  exp_avg_var: "s",
  square_avg: "E[g²]",
  sum: "Σg²",
  acc_delta: "E[Δx²]",
  bias_correction1: "1−β₁ᵏ",
  bias_correction2: "1−β₂ᵏ",
  bias_correction: "1−βᵏ",
  update: "Δ",
  lr: "lr",
  mu_product: "∏μ",
  decay: "decay"
};
var SECOND_MOMENTS = ["exp_avg_sq", "exp_avg_var", "square_avg", "sum"];
var f = formatNumber;
var vec = (v) => Array.isArray(v) ? `(${f(v[0])}, ${f(v[1])})` : f(v);
var oneMinus = (b) => f(1 - b);
var RULES = {
  momentum: (p, s) => [`b ← ${f(p.momentum)}·b + g = ${vec(s.momentum_buffer)}`],
  nag: (p, s) => [`b ← ${f(p.momentum)}·b + g = ${vec(s.momentum_buffer)}`, "step = −lr·(g + μ·b)"],
  adagrad: (_p, s) => [`Σg² ← Σg² + g² = ${vec(s.sum)}`],
  rmsprop: (p, s) => [`E[g²] ← ${f(p.alpha)}·E[g²] + ${oneMinus(p.alpha)}·g² = ${vec(s.square_avg)}`],
  adadelta: (p, s) => [`E[g²] ← ${f(p.rho)}·E[g²] + ${oneMinus(p.rho)}·g² = ${vec(s.square_avg)}`, `E[Δx²] = ${vec(s.acc_delta)}`],
  adam: (p, s) => [`m ← ${f(p.beta1)}·m + ${oneMinus(p.beta1)}·g = ${vec(s.exp_avg)}`, `v ← ${f(p.beta2)}·v + ${oneMinus(p.beta2)}·g² = ${vec(s.exp_avg_sq)}`],
  adabelief: (p, s) => [`m ← ${f(p.beta1)}·m + ${oneMinus(p.beta1)}·g = ${vec(s.exp_avg)}`, `s ← ${f(p.beta2)}·s + ${oneMinus(p.beta2)}·(g − m)² = ${vec(s.exp_avg_var)}`],
  lion: (p, s) => ["step = −lr·sign(β₁·m + (1 − β₁)·g)", `m ← ${f(p.beta2)}·m + ${oneMinus(p.beta2)}·g = ${vec(s.exp_avg)}`]
};
RULES.adamw = RULES.adam;
RULES.nadam = RULES.adam;
var entry = (state, e) => Object.fromEntries(Object.entries(state).map(([k, v]) => [k, v[e]]));
var isZero = (v) => Array.isArray(v) && v.every((c) => c === 0);
function ratios(s) {
  return [0, 1].map((i) => s.grad[i] === 0 ? null : s.update[i] / (-s.lr * s.grad[i]));
}
function why(optimizer, s) {
  if (optimizer === "sgd") return "";
  const r = ratios(s);
  const at = [0, 1].filter((i) => r[i] !== null && r[i] !== 0).sort((a, b) => Math.abs(Math.log(Math.abs(r[b]))) - Math.abs(Math.log(Math.abs(r[a]))))[0];
  if (at === void 0) return "";
  const c = "xy"[at];
  const moving = ("momentum_buffer" in s || "exp_avg" in s) && !isZero(s.exp_avg ?? s.momentum_buffer);
  if (r[at] < 0) return ` — the ${c}-step goes against −lr·g: ${moving ? "the momentum still carries it" : "the state outweighs the gradient"}`;
  if (Math.abs(r[at] - 1) < 0.25) return ` — close to SGD's ${c}-step`;
  const smaller = r[at] < 1;
  let reason;
  if (optimizer === "lion") reason = smaller ? "sign() caps each coordinate at lr" : "sign() lifts a small gradient to a full lr";
  else if (SECOND_MOMENTS.some((k) => k in s)) reason = smaller ? `${SYMBOL[SECOND_MOMENTS.find((k) => k in s)]} is large there` : `${SYMBOL[SECOND_MOMENTS.find((k) => k in s)]} is small there`;
  else if (moving) reason = smaller ? "the velocity points elsewhere" : "the velocity has built up";
  else reason = "of its state";
  return ` — the ${c}-step is ${f(r[at])}× SGD's because ${reason}`;
}
function narrate(run, params, k) {
  const e = Math.min(k, run.state.update.length) - 1;
  if (e < 0) return `${run.label}: at the start, no update yet.`;
  const s = entry(run.state, e);
  const rule = RULES[run.optimizer]?.(params, s) ?? Object.keys(s).filter((key) => !["grad", "update", "lr"].includes(key)).map((key) => `${SYMBOL[key] ?? key} = ${vec(s[key])}`);
  const ended2 = e < k - 1 ? " (its last: the run stopped there)" : "";
  return `${run.label}, update ${e + 1}${ended2}: g = ${vec(s.grad)}; ${rule.map((line) => `${line}; `).join("")}step = ${vec(s.update)}${why(run.optimizer, s)}.`;
}
var ARROW_MIN = 0.08;
var ARROW_MAX = 0.3;
var ARROW_CLIP = 0.45;
function arrowsFor(run, k, span2, colour) {
  const e = Math.min(k, run.state.update.length) - 1;
  if (e < 0) return { list: [], scale: 1 };
  const s = entry(run.state, e);
  const tail = [run.x[e], run.y[e]];
  const momentum = s.momentum_buffer ?? (s.exp_avg && !isZero(s.exp_avg) ? s.exp_avg.map((m) => m / (s.bias_correction1 ?? 1)) : null);
  const length = (v) => Math.hypot(v[0], v[1]);
  const vectors = [
    { role: "gradient", v: s.grad.map((g) => -s.lr * g), width: 1.5, head: 5, opacity: 0.9 },
    momentum && { role: "momentum", v: momentum.map((m) => -s.lr * m), width: 1.5, head: 6, opacity: 0.7 },
    { role: "update", v: s.update, width: 3.2, head: 2, opacity: 1 }
  ].filter((a) => a && length(a.v) > 0 && Number.isFinite(length(a.v)));
  const step = length(s.update) || Math.max(0, ...vectors.map((a) => length(a.v)));
  let scale = 1;
  if (step > 0 && step < ARROW_MIN * span2) scale = ARROW_MIN * span2 / step;
  else if (step > ARROW_MAX * span2) scale = ARROW_MAX * span2 / step;
  const list = vectors.map((a) => {
    const n = length(a.v) * scale;
    const clip = n > ARROW_CLIP * span2 ? ARROW_CLIP * span2 / n : 1;
    return {
      x: tail[0] + a.v[0] * scale * clip,
      y: tail[1] + a.v[1] * scale * clip,
      ax: tail[0],
      ay: tail[1],
      xref: "x",
      yref: "y",
      axref: "x",
      ayref: "y",
      text: "",
      showarrow: true,
      arrowhead: a.head,
      arrowsize: a.role === "update" ? 0.8 : 1,
      arrowwidth: a.width,
      arrowcolor: colour,
      opacity: a.opacity,
      standoff: 0,
      startstandoff: 0,
      captureevents: false,
      role: `arrow-${a.role}`,
      of: run.optimizer,
      clipped: clip < 1,
      scale
    };
  });
  return { list, scale };
}
function mountInspector(root, { decls, store, view, player, colourOf, shown }) {
  let open = false;
  let data = null;
  let validFor = null;
  const toggle = el("button", {
    type: "button",
    class: "lab-toggle",
    "aria-expanded": "false",
    "aria-controls": "inspector-body",
    title: t("Show each optimizer's state at the step shown, with arrows on the contour"),
    dataset: { testid: "inspector-toggle" }
  }, t("State inspector"));
  const back = el("button", { type: "button", class: "icon-button", title: "Back one update (←)", "aria-label": "Back one update", dataset: { testid: "inspector-back" } }, "◂");
  const step = el("button", { type: "button", class: "button lab-step", title: "Advance one update (→) and say what changed", dataset: { testid: "inspector-step" } }, "Step ▸");
  back.addEventListener("click", () => player.nudge(-1));
  step.addEventListener("click", () => player.nudge(1));
  const focus = el(
    "select",
    { id: "inspector-arrows", title: "Whose arrows the contour shows", dataset: { testid: "inspector-arrows" } },
    el("option", { value: "" }, "every run")
  );
  focus.addEventListener("change", () => view.setLayer("inspector", layer));
  const status = el("span", { class: "lab-status", "aria-live": "polite", dataset: { testid: "inspector-status" } });
  const legend = el(
    "p",
    { class: "insp-legend" },
    el("span", { class: "insp-key key-update" }, "step taken"),
    el("span", { class: "insp-key key-gradient" }, "−lr·g (plain SGD's step)"),
    el("span", { class: "insp-key key-momentum" }, "momentum −lr·b or −lr·m̂"),
    el("span", { class: "insp-note" }, "arrows start at iterate k − 1; one scale per optimizer (× shown)")
  );
  const table = el("table", { class: "insp-table", dataset: { testid: "inspector-table" } });
  const narration = el("div", { class: "insp-narration", "aria-live": "polite", dataset: { testid: "inspector-narration" } });
  const body = el("div", { class: "insp-body", id: "inspector-body", hidden: true }, legend, el("div", { class: "insp-scroll" }, table), narration);
  root.dataset.testid = "inspector";
  root.dataset.state = "idle";
  root.append(el(
    "div",
    { class: "insp-head" },
    toggle,
    el(
      "div",
      { class: "insp-steps" },
      back,
      step,
      el("label", { class: "inline", for: "inspector-arrows", title: focus.title }, "Arrows", focus)
    ),
    status
  ), body);
  const surfaceSpan = (state) => {
    const request = runRequest(state);
    const domain = typeof request.surface === "object" ? request.surface.domain : decls.surfaces.find((s) => s.id === state.surface)?.domain;
    return domain ? Math.min(domain.x[1] - domain.x[0], domain.y[1] - domain.y[0]) : 1;
  };
  const layer = {
    annotations(k, result) {
      if (!open || !data || result !== validFor) return [];
      const span2 = surfaceSpan(shown()?.state ?? store.get());
      return data.answer.runs.filter((run) => !focus.value || focus.value === run.tag).flatMap((run) => arrowsFor(run, k, span2, colourOf(run)).list);
    }
  };
  const follow = followScene({
    store,
    shown,
    keyOf: (state) => open && !isNetwork(state.surface) ? JSON.stringify(runRequest(state)) : null,
    // networks: network/panel.js
    load: async (state, signal) => {
      const request = runRequest(state);
      const answer = await post("/api/run", { ...request, include_state: true }, { signal });
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
      status.textContent = value === "busy" ? "loading the optimizer states…" : value === "error" ? detail : "";
      status.classList.toggle("error", value === "error");
    }
  });
  const lrOf = (run) => data.request.runs[run.run]?.params.lr;
  function cellLines(run, s, column) {
    const lines = [[], []];
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
      } else (lines[0].length <= lines[1].length ? lines[0] : lines[1]).push({ key, coord: null, value, label: SYMBOL[key] ?? key });
    }
    return lines;
  }
  function item(run, line) {
    const testid = `inspect-${run.tag}-${line.key}${line.coord ? `-${line.coord}` : ""}`;
    return el(
      "span",
      { class: line.coord ? "iv" : "iv scalar", dataset: { testid, value: String(line.value) }, title: String(line.value) },
      line.label ? el("i", {}, line.label) : null,
      f(line.value)
    );
  }
  function render(k) {
    if (!open) return;
    step.disabled = k >= store.get().steps;
    back.disabled = k <= 0;
    if (!data || validFor !== shown()?.result) return;
    const { answer, request } = data;
    const span2 = surfaceSpan(shown().state);
    const states = answer.runs.map((run) => {
      const e = Math.min(k, run.state.update.length) - 1;
      return e < 0 ? null : entry(run.state, e);
    });
    const columns = COLUMNS.filter((c) => answer.runs.some((run, i) => states[i] && cellLines(run, states[i], c).flat().length));
    const head = el(
      "tr",
      {},
      el("th", { scope: "col" }, `step ${k}`),
      el("th", { scope: "col", class: "coord" }, ""),
      columns.map((c) => el("th", { scope: "col", title: c.title }, c.head))
    );
    const rows = answer.runs.flatMap((run, r) => {
      const e = Math.min(k, run.state.update.length) - 1;
      const colour = colourOf(run);
      const name = el(
        "th",
        { scope: "rowgroup", rowspan: 2, class: "insp-name", style: `--colour: ${colour}` },
        el("span", { class: "swatch", "aria-hidden": "true" }),
        run.label
      );
      if (e < 0) return [el("tr", { class: "insp-x", dataset: { optimizer: run.optimizer } }, name, el("td", { colspan: columns.length + 1, class: "insp-empty" }, "no update yet: press Step")), el("tr", { class: "insp-y" })];
      const s = states[r];
      const { scale } = arrowsFor(run, k, span2, colour);
      if (scale !== 1) name.append(el("small", { title: "The arrows of this optimizer are drawn at this scale" }, `arrows ×${f(scale)}`));
      if (e < k - 1) name.append(el("small", { class: "ended" }, `stopped after ${e + 1}`));
      const cells = columns.map((c) => cellLines(run, s, c));
      return [0, 1].map((i) => el(
        "tr",
        { class: i ? "insp-y" : "insp-x", dataset: { optimizer: run.optimizer } },
        i === 0 ? name : null,
        el("td", { class: "coord" }, "xy"[i]),
        cells.map((lines) => el("td", {}, lines[i].map((line) => item(run, line))))
      ));
    });
    table.replaceChildren(el("thead", {}, head), el("tbody", {}, rows));
    const ids = answer.runs.map((run) => `${run.tag}=${run.label}`).join();
    if (focus.dataset.ids !== ids) {
      const keep = focus.value;
      focus.dataset.ids = ids;
      focus.replaceChildren(el("option", { value: "" }, "every run"), ...answer.runs.map((run) => el("option", { value: run.tag }, run.label)));
      focus.value = answer.runs.some((run) => run.tag === keep) ? keep : "";
    }
    narration.replaceChildren(...answer.runs.map((run) => el("p", { style: `--colour: ${colourOf(run)}`, dataset: { optimizer: run.optimizer } }, narrate(run, request.runs[run.run]?.params ?? {}, k))));
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

// static/js/reproduce.js
function scriptDialog() {
  const text = el("textarea", {
    id: "pytorch-text",
    readonly: true,
    rows: 18,
    spellcheck: "false",
    dataset: { testid: "pytorch-text" },
    "aria-label": "The PyTorch script"
  });
  const save = el("button", { type: "button", class: "button", title: "Save the script as optiscope.py", dataset: { testid: "pytorch-download" } }, "Download .py");
  const close = el("button", { type: "button", class: "button", title: "Close (Esc)" }, "Close");
  const dialog = el(
    "dialog",
    { class: "lab-dialog", "aria-labelledby": "pytorch-heading", dataset: { testid: "pytorch-dialog" } },
    el("h2", { id: "pytorch-heading" }, "PyTorch script"),
    el("p", { class: "hint" }, "The clipboard is not available here: select the text and copy it, or download it. Run it with python (needs torch, numpy, pytorch_optimizer)."),
    text,
    el("div", { class: "lab-dialog-actions" }, save, close)
  );
  save.addEventListener("click", () => download("optiscope.py", text.value, "text/x-python"));
  close.addEventListener("click", () => dialog.close());
  document.body.append(dialog);
  return {
    show(script2) {
      text.value = script2;
      dialog.showModal();
      text.focus();
      text.select();
    }
  };
}
function mountReproduce(root, { store, toast: toast2 }) {
  const button = el("button", {
    type: "button",
    class: "button",
    dataset: { testid: "copy-pytorch" },
    title: t("Copy a runnable PyTorch script (torch.optim, float64) that reproduces these paths")
  }, t("Copy as PyTorch"));
  let dialog = null;
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const state = store.get();
      const body = isNetwork(state.surface) ? networkRequest(state) : runRequest(state);
      const script2 = await post("/api/pytorch", body, { as: "text" });
      try {
        await navigator.clipboard.writeText(script2);
        toast2("PyTorch script copied: paste it into a .py file and run it.");
      } catch {
        dialog ??= scriptDialog();
        dialog.show(script2);
      }
    } catch (error) {
      toast2(`No script: ${error.message}`);
    } finally {
      button.disabled = false;
    }
  });
  root.append(button);
}

// static/js/seeds.js
var MIN = 2;
var MAX = 32;
function rgba(colour, alpha) {
  const hex = colour.replace("#", "");
  if (!/^[0-9a-f]{6}$/i.test(hex)) return colour;
  const n = parseInt(hex, 16);
  return `rgba(${n >> 16 & 255}, ${n >> 8 & 255}, ${n & 255}, ${alpha})`;
}
var eligible = (request) => request.noise?.std > 0 || Boolean(request.batch);
function pathTraces(run, colour, step) {
  return run.paths.map((path) => {
    const k = Math.min(step, path.x.length - 1);
    return {
      type: "scatter",
      mode: "lines",
      name: `${run.label}, seed ${path.seed}`,
      x: path.x.slice(0, k + 1),
      y: path.y.slice(0, k + 1),
      line: { color: colour, width: 1.1 },
      opacity: 0.32,
      hoverinfo: "skip",
      showlegend: false,
      meta: { role: "seed-path", of: run.optimizer, seed: path.seed }
    };
  });
}
function bandTraces(run, colour) {
  const { p10, p50, p90 } = run.band;
  const at = [];
  for (let k = 0; k < p10.length; k++) if (Number.isFinite(p10[k]) && Number.isFinite(p90[k])) at.push(k);
  return [
    {
      type: "scatter",
      mode: "lines",
      name: `${run.label} p10–p90`,
      x: [...at, ...[...at].reverse()],
      y: [...at.map((k) => p90[k]), ...[...at].reverse().map((k) => p10[k])],
      fill: "toself",
      fillcolor: rgba(colour, 0.22),
      line: { width: 0, color: colour },
      hoverinfo: "skip",
      showlegend: false,
      meta: { role: "seed-band", of: run.optimizer }
    },
    {
      type: "scatter",
      mode: "lines",
      name: `${run.label} median`,
      y: p50,
      x0: 0,
      dx: 1,
      line: { color: colour, width: 1.8, dash: "dot" },
      showlegend: false,
      hovertemplate: `<b>${run.label}</b> median of the seeds, step %{x}<br>f = %{y:.4g}<extra></extra>`,
      meta: { role: "seed-median", of: run.optimizer }
    }
  ];
}
function mountSeeds(root, { store, view, colourOf, shown }) {
  let on = false;
  let count = 8;
  let data = null;
  let validFor = null;
  const toggle = el("input", {
    type: "checkbox",
    id: "seeds-toggle",
    dataset: { testid: "seeds-toggle" },
    title: t("Run the scene under several noise seeds: faint paths, and the loss's p10–p90 band and median")
  });
  const number3 = el("input", {
    type: "number",
    id: "seeds-count",
    min: MIN,
    max: MAX,
    step: 1,
    value: count,
    title: t("How many seeds ({min} to {max})", { min: MIN, max: MAX }),
    dataset: { testid: "seeds-count" }
  });
  const status = el("p", { class: "hint seeds-status", "aria-live": "polite", dataset: { testid: "seeds-status" } });
  root.dataset.testid = "seeds";
  root.dataset.state = "idle";
  root.append(
    el(
      "div",
      { class: "row seeds-row" },
      el("label", { class: "check", for: "seeds-toggle", title: toggle.title }, toggle, t("Seeds")),
      el("label", { class: "sr-only", for: "seeds-count" }, t("Number of seeds")),
      number3
    ),
    status
  );
  const runsOf = (result) => data.runs.map((run, i) => ({ ...run, label: result.runs[i]?.label ?? run.label }));
  const layer = {
    main: (step, result) => on && data && result === validFor ? runsOf(result).flatMap((run, i) => pathTraces(run, colourOf(i), step)) : [],
    loss: (result) => on && data && result === validFor ? runsOf(result).flatMap((run, i) => bandTraces(run, colourOf(i))) : []
  };
  let problem = "";
  const follow = followScene({
    store,
    shown,
    keyOf: (state) => {
      const request = runRequest(state);
      return on && eligible(request) ? JSON.stringify([request, count]) : null;
    },
    load: (state, signal) => post("/api/seeds", { ...runRequest(state), seeds: { count, first: state.noise.seed } }, { signal }),
    onShown(loaded, result) {
      const fresh = loaded !== data || result !== validFor;
      data = loaded;
      validFor = result;
      if (fresh) view.setLayer("seeds", layer);
    },
    onIdle() {
      data = null;
      validFor = null;
      view.setLayer("seeds", null);
    },
    onStatus(value, detail) {
      root.dataset.state = value;
      problem = value === "error" ? detail : "";
      describe(store.get());
    }
  });
  function describe(state) {
    const ok = eligible(runRequest(state));
    toggle.disabled = !ok;
    number3.disabled = !ok;
    const seed = state.noise.seed;
    if (!ok) status.textContent = t("Add gradient noise σ > 0 (or mini-batches) to compare seeds.");
    else if (!on) status.textContent = t("Seeds: see how much of each path is luck.");
    else if (problem) status.textContent = problem;
    else if (root.dataset.state === "busy") status.textContent = `Running ${count} seeds…`;
    else status.textContent = `${count} seeds (${seed}…${seed + count - 1}): faint paths; loss band p10–p90, median dotted.`;
    status.classList.toggle("error", Boolean(problem));
  }
  toggle.addEventListener("change", () => {
    on = toggle.checked;
    follow.refresh();
    describe(store.get());
  });
  number3.addEventListener("change", () => {
    const v = Math.round(Number(number3.value));
    const valid = Number.isFinite(v) && v >= MIN && v <= MAX;
    number3.toggleAttribute("aria-invalid", !valid);
    if (!valid) return;
    count = v;
    follow.refresh();
  });
  store.subscribe((state, change) => {
    if (change !== Change.RUN) return;
    follow.refresh();
    describe(state);
  });
  describe(store.get());
}

// static/js/tuning.js
var CRITERIA = [
  ["final_loss", t("final loss (diverged = worst)"), t("The loss after the last step; a run that diverges scores worst")],
  ["auc", t("area under the loss curve"), t("The mean loss over every iterate: rewards getting low early, not only ending low")]
];
var SAME_LR = { name: "lr", min: 1e-5, max: 1, default: 0.01, log: true, description: "the learning rate of every run" };
function sceneKey(state) {
  const request = runRequest(state);
  return JSON.stringify({ ...request, runs: request.runs.map(({ params, ...run }) => ({ ...run, params: { ...params, lr: null } })) });
}
function mountTuning(root, { decls, store, colourOf }) {
  let mode = "manual";
  let criterion = CRITERIA[0][0];
  let tuned = null;
  let job = null;
  let common = SAME_LR.default;
  const declOf2 = (id) => decls.optimizers.find((o) => o.id === id);
  const clampLr = (id, v) => {
    const p = declOf2(id)?.params.find((q) => q.name === "lr");
    return p ? Math.min(p.max, Math.max(p.min, v)) : v;
  };
  const withLrs = (s, lrOf) => ({
    runs: s.runs.map((r, i) => {
      const lr = lrOf(i, r);
      return lr === null ? r : { ...r, params: { ...r.params, lr } };
    })
  });
  const modes = segmented("lr-mode", t("How the learning rates are set"), [
    ["manual", t("Manual"), t("Each optimizer's own lr slider")],
    ["same", t("Same lr"), t("One lr slider for every run")],
    ["tune", t("Tune each"), t("Each run at its best lr on this scene, chosen from 25 values between 1e-4 and 1")]
  ], (value) => pick(value));
  const same = paramRow({ p: SAME_LR, id: "lr-all", label: t("Learning rate of every run"), testid: "lr-all", onValue: (v) => setCommon(v) });
  const sameBox = el("div", { class: "lr-same", hidden: true }, same.row, el("p", { class: "hint" }, t("Every run runs with this lr.")));
  const criterionSelect = el(
    "select",
    { id: "tune-criterion", title: t('What "best" means when tuning'), dataset: { testid: "tune-criterion" } },
    CRITERIA.map(([value, label, title]) => el("option", { value, title }, label))
  );
  criterionSelect.addEventListener("change", () => {
    criterion = criterionSelect.value;
    if (mode === "tune") tune();
  });
  const again = el("button", { type: "button", class: "button", title: t("Tune the learning rates again for the scene as it is now"), dataset: { testid: "tune-run" } }, t("Tune"));
  again.addEventListener("click", () => tune());
  const cancel = el("button", { type: "button", class: "link-button", title: t("Stop tuning"), hidden: true, dataset: { testid: "tune-cancel" } }, t("cancel"));
  cancel.addEventListener("click", () => job?.controller.abort());
  const progress = progressBar2(t("Tuning the learning rates"), "tune-progress");
  const results = el("ul", { class: "tune-results", "aria-live": "polite", dataset: { testid: "tune-results" } });
  const tuneBox = el(
    "div",
    { class: "lr-tune", hidden: true },
    el(
      "div",
      { class: "row tune-row" },
      el("div", { class: "field" }, el("label", { for: "tune-criterion", title: criterionSelect.title }, t("Best by")), criterionSelect),
      again
    ),
    el("div", { class: "tune-progress-row" }, progress.box, cancel),
    results
  );
  root.dataset.testid = "tuning";
  root.dataset.state = "idle";
  root.append(modes.group, sameBox, tuneBox);
  modes.set(mode);
  function badgeOf(tag) {
    const head = document.querySelector(`[data-testid="run-${tag}"] .opt-head`);
    if (!head) return null;
    let badge = head.querySelector(".lr-badge");
    if (!badge) {
      badge = el("span", { class: "lr-badge", hidden: true, dataset: { testid: `tuned-lr-${tag}` } });
      head.insertBefore(badge, head.querySelector(".badge"));
    }
    return badge;
  }
  function pick(value) {
    mode = value;
    modes.set(mode);
    sameBox.hidden = mode !== "same";
    tuneBox.hidden = mode !== "tune";
    if (mode !== "tune") job?.controller.abort();
    if (mode === "same") {
      const state = store.get();
      common = state.runs[0]?.params.lr ?? common;
      same.set(common);
      setCommon(common);
    } else if (mode === "tune" && (!tuned || tuned.key !== sceneKey(store.get()) || tuned.criterion !== criterion)) {
      tune();
    }
    sync(store.get());
  }
  function setCommon(v) {
    common = v;
    same.set(v);
    store.update((s) => withLrs(s, (_, r) => clampLr(r.optimizer, v)), Change.RUN);
  }
  async function tune() {
    job?.controller.abort();
    const state = store.get();
    if (!state.runs.length) return;
    const controller = new AbortController();
    const started = performance.now();
    const what = t(state.runs.length > 1 ? "Trying 25 learning rates × {n} runs" : "Trying 25 learning rates × 1 run", { n: state.runs.length });
    const tick = () => progress.set(null, `${what}… ${((performance.now() - started) / 1e3).toFixed(1)} s`);
    const current = { controller, timer: setInterval(tick, 200) };
    job = current;
    tick();
    cancel.hidden = false;
    again.disabled = true;
    root.dataset.state = "busy";
    try {
      const answer = await post("/api/tune", { ...runRequest(state), tune: { criterion } }, { signal: controller.signal });
      const labels = runLabels(state.runs, decls);
      tuned = { key: sceneKey(state), criterion, values: answer.values, runs: answer.runs.map((r, i) => ({ ...r, label: labels[i], run: i })) };
      const lrOf = (i, r) => answer.runs[i]?.optimizer === r.optimizer ? answer.runs[i].lr : null;
      store.update((s) => withLrs(s, lrOf), Change.RUN);
      root.dataset.state = "ready";
    } catch (error) {
      if (job !== current) return;
      root.dataset.state = controller.signal.aborted ? "idle" : "error";
      results.replaceChildren(el("li", { class: "error" }, controller.signal.aborted ? t("Tuning cancelled.") : t("Tuning failed: {message}", { message: error.message })));
    } finally {
      clearInterval(current.timer);
      if (job === current) {
        job = null;
        progress.hide();
        cancel.hidden = true;
        again.disabled = false;
        sync(store.get());
      }
    }
  }
  const describe = (run) => run.lr === null ? t("every lr tried diverged") : t("score {v}", { v: formatNumber(run.score[tuned.values.indexOf(run.lr)]) });
  function sync(state) {
    const valid = tuned && tuned.key === sceneKey(state);
    state.runs.forEach((mine, i) => {
      const badge = badgeOf(runTag(state.runs, i));
      const run = tuned?.runs[i];
      const inUse = Boolean(valid && run && run.optimizer === mine.optimizer && (run.lr === null || mine.params.lr === run.lr));
      if (!badge) return;
      if (badge.hidden === inUse) badge.hidden = !inUse;
      if (!inUse) return;
      badge.classList.toggle("none", run.lr === null);
      badge.textContent = run.lr === null ? t("no lr works") : `lr ${formatNumber(run.lr)} ★`;
      badge.dataset.lr = run.lr === null ? "" : String(run.lr);
      badge.title = t("Tuned by {criterion}: {score}", { criterion: CRITERIA.find(([c]) => c === tuned.criterion)[1], score: describe(run) });
    });
    if (!tuned || job) return;
    const stale = !valid ? [el("li", { class: "stale" }, t("The scene changed since tuning: press Tune to tune again."))] : [];
    results.replaceChildren(...stale, ...tuned.runs.map((run) => el(
      "li",
      { style: `--colour: ${colourOf(run)}` },
      el("span", { class: "swatch", "aria-hidden": "true" }),
      el("span", { class: "tune-name" }, run.label),
      el("span", { class: "tune-lr" }, run.lr === null ? "—" : `lr ${formatNumber(run.lr)}`),
      el("span", { class: "tune-score" }, describe(run))
    )));
  }
  let runsBefore = store.get().runs.length;
  store.subscribe((state, change) => {
    if (change !== Change.RUN) return;
    const added = state.runs.length > runsBefore;
    runsBefore = state.runs.length;
    if (mode === "same") {
      if (added) queueMicrotask(() => setCommon(common));
      else if (state.runs.some((r) => r.params.lr !== clampLr(r.optimizer, common))) pick("manual");
    }
    sync(state);
  });
  sync(store.get());
}

// static/js/lab.js
function mountLab({ decls, store, view, player, colourOf, shown, toast: toast2, byId: byId2 }) {
  mountTuning(byId2("tuning-controls"), { decls, store, colourOf });
  mountSeeds(byId2("seeds-controls"), { store, view, colourOf, shown });
  mountInspector(byId2("inspector"), { decls, store, view, player, colourOf, shown });
  mountReproduce(byId2("share-controls"), { store, toast: toast2 });
  mountAnimation(byId2("share-controls"), { store, view, player, mainEl: byId2("main-plot"), toast: toast2 });
}

// static/js/network/lessons.js
var NETWORK_LESSONS = [
  {
    id: "net-five",
    name: "One network, five optimizers",
    lines: [
      "Eight tanh units learn the two moons from the same initial weights under five optimizers.",
      "After 400 steps plain SGD is still at a train loss of 0.26 (89 % accuracy); momentum, RMSprop, Adam and Lion are below 0.06 (98 % or more). Compare the boundaries."
    ],
    surface: "moons",
    steps: 400,
    network: { hidden: 8, activation: "tanh", loss: "cross_entropy", init_seed: 0 },
    runs: [
      { optimizer: "sgd", lr: 0.1 },
      { optimizer: "momentum", lr: 0.1, momentum: 0.9 },
      { optimizer: "rmsprop", lr: 0.01 },
      { optimizer: "adam", lr: 0.02 },
      { optimizer: "lion", lr: 0.01 }
    ]
  },
  {
    id: "net-mse",
    name: "Squared error: the gradient fades",
    lines: [
      "Squared error's gradient carries the sigmoid's slope σ'(z) ≤ 1/4, which vanishes where the output saturates, even on a wrong point.",
      "SGD on the circles for 600 steps ends at 89 % train accuracy, its ‖∂L/∂W2‖ about half of cross-entropy's. Click “Cross-entropy” to compare."
    ],
    surface: "circles",
    steps: 600,
    network: { hidden: 8, activation: "tanh", loss: "mse", init_seed: 1 },
    runs: [{ optimizer: "sgd", lr: 0.5 }]
  },
  {
    id: "net-ce",
    name: "Cross-entropy: the gradient stays",
    lines: [
      "Cross-entropy's gradient on the output is σ(z) − y: as large as the error, however sure the network is.",
      "The same data, network, SGD and steps as “Squared error”: 98 % train accuracy instead of 89 %."
    ],
    surface: "circles",
    steps: 600,
    network: { hidden: 8, activation: "tanh", loss: "cross_entropy", init_seed: 1 },
    runs: [{ optimizer: "sgd", lr: 0.5 }]
  },
  {
    id: "net-sigmoid",
    name: "Sigmoid units: a vanishing gradient",
    lines: [
      "A sigmoid's slope is at most 1/4, so the gradient backpropagated to W1 shrinks: at the first update ‖∂L/∂W1‖ is a twentieth of ‖∂L/∂W2‖, and it stays near 0.003, a tenth of what tanh or ReLU units get.",
      "SGD barely moves: after 500 steps the loss is still 0.69 and the circles are not separated. Try tanh and ReLU with the same settings."
    ],
    surface: "circles",
    steps: 500,
    network: { hidden: 8, activation: "sigmoid", loss: "cross_entropy", init_seed: 0 },
    runs: [{ optimizer: "sgd", lr: 0.5 }]
  },
  {
    id: "net-tanh",
    name: "tanh units",
    lines: [
      "tanh is zero-centred with a slope up to 1: at the first update ‖∂L/∂W1‖ is a fifth of ‖∂L/∂W2‖, and six to ten times sigmoid’s throughout.",
      "The sigmoid lesson's settings: SGD closes the boundary around the inner circle (loss 0.11, 99 % accuracy)."
    ],
    surface: "circles",
    steps: 500,
    network: { hidden: 8, activation: "tanh", loss: "cross_entropy", init_seed: 0 },
    runs: [{ optimizer: "sgd", lr: 0.5 }]
  },
  {
    id: "net-relu",
    name: "ReLU units",
    lines: [
      "ReLU passes the gradient through unshrunk where a unit is active: at the first update ‖∂L/∂W1‖ is half of ‖∂L/∂W2‖.",
      "The sigmoid lesson's settings: loss 0.05, every train row right; the boundary is made of straight pieces."
    ],
    surface: "circles",
    steps: 500,
    network: { hidden: 8, activation: "relu", loss: "cross_entropy", init_seed: 0 },
    runs: [{ optimizer: "sgd", lr: 0.5 }]
  },
  {
    id: "net-batch",
    name: "Mini-batches and epochs",
    lines: [
      "Batches of 10 of the 180 train rows: 18 updates make an epoch (dotted lines on the loss plot), each epoch reshuffling the rows.",
      "The full train loss rises on over a third of the updates (never with full batches), yet after 20 epochs it is where full-batch SGD is after 360 updates of 180 rows each: 18 times the work."
    ],
    surface: "moons",
    steps: 360,
    batch: 10,
    network: { hidden: 8, activation: "tanh", loss: "cross_entropy", init_seed: 0 },
    runs: [{ optimizer: "sgd", lr: 0.2 }]
  },
  {
    id: "net-overfit",
    name: "Overfitting: train loss falls, test loss rises",
    lines: [
      "32 hidden units (129 weights) learn from only the 113 train rows of a very noisy two-moons set.",
      "Under Adam the train loss keeps falling, to 0.012; the test loss is lowest at step 249 (0.21) and then climbs back, to 1.0 by step 2000: the network has learnt the noise."
    ],
    surface: "noisy_moons",
    steps: 2e3,
    network: { hidden: 32, activation: "tanh", loss: "cross_entropy", init_seed: 0 },
    runs: [{ optimizer: "adam", lr: 0.01 }]
  }
];
function networkLessonState(decls, lesson, presetState2) {
  return { ...presetState2(decls, lesson), network: { ...lesson.network }, batch: lesson.batch ?? 0 };
}

// static/js/network/model.js
var ACTIVATIONS = {
  tanh: Math.tanh,
  relu: (v) => Math.max(v, 0),
  sigmoid: (v) => 1 / (1 + Math.exp(-v))
};
var softplus = (z) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
var sigmoid = (z) => 1 / (1 + Math.exp(-z));
function layers(hidden) {
  return { W1: [0, 2 * hidden], b1: [2 * hidden, hidden], W2: [3 * hidden, hidden], b2: [4 * hidden, 1] };
}
function output(theta, hidden, act, t1, t2) {
  let z = theta[4 * hidden];
  for (let h = 0; h < hidden; h++) {
    z += theta[3 * hidden + h] * act(theta[2 * h] * t1 + theta[2 * h + 1] * t2 + theta[2 * hidden + h]);
  }
  return z;
}
var rowLoss = { cross_entropy: (z, y) => softplus(z) - y * z, mse: (z, y) => (sigmoid(z) - y) ** 2 };
function evaluate(theta, { hidden, activation, loss }, rows) {
  const act = ACTIVATIONS[activation];
  const of = rowLoss[loss];
  let total = 0;
  let right = 0;
  for (let i = 0; i < rows.target.length; i++) {
    const z = output(theta, hidden, act, rows.features[i][0], rows.features[i][1]);
    total += of(z, rows.target[i]);
    if (z > 0 === (rows.target[i] === 1)) right++;
  }
  return { loss: total / rows.target.length, accuracy: right / rows.target.length };
}
function outputGrid(theta, { hidden, activation }, box, n) {
  const act = ACTIVATIONS[activation];
  const axis2 = ([lo, hi]) => Array.from({ length: n }, (_, i) => lo + (hi - lo) * i / (n - 1));
  const x = axis2(box.x);
  const y = axis2(box.y);
  const z = y.map((t2) => x.map((t1) => output(theta, hidden, act, t1, t2)));
  return { x, y, z };
}
function layerNorm(vector, [from, count]) {
  let sum = 0;
  for (let i = from; i < from + count; i++) sum += vector[i] * vector[i];
  return Math.sqrt(sum);
}

// static/js/network/panel.js
var CONFIG3 = { ...PRIVATE, displayModeBar: false, responsive: false };
var BOUNDARY_N = 36;
var FRAME_GAP_MS3 = 80;
var f2 = formatNumber;
var ACTIVATIONS2 = [
  ["tanh", "tanh", "tanh(x): smooth, zero-centred, saturates at ±1 (gradient ≤ 1)"],
  ["relu", "ReLU", "max(0, x): no saturation for x > 0, so gradients pass through unshrunk; a unit stuck below 0 learns nothing"],
  ["sigmoid", "sigmoid", "1 / (1 + e⁻ˣ): saturates at 0 and 1 and its slope is at most 1/4, so the gradient reaching the first layer shrinks"]
].map(([value, label, tip]) => [value, t(label), t(tip)]);
var LOSSES = [
  ["cross_entropy", "cross-entropy", "mean(log(1 + eᶻ) − y·z): its gradient σ(z) − y stays large while a point is wrong, however sure the network is"],
  ["mse", "squared error", "mean((σ(z) − y)²): its gradient carries σ'(z), which vanishes when the output saturates, even on a wrong point"]
].map(([value, label, tip]) => [value, t(label), t(tip)]);
function axisStyle() {
  return { zeroline: false, gridcolor: cssVar3("--grid"), linecolor: cssVar3("--ink-soft"), tickfont: { size: 9 }, fixedrange: true, mirror: true };
}
function baseLayout2(size) {
  return {
    ...size,
    autosize: false,
    margin: { l: 40, r: 8, t: 6, b: 28 },
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "#fff",
    font: { family: cssVar3("--font"), color: cssVar3("--ink"), size: 10 },
    showlegend: false,
    hovermode: "closest",
    dragmode: false
  };
}
function placeCursor(gd, k) {
  const xa = gd._fullLayout?.xaxis;
  if (!xa) return;
  let line = gd.querySelector(".net-cursor");
  if (!line) {
    line = el("div", { class: "net-cursor", "aria-hidden": "true" });
    gd.append(line);
  }
  const { t: t2, b } = gd._fullLayout.margin;
  Object.assign(line.style, { left: `${xa._offset + xa.l2p(k)}px`, top: `${t2}px`, bottom: `${b}px` });
}
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
  const activation = segmented("net-activation", t("Activation of the hidden units"), ACTIVATIONS2, (v) => setNetwork({ activation: v }));
  const loss = segmented("net-loss", t("Loss on the network's output"), LOSSES, (v) => setNetwork({ loss: v }));
  const seed = numberInput({ id: "net-seed", min: 0, max: 2 ** 32 - 1, title: t("Seed of the initial weights θ₀ (every optimizer starts from the same θ₀)"), dataset: { testid: "net-seed" } });
  seed.addEventListener("change", () => {
    const v = Number(seed.value);
    if (Number.isInteger(v) && v >= 0) setNetwork({ init_seed: v });
  });
  const reroll = el("button", { type: "button", class: "icon-button", title: t("Draw new initial weights"), "aria-label": t("New initial weights") }, "⚄");
  reroll.addEventListener("click", () => setNetwork({ init_seed: Math.floor(Math.random() * 1e4) }));
  const batchOn = el("input", { type: "checkbox", id: "net-batch-on", title: t("Estimate each gradient from a random mini-batch of train rows instead of all of them"), dataset: { testid: "net-batch-on" } });
  const batch = el("input", { type: "range", id: "net-batch-size", min: 1, step: 1, title: t("Train rows per mini-batch"), dataset: { testid: "net-batch-size" } });
  const batchText = el("output", { class: "net-batch-text", for: "net-batch-size" });
  batchOn.addEventListener("change", () => store.update({ batch: batchOn.checked ? 16 : 0, preset: "" }, Change.RUN));
  batch.addEventListener("input", () => store.update({ batch: Number(batch.value), preset: "" }, Change.RUN));
  const about = el("p", { class: "hint net-about" });
  root.append(el(
    "div",
    { class: "net-controls" },
    el("h3", { class: "data-heading" }, t("The network")),
    el("div", { class: "param" }, el("label", { for: hidden.id, title: hidden.title }, t("hidden")), hidden, hiddenValue),
    el("div", { class: "net-choice" }, el("span", { class: "field-label", title: t("Activation of the hidden units") }, t("activation")), activation.group),
    el("div", { class: "net-choice" }, el("span", { class: "field-label", title: t("Loss on the network's output") }, t("loss")), loss.group),
    el("div", { class: "row" }, el("div", { class: "field" }, el("label", { for: seed.id, title: seed.title }, t("Init seed")), seed), reroll),
    el("label", { class: "check", for: batchOn.id, title: batchOn.title }, batchOn, t("Mini-batches")),
    el("div", { class: "param" }, el("label", { for: batch.id, title: batch.title }, t("batch")), batch, batchText),
    about
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
    about.textContent = `${t("{train} train rows, {test} test rows (hollow marks); θ has {n} numbers.", { train: decl.train_rows, test: decl.test_rows, n: 4 * n.hidden + 1 })} ${size ? t("{n} updates make an epoch.", { n: networkEpoch(state) }) : t("Every update uses all train rows.")}`;
  };
}
var pointsOf = /* @__PURE__ */ new WeakMap();
function pointTraces(rows) {
  if (pointsOf.has(rows)) return pointsOf.get(rows);
  const traces = [];
  for (const [part, open] of [["train", false], ["test", true]]) {
    for (const label of [0, 1]) {
      const at = rows[part].target.map((t2, i) => t2 === label ? i : -1).filter((i) => i >= 0);
      traces.push({
        type: "scatter",
        mode: "markers",
        x: at.map((i) => rows[part].features[i][0]),
        y: at.map((i) => rows[part].features[i][1]),
        marker: { size: open ? 6 : 5, symbol: open ? "circle-open" : "circle", color: cssVar3(`--data-class-${label}`), line: { width: open ? 1.6 : 0.5, color: open ? cssVar3(`--data-class-${label}`) : "#fff" } },
        hovertemplate: `${part} row, class ${label}<extra></extra>`,
        meta: { role: `${part}-points` }
      });
    }
  }
  pointsOf.set(rows, traces);
  return traces;
}
function zeroLevel({ x, y, z }) {
  const xs = [];
  const ys = [];
  const cross = (x0, y0, z0, x1, y1, z1) => {
    const t2 = z0 / (z0 - z1);
    return [x0 + t2 * (x1 - x0), y0 + t2 * (y1 - y0)];
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
var thetaAt = (run, k) => run.thetas ? run.thetas[Math.min(k, run.thetas.length - 1)] : run.theta;
function boundaryFigure(scene, runs, focus, k, colourOf, size) {
  const box = networkDecl(scene.state.surface).domain;
  const shade = outputGrid(thetaAt(focus, k), scene.network, box, BOUNDARY_N);
  const data = [];
  const lines = [];
  for (const run of runs) {
    const grid = run === focus ? shade : outputGrid(thetaAt(run, k), scene.network, box, BOUNDARY_N);
    const level = zeroLevel(grid);
    lines.push({ ...level, colour: colourOf(run), width: run === focus ? 2.6 : 1.6 });
    data.push({
      type: "scatter",
      mode: "lines",
      ...level,
      connectgaps: false,
      hoverinfo: "skip",
      line: { color: CLEAR2, width: 1 },
      meta: { role: "boundary", optimizer: run.optimizer }
    });
  }
  data.push(...pointTraces(scene.rows));
  const axis2 = axisStyle();
  return {
    data,
    shade,
    lines,
    layout: { ...baseLayout2(size), plot_bgcolor: "rgba(0,0,0,0)", xaxis: { ...axis2, range: box.x, title: { text: "t1", standoff: 2 } }, yaxis: { ...axis2, range: box.y, title: { text: "t2", standoff: 2 } } }
  };
}
var rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
var wash = document.createElement("canvas");
function washImage({ x, y, z }) {
  wash.width = x.length;
  wash.height = y.length;
  const ctx = wash.getContext("2d");
  const image = ctx.createImageData(x.length, y.length);
  const [c0, c1] = [rgb(cssVar3("--data-class-0")), rgb(cssVar3("--data-class-1"))];
  for (let i = 0; i < y.length; i++) {
    for (let j = 0; j < x.length; j++) {
      const p = 1 / (1 + Math.exp(-z[i][j]));
      const towards = p < 0.5 ? c0 : c1;
      const w = Math.abs(p - 0.5) * 2 * 0.4;
      const at = ((y.length - 1 - i) * x.length + j) * 4;
      for (let c = 0; c < 3; c++) image.data[at + c] = Math.round(255 + (towards[c] - 255) * w);
      image.data[at + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);
  return wash;
}
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
function niceCeil(v) {
  const unit = 10 ** (Math.floor(Math.log10(v)) - 1);
  return Math.ceil(v / unit - 1e-9) * unit;
}
var finite = (arrays) => arrays.flat().filter((v) => Number.isFinite(v));
function canvasFigure(lines, colourOf) {
  const data = [];
  const drawn = [];
  for (const { trace, run, x0, y, yaxis, dash } of lines) {
    data.push({ type: "scatter", mode: "lines", x0, dx: 1, y, ...yaxis !== "yaxis" && { yaxis: yaxis.replace("axis", "") }, line: { color: CLEAR2, width: 1.8 }, ...trace });
    drawn.push({ x0, y, yaxis, colour: colourOf(run), width: 1.8, dash });
  }
  return { data, lines: drawn };
}
function curvesFigure(scene, runs, colourOf, size) {
  const lines = [];
  const hover = (run, name, format) => `${run.label} ${t("step")} %{x}<br>${t(name)} %{y:${format}}<extra></extra>`;
  const line = (run, role, name, y, yaxis, dash, format, x) => lines.push({ run, x0: 0, y, yaxis, dash, trace: { ...x && { x }, name: `${run.label} ${t(name)}`, meta: { role, optimizer: run.optimizer }, hovertemplate: hover(run, name, format) } });
  for (const run of runs) {
    line(run, "train-loss", "train loss", run.loss, "yaxis", "solid", ".4g");
    if (!run.curves) continue;
    const c = run.curves;
    line(run, "test-loss", "test loss", c.testLoss, "yaxis", "dash", ".4g", c.steps);
    line(run, "train-accuracy", "train accuracy", c.trainAccuracy, "yaxis2", "solid", ".1%", c.steps);
    line(run, "test-accuracy", "test accuracy", c.testAccuracy, "yaxis2", "dash", ".1%", c.steps);
  }
  const top = Math.max(0, ...finite(runs.flatMap((run) => [run.loss, run.curves?.testLoss ?? []])));
  const axis2 = axisStyle();
  return {
    ...canvasFigure(lines, colourOf),
    layout: {
      ...baseLayout2(size),
      margin: { l: 44, r: 8, t: 6, b: 28 },
      xaxis: { ...axis2, anchor: "y2", range: [0, scene.state.steps], title: { text: t("step"), standoff: 2 } },
      yaxis: { ...axis2, domain: [0.54, 1], range: [0, top > 0 ? niceCeil(top * 1.05) : 1], title: { text: t("loss"), standoff: 2 } },
      yaxis2: { ...axis2, domain: [0, 0.42], range: [0, 1.04], tickformat: ".0%", title: { text: t("accuracy"), standoff: 2 } }
    }
  };
}
function normsFigure(scene, runs, colourOf, size) {
  const lines = [];
  for (const run of runs) {
    if (!run.grad_norm) continue;
    for (const [layer, dash] of [["W1", "solid"], ["W2", "dot"]]) {
      lines.push({
        run,
        x0: 1,
        y: run.grad_norm[layer],
        yaxis: "yaxis",
        dash,
        trace: { name: `${run.label} ‖∂L/∂${layer}‖`, meta: { role: `norm-${layer}`, optimizer: run.optimizer }, hovertemplate: `${run.label} ${t("update")} %{x}<br>‖∂L/∂${layer}‖ = %{y:.3g}<extra></extra>` }
      });
    }
  }
  const logs = finite(lines.map((l) => l.y)).filter((v) => v > 0).map(Math.log10);
  const lo = logs.length ? Math.floor(Math.min(...logs)) : -3;
  const hi = logs.length ? Math.ceil(Math.max(...logs)) : 0;
  const axis2 = axisStyle();
  return {
    ...canvasFigure(lines, colourOf),
    layout: {
      ...baseLayout2(size),
      margin: { l: 44, r: 8, t: 6, b: 28 },
      xaxis: { ...axis2, range: [0, scene.state.steps], title: { text: t("step"), standoff: 2 } },
      yaxis: { ...axis2, type: "log", range: [lo, Math.max(hi, lo + 1)], dtick: "D2", exponentformat: "power", title: { text: t("gradient norm"), standoff: 2 } }
    }
  };
}
function backprop(scene, run, k) {
  const e = Math.min(k, run.steps) - 1;
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
  const head = el(
    "tr",
    {},
    el("th", { scope: "col" }, t("update {k}", { k: Math.max(k, 1) })),
    el("th", { scope: "col", title: t("Norm of the gradient of the loss with respect to the first layer's weights W1 (backpropagated through the activation)") }, "‖∂L/∂W1‖"),
    el("th", { scope: "col", title: t("Norm of the gradient with respect to the output layer's weights W2") }, "‖∂L/∂W2‖"),
    el("th", { scope: "col", title: t("How much smaller the first layer's gradient is than the output layer's") }, "W1 ÷ W2"),
    el("th", { scope: "col", title: t("The step the optimizer took on W1, over plain SGD's step lr·‖∂L/∂W1‖ (1: plain gradient step; lr is the base lr)") }, t("step W1 × SGD")),
    el("th", { scope: "col", title: t("The same for W2") }, t("step W2 × SGD"))
  );
  const cell = (v, testid, format = f2) => el("td", { dataset: { testid, value: String(v ?? "") } }, v === null || v === void 0 ? "–" : format(v));
  const rows = runs.map((run, i) => {
    const b = backprop(scene, run, k);
    const name = el("th", { scope: "row", style: `--colour: ${colourOf(run)}` }, el("span", { class: "swatch", "aria-hidden": "true" }), run.label);
    if (!b) return el("tr", {}, name, el("td", { colspan: 5 }, run.grad_norm ? t("no update yet") : t("the server sent no gradient norms")));
    const id = runTag(runs, i);
    return el(
      "tr",
      { dataset: { optimizer: id } },
      name,
      cell(b.W1.g, `bp-${id}-gW1`),
      cell(b.W2.g, `bp-${id}-gW2`),
      cell(b.W2.g > 0 ? b.W1.g / b.W2.g : null, `bp-${id}-ratio`),
      cell(b.W1.ratio, `bp-${id}-sW1`, (v) => `${f2(v)}×`),
      cell(b.W2.ratio, `bp-${id}-sW2`, (v) => `${f2(v)}×`)
    );
  });
  return [el("thead", {}, head), el("tbody", {}, rows)];
}
function mountNetworkPanel({ controlsRoot, panelRoot, store, colourOf, shown, onError }) {
  const updateControls = buildControls(controlsRoot, store);
  const note2 = el("p", { class: "net-note", dataset: { testid: "net-note" } });
  const focus = el("select", { id: "net-focus", title: t("Whose decision boundary is shaded (every optimizer's boundary is drawn as a line)"), dataset: { testid: "net-focus" } });
  focus.addEventListener("change", () => draw(store.get().step));
  const boundary = el("div", { class: "net-plot", role: "figure", "aria-label": t("Decision boundary at the step shown, with the train points (filled) and test points (hollow)"), dataset: { testid: "net-boundary" } });
  const curves = el("div", { class: "net-plot", role: "figure", "aria-label": t("Train (solid) and test (dashed) loss and accuracy by step"), dataset: { testid: "net-curves" } });
  const norms = el("div", { class: "net-plot", role: "figure", "aria-label": t("Gradient norm of each layer by step"), dataset: { testid: "net-norms" } });
  const readout = el("p", { class: "net-readout", "aria-live": "polite", dataset: { testid: "net-readout" } });
  const table = el("table", { class: "net-backprop", dataset: { testid: "net-backprop" } });
  panelRoot.append(
    note2,
    el(
      "div",
      { class: "net-figures" },
      el(
        "figure",
        {},
        el("figcaption", {}, t("Decision boundary at the step shown"), " ", el("label", { class: "inline", for: focus.id }, t("shaded:"), focus)),
        boundary,
        el("p", { class: "hint" }, t("Filled dots train, hollow rings test; each line is one optimizer's boundary z = 0."))
      ),
      el("figure", {}, el("figcaption", {}, t("Train (solid) vs test (dashed): loss, then accuracy")), curves, readout),
      el("figure", {}, el("figcaption", {}, t("Backprop: ‖∂L/∂W1‖ (solid), ‖∂L/∂W2‖ (dotted) by step")), norms)
    ),
    el("div", { class: "net-table-scroll" }, table)
  );
  let lastFrame = 0;
  let given2 = null;
  const redraw = createRedraw(() => false);
  const overlays = /* @__PURE__ */ new Map();
  const canvasOf = (gd) => overlays.get(gd) ?? overlays.set(gd, overlayCanvas(gd)).get(gd);
  let sizes = /* @__PURE__ */ new Map();
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
    const fresh = given2 !== job.result;
    if (fresh) sizes = new Map([boundary, curves, norms].map((gd) => [gd, { width: gd.clientWidth || 300, height: gd.clientHeight || 240 }]));
    const sizeOf2 = (gd) => sizes.get(gd);
    const b = boundaryFigure(scene, runs, run, k, colourOf, sizeOf2(boundary));
    const c = fresh && curvesFigure(scene, runs, colourOf, sizeOf2(curves));
    const n = fresh && normsFigure(scene, runs, colourOf, sizeOf2(norms));
    given2 = job.result;
    if (!handOver(boundary, b.data, b.layout, CONFIG3)) await react(boundary, b.data, b.layout, CONFIG3);
    for (const [gd, figure] of fresh ? [[curves, c], [norms, n]] : []) {
      if (!redraw.handOver(gd, figure.data, figure.layout, CONFIG3)) await redraw.react(gd, figure.data, figure.layout, CONFIG3);
      drawLines(canvasOf(gd), gd, figure.lines);
    }
    paintBoundary(boundary, b.shade, b.lines);
    placeCursor(curves, k);
    placeCursor(norms, k);
    const theta = thetaAt(run, k);
    const train = evaluate(theta, scene.network, scene.rows.train);
    const test = evaluate(theta, scene.network, scene.rows.test);
    readout.replaceChildren(
      t("{label} at step {step}: ", { label: run.label, step: run.thetas ? Math.min(k, run.thetas.length - 1) : run.steps }),
      el("span", { dataset: { testid: "net-train-loss", value: String(train.loss) } }, t("train loss {v}", { v: f2(train.loss) })),
      ", ",
      el("span", { dataset: { testid: "net-test-loss", value: String(test.loss) } }, t("test loss {v}", { v: f2(test.loss) })),
      t("; accuracy "),
      el("span", { dataset: { testid: "net-train-accuracy", value: String(train.accuracy) } }, `${(train.accuracy * 100).toFixed(1)} %`),
      t(" train, "),
      el("span", { dataset: { testid: "net-test-accuracy", value: String(test.accuracy) } }, `${(test.accuracy * 100).toFixed(1)} %`),
      t(" test"),
      run.thetas ? "" : t(" (final weights: the path was too long to send, so the boundary shows the end)")
    );
    table.replaceChildren(...backpropTable(scene, runs, k, colourOf));
    panelRoot.dataset.drawn = `${job.state.surface}/${k}`;
    performance.mark("optiscope:network-drawn");
  }
  function describe(job) {
    const { plane } = job.result;
    const dims = 4 * job.scene.network.hidden + 1;
    note2.textContent = t(
      "The main plot is a slice: the train loss on the plane through θ-space spanned by the two directions along which the paths moved most ({share} % of their motion lies in it), out of {dims} dimensions. The paths are projected onto it, so they need not run downhill on the slice: the loss also changes along the {rest} directions the plane leaves out.",
      { share: (plane.explained * 100).toFixed(1), dims, rest: dims - 2 }
    );
  }
  function update(state, change) {
    const on = isNetwork(state.surface);
    controlsRoot.hidden = !on;
    panelRoot.hidden = !on;
    document.body.dataset.kind = on ? "network" : "";
    if (!on) return;
    if (change !== Change.FRAME) updateControls(state);
    if (change === Change.FRAME) {
      if (performance.now() - lastFrame < FRAME_GAP_MS3) return;
      lastFrame = performance.now();
    }
    if (change === Change.RUN || change === Change.VIEW) return;
    draw(state.step).catch((error) => onError?.(String(error.message ?? error)));
  }
  store.subscribe(update);
  update(store.get(), Change.RUN);
  return {
    drawn(job) {
      if (!job.scene) return;
      describe(job);
      draw(store.get().step).catch((error) => onError?.(String(error.message ?? error)));
    }
  };
}

// static/js/player.js
var MAX_FRAME_MS = 100;
function createPlayer({ store, onPlaying }) {
  let playing = false;
  let position = 0;
  let last2 = 0;
  let frame = 0;
  let commitTimer = null;
  const steps = () => store.get().steps;
  function commit(step) {
    clearTimeout(commitTimer);
    commitTimer = null;
    store.update({ step }, Change.STEP);
  }
  function tick(now) {
    if (!playing) return;
    const state = store.get();
    position += Math.min(now - last2, MAX_FRAME_MS) / 1e3 * state.speed;
    last2 = now;
    if (position >= state.steps) {
      if (state.loop) position %= state.steps + 1;
      else position = state.steps;
    }
    const step = Math.floor(position);
    store.update({ step }, Change.FRAME);
    if (step >= state.steps && !state.loop) {
      pause();
      return;
    }
    frame = requestAnimationFrame(tick);
  }
  function play() {
    const state = store.get();
    position = state.step >= state.steps ? 0 : state.step;
    playing = true;
    onPlaying(true);
    last2 = performance.now();
    store.update({ step: Math.floor(position) }, Change.FRAME);
    frame = requestAnimationFrame(tick);
  }
  function pause() {
    playing = false;
    cancelAnimationFrame(frame);
    onPlaying(false);
    commit(store.get().step);
  }
  return {
    isPlaying: () => playing,
    toggle: () => playing ? pause() : play(),
    stop() {
      if (playing) pause();
    },
    /** Jump to a step and settle there. */
    seek(step) {
      if (playing) {
        playing = false;
        cancelAnimationFrame(frame);
        onPlaying(false);
      }
      commit(Math.max(0, Math.min(steps(), Math.round(step))));
    },
    /** A slider drag: draw cheaply now, settle when the drag rests. */
    scrub(step) {
      if (playing) {
        position = step;
        store.update({ step }, Change.FRAME);
        return;
      }
      store.update({ step }, Change.FRAME);
      clearTimeout(commitTimer);
      commitTimer = setTimeout(() => commit(store.get().step), 250);
    },
    /** The step moved by the keyboard. */
    nudge(delta) {
      this.seek(store.get().step + delta);
    }
  };
}

// static/js/picker.js
var FAMILIES = [
  ["gradient descent", "Classic"],
  ["momentum", "Momentum"],
  ["adaptive", "Adaptive"],
  ["sign", "Sign-based"],
  ["learning-rate-free", "Learning-rate-free"],
  ["schedule-free", "Schedule-free"],
  ["second-order", "Second-order"]
];
function groupByFamily(optimizers) {
  const known = new Map(FAMILIES);
  const rank = (family) => known.has(family) ? FAMILIES.findIndex(([f3]) => f3 === family) : FAMILIES.length;
  const families = [...new Set(optimizers.map((o) => o.family))];
  families.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const heading = (f3) => t(known.get(f3) ?? f3.charAt(0).toUpperCase() + f3.slice(1));
  return families.map((f3) => [heading(f3), optimizers.filter((o) => o.family === f3)]);
}
var searchText = (o) => [o.name, o.id, o.family, t(o.family), o.rule, o.description, t(o.description)].join(" ").toLowerCase();
function entry2(o, decls, store) {
  const box = el("input", { type: "checkbox", id: `opt-${o.id}`, title: t("Run {name}", { name: o.name }), dataset: { testid: `optimizer-${o.id}` } });
  box.addEventListener("change", () => {
    const on = box.checked;
    store.update((s) => {
      const i = firstRunOf(s, o.id);
      if (on && i < 0) return addRun(s, decls, o.id);
      if (!on && i >= 0) return removeRun(i)(s);
      return {};
    }, Change.RUN);
  });
  const count = el("span", { class: "pick-count", hidden: true });
  const add = el("button", { type: "button", class: "icon-button pick-add", title: t("Add a run of {name}", { name: o.name }), "aria-label": t("Add a run of {name}", { name: o.name }), dataset: { testid: `add-run-${o.id}` } }, "+");
  add.addEventListener("click", () => store.update((s) => addRun(s, decls, o.id), Change.RUN));
  const row = el(
    "div",
    { class: "pick", title: t(o.description), dataset: { optimizer: o.id } },
    box,
    el(
      "label",
      { for: box.id },
      el("span", { class: "pick-name" }, o.name),
      count,
      o.rule ? el("span", { class: "pick-rule" }, o.rule) : null
    ),
    add
  );
  return {
    row,
    text: searchText(o),
    update(state) {
      const n = state.runs.filter((r) => r.optimizer === o.id).length;
      box.checked = n > 0;
      box.disabled = n === 0 && state.runs.length >= MAX_RUNS;
      add.disabled = state.runs.length >= MAX_RUNS;
      count.hidden = n < 2;
      count.textContent = `×${n}`;
      row.classList.toggle("on", n > 0);
    }
  };
}
function buildPicker(root, decls, store) {
  const search = el("input", { type: "search", id: "optimizer-search", placeholder: t("Find an optimizer…"), autocomplete: "off", dataset: { testid: "optimizer-search" } });
  const summary = el("p", { class: "pick-summary", "aria-live": "polite" });
  const groups = groupByFamily(decls.optimizers).map(([heading, list2]) => {
    const entries = list2.map((o) => entry2(o, decls, store));
    const box = el(
      "div",
      { class: "pick-family", role: "group", "aria-label": heading },
      el("h3", {}, heading),
      entries.map((e) => e.row)
    );
    return { box, entries };
  });
  const none = el("p", { class: "hint", hidden: true }, t("No optimizer matches."));
  const list = el("div", { class: "pick-list", dataset: { testid: "optimizer-picker" } }, groups.map((g) => g.box), none);
  search.addEventListener("input", () => {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const g of groups) {
      let any = false;
      for (const e of g.entries) {
        const hit = words.every((w) => e.text.includes(w));
        e.row.hidden = !hit;
        any ||= hit;
        shown += hit ? 1 : 0;
      }
      g.box.hidden = !any;
    }
    none.hidden = shown > 0;
  });
  root.append(
    el("label", { for: search.id, class: "sr-only" }, t("Find an optimizer")),
    search,
    list,
    summary
  );
  return (state) => {
    for (const g of groups) for (const e of g.entries) e.update(state);
    const n = state.runs.length;
    const text = t(n >= MAX_RUNS ? "{n} of {max} runs (the most one scene holds)" : "{n} of {max} runs", { n, max: MAX_RUNS });
    if (summary.textContent !== text) summary.textContent = text;
  };
}

// static/js/presets.js
var PRESETS = [
  {
    id: "rosenbrock",
    name: "Rosenbrock's curved valley",
    lines: [
      "Every method drops into the banana-shaped valley within a few steps, then has to follow its gentle curve to (1, 1).",
      "Plain SGD crawls along the floor; momentum builds up speed along the valley and arrives first."
    ],
    surface: "rosenbrock",
    steps: 1e3,
    runs: [
      { optimizer: "sgd", lr: 1e-3 },
      { optimizer: "momentum", lr: 1e-3, momentum: 0.9 },
      { optimizer: "rmsprop", lr: 5e-3 },
      { optimizer: "adam", lr: 0.02 }
    ]
  },
  {
    id: "saddle",
    name: "Escaping a saddle point",
    lines: [
      "The start sits just off the ridge of x² − y², where the gradient along y is almost zero.",
      "SGD slides into the saddle and stalls there; momentum and the adaptive methods (which rescale the tiny y-gradient) escape downhill."
    ],
    surface: "saddle",
    steps: 180,
    runs: [
      { optimizer: "sgd", lr: 0.01 },
      { optimizer: "momentum", lr: 0.01, momentum: 0.9 },
      { optimizer: "rmsprop", lr: 0.01 },
      { optimizer: "adam", lr: 0.01 }
    ]
  },
  {
    id: "beale",
    name: "Beale's plateaus",
    lines: [
      "Beale mixes near-flat plateaus with walls thousands of times steeper, so no single step size suits plain SGD everywhere.",
      "Watch SGD creep across the plateau while momentum and RMSProp carry on to the minimum at (3, 0.5)."
    ],
    surface: "beale",
    start: [-1, -1.5],
    steps: 1e3,
    runs: [
      { optimizer: "sgd", lr: 1e-3 },
      { optimizer: "momentum", lr: 1e-3, momentum: 0.9 },
      { optimizer: "rmsprop", lr: 0.01 },
      { optimizer: "adam", lr: 0.01 }
    ]
  },
  {
    id: "learning-rate",
    name: "Learning rate: too big, too small",
    lines: [
      "Three runs of plain gradient descent (SGD) on a ravine: only lr differs.",
      "lr 0.09 overshoots the steep wall further each step and diverges; 0.07 zig-zags but converges; 0.003 is stable but crawls."
    ],
    surface: "elongated_bowl",
    steps: 150,
    runs: [
      { optimizer: "sgd", lr: 0.09 },
      { optimizer: "sgd", lr: 0.07 },
      { optimizer: "sgd", lr: 3e-3 }
    ]
  },
  {
    id: "noise",
    name: "Noisy gradients",
    lines: [
      "Every gradient gets Gaussian noise (σ = 4, the same draws for every run), as with mini-batches.",
      "SGD's step grows with the noise, so it keeps jittering across the ravine; momentum averages the noise out; Adam divides by it and steps calmly."
    ],
    surface: "elongated_bowl",
    steps: 400,
    noise: { std: 4, seed: 3 },
    runs: [
      { optimizer: "sgd", lr: 0.06 },
      { optimizer: "momentum", lr: 6e-3, momentum: 0.9 },
      { optimizer: "adam", lr: 0.1 }
    ]
  },
  {
    id: "schedules",
    name: "Learning-rate schedules",
    lines: [
      "With noisy gradients a constant lr never settles: SGD keeps jumping around the minimum.",
      "The same SGD under cosine or step decay takes ever smaller steps: watch its loss sink while constant-lr SGD's stays up."
    ],
    surface: "elongated_bowl",
    steps: 400,
    noise: { std: 4, seed: 3 },
    runs: [
      { optimizer: "sgd", lr: 0.06 },
      { optimizer: "sgd", lr: 0.06, schedule: { name: "cosine" } },
      { optimizer: "sgd", lr: 0.06, schedule: { name: "step", step_size: 100, gamma: 0.4 } }
    ]
  },
  {
    id: "batch-size",
    name: "Batch size: 1 vs 16 vs N",
    lines: [
      "Fitting a line to 150 irises with mini-batches of 16 rows: each step sees a different sample, so the paths jitter around the data's optimum. Switch with the 1 / 16 / N buttons under the data.",
      "Batch 1: cheap, very noisy steps that never settle at a constant lr. Batch N: exact, smooth steps, but each costs a pass over every row."
    ],
    surface: "iris_petals",
    standardize: true,
    batch: 16,
    steps: 300,
    runs: [
      { optimizer: "sgd", lr: 0.05 },
      { optimizer: "momentum", lr: 0.02, momentum: 0.9 },
      { optimizer: "adam", lr: 0.05 }
    ]
  },
  {
    id: "newton-saddle",
    name: "Newton is drawn to a saddle",
    lines: [
      "Newton's method solves for where the gradient vanishes, and a saddle point is such a place: from (−1.9, 0.2) it lands exactly on the saddle at (0, 0) in one step and stays there.",
      "With damping λ = 3 the curvature along y (−2) becomes +1, so its y-step turns downhill and it escapes like SGD and Adam (the saddle has no bottom: all three run off)."
    ],
    surface: "saddle",
    start: [-1.9, 0.2],
    steps: 60,
    runs: [
      { optimizer: "newton" },
      { optimizer: "newton", damping: 3 },
      { optimizer: "sgd", lr: 0.05 },
      { optimizer: "adam", lr: 0.05 }
    ]
  },
  {
    id: "lbfgs-rosenbrock",
    name: "L-BFGS follows the valley",
    lines: [
      "L-BFGS builds a picture of the curvature from its last steps and searches along its direction for a step that decreases the loss enough (strong Wolfe).",
      "It reaches f < 10⁻⁶ at update 33; without the line search (lr 0.1) at update 164; Adam and momentum are still in the valley after 200."
    ],
    surface: "rosenbrock",
    steps: 200,
    runs: [
      { optimizer: "lbfgs" },
      { optimizer: "lbfgs", lr: 0.1, line_search: "none" },
      { optimizer: "adam", lr: 0.02 },
      { optimizer: "momentum", lr: 1e-3, momentum: 0.9 }
    ]
  },
  {
    id: "prodigy",
    name: "Learning-rate-free: Prodigy",
    lines: [
      "Prodigy starts with tiny steps and estimates its own step size d from how far it has come; its lr stays at 1.",
      "At its defaults it ends at (0.97, 0.94), f ≈ 0.001, nearer the minimum than Adam with a hand-picked lr 0.02 (f ≈ 0.13); Adam at its default lr 0.001 is still far up the valley (f ≈ 4.2)."
    ],
    surface: "rosenbrock",
    steps: 1e3,
    runs: [
      { optimizer: "prodigy" },
      { optimizer: "adam", lr: 0.02 },
      { optimizer: "adam" }
    ]
  },
  {
    id: "adamw",
    name: "Why AdamW: decay, coupled or not",
    lines: [
      "Both use weight_decay 0.5 on Booth (minimum at (1, 3)). Adam adds λx to the gradient, then divides by √v̂: it ends at (1.15, 2.75), the minimum of f + λ‖x‖²/2.",
      "AdamW shrinks x itself by lr·λ every step, untouched by Adam's scaling: a far stronger pull toward 0, ending at (1.36, 1.54). Adam without decay reaches (1, 3)."
    ],
    surface: "booth",
    steps: 3e3,
    runs: [
      { optimizer: "adam", lr: 0.05, weight_decay: 0.5 },
      { optimizer: "adamw", lr: 0.05, weight_decay: 0.5 },
      { optimizer: "adam", lr: 0.05 }
    ]
  },
  {
    id: "sign-steps",
    name: "Sign steps: signSGD and Lion",
    lines: [
      "A sign step moves every coordinate by exactly lr, however steep: across this ravine (25× steeper in y) signSGD and Lion take no bigger step in y than in x, so no zig-zag.",
      "Near the bottom they cannot shrink their steps: they keep hopping ±0.1 around the minimum, where SGD and Adam settle."
    ],
    surface: "elongated_bowl",
    steps: 300,
    runs: [
      { optimizer: "signum", lr: 0.1, momentum: 0 },
      { optimizer: "lion", lr: 0.1 },
      { optimizer: "sgd", lr: 0.03 },
      { optimizer: "adam", lr: 0.1 }
    ]
  },
  {
    id: "six-hump",
    name: "Six minima: who lands where",
    lines: [
      "From (−0.6, 0.1), SGD, momentum and Adam roll into the global minimum at (−0.09, 0.71), f = −1.03.",
      "Newton's first step jumps across the map to the local minimum at (1.61, 0.57), f = 2.10: curvature is only a local guide. Insights → Basins shows where every start ends."
    ],
    surface: "six_hump_camel",
    start: [-0.6, 0.1],
    steps: 500,
    runs: [
      { optimizer: "sgd", lr: 0.01 },
      { optimizer: "momentum", lr: 0.01, momentum: 0.9 },
      { optimizer: "adam", lr: 0.05 },
      { optimizer: "newton" }
    ]
  }
];

// static/js/report.js
function buildResults(root, colourOf) {
  const body = el("tbody");
  root.append(
    el(
      "table",
      { class: "results", dataset: { testid: "results" } },
      el("thead", {}, el(
        "tr",
        {},
        el("th", { scope: "col" }, t("Optimizer")),
        el("th", { scope: "col", title: t("f at the step shown") }, "f"),
        el("th", { scope: "col", title: t("Distance to the nearest listed minimum") }, t("to min")),
        el("th", { scope: "col" }, t("status"))
      )),
      body
    )
  );
  return (result, step, surface) => {
    if (!result) return;
    body.replaceChildren(...result.runs.map((run) => {
      const k = Math.min(step, run.x.length - 1);
      const x = run.x[k];
      const y = run.y[k];
      const distance = surface.minima.length ? Math.min(...surface.minima.map(([mx, my]) => Math.hypot(x - mx, y - my))) : null;
      const ended2 = run.status === "diverged";
      return el(
        "tr",
        { class: ended2 ? "diverged" : "" },
        el("th", { scope: "row" }, el("span", { class: "swatch", style: `--colour: ${colourOf(run)}` }), run.label),
        el("td", {}, formatNumber(run.loss[k])),
        el("td", {}, distance === null ? "–" : formatNumber(distance)),
        el(
          "td",
          { title: ended2 ? t("The next iterate left the finite range (|x| or |y| over 1e6, or f not finite)") : "" },
          ended2 ? t("diverged @ {n}", { n: run.steps + 1 }) : k < run.steps ? t("running") : t("done")
        )
      );
    }));
  };
}
function buildErrorBanner(root) {
  const title = el("strong");
  const text = el("p", { class: "error-text" });
  const close = el("button", { type: "button", class: "icon-button", title: t("Dismiss"), "aria-label": t("Dismiss the message") }, "×");
  root.append(title, text, close);
  let refusal = "";
  let fields = [];
  const render = () => {
    title.textContent = refusal ? t("The server refused this setting.") : t("This value cannot be used; the plot shows the last valid scene.");
    text.textContent = [refusal, ...fields].filter(Boolean).join(" · ");
    root.hidden = !refusal && !fields.length;
  };
  close.addEventListener("click", () => root.hidden = true);
  return {
    show(detail, optimizerNames = []) {
      refusal = humanDetail(detail, optimizerNames);
      render();
    },
    fields(problems) {
      fields = problems;
      if (problems.length) document.body.dataset.state = "error";
      render();
    },
    hide() {
      refusal = "";
      render();
    }
  };
}
function humanDetail(detail, optimizerNames) {
  return String(detail).split("; ").map((part) => part.replace(/^message: /, "").replace(/^surface\.expression: /, `${t("Your formula")}: `).replace(/^surface\.domain(\.[xy])?: /, `${t("Formula domain")}: `).replace(/^batch(\.size|\.seed)?: /, (_, f3) => `${f3 === ".seed" ? t("Batch seed") : t("Batch size")}: `).replace(/^standardize: /, `${t("Standardise")}: `).replace(/^runs\.(\d+)(\.[\w.]+)?: /, (_, i) => `${optimizerNames[Number(i)] ?? `run ${Number(i) + 1}`}: `).replace(/params\./g, "").replace(/^steps: /, `${t("Steps")}: `).replace(/^noise\.std: /, `${t("Gradient noise σ")}: `).replace(/^noise\.seed: /, `${t("Noise seed")}: `).replace(/^start(\.\d)?: /, `${t("Start point")}: `)).join(" · ");
}

// static/js/runcards.js
function lineSample(i) {
  const ns = "http://www.w3.org/2000/svg";
  const style = runStyle(i);
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 28 6");
  svg.setAttribute("class", "line-sample");
  svg.setAttribute("aria-hidden", "true");
  const line = document.createElementNS(ns, "line");
  for (const [k, v] of Object.entries({ x1: 1, y1: 3, x2: 27, y2: 3, stroke: style.colour, "stroke-width": 3, "stroke-dasharray": style.dash.join(" ") || "none" })) {
    line.setAttribute(k, String(v));
  }
  svg.append(line);
  return svg;
}
var COPY = "M6 6h7v7H6zM7 7v5h5V7zM3 3h7v2H9V4H4v5h1v1H3z";
var setSchedule = (i, schedule) => changeRun(i, (r) => ({ ...r, schedule }));
function scheduleBlock(i, tag, name, decls, store) {
  const select = el(
    "select",
    { id: `schedule-${tag}`, title: t("How the learning rate changes over the steps"), "aria-label": t("{name} learning-rate schedule", { name }), dataset: { testid: `schedule-${tag}` } },
    decls.schedules.map((s) => el("option", { value: s.id, title: t(s.description ?? "") }, t(s.name)))
  );
  select.addEventListener("change", () => {
    const name2 = select.value;
    store.update((s) => setSchedule(i, { name: name2, params: scheduleDefaults(decls, name2, s.steps) })(s), Change.RUN);
  });
  const params = el("div", { class: "schedule-params" });
  const about = el("p", { class: "schedule-about" });
  let shown = null;
  let rows = [];
  const block = el(
    "div",
    { class: "schedule" },
    el("div", { class: "param" }, el("label", { for: select.id, title: t("Learning-rate schedule") }, t("schedule")), select),
    about,
    params
  );
  return {
    block,
    update(schedule) {
      select.value = schedule.name;
      const sdecl = decls.schedules.find((s) => s.id === schedule.name);
      about.textContent = schedule.name === "constant" ? "" : t(sdecl?.description ?? "");
      if (shown !== schedule.name) {
        shown = schedule.name;
        rows = (sdecl?.params ?? []).map((p) => {
          const row = paramRow({
            p,
            id: `schedule-${tag}-${p.name}`,
            label: t("{name} schedule {param}", { name, param: p.name }),
            testid: `schedule-${tag}-${p.name}`,
            onValue: (v) => store.update(changeRun(i, (r) => ({ ...r, schedule: { ...r.schedule, params: { ...r.schedule.params, [p.name]: v } } })), Change.RUN)
          });
          return { p, ...row };
        });
        params.replaceChildren(...rows.map((r) => r.row));
      }
      for (const r of rows) r.set(schedule.params[r.p.name] ?? r.p.default);
    }
  };
}
function runCard(i, tag, decl, decls, store) {
  const k = tag.includes(".") ? Number(tag.slice(tag.lastIndexOf(".") + 1)) : 1;
  const who = k > 1 ? `${decl.name} #${k}` : decl.name;
  const badge = el("span", { class: "badge", hidden: true });
  const name = el("span", { class: "opt-name" });
  const rows = decl.params.map((p) => ({
    p,
    ...typedRow({
      p,
      id: `param-${tag}-${p.name}`,
      label: `${who} ${paramName(p.name)}`,
      testid: `param-${tag}-${p.name}`,
      onValue: (v) => store.update(changeRun(i, (r) => ({ ...r, params: { ...r.params, [p.name]: v } })), Change.RUN)
    })
    // prettier-ignore
  }));
  const schedule = scheduleBlock(i, tag, who, decls, store);
  const defaults = el("button", { type: "button", class: "link-button", title: t("Every parameter of this run back to {name}'s default", { name: decl.name }), "aria-label": t("{name}: every parameter back to its default", { name: who }), dataset: { testid: `defaults-${tag}` } }, t("defaults"));
  defaults.addEventListener("click", () => store.update(changeRun(i, (r) => ({
    ...r,
    params: Object.fromEntries(decl.params.map((p) => [p.name, p.default])),
    schedule: { name: "constant", params: {} }
  })), Change.RUN));
  const copy = el("button", { type: "button", class: "icon-button", title: t("Run it again with its own settings (a copy of this run)"), "aria-label": t("Copy run {name}", { name: who }), dataset: { testid: `copy-run-${tag}` } }, icon(COPY));
  copy.addEventListener("click", () => store.update((s) => s.runs.length < MAX_RUNS ? { runs: [...s.runs, structuredClone(s.runs[i])] } : {}, Change.RUN));
  const remove = el("button", { type: "button", class: "icon-button", title: t("Remove this run"), "aria-label": t("Remove run {name}", { name: who }), dataset: { testid: `remove-run-${tag}` } }, "×");
  remove.addEventListener("click", () => store.update(removeRun(i), Change.RUN));
  const body = el(
    "div",
    { class: "opt-body" },
    decl.rule ? el("p", { class: "rule", title: t("The update, with g the gradient") }, decl.rule) : null,
    el("p", { class: "opt-description" }, t(decl.description)),
    rows.map((r) => r.row),
    schedule.block,
    el("div", { class: "opt-footer" }, defaults)
  );
  const card = el(
    "article",
    { class: "opt on", style: `--colour: ${runStyle(i).colour}`, dataset: { testid: `run-${tag}`, optimizer: decl.id } },
    el("div", { class: "opt-head", title: t(decl.description) }, lineSample(i), name, badge, el("span", { class: "run-actions" }, copy, remove)),
    body
  );
  return {
    card,
    update(state, label, result) {
      const run = state.runs[i];
      if (name.textContent !== label) name.textContent = label;
      copy.disabled = state.runs.length >= MAX_RUNS;
      for (const r of rows) r.set(run.params[r.p.name]);
      schedule.update(run.schedule);
      const answer = result?.runs[i]?.optimizer === run.optimizer ? result.runs[i] : null;
      const text = answer?.status === "diverged" ? t("diverged at step {n}", { n: answer.steps + 1 }) : "";
      if (badge.textContent !== text) badge.textContent = text;
      if (badge.hidden !== !text) badge.hidden = !text;
    }
  };
}
function buildRunCards(root, decls, store) {
  let cards = [];
  const empty = el("p", { class: "hint" }, t("No runs: pick an optimizer above."));
  return (state, result) => {
    const keys = state.runs.map((_, i) => `${i}:${runTag(state.runs, i)}`);
    if (keys.join() !== cards.map((c) => c.key).join()) {
      const old = new Map(cards.map((c) => [c.key, c]));
      cards = state.runs.map((run, i) => old.get(keys[i]) ?? {
        key: keys[i],
        ...runCard(i, runTag(state.runs, i), decls.optimizers.find((o) => o.id === run.optimizer), decls, store)
      });
      root.replaceChildren(...cards.length ? cards.map((c) => c.card) : [empty]);
    }
    const labels = runLabels(state.runs, decls);
    cards.forEach((c, i) => {
      c.update(state, labels[i], result);
    });
  };
}

// static/js/prefetch.js
var FAR_MS = 25;
var AHEAD = 16;
function movedParam(before, after) {
  const { runs: a, ...restA } = runRequest(before);
  const { runs: b, ...restB } = runRequest(after);
  if (a.length !== b.length || JSON.stringify(restA) !== JSON.stringify(restB)) return null;
  const changed = b.map((_, i2) => i2).filter((i2) => JSON.stringify(a[i2]) !== JSON.stringify(b[i2]));
  if (changed.length !== 1) return null;
  const i = changed[0];
  const [old, now] = [before.runs[i], after.runs[i]];
  if (old.optimizer !== now.optimizer || JSON.stringify(old.schedule) !== JSON.stringify(now.schedule)) return null;
  const names = Object.keys(now.params).filter((k) => old.params[k] !== now.params[k]);
  if (names.length !== 1 || typeof now.params[names[0]] !== "number") return null;
  return { run: i, name: names[0], from: old.params[names[0]], to: now.params[names[0]] };
}
async function measureRoundTrip(tries = 3) {
  const trips = [];
  for (let i = 0; i < tries; i++) {
    const url = new URL(`/healthz?trip=${Date.now()}-${i}`, location.href).href;
    const started = performance.now();
    await (await fetch(url, { cache: "no-store" })).text();
    const took = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve));
    const entry3 = performance.getEntriesByName(url).at(-1);
    trips.push(entry3?.responseStart > 0 ? entry3.responseStart - entry3.requestStart : took);
  }
  return Math.min(...trips);
}
function createPrefetcher({ decls, cache }) {
  let far = null;
  let busy = false;
  let next = null;
  function ahead([before, state]) {
    const moved = movedParam(before, state);
    const p = moved && decls.optimizers.find((o) => o.id === state.runs[moved.run].optimizer)?.params.find((q) => q.name === moved.name);
    if (!p || p.type === "bool" || p.options) return null;
    const specs = sliderNeighbours(p, moved.from, moved.to, AHEAD).map((v) => {
      const runs = state.runs.map((r, i) => i === moved.run ? { ...r, params: { ...r.params, [moved.name]: v } } : r);
      return runRequest({ ...state, runs }).runs[moved.run];
    });
    const request = { ...runRequest(state), runs: specs };
    const keys = cache.keys(request);
    const wanted = specs.filter((_, i) => !cache.has(keys[i]));
    return wanted.length ? { ...request, runs: wanted } : null;
  }
  function ask() {
    const body = ahead(next);
    next = null;
    if (!body) return;
    busy = true;
    post("/api/run", body).then((answer) => {
      const keys = cache.keys(body);
      for (const [i, run] of answer.runs.entries()) cache.put(keys[i], run);
    }).catch(() => {
    }).finally(() => {
      busy = false;
      if (next) ask();
    });
  }
  return {
    /** `state` is drawn (after `before` was asked for): ask ahead for its slider's next values. */
    answered(before, state) {
      if (far === null) {
        far = false;
        const idle = window.requestIdleCallback ?? ((fn) => setTimeout(fn, 500));
        idle(() => measureRoundTrip().then((ms) => far = ms > FAR_MS, () => {
        }), { timeout: 1e3 });
      }
      if (!before || !far) return;
      next = [before, state];
      if (!busy) ask();
    }
  };
}

// static/js/runcache.js
var KEEP_POINTS = 6e5;
function createRunCache() {
  const runs = /* @__PURE__ */ new Map();
  let points = 0;
  return {
    /** One key per run of a POST /api/run body: the scene (all but `runs`) and the run itself. */
    keys(request) {
      const { runs: specs, ...scene } = request;
      const prefix = JSON.stringify(scene);
      return specs.map((spec) => `${prefix}|${JSON.stringify(spec)}`);
    },
    /** Whether `key` is kept (without making it the most recently used). */
    has: (key) => runs.has(key),
    get(key) {
      const run = runs.get(key);
      if (run) {
        runs.delete(key);
        runs.set(key, run);
      }
      return run;
    },
    put(key, run) {
      if (runs.has(key)) return;
      runs.set(key, run);
      points += run.x.length;
      for (const [oldest, old] of runs) {
        if (points <= KEEP_POINTS || oldest === key) break;
        runs.delete(oldest);
        points -= old.x.length;
      }
    }
  };
}

// static/js/runner.js
var GRID_N2 = 140;
function createRunner({ decls, view, getState, openStream: openStream2, onDrawn, onFailed }) {
  const requests = /* @__PURE__ */ new Map();
  const cache = createRunCache();
  let wanted = null;
  let waiting = null;
  let drawing = false;
  let settling = false;
  let shown = null;
  let localId = -1;
  let networkLoad = null;
  let asked = null;
  let before = null;
  function complete(job, answered = []) {
    const fresh = answered.values();
    const labels = runLabels(job.state.runs, decls);
    return { id: job.id, runs: job.kept.map((run, i) => ({ ...run ?? fresh.next().value, label: labels[i], run: i })) };
  }
  const askedRuns = (job) => job.request.runs.filter((_, i) => !job.kept[i]);
  const stream = openStream2({
    onResult(result) {
      const job = requests.get(result.id);
      if (!job) return;
      performance.mark("optiscope:result");
      for (const id of requests.keys()) if (id < result.id) requests.delete(id);
      job.asked.forEach((key, i) => {
        cache.put(key, result.runs[i]);
      });
      draw({ ...job, result: complete(job, result.runs) });
      if (job.id === wanted?.id) prefetcher.answered(before, job.state);
    },
    onError(id, detail) {
      if (id !== null && id !== wanted?.id) return;
      document.body.dataset.state = "error";
      const job = requests.get(id);
      const ids = job ? askedRuns(job).map((r) => r.optimizer) : [];
      onFailed(detail, ids.map((o) => decls.optimizers.find((d) => d.id === o)?.name ?? o));
    }
  });
  const prefetcher = createPrefetcher({ decls, cache });
  function settleWhenPlotted() {
    if (settling) return;
    settling = true;
    requestAnimationFrame(() => setTimeout(() => loadPlotly().then(() => {
      settling = false;
      if (shown && !waiting) draw({ ...shown, settling: true });
    }, (error) => onFailed(String(error.message ?? error), [])), 0));
  }
  function draw(job) {
    waiting = job;
    if (!drawing) drain();
  }
  async function drain() {
    drawing = true;
    while (waiting) {
      const job = waiting;
      waiting = null;
      try {
        const grid = await job.grid;
        const now = getState();
        const steps = job.state.steps;
        const scene = {
          // networks: the scene brings its own plane (surface, start, epochs); see network/scene.js
          surface: job.scene?.surface ?? decls.surfaces.find((s) => s.id === job.state.surface),
          grid,
          result: job.result,
          start: job.scene?.start ?? job.state.start,
          steps,
          step: Math.min(now.step, steps),
          layout: now.layout,
          contours: now.contours,
          lossScale: now.lossScale,
          epochEnds: job.scene?.epochEnds ?? epochEnds(job.state, steps)
        };
        const early2 = !job.settling && view.preview(scene);
        if (!early2) {
          await loadPlotly();
          await view.render(scene);
        }
        if (job.settling) continue;
        shown = job;
        if (job.id === wanted?.id && !waiting) {
          performance.mark("optiscope:drawn");
          document.body.dataset.state = "ready";
        }
        onDrawn(job);
        if (early2) settleWhenPlotted();
      } catch (error) {
        onFailed(String(error.message ?? error), []);
      }
    }
    drawing = false;
  }
  function requestNetwork(state) {
    const job = { state, request: null, id: localId--, queued: Boolean(networkLoad) };
    wanted = job;
    if (job.queued) return;
    networkLoad = loadNetworkScene(state).then((scene) => {
      if (wanted !== job) return;
      performance.mark("optiscope:result");
      const labels = runLabels(state.runs, decls);
      const result = { ...scene.result, runs: scene.result.runs.map((run, i) => ({ ...run, label: labels[i] ?? run.label, run: i })) };
      draw({ ...job, request: scene.request, grid: scene.grid, result, scene: { ...scene, result } });
    }, (error) => {
      if (wanted !== job) return;
      document.body.dataset.state = "error";
      onFailed(String(error.message ?? error), runLabels(state.runs, decls));
    }).finally(() => {
      networkLoad = null;
      if (wanted?.queued) requestNetwork(wanted.state);
    });
  }
  return {
    /** The state needs a new result: say so at once, and ask the server. */
    request(state) {
      document.body.dataset.state = "busy";
      if (isNetwork(state.surface)) return requestNetwork(state);
      [before, asked] = [asked, state];
      const request = runRequest(state);
      const grid = loadSurfaceGrid(state, GRID_N2);
      grid.catch(() => {
      });
      const keys = cache.keys(request);
      const kept = keys.map((key) => cache.get(key) ?? null);
      const job = { state, request, grid, kept, asked: keys.filter((_, i) => !kept[i]) };
      if (!job.asked.length) {
        wanted = { ...job, id: localId-- };
        draw({ ...wanted, result: complete(wanted) });
        prefetcher.answered(before, state);
        return;
      }
      const id = stream.run({ ...request, runs: askedRuns(job) });
      wanted = { ...job, id };
      requests.set(id, wanted);
    },
    /** Only the view changed (layout, colour scales): draw the shown result again. */
    redraw() {
      if (!shown) return;
      const inFlight = wanted && wanted.id !== shown.id && document.body.dataset.state === "busy";
      if (inFlight) return;
      document.body.dataset.state = "busy";
      wanted = { ...shown, id: localId-- };
      draw(wanted);
    },
    /** What is on screen: {result, state, request}, or null before the first draw. */
    shown: () => shown
  };
}

// static/js/main.js
var byId = (id) => document.getElementById(id);
function roundToDomain([x, y], surface) {
  const digits = (lo, hi) => Math.max(0, Math.ceil(-Math.log10((hi - lo) / 1e3)));
  return [Number(x.toFixed(digits(...surface.domain.x))), Number(y.toFixed(digits(...surface.domain.y)))];
}
function toast(message, ms = 2500) {
  const box = byId("toast");
  box.textContent = message;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => box.hidden = true, ms);
}
function lessonKeeper(decls) {
  const sceneKey2 = (state) => JSON.stringify(isNetwork(state.surface) ? [runRequest(state), networkOf(state), networkBatch(state)] : runRequest(state));
  const scenes = new Map([
    ...PRESETS.map((p) => [p.id, sceneKey2(presetState(decls, p))]),
    ...NETWORK_LESSONS.map((l) => [l.id, sceneKey2(networkLessonState(decls, l, presetState))])
  ]);
  return (state) => state.preset && scenes.get(state.preset) !== sceneKey2(state) ? { ...state, preset: "" } : state;
}
function showPlot() {
  const box = byId("main-plot").getBoundingClientRect();
  if (box.top < 0 || box.bottom > window.innerHeight) byId("main-plot-region").scrollIntoView({ block: "start" });
}
var keepLanguage = () => LANG !== "en" || new URLSearchParams(window.location.search).has("lang") ? `&lang=${LANG}` : "";
function sceneOf(search, decls, opening) {
  const q = new URLSearchParams(search);
  q.delete("lang");
  const { state, fixed } = nearestValid(decodeQuery(q.toString(), decls, opening), decls);
  return { state, notice: fixed.length ? t("The link held values out of range; it opens with the nearest valid ones: {list}.", { list: fixed.join(", ") }) : "" };
}
function bindKeys(player) {
  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, select, textarea, button, a") || event.metaKey || event.ctrlKey || event.altKey) return;
    const moves = { ArrowLeft: -1, ArrowRight: 1 };
    if (event.key === " ") player.toggle();
    else if (event.key in moves) player.nudge(moves[event.key] * (event.shiftKey ? 10 : 1));
    else if (event.key === "Home") player.seek(0);
    else if (event.key === "End") player.seek(Infinity);
    else return;
    event.preventDefault();
  });
}
async function main() {
  const decls = await loadDeclarations();
  registerSurfaces(decls);
  registerNetworks(decls);
  const opening = () => presetState(decls, PRESETS[0]);
  const linked = sceneOf(window.location.search, decls, opening());
  const store = createStore(linked.state, lessonKeeper(decls));
  if (linked.notice) toast(linked.notice, 1e4);
  syncSurfaceDecls(decls, store.get());
  store.subscribe((state2) => syncSurfaceDecls(decls, state2));
  const colourOf = (key) => {
    const i = typeof key === "number" ? key : key?.run ?? firstRunOf(store.get(), key?.optimizer ?? key);
    return i >= 0 ? runStyle(i).colour : "#1b2733";
  };
  const surfaceOf2 = (state2) => decls.surfaces.find((s) => s.id === state2.surface);
  const view = createView({
    plotsEl: byId("plots"),
    mainEl: byId("main-plot"),
    lossEl: byId("loss-plot"),
    onPickStart: (xy) => isNetwork(store.get().surface) || store.update((s) => ({ start: roundToDomain(xy, surfaceOf2(s)) }), Change.RUN)
  });
  const errors = buildErrorBanner(byId("error-banner"));
  const runner = createRunner({
    decls,
    view,
    getState: store.get,
    openStream,
    onDrawn: (job) => {
      errors.hide();
      dataPanel.drawn(job);
      networkPanel.drawn(job);
      updateOptimizers(store.get(), job.result);
      showResults(job.result, store.get().step, surfaceOf2(job.state));
    },
    onFailed: (detail, names) => errors.show(detail, names)
  });
  runner.request(store.get());
  await streamOpened(60);
  const fields = watchFields(document.body, (problems) => errors.fields(problems));
  const showResults = buildResults(byId("results"), colourOf);
  const updateCards = buildRunCards(byId("optimizer-controls"), decls, store);
  const updatePicker = buildPicker(byId("optimizer-picker"), decls, store);
  const updateOptimizers = (state2, result) => {
    updatePicker(state2);
    updateCards(state2, result);
  };
  mountFormula(byId("formula-controls"), { store });
  const dataPanel = mountDataPanel(byId("data-controls"), {
    decls,
    store,
    colourOf,
    shown: () => runner.shown(),
    onError: (detail) => errors.show(detail)
  });
  const networkPanel = mountNetworkPanel({
    controlsRoot: byId("network-controls"),
    panelRoot: byId("network-panel"),
    store,
    colourOf,
    shown: () => runner.shown(),
    onError: (detail) => errors.show(detail)
  });
  let updatePlayback = () => {
  };
  const player = createPlayer({ store, onPlaying: (playing) => updatePlayback(store.get(), playing) });
  const updates = [
    buildSurfacePicker(byId("surface-controls"), decls, store),
    buildSceneControls(byId("scene-controls"), decls, store, { onReset: () => {
      fields.clear();
      store.update(opening(), Change.RUN);
    } }),
    buildViewControls(byId("view-controls"), store),
    buildLossControls(byId("loss-controls"), store),
    buildPresets(byId("preset-controls"), PRESETS.map(translateLesson), (preset) => {
      player.stop();
      fields.clear();
      store.update(presetState(decls, preset), Change.RUN);
      showPlot();
    }),
    buildPresets(byId("network-lesson-controls"), NETWORK_LESSONS.map(translateLesson), (lesson) => {
      player.stop();
      store.update(networkLessonState(decls, lesson, presetState), Change.RUN);
    }, { testid: "network-lesson" })
  ];
  updatePlayback = buildPlayback(byId("playback-controls"), store, player);
  buildShare(byId("share-controls"), {
    copyLink: () => navigator.clipboard.writeText(window.location.href).then(
      () => toast(t("Link copied: it reopens exactly this view.")),
      () => toast(t("Copy the address bar: it holds the whole view."))
    ),
    csv: () => runner.shown() && download(`optiscope-${runner.shown().state.surface}.csv`, toCSV(runner.shown().result), "text/csv"),
    json: () => runner.shown() && download(
      `optiscope-${runner.shown().state.surface}.json`,
      runner.shown().scene ? networkJSON(runner.shown().scene) : toJSON(runner.shown().request, runner.shown().result),
      "application/json"
    ),
    png: async () => runner.shown() && download(`optiscope-${runner.shown().state.surface}.png`, await view.snapshot(), "image/png", true)
  });
  const url = createUrlWriter(decls, { keep: keepLanguage() });
  let restoring = false;
  let lastTable = 0;
  store.subscribe((state2, change) => {
    if (change === Change.RUN) runner.request(state2);
    else if (change === Change.VIEW) runner.redraw();
    else if (change === Change.FRAME) view.showStep(state2.step);
    else if (change === Change.STEP) view.commitStep(state2.step);
    updatePlayback(state2, player.isPlaying());
    const shown = runner.shown();
    const stepMoved = change === Change.STEP || change === Change.FRAME && performance.now() - lastTable > 100;
    if (shown && stepMoved) {
      lastTable = performance.now();
      showResults(shown.result, Math.min(state2.step, shown.state.steps), surfaceOf2(shown.state));
    }
    if (change !== Change.FRAME) {
      for (const update of updates) update(state2);
      updateOptimizers(state2, shown?.state.surface === state2.surface ? shown.result : null);
    }
    if (restoring) url.restored(state2);
    else url.write(state2);
  });
  window.addEventListener("popstate", () => {
    player.stop();
    fields.clear();
    restoring = true;
    try {
      store.update(sceneOf(window.location.search, decls, opening()).state, Change.RUN);
    } finally {
      restoring = false;
    }
  });
  const state = store.get();
  for (const update of updates) update(state);
  updateOptimizers(state, null);
  updatePlayback(state, false);
  bindKeys(player);
  const resized = new ResizeObserver(() => requestAnimationFrame(() => view.resize()));
  resized.observe(byId("plots"));
  resized.observe(byId("loss-plot"));
  mountInsights(byId("insights"), { decls, store, colourOf, shown: runner.shown });
  mountLab({ decls, store, view, player, colourOf, shown: runner.shown, toast, byId });
  mountLanguageSwitch(document.querySelector(".languages"));
  url.write(state);
}
main().catch((error) => {
  const banner = byId("error-banner");
  banner.hidden = false;
  banner.textContent = t("Optiscope could not start: {message}. Is the server running?", { message: error.message });
  document.body.dataset.state = "error";
});
