// Wires the modules: load declarations → build controls → open the stream → draw.

import { loadDeclarations, openStream, streamOpened } from "./api.js";
import {
  buildLossControls, buildPlayback, buildPresets, buildSceneControls, buildShare, buildSurfacePicker,
  buildViewControls,
} from "./controls.js";
import { mountDataPanel } from "./datasurface.js";
import { download, toCSV, toJSON } from "./export.js";
import { nearestValid, watchFields } from "./fields.js";
import { mountFormula } from "./formula.js";
import { LANG, mountLanguageSwitch, t, translateLesson } from "./i18n.js";
import { mountInsights } from "./insights.js";
import { mountLab } from "./lab.js";
import { NETWORK_LESSONS, networkLessonState } from "./network/lessons.js";
import { mountNetworkPanel } from "./network/panel.js";
import { isNetwork, networkBatch, networkJSON, networkOf, registerNetworks } from "./network/scene.js";
import { createPlayer } from "./player.js";
import { buildPicker } from "./picker.js";
import { createView } from "./plot.js";
import { PRESETS } from "./presets.js";
import { buildErrorBanner, buildResults } from "./report.js";
import { buildRunCards } from "./runcards.js";
import { createRunner } from "./runner.js";
import { firstRunOf, runStyle } from "./runs.js";
import { Change, createStore, createUrlWriter, decodeQuery, presetState, runRequest } from "./state.js";
import { registerSurfaces, syncSurfaceDecls } from "./surfaces.js";

const byId = (id) => document.getElementById(id);

/** A clicked point, rounded to a thousandth of the domain (clean numbers in the URL). */
function roundToDomain([x, y], surface) {
  const digits = (lo, hi) => Math.max(0, Math.ceil(-Math.log10((hi - lo) / 1000)));
  return [Number(x.toFixed(digits(...surface.domain.x))), Number(y.toFixed(digits(...surface.domain.y)))];
}

function toast(message, ms = 2500) {
  const box = byId("toast");
  box.textContent = message;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (box.hidden = true), ms);
}

/** Lessons stay true (issue 16): once the scene differs from its lesson's, the lesson is let go. */
function lessonKeeper(decls) {
  // A network scene is its runs plus the network and its batch (networks: network/scene.js).
  const sceneKey = (state) => JSON.stringify(isNetwork(state.surface) ? [runRequest(state), networkOf(state), networkBatch(state)] : runRequest(state));
  const lessonStates = new Map([
    ...PRESETS.map((p) => [p.id, () => presetState(decls, p)]),
    ...NETWORK_LESSONS.map((l) => [l.id, () => networkLessonState(decls, l, presetState)]),
  ]);
  // Each lesson's key is made when first asked for (21 made at start cost ~5 ms of a cold load).
  const scenes = new Map();
  const keyOf = (id) => {
    if (!scenes.has(id)) scenes.set(id, lessonStates.has(id) ? sceneKey(lessonStates.get(id)()) : null);
    return scenes.get(id);
  };
  return (state) => (state.preset && keyOf(state.preset) !== sceneKey(state) ? { ...state, preset: "" } : state);
}

/** A lesson tapped below the plot (a phone) brings the plot back into view. */
function showPlot() {
  const box = byId("main-plot").getBoundingClientRect();
  if (box.top < 0 || box.bottom > window.innerHeight) byId("main-plot-region").scrollIntoView({ block: "start" });
}

/** The page's language stays in the address when it was asked for or is not the default. */
const keepLanguage = () => (LANG !== "en" || new URLSearchParams(window.location.search).has("lang") ? `&lang=${LANG}` : "");

/**
 * The surface and optimizer ids a link names that this page does not have (a typo, an older
 * version's), as a short list: at most 5, each cut to 40 characters (a link is anyone's text).
 */
function unknownNames(q, decls) {
  const quoted = (id) => `“${id.length > 40 ? `${id.slice(0, 40)}…` : id}”`;
  const surface = q.get("surface");
  const optimizers = (q.get("opt") ?? "").split(",").filter((id) => id && !decls.optimizers.some((o) => o.id === id));
  const names = [
    ...(surface && !decls.surfaces.some((s) => s.id === surface) ? [t("surface {id}", { id: quoted(surface) })] : []),
    ...optimizers.map((id) => t("optimizer {id}", { id: quoted(id) })),
  ];
  return names.length > 5 ? [...names.slice(0, 5), "…"] : names;
}

