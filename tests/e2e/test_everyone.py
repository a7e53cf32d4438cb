"""The page for everyone (issue 16): Korean, Back, phones, lessons that stay true, bad input."""

import json
import re
import time
from typing import Any

import pytest
from playwright.sync_api import Page
from websockets.sync.client import connect

from app.admission import FAST_PER_CLIENT, HEAVY_SLOTS, Lanes, Refused
from app.limits import MESSAGES_PER_SECOND
from tests.e2e.helpers import (
    PHONE,
    marks,
    open_app,
    paths,
    query,
    set_range,
    wait_drawn,
    wait_until,
)

pytestmark = pytest.mark.e2e

LESSONS = ["rosenbrock", "saddle", "beale", "learning-rate", "noise", "schedules", "batch-size"]
HANGUL = re.compile("[\uac00-\ud7a3]")


def click_and_draw(page: Page, testid: str) -> None:
    before = marks(page)
    page.get_by_test_id(testid).click()
    wait_drawn(page, before)


# ---- phones ------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [360, 390, 430])
def test_a_phone_gets_the_plot_whole_and_no_sideways_scroll(
    new_page: Any, server_url: str, width: int
) -> None:
    page = open_app(new_page(**{**PHONE, "viewport": {"width": width, "height": 844}}), server_url)
    time.sleep(0.3)  # the insights panel lays out its tabs after the first draw
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    plot = page.get_by_test_id("main-plot").bounding_box()
    assert plot is not None and plot["width"] >= 340
    lessons = page.evaluate(
        "document.getElementById('preset-controls').getBoundingClientRect().top"
    )
    assert lessons < 2.5 * 844


@pytest.mark.parametrize("width", [390, 1280])
def test_a_wide_domain_leaves_no_blank_above_and_below_its_plot(
    new_page: Any, server_url: str, width: int
) -> None:
    """The elongated bowl is 20 × 8: its plot area is short, and the plot's box is as short
    (it held a 340px minimum, ~150px of blank on a phone)."""
    screen = {"viewport": {"width": width, "height": 844}}
    page = open_app(
        new_page(**({**PHONE, **screen} if width < 600 else screen)),
        f"{server_url}/?surface=elongated_bowl",
    )
    [blank] = wait_until(  # once Plotly has laid the plot out at the box's height
        page,
        """(() => { const gd = document.getElementById('main-plot'), full = gd._fullLayout;
          return full?.yaxis?._length && Math.round(full.height) === gd.clientHeight
            ? [gd.clientHeight - full.margin.t - full.margin.b - full.yaxis._length] : null; })()""",
        30,
    )
    assert 0 <= blank <= 40


def test_a_short_landscape_screen_keeps_the_plot_340_px_tall(
    new_page: Any, server_url: str
) -> None:
    page = open_app(new_page(**{**PHONE, "viewport": {"width": 844, "height": 390}}), server_url)
    height = page.get_by_test_id("main-plot").bounding_box()["height"]
    assert 339 <= height <= 345


def test_a_lesson_tapped_on_a_phone_brings_the_plot_into_view(
    new_page: Any, server_url: str
) -> None:
    page = open_app(new_page(**PHONE), server_url)
    page.get_by_test_id("preset-saddle").scroll_into_view_if_needed()
    before = marks(page)
    page.get_by_test_id("preset-saddle").tap()
    wait_drawn(page, before)
    top, bottom = page.evaluate(
        "(() => { const r = document.querySelector('[data-testid=main-plot]')"
        ".getBoundingClientRect(); return [r.top, r.bottom]; })()"
    )
    assert top >= 0 and bottom <= 844


def test_phone_tap_targets_are_at_least_24_px(new_page: Any, server_url: str) -> None:
    page = open_app(new_page(**PHONE), server_url)
    small = page.evaluate(
        """Array.from(document.querySelectorAll('button, input, select, a[href], summary'))
            .filter((e) => e.getClientRects().length && !e.closest('.modebar, .sr-only, .skip-link'))
            .filter((e) => getComputedStyle(e).opacity !== '0' && getComputedStyle(e).visibility !== 'hidden')
            .map((e) => [e, e.getBoundingClientRect()])
            .filter(([, r]) => r.width < 24 || r.height < 24)
            .map(([e, r]) => `${e.outerHTML.slice(0, 70)} ${Math.round(r.width)}×${Math.round(r.height)}`)"""
    )
    assert small == []


