"""The page's files: a versioned URL cached for good, ETags, gzip, and a light reload."""

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app import api
from app.assets import BUNDLE, ENTRY, ENTRY_BYTES, MIN_GZIP_BYTES, Assets, ReleaseETags
from scripts.bundle import STATIC, build


def page_assets(client: TestClient) -> list[str]:
    return re.findall(r'(?:src|href)="(/static/[^"]+)"', client.get("/").text)


def test_the_page_names_every_file_under_one_versioned_prefix(client: TestClient) -> None:
    assets = page_assets(client)
    prefixes = {"/".join(a.split("/")[:3]) for a in assets}
    assert len(assets) >= 6 and len(prefixes) == 1
    assert re.fullmatch(r"/static/[0-9a-f]{12}", prefixes.pop())
    assert any(a.endswith("/vendor/plotly-cartesian.min.js") for a in assets)


def test_versioned_files_are_immutable_and_gzipped_when_accepted(client: TestClient) -> None:
    for url in page_assets(client):
        answer = client.get(url, headers={"accept-encoding": "gzip"})
        assert answer.status_code == 200, url
        assert "immutable" in answer.headers["cache-control"]
        if url.endswith((".js", ".css")) and len(answer.content) >= MIN_GZIP_BYTES:
            assert answer.headers["content-encoding"] == "gzip", url
    plain = client.get(page_assets(client)[-1], headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers


def test_plotly_arrives_compressed_to_under_a_third(client: TestClient) -> None:
    [url] = [a for a in page_assets(client) if a.endswith("plotly-cartesian.min.js")]
    raw = client.get(url, headers={"accept-encoding": "identity"}).content
    packed = client.get(url, headers={"accept-encoding": "gzip"})
    size = int(packed.headers["content-length"])
    assert size < len(raw) / 3
    assert packed.content == raw  # httpx undoes the gzip: the same file


def test_unversioned_files_revalidate_by_etag(client: TestClient) -> None:
    first = client.get("/static/js/main.js")
    assert first.status_code == 200 and first.headers["cache-control"] == "no-cache"
    again = client.get("/static/js/main.js", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304 and not again.content
    assert client.get("/static/js/no-such-file.js").status_code == 404
    assert client.get("/static/../app/main.py").status_code == 404


def test_large_json_answers_are_gzipped_and_small_ones_not(client: TestClient) -> None:
    grid = client.get("/api/surfaces/rosenbrock/grid?n=120", headers={"accept-encoding": "gzip"})
    assert grid.headers.get("content-encoding") == "gzip"
    health = client.get("/healthz", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in health.headers
    assert len(grid.json()["x"]) == 120


def test_listings_and_grids_revalidate_to_a_304_that_computes_nothing(client: TestClient) -> None:
    for url in ("/api/surfaces", "/api/optimizers", "/api/surfaces/beale/grid?n=50"):
        first = client.get(url)
        assert first.status_code == 200 and first.headers["cache-control"] == "no-cache"
        again = client.get(url, headers={"if-none-match": first.headers["etag"]})
        assert again.status_code == 304 and not again.content, url
    other = client.get("/api/surfaces/beale/grid?n=51")
    assert other.headers["etag"] != client.get("/api/surfaces/beale/grid?n=50").headers["etag"]


def test_the_page_loads_its_modules_as_one_bundle(client: TestClient) -> None:
    page = client.get("/").text
    assert re.search(r'<script type="module" src="/static/[0-9a-f]+/bundle/main.js">', page)
    assert "modulepreload" not in page and "/js/main.js" not in page


def test_the_committed_bundle_is_what_esbuild_builds_from_the_modules() -> None:
    """A change to static/js without `make bundle` fails here (the server would fall back to the
    modules, slower); so does a bundle edited by hand."""
    for name, body in build(STATIC).items():
        assert (STATIC / BUNDLE).with_name(name).read_bytes() == body, name


def test_the_module_graph_reaches_every_imported_module() -> None:
    """What the page preloads when the bundle is stale: every module main.js imports, however
    deep (plot/canvas.js is two imports down); a module it does not import is not named."""
    graph = set(Assets(STATIC).imports(ENTRY))
    assert {"js/plot.js", "js/plot/canvas.js", "js/plot/headlabels.js", "js/prefetch.js"} <= graph
    assert "js/docs.js" not in graph


def make_static(root: Path, bundle_sources: str | None) -> Assets:
    """A static folder: main.js importing b.js, and a bundle naming `bundle_sources`."""
    (root / "js").mkdir()
    (root / "js" / "main.js").write_text('import { b } from "./b.js";\nconsole.log(b);\n')
    (root / "js" / "b.js").write_text("export const b = 1;\n")
    if bundle_sources is not None:
        (root / "bundle").mkdir()
        (root / "bundle" / "main.js").write_text(f"// built; sources {bundle_sources}\n")
    return Assets(root)


def test_a_bundle_built_from_other_modules_is_not_served(tmp_path: Path) -> None:
    """Then the page names main.js and its whole module graph, so the browser asks for them at
    once; an edit not yet bundled runs as it is."""
    assets = make_static(tmp_path, "0123456789abcdef")
    assert not assets.bundled()
    assert assets.page_scripts() == (ENTRY, ["js/b.js"])
    (tmp_path / "bundle" / "main.js").write_text(f"// built; sources {assets.sources()}\n")
    assert Assets(tmp_path).page_scripts() == (BUNDLE, [])


def test_the_sources_digest_follows_every_module(tmp_path: Path) -> None:
    before = make_static(tmp_path, None).sources()
    (tmp_path / "js" / "b.js").write_text("export const b = 2;\n")
    after = Assets(tmp_path).sources()
    assert after != before
    (tmp_path / "other.css").write_text("p {}\n")  # not a module: the bundle does not hold it
    assert Assets(tmp_path).sources() == after


def test_a_static_folder_without_the_page_preloads_nothing(tmp_path: Path) -> None:
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "a.js").write_text('import { b } from "./b.js";\n')
    (tmp_path / "js" / "b.js").write_text("export const b = 1;\n")
    assets = Assets(tmp_path)
    assert assets.imports("js/main.js") == []
    assert assets.imports("js/a.js") == ["js/a.js", "js/b.js"]


def test_a_release_bound_answer_is_computed_once_and_sent_again_as_it_was(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A class opening the page asks for the same first grid: computed and gzipped once."""
    calls = []
    answer = api.grid_answer
    monkeypatch.setattr(api, "grid_answer", lambda *a: calls.append(a) or answer(*a))
    url = "/api/surfaces/himmelblau/grid?n=37"
    gzipped = [client.get(url, headers={"accept-encoding": "gzip"}) for _ in range(3)]
    plain = [client.get(url, headers={"accept-encoding": "identity"}) for _ in range(2)]
    assert len(calls) == 2  # once gzipped, once not
    for first, again in (gzipped[:2], gzipped[1:], plain):
        assert again.content == first.content and again.headers == first.headers
    assert gzipped[0].headers["content-encoding"] == "gzip" and plain[0].json() == gzipped[0].json()
    assert "content-encoding" not in plain[0].headers


def test_the_kept_answers_stay_within_their_budget() -> None:
    entry = 30 + 1 + ENTRY_BYTES  # body, URL, headers
    kept = ReleaseETags(app=None, version="v", prefixes=("/api",), budget=3 * entry + 10)  # type: ignore[arg-type]
    for i in range(10):
        kept.keep((str(i).encode(), True), {"type": "http.response.start"}, b"x" * 30)
    assert kept.used == 3 * entry and [k for k, _ in kept.kept] == [b"7", b"8", b"9"]
    kept.keep((b"big", True), {"type": "http.response.start"}, b"x" * (3 * entry))
    assert (b"big", True) not in kept.kept


def test_long_query_strings_count_against_the_budget() -> None:
    """Anyone can make URLs long: 2,000 answers under 60 kB query strings grew the server by
    100 MB while their tiny bodies fit the budget."""
    kept = ReleaseETags(app=None, version="v", prefixes=("/api",), budget=1 << 20)  # type: ignore[arg-type]
    for i in range(2000):
        url = f"/api/schedules?{i}=".encode() + b"a" * 60_000
        kept.keep((url, True), {"type": "http.response.start"}, b"[]")
    assert kept.used <= 1 << 20 and len(kept.kept) < 20
