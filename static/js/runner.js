// Keeps what is drawn in step with the state: asks the server for the runs a state needs that it
// has not answered before (a slider changes one run: only that one is sent), draws results
// newest-first (a result that arrives while another draws waits, and only the newest waiting one
// is drawn), and marks `optiscope:drawn` once the latest state's result is on screen.

import { isNetwork, loadNetworkScene } from "./network/scene.js";
import { loadPlotly } from "./plotly.js";
import { createPrefetcher } from "./prefetch.js";
import { refusalInPageLanguage } from "./refusals.js";
import { createRunCache } from "./runcache.js";
import { runLabels } from "./runs.js";
import { runRequest } from "./state.js";
import { epochEnds, loadSurfaceGrid } from "./surfaces.js";

/** `fn` once the next frame is painted: a task after that frame's animation callbacks. */
const afterPaint = (fn) => requestAnimationFrame(() => setTimeout(fn));

const GRID_N = 140; // heatmap cells a side: ~3.5 px each at full size (Plotly colours every cell per redraw)

/**
 * @param {{decls: object, view: object, getState: () => object, openStream: Function,
 *   onDrawn: (shown: {result: object, state: object, request: object}) => void,
 *   onPainted: (shown: {result: object, state: object, request: object}) => void,
 *   onFailed: (detail: string, names: string[]) => void}} options
 */
export function createRunner({ decls, view, getState, openStream, onDrawn, onPainted, onFailed }) {
  const requests = new Map(); // stream id -> job {id, state, request, grid, kept, asked}
  const cache = createRunCache();
  let wanted = null; // the job the latest state needs
  let waiting = null; // the newest job ready to draw
  let drawing = false;
  let settling = false; // Plotly is on its way to draw what the canvases drew first (settleWhenPlotted)
  let shown = null;
  let updating = false; // the panels' update is waiting for the frame (updateAfterPaint)
  let localId = -1; // ids of results drawn without the server (negative: never a stream id)
  let networkLoad = null; // networks: the POST in flight (a promise)
  let asked = null; // the state of the last request (a slider's previous value, for asking ahead)
  let before = null; // the state asked for before it

  /**
   * The job's whole result: the runs it kept, the answered ones in between, in the state's order,
   * each with its index (`run`) and the page's label for it (runs.runLabels: "SGD · lr 0.09").
   */
  function complete(job, answered = []) {
    const fresh = answered.values();
    const labels = runLabels(job.state.runs, decls);
    return { id: job.id, runs: job.kept.map((run, i) => ({ ...(run ?? fresh.next().value), label: labels[i], run: i })) };
  }

  /** The run specs a job asks the server for (the server numbers its runs in this order). */
  const askedRuns = (job) => job.request.runs.filter((_, i) => !job.kept[i]);

  const stream = openStream({
    onResult(result) {
      const job = requests.get(result.id);
      if (!job) return;
      performance.mark("optiscope:result"); // the stream's answer is complete (for benchmarks)
      for (const id of requests.keys()) if (id < result.id) requests.delete(id);
      job.asked.forEach((key, i) => {
        cache.put(key, result.runs[i]);
      });
      draw({ ...job, result: complete(job, result.runs) });
      if (job.id === wanted?.id) prefetcher.answered(before, job.state);
    },
    onError(id, detail) {
      if (id !== null && id !== wanted?.id) return; // a superseded request: its error no longer matters
      document.body.dataset.state = "error";
      const job = requests.get(id);
      const ids = job ? askedRuns(job).map((r) => r.optimizer) : [];
      onFailed(refusalInPageLanguage(detail), ids.map((o) => decls.optimizers.find((d) => d.id === o)?.name ?? o));
    },
  });

  const prefetcher = createPrefetcher({ decls, cache });

  /**
   * After a first picture on the canvases alone: Plotly is evaluated once that picture is painted,
   * then draws the scene shown (unless a newer one is waiting: Plotly draws that one anyway).
   */
  function settleWhenPlotted() {
    if (settling) return;
    settling = true;
    afterPaint(() => loadPlotly().then(() => {
      settling = false;
      if (shown && !waiting) draw({ ...shown, settling: true });
    }, (error) => onFailed(String(error.message ?? error), [])));
  }

  /**
   * The panels that follow a result without being the picture (the results table, the run cards'
   * badges, the picker's counts) are updated after the frame that paints the paths: a slider's
   * new paths are on screen ~6 ms sooner, the panels a frame later. Only the newest result shown
   * is written (a drag outpaces frames). Marks `optiscope:updated` once they are (for tests).
   */
  function updateAfterPaint() {
    if (updating) return;
    updating = true;
    afterPaint(() => {
      updating = false;
      if (!shown) return;
      onPainted(shown);
      performance.mark("optiscope:updated");
    });
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
        const grid = await job.grid; // the data came meanwhile
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
          epochEnds: job.scene?.epochEnds ?? epochEnds(job.state, steps),
        };
        // The first picture comes before Plotly is in (plotly.js): the canvases draw it, then
        // Plotly draws the same scene again (its hover, zoom and exports), with no new mark.
        const early = !job.settling && view.preview(scene);
        if (!early) {
          await loadPlotly();
          await view.render(scene);
        }
        if (job.settling) continue; // `shown` is the job it settles
        shown = job;
        if (job.id === wanted?.id && !waiting) {
          performance.mark("optiscope:drawn");
          document.body.dataset.state = "ready";
        }
        onDrawn(job);
        updateAfterPaint();
        if (early) settleWhenPlotted();
      } catch (error) {
        onFailed(String(error.message ?? error), []);
      }
    }
    drawing = false;
  }

  /**
   * Networks (CONTRACT section 11): one POST per state, drawn whole; no run cache, since the
   * plane every path is drawn on depends on all the runs together. A network scene is heavy work
   * (one at a time per client, else 429), so one POST is in flight and the newest state waits
   * for it; an answer that is no longer wanted is dropped.
   */
  function requestNetwork(state) {
    const job = { state, request: null, id: localId--, queued: Boolean(networkLoad) };
    wanted = job;
    if (job.queued) return;
    networkLoad = loadNetworkScene(state).then((scene) => {
      if (wanted !== job) return;
      performance.mark("optiscope:result");
      const labels = runLabels(state.runs, decls); // each run's index and the page's label, as for surfaces
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
      const grid = loadSurfaceGrid(state, GRID_N);
      grid.catch(() => {});
      const keys = cache.keys(request);
      const kept = keys.map((key) => cache.get(key) ?? null); // a run, or null: ask for it
      const job = { state, request, grid, kept, asked: keys.filter((_, i) => !kept[i]) };
      if (!job.asked.length) {
        wanted = { ...job, id: localId-- };
        draw({ ...wanted, result: complete(wanted) });
        prefetcher.answered(before, state); // the drag goes on: ask further ahead
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
      if (inFlight) return; // the coming result is drawn with the new view anyway
      document.body.dataset.state = "busy";
      wanted = { ...shown, id: localId-- };
      draw(wanted);
    },

    /** What is on screen: {result, state, request}, or null before the first draw. */
    shown: () => shown,
  };
}