# ---- Korean ------------------------------------------------------------------------------------


def hangul_shown(page: Page) -> int:
    return len(HANGUL.findall(page.evaluate("document.body.innerText")))


def test_korean_page_names_its_language_and_speaks_it(new_page: Any, server_url: str) -> None:
    page = open_app(new_page(), f"{server_url}/?lang=ko")
    assert page.evaluate("document.documentElement.lang") == "ko"
    assert hangul_shown(page) >= 200
    for lesson in LESSONS:
        assert HANGUL.search(page.get_by_test_id(f"preset-{lesson}").inner_text()), lesson
    assert HANGUL.search(page.get_by_test_id("lesson").inner_text())
    assert page.get_by_test_id("param-adam-lr").get_attribute("aria-label") == "Adam 학습률"
    assert page.locator("#lessons-heading").inner_text() != "Lessons"
    click_and_draw(page, "preset-saddle")
    assert query(page)["lang"] == "ko"  # the choice stays in the address


ENGLISH_SHOWN = """async () => {
    // names the Korean page keeps as they are: the optimizers' and the data's sources (citations)
    const [optimizers, surfaces] = await Promise.all(['optimizers', 'surfaces'].map(
        (kind) => fetch(`/api/${kind}`).then((answer) => answer.json())));
    const names = [...optimizers.map((o) => o.name), ...surfaces.map((s) => s.source ?? '')]
        .filter(Boolean);
    const found = [];
    const walk = (node) => {
        for (const child of node.childNodes) {
            if (child.nodeType === 1) walk(child);
            if (child.nodeType !== 3) continue;
            const parent = child.parentElement;
            // torch's argument names (line_search, in a run's label) are identifiers
            let text = child.textContent.trim().replace(/\\w*_\\w*/g, '');
            for (const name of names) text = text.replaceAll(name, '');
            // two English words in a row, shown, outside formulas (maths)
            if (/[A-Za-z]{3,}\\s+[A-Za-z]{2,}/.test(text) && parent.offsetParent !== null
                && !parent.closest('script, code, .formula')) found.push(child.textContent.trim());
        }
    };
    walk(document.body);
    return found;
}"""


def test_the_korean_insights_speak_korean(new_page: Any, server_url: str) -> None:
    """Every insights tab on the Korean page: no English sentence shown (captions, summaries)."""
    page = open_app(new_page(), f"{server_url}/?lang=ko")
    tabs = page.locator("[role=tab]")
    shown = set(page.evaluate(ENGLISH_SHOWN))
    for i in range(tabs.count()):
        tabs.nth(i).click()
        page.wait_for_timeout(1500)  # the tab computes and draws
        shown |= set(page.evaluate(ENGLISH_SHOWN))
    assert shown == set(), shown


def test_the_korean_lessons_and_data_speak_korean(new_page: Any, server_url: str) -> None:
    """Every lesson on the Korean page, and a data surface's panel (its axes and classes, raw and
    standardised): no two English words in a row shown, but names and citations."""
    page = open_app(new_page(), f"{server_url}/?lang=ko")
    shown = set(page.evaluate(ENGLISH_SHOWN))
    lessons = page.locator("[data-testid^=preset-]")
    for i in range(lessons.count()):
        before = marks(page)
        lessons.nth(i).click()
        # a network lesson on a fresh machine may wait for the network loop's first compile (a
        # minute or more, in the background since the server started)
        network = (lessons.nth(i).get_attribute("data-testid") or "").startswith("preset-net-")
        wait_drawn(page, before, timeout=180 if network else 10)
        shown |= set(page.evaluate(ENGLISH_SHOWN))
    page = open_app(page, f"{server_url}/?lang=ko&surface=iris_species")
    for scaled in ("0", "1"):
        if scaled == "1":
            page.get_by_test_id("standardize").check()
        wait_until(
            page,
            f"document.querySelector('#data-controls').dataset.plotted === 'iris_species/{scaled}'",
        )
        shown |= set(page.evaluate(ENGLISH_SHOWN))
    assert shown == set(), shown
    assert HANGUL.search(page.locator("#data-controls .batch-row label").inner_text())  # one word