/** The scene an address describes: the opening one under it, each value moved into its range. */
function sceneOf(search, decls, opening) {
  const q = new URLSearchParams(search);
  q.delete("lang"); // the page's, not the scene's: `?lang=ko` alone is the opening scene
  const { state, fixed } = nearestValid(decodeQuery(q.toString(), decls, opening), decls);
  const unknown = unknownNames(q, decls);
  const notices = [
    unknown.length ? t("The link names {list}, which this page does not have; it opens without them.", { list: unknown.join(", ") }) : "",
    fixed.length ? t("The link held values out of range; it opens with the nearest valid ones: {list}.", { list: fixed.join(", ") }) : "",
  ];
  return { state, notice: notices.filter(Boolean).join(" ") };
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
  // The controls sit in forms (templates/index.html says why); none is ever submitted.
  document.addEventListener("submit", (event) => event.preventDefault());
  const decls = await loadDeclarations();
  registerSurfaces(decls); // the "Custom formula…" entry, before a link is decoded
  registerNetworks(decls); // networks: their placeholder start, before a link is decoded
  const opening = () => presetState(decls, PRESETS[0]);
  const linked = sceneOf(window.location.search, decls, opening());
  const store = createStore(linked.state, lessonKeeper(decls));
  if (linked.notice) toast(linked.notice, 10000);
  syncSurfaceDecls(decls, store.get());
  store.subscribe((state) => syncSurfaceDecls(decls, state)); // first: every later reader sees it
  // A run's colour: by its index, a result's run (its `run` index), or an optimizer id (its first run).
  const colourOf = (key) => {
    const i = typeof key === "number" ? key : (key?.run ?? firstRunOf(store.get(), key?.optimizer ?? key));
    return i >= 0 ? runStyle(i).colour : "#1b2733";
  };
  const surfaceOf = (state) => decls.surfaces.find((s) => s.id === state.surface);

  const view = createView({
    plotsEl: byId("plots"), mainEl: byId("main-plot"), lossEl: byId("loss-plot"),
    onPickStart: (xy) => isNetwork(store.get().surface) || store.update((s) => ({ start: roundToDomain(xy, surfaceOf(s)) }), Change.RUN),
  });
  const errors = buildErrorBanner(byId("error-banner"));
  // The insights lie below the fold: built once the first picture is on screen, they keep their
  // ~13 ms of script and their share of the first frame's layout off the cold load. Their
  // settings are read from the address now: the address writer drops its fragment.
  const insightsHash = window.location.hash;
  let mountBelowTheFold = () => {
    mountBelowTheFold = () => {};
    mountInsights(byId("insights"), { decls, store, colourOf, shown: runner.shown, hash: insightsHash });
  };
  // The first picture's data are asked for before anything else is built: the server computes
  // them while the page builds its controls.
  const runner = createRunner({
    decls, view, getState: store.get, openStream,
    onDrawn: (job) => {
      errors.hide();
      dataPanel.drawn(job);
      networkPanel.drawn(job);
    },
    onPainted: (job) => {
      updateOptimizers(store.get(), job.result);
      showResults(job.result, store.get().step, surfaceOf(job.state));
      mountBelowTheFold();
    },
    onFailed: (detail, names) => {
      errors.show(detail, names);
      mountBelowTheFold();
    },
  });
  runner.request(store.get());
  // A run goes out when the stream's socket opens (a main-thread task): let it, before building.
  // Not for a network scene (a POST, already sent), whose answer could then be drawn before the
  // panels its drawing updates are built.
  if (!isNetwork(store.get().surface)) await streamOpened(60);
  const fields = watchFields(document.body, (problems) => errors.fields(problems));
  const showResults = buildResults(byId("results"), colourOf);
  const updateCards = buildRunCards(byId("optimizer-controls"), decls, store);
  const updatePicker = buildPicker(byId("optimizer-picker"), decls, store);
  const updateOptimizers = (state, result) => {
    updatePicker(state);
    updateCards(state, result);
  };
  mountFormula(byId("formula-controls"), { store });
  const dataPanel = mountDataPanel(byId("data-controls"), {
    decls, store, colourOf, shown: () => runner.shown(), onError: (detail) => errors.show(detail),
  });

  const networkPanel = mountNetworkPanel({
    controlsRoot: byId("network-controls"), panelRoot: byId("network-panel"), store, colourOf,
    shown: () => runner.shown(), onError: (detail) => errors.show(detail),
  });

  let updatePlayback = () => {};
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
    }, { testid: "network-lesson" }),
  ];
  updatePlayback = buildPlayback(byId("playback-controls"), store, player);
  buildShare(byId("share-controls"), {
    copyLink: () => navigator.clipboard.writeText(window.location.href).then(
      () => toast(t("Link copied: it reopens exactly this view.")),
      () => toast(t("Copy the address bar: it holds the whole view.")),
    ),
    csv: () => runner.shown() && download(`optiscope-${runner.shown().state.surface}.csv`, toCSV(runner.shown().result), "text/csv"),
    json: () => runner.shown() && download(`optiscope-${runner.shown().state.surface}.json`,
      runner.shown().scene ? networkJSON(runner.shown().scene) : toJSON(runner.shown().request, runner.shown().result), "application/json"),
    png: async () => runner.shown() && download(`optiscope-${runner.shown().state.surface}.png`, await view.snapshot(), "image/png", true),
  });

  const url = createUrlWriter(decls, { keep: keepLanguage() });
  let restoring = false; // Back or Forward: the address is already the state's
  let lastTable = 0;
  store.subscribe((state, change) => {
    if (change === Change.RUN) runner.request(state);
    else if (change === Change.VIEW) runner.redraw();
    else if (change === Change.FRAME) view.showStep(state.step);
    else if (change === Change.STEP) view.commitStep(state.step);
    updatePlayback(state, player.isPlaying());
    const shown = runner.shown();
    // The table follows the step shown; a new result refreshes it when drawn (onDrawn).
    const stepMoved = change === Change.STEP || (change === Change.FRAME && performance.now() - lastTable > 100);
    if (shown && stepMoved) {
      lastTable = performance.now();
      showResults(shown.result, Math.min(state.step, shown.state.steps), surfaceOf(shown.state));
    }
    if (change !== Change.FRAME) {
      for (const update of updates) update(state);
      updateOptimizers(state, shown?.state.surface === state.surface ? shown.result : null);
    }
    if (restoring) url.restored(state);
    else url.write(state);
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
