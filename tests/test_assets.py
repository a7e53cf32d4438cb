"""The page's files: a versioned URL cached for good, ETags, gzip, and a light reload."""

import re
from pathlib import Path

from fastapi.testclient import TestClient

from app.assets import MIN_GZIP_BYTES, Assets


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


def test_the_page_preloads_its_whole_module_graph(client: TestClient) -> None:
    """Every module main.js imports, however deep (plot/canvas.js is two imports down), is named
    in the page, so the browser asks for them all at once; a module it does not import is not."""
    page = client.get("/").text
    preloaded = set(re.findall(r'rel="modulepreload" href="/static/[0-9a-f]+/([^"]+)"', page))
    assert {
        "js/plot.js",
        "js/plot/canvas.js",
        "js/plot/headlabels.js",
        "js/prefetch.js",
    } <= preloaded
    assert "js/docs.js" not in preloaded and "js/main.js" not in preloaded
    for module in preloaded:
        assert client.get(f"/static/{module}").status_code == 200


def test_a_static_folder_without_the_page_preloads_nothing(tmp_path: Path) -> None:
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "a.js").write_text('import { b } from "./b.js";\n')
    (tmp_path / "js" / "b.js").write_text("export const b = 1;\n")
    assets = Assets(tmp_path)
    assert assets.imports("js/main.js") == []
    assert assets.imports("js/a.js") == ["js/a.js", "js/b.js"]