TITLES_IN_ENGLISH = """(selector) => [...document.querySelectorAll(`${selector} [title]`)]
    .map((e) => e.title).filter((text) => /[A-Za-z]{3,}(\\s+[A-Za-z]{2,}){2,}/.test(text)
        && !/^f\\(x, y\\)|: [^:]*[(*^]/.test(text))"""


def test_the_korean_inspector_and_formula_panel_speak_korean(
    new_page: Any, server_url: str
) -> None:
    """The inspector (its steps narrated) and the custom formula panel: no English sentence
    shown, no English tooltip."""
    page = open_app(new_page(), f"{server_url}/?lang=ko")
    page.get_by_test_id("inspector-toggle").click()
    wait_until(page, "document.querySelector('[data-testid=inspector]').dataset.state === 'ready'")
    page.get_by_test_id("inspector-back").click()
    page.get_by_test_id("inspector-step").click()
    wait_until(page, "document.querySelector('[data-testid=inspector-narration]').textContent")
    assert page.evaluate(ENGLISH_SHOWN) == []
    assert page.evaluate(TITLES_IN_ENGLISH, "#inspector") == []
    page.get_by_test_id("surface-select").select_option("custom")
    page.get_by_test_id("formula-example-0").click()
    wait_until(page, "document.querySelector('#formula-controls').dataset.check === 'ok'")
    assert page.evaluate(ENGLISH_SHOWN) == []
    assert page.evaluate(TITLES_IN_ENGLISH, "#formula-controls") == []


# One typed formula for each way app/formula.py refuses one (and pydantic's length limit).
REFUSED = [
    "x € y", "x" * 501, "x < y", "x.real", "x[0]", "x and y", "lambda: x", "x if y else 1",
    "(a := x)", "x, y", "[x]", "{x: 1}", "{x}", "f'{x}'", "'abc'", "1e400 * x", "z + x", "sinn(x)",
    "x ** 1e6", "x(1)", "sin(x, y)", "atan2(x)", "x +", "(x + y", "x y", "x @ y", "not x",
]  # fmt: skip
ENGLISH_WORDS = re.compile(r"[A-Za-z]{3,}(\s+[A-Za-z]{2,})+")  # two words: "unknown name"
NAMES = re.compile(r"`[^`]*`|'[^']*'|\b(sinn?|atan2|lambda|real|abc)\b")  # the user's own text


def test_the_formula_refusals_speak_korean(new_page: Any, server_url: str) -> None:
    """Every refusal of a typed formula reads in Korean on the Korean page, its column too."""
    page = open_app(new_page(), f"{server_url}/?lang=ko&surface=custom")
    box = page.get_by_test_id("formula-input")
    for formula in REFUSED:
        box.fill(formula)
        wait_until(page, "document.querySelector('#formula-controls').dataset.check === 'error'")
        message = page.get_by_test_id("formula-message").inner_text()
        assert HANGUL.search(message), (formula, message)
        assert not ENGLISH_WORDS.search(NAMES.sub("", message)), (formula, message)
        box.fill("x^2")
        wait_until(page, "document.querySelector('#formula-controls').dataset.check === 'ok'")


def not_now_refusals(server_url: str) -> list[str]:
    """The server's "not now" answers, made by the server's own code: the admission's three
    (tried on a fresh set of lanes) and the stream's message rate."""
    lanes, said = Lanes(), []
    try:
        for client, heavy, times in (("a", True, 2), ("b", True, HEAVY_SLOTS),
                                     ("c", False, FAST_PER_CLIENT + 1)):  # fmt: skip
            try:
                for _ in range(times):
                    lanes.admit(client, heavy)
            except Refused as e:
                said.append(e.detail)
    finally:
        lanes.fast.shutdown(), lanes.heavy.shutdown()
    stream = server_url.replace("http", "ws") + "/api/stream"
    with connect(stream, origin=server_url) as socket:
        for i in range(MESSAGES_PER_SECOND + 10):
            socket.send(json.dumps({"type": "run", "id": i, "surface": "nowhere"}))
        while "rate" not in (detail := json.loads(socket.recv(timeout=10)).get("detail", "")):
            pass
        said.append(detail)
    return said


