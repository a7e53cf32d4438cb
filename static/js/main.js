// Wires the modules: load declarations → build controls → open the stream → draw.

import { loadDeclarations, openStream } from "./api.js";
import {
  buildLossControls, buildPlayback, buildPresets, buildSceneControls, buildShare, buildSurfacePicker,
  buildViewControls,
} from "./controls.js";
import { mountDataPanel } from "./datasurface.js";
import { download, toCSV, toJSON } from "./export.js";
import { mountFormula } from "./formula.js";
import { mountInsights } from "./insights.js";
import { mountLab } from "./lab.js";
import { createPlayer } from "./player.js";
import { buildPicker } from "./picker.js";
import { createView } from "./plot.js";
import { PRESETS } from "./presets.js";
import { buildErrorBanner, buildResults } from "./report.js";
import { buildRunCards } from "./runcards.js";
import { createRunner } from "./runner.js";
import { firstRunOf, runStyle } from "./runs.js";
import { Change, createStore, createUrlWriter, decodeQuery, presetState } from "./state.js";
import { registerSurfaces, syncSurfaceDecls } from "./surfaces.js";

const byId = (id) => document.getElementById(id);

/** A clicked point, rounded to a thousandth of the domain (clean numbers in the URL). */
function roundToDomain([x, y], surface) {
  const digits = (lo, hi) => Math.max(0, Math.ceil(-Math.log10((hi - lo) / 1000)));
  return [Number(x.toFixed(digits(...surface.domain.x))), Number(y.toFixed(digits(...surface.domain.y)))];
}

function toast(message) {
  const box = byId("toast");
  box.textContent = message;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (box.hidden = true), 2500);
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
  registerSurfaces(decls); // the "Custom formula…" entry, before a link is decoded
  const opening = () => presetState(decls, PRESETS[0]);
  const store = createStore(decodeQuery(window.location.search, decls, opening()));
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
    onPickStart: (xy) => store.update((s) => ({ start: roundToDomain(xy, surfaceOf(s)) }), Change.RUN),
  });
  const errors = buildErrorBanner(byId("error-banner"));
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

  const runner = createRunner({
    decls, view, getState: store.get, openStream,
    onDrawn: (job) => {
      errors.hide();
      dataPanel.drawn(job);
      updateOptimizers(store.get(), job.result);
      showResults(job.result, store.get().step, surfaceOf(job.state));
    },
    onFailed: (detail, names) => errors.show(detail, names),
  });
  let updatePlayback = () => {};
  const player = createPlayer({ store, onPlaying: (playing) => updatePlayback(store.get(), playing) });

  const updates = [
    buildSurfacePicker(byId("surface-controls"), decls, store),
    buildSceneControls(byId("scene-controls"), decls, store, { onReset: () => store.update(opening(), Change.RUN) }),
    buildViewControls(byId("view-controls"), store),
    buildLossControls(byId("loss-controls"), store),
    buildPresets(byId("preset-controls"), PRESETS, (preset) => {
      player.stop();
      store.update(presetState(decls, preset), Change.RUN);
    }),
  ];
  updatePlayback = buildPlayback(byId("playback-controls"), store, player);
  buildShare(byId("share-controls"), {
    copyLink: () => navigator.clipboard.writeText(window.location.href).then(
      () => toast("Link copied: it reopens exactly this view."),
      () => toast("Copy the address bar: it holds the whole view."),
    ),
    csv: () => runner.shown() && download(`optiscope-${runner.shown().state.surface}.csv`, toCSV(runner.shown().result), "text/csv"),
    json: () => runner.shown() && download(`optiscope-${runner.shown().state.surface}.json`, toJSON(runner.shown().request, runner.shown().result), "application/json"),
    png: async () => runner.shown() && download(`optiscope-${runner.shown().state.surface}.png`, await view.snapshot(), "image/png", true),
  });

  const writeUrl = createUrlWriter();
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
    writeUrl(state);
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
  runner.request(state);
  writeUrl(state);
}

main().catch((error) => {
  const banner = byId("error-banner");
  banner.hidden = false;
  banner.textContent = `Optiscope could not start: ${error.message}. Is the server running?`;
  document.body.dataset.state = "error";
});
