// The page's language (issue 16): the server picks it (`?lang=`, else the browser's languages) and
// renders the page in it, with its message catalogue inside (#messages: English text → its
// translation). `t(text)` is that text in the page's language; an English page has an empty
// catalogue, so the text is its own message. Lessons are keyed by their id (`lesson.<id>.name`,
// `lesson.<id>.lines`), so presets.js stays the one English source.

const MESSAGES = JSON.parse(document.getElementById("messages")?.textContent || "{}");

export const LANG = document.documentElement.lang || "en";

/** `text` in the page's language, `{name}` filled from `values`. */
export function t(text, values = {}) {
  const message = typeof MESSAGES[text] === "string" ? MESSAGES[text] : text;
  return message.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

// What a parameter is, for a control's accessible name ("Adam learning rate").
const PARAM_NAMES = {
  lr: "learning rate", momentum: "momentum", beta1: "β₁", beta2: "β₂", eps: "ε", weight_decay: "weight decay",
  dampening: "dampening", alpha: "α", rho: "ρ", lr_decay: "lr decay", nesterov: "Nesterov", centered: "centered",
};

export const paramName = (name) => t(PARAM_NAMES[name] ?? name.replaceAll("_", " "));

/** A lesson with its name and lines in the page's language. */
export function translateLesson(preset) {
  const lines = MESSAGES[`lesson.${preset.id}.lines`];
  return {
    ...preset,
    name: MESSAGES[`lesson.${preset.id}.name`] ?? preset.name,
    lines: Array.isArray(lines) && lines.length === preset.lines.length ? lines : preset.lines,
  };
}

/** The switch in the top bar keeps the scene: it reloads this address in the other language. */
export function mountLanguageSwitch(root) {
  for (const link of root.querySelectorAll("a[data-lang]")) {
    link.addEventListener("click", (event) => {
      const q = new URLSearchParams(window.location.search);
      q.set("lang", link.dataset.lang);
      event.preventDefault();
      window.location.assign(`${window.location.pathname}?${q}${window.location.hash}`);
    });
  }
}
