import json
import re

import pytest
from fastapi.testclient import TestClient

from app.i18n import choose
from app.settings import Settings

HANGUL = re.compile("[\uac00-\ud7a3]")
ENGLISH_WORDS = re.compile(r"[A-Za-z]{3,}\s+[A-Za-z]{2,}")  # two words in a row: "Adam step"


@pytest.mark.parametrize(
    ("asked", "accept", "chosen"),
    [
        (None, "", "en"),
        (None, "en-US,en;q=0.9", "en"),
        (None, "ko-KR,ko;q=0.9,en;q=0.8", "ko"),
        (None, "fr;q=0.9, ko;q=0.5, en;q=0.4", "ko"),
        (None, "en;q=0.3, ko;q=0.8", "ko"),
        (None, "ko;q=oops, en", "en"),
        ("en", "ko-KR", "en"),
        ("ko", "en-US", "ko"),
        ("xx", "ko", "ko"),
    ],
)
def test_the_page_language_is_asked_for_else_the_browsers(
    asked: str | None, accept: str, chosen: str
) -> None:
    assert choose(asked, accept) == chosen


def test_the_korean_page_is_rendered_in_korean(client: TestClient) -> None:
    page = client.get("/?lang=ko")
    assert "Accept-Language" in page.headers["vary"]
    assert '<html lang="ko">' in page.text
    assert '<h2 id="lessons-heading">실습</h2>' in page.text
    english = client.get("/", headers={"Accept-Language": "en-US"})
    assert '<html lang="en">' in english.text and not HANGUL.search(english.text.split("<body")[0])


@pytest.mark.parametrize(("module", "least"), [("presets.js", 7), ("network/lessons.js", 8)])
def test_every_lesson_has_korean_name_and_lines(module: str, least: int) -> None:
    catalogue = json.loads((Settings().static_dir / "i18n" / "ko.json").read_text("utf-8"))
    presets = (Settings().static_dir / "js" / module).read_text("utf-8")
    ids = re.findall(r'^    id: "([\w-]+)",$', presets, re.M)
    assert len(ids) >= least
    for lesson in ids:
        assert HANGUL.search(catalogue[f"lesson.{lesson}.name"]), lesson
        lines = catalogue[f"lesson.{lesson}.lines"]
        assert len(lines) == 2 and all(HANGUL.search(line) for line in lines), lesson


def test_every_message_the_page_translates_has_its_korean() -> None:
    """Each `t("…")` in the page's modules and template, each insights tab's progress line, and
    each label and tooltip of the insights (passed to t() where shown) is in the Korean
    catalogue: a message missing there would show in English."""
    catalogue = json.loads((Settings().static_dir / "i18n" / "ko.json").read_text("utf-8"))
    quoted = r'"((?:[^"\\]|\\.)*)"'
    messages = set()
    for module in (Settings().static_dir / "js").rglob("*.js"):
        source = module.read_text("utf-8")
        patterns = [rf"\bt\({quoted}", rf"\bworking: {quoted}"]
        if module.parent.name == "insights":  # a tab's and a control's label and tooltip
            patterns += [rf"\blabel: {quoted}", rf"\btitle: {quoted}"]
        for pattern in patterns:
            messages |= {json.loads(f'"{m}"') for m in re.findall(pattern, source, re.M)}
    assert len(messages) > 200
    page = (Settings().templates_dir / "index.html").read_text("utf-8")
    messages |= {a or b for a, b in re.findall(r"""\bt\((?:'([^']*)'|"([^"]*)")\)""", page)}
    words = [m for m in messages if re.search(r"[A-Za-z]{2,}", m)]  # not "ε", "3D"
    assert sorted(m for m in words if not HANGUL.search(catalogue.get(m, ""))) == []


def test_every_declared_description_has_its_korean(client: TestClient) -> None:
    """The page shows the declarations' descriptions (optimizers, their parameters, schedules,
    surfaces), the schedules' names, the data surfaces' columns and the update rules that hold
    words through t(): each one is in the Korean catalogue, so a new optimizer or parameter
    cannot show English on the Korean page unnoticed."""
    catalogue = json.loads((Settings().static_dir / "i18n" / "ko.json").read_text("utf-8"))
    texts = set()
    for kind in ("optimizers", "schedules", "surfaces"):
        for decl in client.get(f"/api/{kind}").json():
            texts.add(decl.get("description") or "")
            if kind == "schedules":  # their names are shown too
                texts.add(decl["name"])
            texts |= {p.get("description") or "" for p in decl.get("params", [])}
            # a data surface's axes and classes in words (a network's x1, x2 are symbols)
            texts |= {c for c in decl.get("columns", []) if re.search("[A-Za-z]{3}", c)}
            if ENGLISH_WORDS.search(decl.get("rule") or ""):  # a rule in words, not maths alone
                texts.add(decl["rule"])
    assert len(texts) > 60
    assert sorted(text for text in texts - {""} if text not in catalogue) == []
