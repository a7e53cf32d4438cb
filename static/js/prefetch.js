// Asking ahead over a slow link: when the server is far (a round trip of tens of ms), a slider
// drag would wait a round trip per value. After each answer, if the last change moved one run's
// parameter, the runs at the values that slider is likely to give next are asked for in one POST
// and kept in the run cache, so the next move draws at once. The same engine answers them, so the
// numbers are the same as if asked one by one. On a near server nothing is asked ahead: the
// answer comes in a few ms anyway, and the extra runs would only cost bytes and CPU.

import { post } from "./api.js";
import { sliderNeighbours } from "./controls.js";
import { runRequest } from "./state.js";

const FAR_MS = 25; // a round trip above this asks ahead
const AHEAD = 16; // values asked ahead per move (a request holds at most 16 runs): the engine answers them in about one round trip

/** The one run and numeric parameter that differ between two states, else null. */
function movedParam(before, after) {
  const { runs: a, ...restA } = runRequest(before);
  const { runs: b, ...restB } = runRequest(after);
  if (a.length !== b.length || JSON.stringify(restA) !== JSON.stringify(restB)) return null;
  const changed = b.map((_, i) => i).filter((i) => JSON.stringify(a[i]) !== JSON.stringify(b[i]));
  if (changed.length !== 1) return null;
  const i = changed[0];
  const [old, now] = [before.runs[i], after.runs[i]];
  if (old.optimizer !== now.optimizer || JSON.stringify(old.schedule) !== JSON.stringify(now.schedule)) return null;
  const names = Object.keys(now.params).filter((k) => old.params[k] !== now.params[k]);
  if (names.length !== 1 || typeof now.params[names[0]] !== "number") return null;
  return { run: i, name: names[0], from: old.params[names[0]], to: now.params[names[0]] };
}

/**
 * The link's round trip in ms: the least of a few requests for /healthz, timed by the
 * browser's network stack (Resource Timing), so a busy page or server does not pass for a far one.
 */
async function measureRoundTrip(tries = 3) {
  const trips = [];
  for (let i = 0; i < tries; i++) {
    const url = new URL(`/healthz?trip=${Date.now()}-${i}`, location.href).href;
    const started = performance.now();
    await (await fetch(url, { cache: "no-store" })).text();
    const took = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve)); // the timing entry is queued after the body
    const entry = performance.getEntriesByName(url).at(-1);
    trips.push(entry?.responseStart > 0 ? entry.responseStart - entry.requestStart : took);
  }
  return Math.min(...trips);
}

/**
 * @param {{decls: object, cache: object}} options
 * @returns {{answered: (before: object|null, state: object) => void}}
 */
export function createPrefetcher({ decls, cache }) {
  let far = null; // null until measured: once, when the page is idle after its first answer
  let busy = false; // one POST ahead at a time, so each one lands (a drag outpaces round trips)
  let next = null; // [before, state]: the newest move to ask ahead from

  /** The POST body for the values after next's move that are not kept yet, or null. */
  function ahead([before, state]) {
    const moved = movedParam(before, state);
    const p = moved && decls.optimizers.find((o) => o.id === state.runs[moved.run].optimizer)?.params.find((q) => q.name === moved.name);
    if (!p || p.type === "bool" || p.options) return null;
    const specs = sliderNeighbours(p, moved.from, moved.to, AHEAD).map((v) => {
      const runs = state.runs.map((r, i) => (i === moved.run ? { ...r, params: { ...r.params, [moved.name]: v } } : r));
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
    post("/api/run", body)
      .then((answer) => {
        const keys = cache.keys(body);
        for (const [i, run] of answer.runs.entries()) cache.put(keys[i], run);
      })
      .catch(() => {}) // refused or busy (429): the stream asks when the slider gets there
      .finally(() => {
        busy = false;
        if (next) ask();
      });
  }

  return {
    /** `state` is drawn (after `before` was asked for): ask ahead for its slider's next values. */
    answered(before, state) {
      if (far === null) {
        far = false; // measuring: not far until known (the first draw comes first)
        const idle = window.requestIdleCallback ?? ((fn) => setTimeout(fn, 500));
        idle(() => measureRoundTrip().then((ms) => (far = ms > FAR_MS), () => {}), { timeout: 1000 });
      }
      if (!before || !far) return;
      next = [before, state];
      if (!busy) ask();
    },
  };
}
