// The page's language (issue 16): the server picks it (`?lang=`, else the browser's languages) and
// renders the page in it, with its message catalogue inside (#messages: English text → its
// translation). `t(text)` is that text in the page's language; an English page has an empty
// catalogue, so the text is its own message. Lessons are keyed by their id (`lesson.<id>.name`,
// `lesson.<id>.lines`), so presets.js stays the one English source.

const MESSAGES = JSON.parse(document.getElementById("messages")?.textContent || "{}");

export const LANG = document.documentElement.lang || "en";

// A Korean particle after a value depends on its last sound: "20001은", "1.5는". Both forms stay,
// "이(가)", where the value ends in neither a Hangul syllable nor a digit.
const PARTICLES = { "이(가)": ["이", "가"], "은(는)": ["은", "는"], "을(를)": ["을", "를"] };
const DIGIT_FINALS = "1101001110"; // 영 일 이 삼 사 오 육 칠 팔 구: which end in a consonant

/** Whether `value`'s last sound is a consonant (true / false), or null when that is unknown. */
function endsInConsonant(value) {
  const last = value.at(-1) ?? "";
  const code = last.charCodeAt(0);
  if (code >= 0xac00 && code <= 0xd7a3) return (code - 0xac00) % 28 !== 0;
  if (last >= "0" && last <= "9") return DIGIT_FINALS[Number(last)] === "1";
  return null;
}

/** `text` in the page's language, `{name}` filled from `values`. */
export function t(text, values = {}) {
  const message = typeof MESSAGES[text] === "string" ? MESSAGES[text] : text;
  return message.replace(/\{(\w+)\}(이\(가\)|은\(는\)|을\(를\))?/g, (whole, key, particle) => {
    if (!(key in values)) return whole;
    const value = String(values[key]);
    if (!particle) return value;
    const final = endsInConsonant(value);
    return value + (final === null ? particle : PARTICLES[particle][final ? 0 : 1]);
  });
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
