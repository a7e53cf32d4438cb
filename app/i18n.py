"""The page's languages: which one a request asks for, and its message catalogue.

A catalogue maps the English text to its translation (gettext's model: the English is the key, so
a string not yet translated shows in English). The template and the page's modules read the same
file, `static/i18n/<lang>.json`; the server renders the page in the chosen language and hands the
catalogue to the page inside it, so nothing shows in English first.
"""

import json
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "ko")  # English, the default, needs no catalogue


def choose(asked: str | None, accept_language: str) -> str:
    """`?lang=` if we have it, else the first of the browser's languages we have, else English."""
    if asked in LANGUAGES:
        return asked
    ranked = []
    for i, item in enumerate(accept_language.split(",")):
        tag, _, params = item.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        ranked.append((-weight, i, tag.strip().split("-")[0].lower()))
    for _, _, lang in sorted(ranked):
        if lang in LANGUAGES:
            return lang
    return "en"


@cache
def catalogue(static_dir: Path, lang: str) -> dict[str, str | list[str]]:
    if lang == "en":
        return {}
    with open(static_dir / "i18n" / f"{lang}.json", encoding="utf-8") as f:
        messages: dict[str, str | list[str]] = json.load(f)
    return messages
