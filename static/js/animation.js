// Export the animation of the main view as an animated GIF: step through the run (the slider
// moves as it goes), take each drawn frame as an image, encode them (gif.js) and download
// optiscope.gif. Await between frames keeps the page responsive; Cancel stops it; a scene change
// cancels it too.

import { el } from "./controls.js";
import { download } from "./export.js";
import { encodeGif } from "./gif.js";
import { t } from "./i18n.js";
import { progressBar } from "./labkit.js";
import { Change } from "./state.js";

const FRAMES = 40;
const SECONDS = 4; // how long the whole animation plays

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

function loadImage(url) {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error("a frame did not render"));
    image.src = url;
  });
}

class Cancelled extends Error {}

/**
 * @param {HTMLElement} root  the top bar's share group
 * @param {{store: object, view: object, player: object, mainEl: HTMLElement,
 *   toast: (message: string) => void}} options
 */
export function mountAnimation(root, { store, view, player, mainEl, toast }) {
  const button = el("button", { type: "button", class: "button", dataset: { testid: "export-gif" },
    title: t("Download the main view's animation as an animated GIF ({n} frames)", { n: FRAMES }) }, "GIF");
  const progress = progressBar(t("Recording the GIF"), "gif-progress-bar");
  const cancel = el("button", { type: "button", class: "button", title: t("Stop recording"), dataset: { testid: "gif-cancel" } }, t("Cancel"));
  const panel = el("div", { class: "lab-float", role: "status", "aria-label": t("GIF export"), hidden: true, dataset: { testid: "gif-progress" } },
    el("strong", {}, t("Recording GIF")), progress.box, cancel);
  document.body.append(panel);
  root.append(button);

  let job = null; // {cancelled}
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
    context.fillStyle = "#ffffff"; // the plot's paper is transparent
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
    button.textContent = t("Stop GIF");
    button.setAttribute("aria-pressed", "true");
    const check = () => {
      if (current.cancelled) throw new Cancelled();
    };
    try {
      const frames = [];
      for (let i = 0; i < n; i++) {
        check();
        show(i, n, t("frame"));
        store.update({ step: Math.round((i * before.steps) / Math.max(1, n - 1)) }, Change.STEP);
        await nextFrame(); // the step is drawn
        check();
        frames.push(await capture(width, height, context));
        show(i + 1, n, t("frame"));
      }
      const delayMs = Math.max(40, Math.min(200, Math.round((SECONDS * 1000) / n / 10) * 10));
      const bytes = await encodeGif(frames, { delayMs, onProgress: (done, total) => {
        check();
        show(done, total, t("encoding frame"));
      } });
      download("optiscope.gif", bytes, "image/gif");
      toast(t("GIF saved: optiscope.gif ({n} frames, {width}×{height})", { n, width, height }));
    } catch (error) {
      if (!(error instanceof Cancelled)) toast(t("No GIF: {reason}", { reason: error.message ?? error }));
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
