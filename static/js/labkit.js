// Shared pieces of the issue-9 tools (inspector, tuning, seeds, exports): following the scene on
// screen, and a small progress bar.

import { el } from "./controls.js";

const DRAWN = "optiscope:drawn";

/**
 * Data computed for the scene on screen (the inspector's optimizer states, the seeds' paths).
 * `refresh()` loads it for the latest state (debounced; a newer scene aborts the older load); once
 * the main view shows the scene it belongs to, `onShown(data, result)` gets it with that scene's
 * result object, which layers compare by identity so that they never draw onto another scene.
 *
 * @param {{store: object, shown: () => ({state: object, result: object} | null),
 *   keyOf: (state: object) => (string | null), load: (state: object, signal: AbortSignal) => Promise<any>,
 *   onShown: (data: any, result: object) => void, onIdle?: () => void,
 *   onStatus: (status: "idle"|"busy"|"ready"|"error", detail?: string) => void, delay?: number}} options
 * `keyOf` answers null when nothing is wanted (the tool is off): `onIdle` is called then.
 */
export function followScene({ store, shown, keyOf, load, onShown, onIdle = () => {}, onStatus, delay = 200 }) {
  const cache = new Map(); // key -> data, the last few scenes
  let inflight = null; // {key, controller}
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
      onStatus("busy"); // until the main view shows this scene (at once when it already does)
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

/** An indeterminate or measured progress bar with a line of text. */
export function progressBar(label, testid) {
  const fill = el("div", { class: "lab-bar-fill" });
  const text = el("span", { class: "lab-progress-text" });
  const box = el("div", { class: "lab-progress", role: "progressbar", "aria-label": label, hidden: true, dataset: { testid } },
    el("div", { class: "lab-bar" }, fill), text);
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
    hide: () => (box.hidden = true),
  };
}
