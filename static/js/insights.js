// The Insights panel: tabs that look at the current scene from other angles (a hyperparameter
// sweep, a race, basins of attraction, the surface in 3D, the learning-rate schedule).
//
// Lazy: only the selected tab computes, and only while the panel is on screen. A scene change
// (debounced) or a tab's own setting makes its key change; a newer computation aborts the older
// one. The panel's own settings live in the address bar's fragment (#insights=…), which the main
// URL writer drops when it rewrites the query, so we put it back after each write.
//
// Hooks for tests: #insights[data-state] is "busy" | "ready" | "error" | "idle" for the selected
// tab (data-tab), each tab's figure is [data-testid=insights-plot-<tab>].

import { t } from "./i18n.js";
import { Change } from "./state.js";
import { el, isAbort } from "./insights/common.js";
import { createBasinsTab } from "./insights/basins.js";
import { createRaceTab } from "./insights/race.js";
import { createScheduleTab } from "./insights/schedule.js";
import { createSurfaceTab } from "./insights/surface3d.js";
import { createSweepTab } from "./insights/sweep.js";

export const DEFAULT_SETTINGS = Object.freeze({
  tab: "sweep",
  param: "lr", // swept hyperparameter
  lo: null, // sweep range; null: from the parameter's declaration
  hi: null,
  n: 64,
  eps: 1e-3, // tolerance of "finished": f − f* < eps
  criterion: "loss", // "loss" (f − f* < eps) or "distance" (nearest minimum < delta)
  delta: 0.05,
  bopt: "", // basin map run, by its tag (runs.runTag; "" = the first run)
  bn: 60,
  br: 0.05,
});

const SCENE_DEBOUNCE_MS = 350;
const SETTING_DEBOUNCE_MS = 200;
const PROGRESS_AFTER_MS = 100;

// ---- the fragment: #insights=race&eps=0.001&… (only values that differ from the defaults) ------

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

// ---- the panel ------------------------------------------------------------------------------

function progressBar() {
  const bar = el("div", { class: "ins-bar" }, el("div", { class: "ins-bar-fill" }));
  const text = el("span", { class: "ins-progress-text" });
  const box = el("div", { class: "ins-progress", role: "progressbar", "aria-label": t("Computing"), hidden: true, dataset: { testid: "insights-progress" } }, bar, text);
  let timer = null;
  return {
    box,
    start() {
      clearTimeout(timer);
      timer = setTimeout(() => (box.hidden = false), PROGRESS_AFTER_MS);
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
    },
  };
}

// Tab icons: 16×16 strokes (a loss curve, a flag, a grid of basins, a cube, a decaying rate).
const ICONS = {
  sweep: "M1.5 3c2 9 4 11 6.5 11s4.5-3 6.5-11",
  race: "M3.5 14.5v-13M3.5 2h9l-2 3 2 3h-9",
  basins: "M2 2h5v5H2zM9 2h5v5H9zM2 9h5v5H2zM9 9h5v5H9z",
  surface3d: "M8 1.5l6 3.3v6.4l-6 3.3-6-3.3V4.8zM8 8l6-3.2M8 8v6.5M8 8L2 4.8",
  schedule: "M1.5 1.5v13h13M3.5 3.5c3 0 4 8 11 8.5",
};

function tabIcon(id) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", "ins-tab-icon");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", ICONS[id] ?? "");
  svg.append(path);
  return svg;
}

