// "Copy as PyTorch": the server writes a runnable script that reproduces the scene with torch.optim
// / pytorch_optimizer in float64 (POST /api/pytorch); we put it on the clipboard, or, where the
// clipboard is not available, show it in a dialog to copy or download.

import { post } from "./api.js";
import { el } from "./controls.js";
import { t } from "./i18n.js";
import { download } from "./export.js";
import { isNetwork, networkRequest } from "./network/scene.js";
import { runRequest } from "./state.js";

function scriptDialog() {
  const text = el("textarea", { id: "pytorch-text", readonly: true, rows: 18, spellcheck: "false", dataset: { testid: "pytorch-text" },
    "aria-label": t("The PyTorch script") });
  const save = el("button", { type: "button", class: "button", title: t("Save the script as optiscope.py"), dataset: { testid: "pytorch-download" } }, t("Download .py"));
  const close = el("button", { type: "button", class: "button", title: t("Close (Esc)") }, t("Close"));
  const dialog = el("dialog", { class: "lab-dialog", "aria-labelledby": "pytorch-heading", dataset: { testid: "pytorch-dialog" } },
    el("h2", { id: "pytorch-heading" }, t("PyTorch script")),
    el("p", { class: "hint" }, t("The clipboard is not available here: select the text and copy it, or download it. Run it with python (needs torch, numpy, pytorch_optimizer).")),
    text,
    el("div", { class: "lab-dialog-actions" }, save, close));
  save.addEventListener("click", () => download("optiscope.py", text.value, "text/x-python"));
  close.addEventListener("click", () => dialog.close());
  document.body.append(dialog);
  return {
    show(script) {
      text.value = script;
      dialog.showModal();
      text.focus();
      text.select();
    },
  };
}

/**
 * @param {HTMLElement} root  the top bar's share group
 * @param {{store: object, toast: (message: string) => void}} options
 */
export function mountReproduce(root, { store, toast }) {
  const button = el("button", { type: "button", class: "button", dataset: { testid: "copy-pytorch" },
    title: t("Copy a runnable PyTorch script (torch.optim, float64) that reproduces these paths") }, t("Copy as PyTorch"));
  let dialog = null;
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const state = store.get();
      const body = isNetwork(state.surface) ? networkRequest(state) : runRequest(state);
      const script = await post("/api/pytorch", body, { as: "text" });
      try {
        await navigator.clipboard.writeText(script);
        toast(t("PyTorch script copied: paste it into a .py file and run it."));
      } catch {
        dialog ??= scriptDialog();
        dialog.show(script);
      }
    } catch (error) {
      toast(t("No script: {message}", { message: error.message }));
    } finally {
      button.disabled = false;
    }
  });
  root.append(button);
}