def test_the_servers_not_now_answers_speak_korean(new_page: Any, server_url: str) -> None:
    """A busy server's refusals (a class at work) read in Korean on the Korean page."""
    said = not_now_refusals(server_url)
    assert len(said) == 4, said
    page = open_app(new_page(), f"{server_url}/?lang=ko")
    shown = page.evaluate(
        """async (said) => said.map((await import('/static/js/refusals.js')).refusalInPageLanguage)""",
        said,
    )
    assert len(shown) == len(said)
    for message in shown:
        assert HANGUL.search(message) and not ENGLISH_WORDS.search(message), message


def test_plotly_speaks_korean_on_the_korean_page(new_page: Any, server_url: str) -> None:
    """Plotly's own words (the modebar's tooltips) in the page's language."""
    page = open_app(new_page(), f"{server_url}/?lang=ko")
    page.get_by_test_id("main-plot").hover()  # shows the modebar
    titles = page.evaluate(
        "[...document.querySelectorAll('[data-testid=main-plot] .modebar-btn')].map((b) => b.dataset.title)"
    )
    assert titles and all(HANGUL.search(title) for title in titles), titles
    english = open_app(new_page(), f"{server_url}/?lang=en")
    english.get_by_test_id("main-plot").hover()
    assert "Reset axes" in english.evaluate(
        "[...document.querySelectorAll('[data-testid=main-plot] .modebar-btn')].map((b) => b.dataset.title)"
    )


def test_a_korean_browser_gets_korean_and_an_english_one_english(
    new_page: Any, server_url: str
) -> None:
    korean = open_app(new_page(locale="ko-KR"), server_url)
    assert korean.evaluate("document.documentElement.lang") == "ko"
    english = open_app(new_page(locale="en-US"), server_url)
    assert english.evaluate("document.documentElement.lang") == "en"
    assert not HANGUL.search(english.get_by_test_id("preset-saddle").inner_text())
    assert english.get_by_test_id("param-adam-lr").get_attribute("aria-label") == (
        "Adam learning rate"
    )
    assert "lang" not in query(english)


def test_the_language_switch_keeps_the_scene(page: Page) -> None:
    click_and_draw(page, "preset-beale")
    before = query(page)
    page.locator(".languages a[data-lang=ko]").click()
    wait_until(page, "document.documentElement.lang === 'ko'")
    wait_drawn(page, 0)
    after = query(page)
    assert after.pop("lang") == "ko" and after == before


# ---- Back --------------------------------------------------------------------------------------


def test_back_undoes_a_lesson(page: Page) -> None:
    click_and_draw(page, "preset-saddle")
    saddle = query(page)
    click_and_draw(page, "preset-beale")
    set_range(page, "param-adam-lr", -2)  # a drag rewrites the entry: it is not a step back
    time.sleep(0.3)
    page.go_back()
    wait_until(page, "new URLSearchParams(location.search).get('preset') === 'saddle'", 1)
    wait_until(page, "document.querySelector('[data-testid=surface-select]').value === 'saddle'", 1)
    wait_drawn(page, 0)
    assert query(page) == saddle
    page.go_forward()
    wait_until(page, "document.querySelector('[data-testid=surface-select]').value === 'beale'", 1)


# ---- lessons that stay true --------------------------------------------------------------------


def test_a_changed_lesson_lets_go_of_its_claims(page: Page) -> None:
    click_and_draw(page, "preset-saddle")
    assert page.get_by_test_id("lesson").is_visible()
    before = marks(page)
    set_range(page, "param-adam-lr", -1)
    wait_drawn(page, before)
    assert page.get_by_test_id("lesson").is_hidden()
    assert page.get_by_test_id("preset-saddle").get_attribute("aria-pressed") == "false"
    assert "preset" not in query(page)


# ---- bad input ---------------------------------------------------------------------------------


