// Talks to the server: declarations and grids over HTTP, runs over the WebSocket stream
// (CONTRACT sections 2 and 7). Nothing here knows about the page; the server's refusals are
// passed on in its language (refusals.js).

import { refusalInPageLanguage } from "./refusals.js";

/**
 * @typedef {{name: string, default: number, min: number, max: number, log: boolean, description?: string}} ParamDecl
 * @typedef {{id: string, name: string, family: string, description: string, rule?: string, params: ParamDecl[]}} OptimizerDecl
 * @typedef {{id: string, name: string, description?: string, params: ParamDecl[]}} ScheduleDecl
 * @typedef {{id: string, name: string, kind: string, formula: string, latex: string,
 *   domain: {x: [number, number], y: [number, number]}, minima: [number, number][],
 *   start: [number, number], description: string}} SurfaceDecl
 * @typedef {{surfaces: SurfaceDecl[], optimizers: OptimizerDecl[], schedules: ScheduleDecl[]}} Declarations
 * @typedef {{x: number[], y: number[], z: (number|null)[][]}} Grid
 *
 * Messages on WS /api/stream (mirrors app/schemas.py):
 * @typedef {{type: "run", id: number, surface: string, start?: [number, number], steps?: number,
 *   noise?: {std: number, seed: number}, runs: {optimizer: string, params?: Object<string, number>,
 *   schedule?: {name: string}}[]}} RunMessage                            client → server
 * @typedef {{type: "start", id: number, runs: {optimizer: string, label: string}[]}} StartMessage
 * @typedef {{type: "chunk", id: number, offset: number, runs: {x: number[], y: number[], loss: number[]}[]}} ChunkMessage
 * @typedef {{type: "end", id: number, runs: {status: "ok"|"diverged", steps: number}[]}} EndMessage
 * @typedef {{type: "error", id: number|null, detail: string}} ErrorMessage
 * @typedef {StartMessage|ChunkMessage|EndMessage|ErrorMessage} ServerMessage
 *
 * A finished run, assembled from the stream (the shape of one POST /api/run entry):
 * @typedef {{optimizer: string, label: string, x: number[], y: number[], loss: number[],
 *   status: "ok"|"diverged", steps: number}} Run
 * @typedef {{id: number, runs: Run[]}} Result
 */

/** A JSON answer, or an Error whose message is the server's `detail`. */
export async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(describeDetail(body?.detail) || `${url}: HTTP ${response.status}`);
  return body;
}

/**
 * POST a JSON body; resolves to the answer (JSON, or text with `as: "text"`), or throws an Error
 * whose message is the server's `detail` in words (`describe` turns a detail into a sentence).
 * `signal` aborts it.
 */
export async function post(url, body, { signal, as = "json", describe = describeDetail } = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok) {
    const answer = await response.json().catch(() => null);
    throw new Error(refusalInPageLanguage(describe(answer?.detail)) || `${url}: HTTP ${response.status}`);
  }
  return as === "text" ? response.text() : response.json();
}

/** @returns {Promise<Declarations>} */
export async function loadDeclarations() {
  const [surfaces, optimizers, schedules] = await Promise.all([
    getJSON("/api/surfaces"),
    getJSON("/api/optimizers"),
    getJSON("/api/schedules"),
  ]);
  return { surfaces, optimizers, schedules };
}

const grids = new Map();

/** The surface sampled on an n×n grid (cached: a surface's grid never changes). @returns {Promise<Grid>} */
export function loadGrid(surfaceId, n) {
  const key = `${surfaceId}/${n}`;
  if (!grids.has(key)) {
    const pending = getJSON(`/api/surfaces/${encodeURIComponent(surfaceId)}/grid?n=${n}`);
    pending.catch(() => grids.delete(key));
    grids.set(key, pending);
  }
  return grids.get(key);
}

/** A 422 detail is a string or pydantic's list of {loc, msg}: one readable line either way. */
export function describeDetail(detail) {
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail.map((e) => [...(e.loc ?? []).filter((p) => p !== "body"), e.msg].join(": ")).join("; ");
  }
  return "";
}

const MIN_GAP_MS = 25; // at most 40 run messages a second (the server allows 60)

const STREAM_URL = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/stream`;
// The stream's socket opens as soon as this module runs, while the declarations load: its opening
// is a task on the main thread, which would otherwise wait until the controls are built, and the
// first run with it.
let early = new WebSocket(STREAM_URL);
const earlyOpen = new Promise((resolve) => {
  // In a task after the "open" event: its later listeners (openStream's) send the first run, and
  // a promise resolved within the event would build the controls first (the run went out ~100 ms
  // late, after them).
  const later = () => setTimeout(resolve);
  early.addEventListener("open", later, { once: true });
  early.addEventListener("close", later, { once: true });
});

/**
 * Resolves once the stream's first socket is open (its first run has then gone out, if one was
 * asked for), or has failed, or after `ms`: the page waits this long before building its
 * controls, so that the server computes the first picture meanwhile.
 */
export const streamOpened = (ms) => Promise.race([earlyOpen, new Promise((resolve) => setTimeout(resolve, ms))]);

/**
 * The run stream: `run(request)` sends the newest request (at most one every MIN_GAP_MS; a newer
 * request replaces one still waiting, and the server drops the older one at once), assembles its
 * chunks and calls `onResult` with each finished result. Reconnects by itself and resends the
 * newest request.
 *
 * @param {{onResult: (result: Result) => void, onError: (id: number|null, detail: string) => void,
 *   onConnection?: (open: boolean) => void}} handlers
 */
export function openStream(handlers) {
  let socket = null;
  let nextId = 1;
  let waiting = null; // the newest RunMessage not yet sent
  let sentId = 0; // the id whose answer we are assembling
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
    if (assembling) waiting ??= assembling.message; // resend what was cut off
    assembling = null;
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, 4000);
  }

  function connect() {
    socket = early ?? new WebSocket(STREAM_URL);
    early = null;
    socket.addEventListener("open", opened);
    socket.addEventListener("message", (event) => receive(JSON.parse(event.data)));
    socket.addEventListener("close", closed);
    // The early socket may have opened, or failed, before it was taken up here.
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

  /** @param {ServerMessage} message */
  function receive(message) {
    if (message.type === "error" && (message.id === null || message.id === undefined)) {
      handlers.onError(null, message.detail);
      return;
    }
    if (message.id !== sentId || !assembling) return; // an answer to a superseded request
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
    },
  };
}
