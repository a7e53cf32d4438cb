// The server's refusals in the page's language. The server words them in English (a formula's
// in app/formula.py, "not now" in app/admission.py and app/limits.py); each one is matched here
// to its catalogue entry, its parts (a name, a limit, a column) carried over. A refusal not listed
// shows as the server wrote it.

import { t } from "./i18n.js";

const REFUSALS = [
  [/^unexpected character (.+)$/, (c) => t("unexpected character {c}", { c })],
  [/^unexpected `(.+)`: is an operator or operand missing\?$/, (c) => t("unexpected `{c}`: is an operator or operand missing?", { c })],
  [/^the formula is too long \(more than (\d+) terms\)$/, (n) => t("the formula is too long (more than {n} terms)", { n })],
  [/^the formula is too long \(limit (\d+) characters\)$/, (n) => t("the formula is too long (limit {n} characters)", { n })],
  [/^String should have at most (\d+) characters$/, (n) => t("the formula is too long (limit {n} characters)", { n })],
  [/^the formula nests too deeply \(over (\d+) levels\)$/, (n) => t("the formula nests too deeply (over {n} levels)", { n })],
  [/^the constant (.+) is not allowed in a formula$/, (c) => t("the constant {c} is not allowed in a formula", { c })],
  [/^attribute access \(`\.`\) is not allowed in a formula$/, () => t("attribute access (`.`) is not allowed in a formula")],
  [/^indexing \(`\[\]`\) is not allowed in a formula$/, () => t("indexing (`[]`) is not allowed in a formula")],
  [/^a comparison is not allowed in a formula$/, () => t("a comparison is not allowed in a formula")],
  [/^`and`\/`or` is not allowed in a formula$/, () => t("`and`/`or` is not allowed in a formula")],
  [/^`lambda` is not allowed in a formula$/, () => t("`lambda` is not allowed in a formula")],
  [/^this operator \(use \+ - \* \/ \^\) is not allowed in a formula$/, () => t("this operator (use + - * / ^) is not allowed in a formula")],
  [/^this operator is not allowed in a formula$/, () => t("this operator is not allowed in a formula")],
  [/^`if`\/`else` is not allowed in a formula$/, () => t("`if`/`else` is not allowed in a formula")],
  [/^`:=` is not allowed in a formula$/, () => t("`:=` is not allowed in a formula")],
  [/^a tuple \(`,`\) is not allowed in a formula$/, () => t("a tuple (`,`) is not allowed in a formula")],
  [/^a list is not allowed in a formula$/, () => t("a list is not allowed in a formula")],
  [/^a dict is not allowed in a formula$/, () => t("a dict is not allowed in a formula")],
  [/^a set is not allowed in a formula$/, () => t("a set is not allowed in a formula")],
  [/^an f-string is not allowed in a formula$/, () => t("an f-string is not allowed in a formula")],
  [/^the number is too large \(limit (.+)\)$/, (n) => t("the number is too large (limit {n})", { n })],
  [/^the exponent is too large \(limit (.+)\)$/, (n) => t("the exponent is too large (limit {n})", { n })],
  [/^unknown name `(.+)` \(did you mean `(.+)`\?\)$/, (name, hint) => t("unknown name `{name}` (did you mean `{hint}`?)", { name, hint })],
  [/^unknown name `(.+)`$/, (name) => t("unknown name `{name}`", { name })],
  [/^only named functions can be called$/, () => t("only named functions can be called")],
  [/^`(.+)` is not a function$/, (name) => t("`{name}` is not a function", { name })],
  [/^`(.+)` takes 1 argument$/, (name) => t("`{name}` takes 1 argument", { name })],
  [/^`(.+)` takes (\d+) arguments$/, (name, n) => t("`{name}` takes {n} arguments", { name, n })],
  [/^the formula ends too early: is an operand missing\?$/, () => t("the formula ends too early: is an operand missing?")],
  [/^this parenthesis is never closed$/, () => t("this parenthesis is never closed")],
  [/^the formula is empty: type an expression in x and y, e\.g\. x\^2 \+ y\^2$/, () => t("the formula is empty: type an expression in x and y, e.g. x^2 + y^2")],
  [/^the formula could not be read$/, () => t("the formula could not be read")],
  [/^one heavy request at a time per client: wait for the answer to the one running, then retry \(in about (\d+) s\)$/,
    (n) => t("one heavy request at a time per client: wait for the answer to the one running, then retry (in about {n} s)", { n })],
  [/^the server is busy with (\d+) heavy requests: retry in about (\d+) s$/,
    (k, n) => t("the server is busy with {k} heavy requests: retry in about {n} s", { k, n })],
  [/^over (\d+) requests in flight from this client: wait for their answers$/,
    (k) => t("over {k} requests in flight from this client: wait for their answers", { k })],
  [/^over (\d+) messages a second$/, (k) => t("over {k} messages a second", { k })],
];

/**
 * One refusal ("surface.expression: unknown name `z` at column 3") in the page's language, without
 * the field's path when it is about the formula (shown under the formula's own field).
 */
function translate(refusal) {
  const [, text, column] = /^(?:[\w.]+: )?(.*?)(?: at column (\d+))?$/s.exec(refusal);
  for (const [pattern, say] of REFUSALS) {
    const parts = pattern.exec(text);
    if (!parts) continue;
    const said = say(...parts.slice(1));
    return column ? t("{message} at column {n}", { message: said, n: column }) : said;
  }
  return refusal;
}

/** A refusal of one or more parts ("…; …") in the page's language ("" stays ""). */
export const refusalInPageLanguage = (message) => message.split("; ").map(translate).join("; ");