def test_a_refused_step_count_keeps_the_last_valid_scene(page: Page) -> None:
    drawn = {o: len(t["x"]) for o, t in paths(page).items()}
    readout = page.locator(".step-readout").inner_text()
    page.get_by_test_id("steps").fill("20001")
    page.get_by_test_id("steps").dispatch_event("change")
    wait_until(page, "!document.querySelector('#error-banner').hidden")
    assert "20000" in page.locator("#error-banner").inner_text()
    assert page.get_by_test_id("steps").get_attribute("aria-invalid") is not None
    # the box says why itself too (the banner may be a screen or two above it, on a phone)
    assert "20000" in page.get_by_test_id("steps").evaluate("(box) => box.validationMessage")
    time.sleep(0.3)
    assert page.locator(".step-readout").inner_text() == readout
    assert {o: len(t["x"]) for o, t in paths(page).items()} == drawn
    assert query(page)["steps"] == "1000"


@pytest.mark.parametrize(("value", "spoken"), [("20001", "20001은"), ("1.5", "1.5는")])
def test_a_korean_message_picks_its_particle_by_the_values_last_sound(
    new_page: Any, server_url: str, value: str, spoken: str
) -> None:
    """A digit's or a syllable's final sound picks 은 or 는 (the page wrote "20001은(는)")."""
    page = open_app(new_page(), f"{server_url}/?lang=ko")
    page.get_by_test_id("steps").fill(value)
    page.get_by_test_id("steps").dispatch_event("change")
    wait_until(page, "!document.querySelector('#error-banner').hidden")
    banner = page.locator("#error-banner").inner_text()
    assert f"{spoken} " in banner and "은(는)" not in banner


def test_a_start_off_the_map_says_why_the_plot_is_empty(new_page: Any, server_url: str) -> None:
    """The contract takes starts up to ±1e6; one far outside the plotted area drew an empty plot
    with no word of why."""
    page = open_app(new_page(), f"{server_url}/")
    notice = page.get_by_test_id("start-off-map")
    assert notice.is_hidden()
    before = marks(page)
    page.get_by_test_id("start-x").fill("1000000")
    page.get_by_test_id("start-x").dispatch_event("change")
    wait_drawn(page, before)
    assert notice.is_visible() and "outside the plotted area" in notice.inner_text()
    before = marks(page)
    page.get_by_title("Back to this surface's own start point").click()
    wait_drawn(page, before)
    assert notice.is_hidden()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_link_naming_what_the_page_does_not_have_says_so(
    new_page: Any, server_url: str, lang: str
) -> None:
    """A typo'd surface or optimizer id in a shared link is named, not silently dropped."""
    page = open_app(new_page(), f"{server_url}/?lang={lang}&surface=rosenbrok&opt=adam,adamm")
    assert set(paths(page)) == {"adam"}
    notice = page.locator("#toast")
    assert notice.is_visible()
    text = notice.inner_text()
    assert "“rosenbrok”" in text and "“adamm”" in text
    assert ("surface" in text) == (lang == "en") and bool(HANGUL.search(text)) == (lang == "ko")
    assert page.locator("#error-banner").is_hidden()


def test_a_hostile_link_gets_a_short_notice(new_page: Any, server_url: str) -> None:
    """A link is anyone's text: thousands of unknown ids, or one of 10,000 characters, make a
    notice of a few names, each cut short."""
    bogus = ",".join(f"nope{i}" for i in range(2000))
    page = open_app(new_page(), f"{server_url}/?surface={'x' * 10_000}&opt=adam,{bogus}")
    assert set(paths(page)) == {"adam"}
    text = page.locator("#toast").inner_text()
    assert "“nope0”" in text and "“nope4”" not in text and text.count("“") == 5
    assert "x" * 40 + "…" in text and len(text) < 400


def test_a_link_with_bad_values_opens_the_nearest_valid_scene(
    new_page: Any, server_url: str
) -> None:
    page = open_app(new_page(), f"{server_url}/?steps=-5&p.adam=lr:50")
    assert page.get_by_test_id("steps").input_value() == "1"
    assert all(len(t["x"]) == 2 for t in paths(page).values())
    notice = page.locator("#toast")
    assert notice.is_visible() and "-5 → 1" in notice.inner_text()
    assert query(page)["steps"] == "1"
    assert page.locator("#error-banner").is_hidden()