function buildTabs(tabs, onPick) {
  const buttons = tabs.map((tab) => {
    const b = el("button", {
      type: "button", role: "tab", id: `insights-tab-${tab.id}`, class: "ins-tab", title: t(tab.title),
      "aria-controls": `insights-panel-${tab.id}`, dataset: { testid: `insights-tab-${tab.id}` },
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
    },
  };
}

/**
 * @param {HTMLElement} root  an empty <section id="insights">
 * @param {{decls: object, store: object, colourOf: (id: string) => string,
 *   shown: () => ({result: object, state: object, request: object} | null), hash: string}} options
 *   `hash`: the address's fragment as the page opened (the settings a link holds)
 */
export function mountInsights(root, { decls, store, colourOf, shown, hash }) {
  let settings = decodeHash(hash);
  let touched = hash.includes("insights=");
  const surfaceOf = (state) => decls.surfaces.find((s) => s.id === state.surface);
  const progress = progressBar();

  const ctx = {
    decls, store, colourOf, surfaceOf,
    /** The shown result when it is the latest state's (the main view is ready), else null. */
    shownNow: () => (document.body.dataset.state === "ready" ? shown() : null),
    settings: () => settings,
    set(patch, delay = SETTING_DEBOUNCE_MS) {
      settings = { ...settings, ...patch };
      touched = true;
      writeHash();
      syncAll();
      refresh(delay);
    },
  };
  const tabs = [createSweepTab(ctx), createRaceTab(ctx), createBasinsTab(ctx), createSurfaceTab(ctx), createScheduleTab(ctx)];
  if (!tabs.some((t) => t.id === settings.tab)) settings = { ...settings, tab: DEFAULT_SETTINGS.tab };
  const tabOf = (id) => tabs.find((t) => t.id === id);

  const tabStrip = buildTabs(tabs, (id) => {
    settings = { ...settings, tab: id };
    touched = true;
    writeHash();
    showTab();
    refresh(0);
  });
  const csv = el("button", { type: "button", class: "button", title: t("Download the numbers behind this view as CSV"), dataset: { testid: "insights-csv" } }, "CSV");
  const png = el("button", { type: "button", class: "button", title: t("Download this view's figure as a PNG image"), dataset: { testid: "insights-png" } }, "PNG");
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
    el("div", { class: "ins-head" },
      el("div", { class: "ins-title" },
        el("h2", { id: "insights-heading" }, t("Insights")),
        el("p", { class: "ins-subtitle" }, t("The current scene from other angles. Each view follows the settings above."))),
      tabStrip.list,
      el("div", { class: "ins-actions", role: "group", "aria-label": t("Export this view") }, csv, png)),
    progress.box,
    ...panels,
  );

  // ---- computing the selected tab --------------------------------------------------------------

  let visible = false;
  let timer = null;
  let inflight = null; // {tab, key, controller}
  const done = new Map(); // tab id -> key of what it shows

  const setStatus = (status) => {
    if (root.dataset.state === status) return;
    root.dataset.state = status;
    root.setAttribute("aria-busy", String(status === "busy"));
  };

  function refresh(delay) {
    if (visible) setStatus("busy"); // at once: tests and readers never see a stale "ready"
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
    if (key === null) { // waiting (e.g. for the main view's result): a later event asks again
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
    progress.set(null, t(tab.working ?? "Computing…"));
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
        if (current !== tab || key !== tab.key(store.get())) refresh(0); // things moved on meanwhile
      }
    }
  }

  function showTab() {
    tabStrip.select(settings.tab);
    root.dataset.tab = settings.tab;
    for (const tab of tabs) tab.panel.hidden = tab.id !== settings.tab;
    const tab = tabOf(settings.tab);
    requestAnimationFrame(() => tab.resize());
    if (tab.onStep) tab.onStep(store.get(), Change.STEP);
  }

  function syncAll() {
    stale = false;
    const state = store.get();
    for (const tab of tabs) tab.sync?.(state);
  }

  // Keeping the tabs' controls in step with the page costs milliseconds (the sweep plot's marker
  // is a Plotly relayout), which a slider drag on the main view must not pay for a panel nobody
  // sees: done once a frame while the panel is on screen, else when it comes on screen.
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

  // ---- the fragment --------------------------------------------------------------------------

  let hashTimer = null;
  function writeHash() {
    const hash = encodeHash(settings, touched);
    if (hash === window.location.hash || (!hash && !window.location.hash)) return;
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

  // ---- following the page --------------------------------------------------------------------

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
  // The main view's result is on screen: views built on it (race, 3D) can compute.
  new PerformanceObserver((list) => {
    if (list.getEntries().some((e) => e.name === "optiscope:drawn")) refresh(0);
  }).observe({ type: "mark" });
  // Only while on screen: a sweep's plot costs the main thread tens of ms, which a slider drag
  // at the top of the page must not pay for a panel below the fold.
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
