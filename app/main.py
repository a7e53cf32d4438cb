"""The ASGI application: routes, static files, the page, security headers, kernel warm-up."""

import logging
import multiprocessing
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from multiprocessing.process import BaseProcess
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from app import i18n, kernel_cache
from app.api import router
from app.assets import BUNDLE, Assets, ReleaseETags
from app.limits import BodyLimits
from app.scene import run_network, run_scene
from app.schemas import RunRequest, field_path
from app.security import SecurityHeaders, SiteGuard
from app.settings import Settings

SWAGGER_UI = Path(fastapi_offline.__file__).parent / "static"  # Swagger UI's own dist files
log = logging.getLogger("uvicorn.error")
# GET answers fixed by the release: surface and optimizer listings, grids, data rows.
RELEASE_BOUND = ("/api/surfaces", "/api/optimizers", "/api/schedules")


def warm_up() -> None:
    """Compile (or load from the on-disk cache) the engine before the first user waits on it."""
    for surface in ("rosenbrock", {"expression": "x^2 + sin(y)"}):
        body = {"surface": surface, "steps": 2, "runs": [{"optimizer": "adam"}]}
        run_scene(RunRequest.model_validate(body))


def warm_networks() -> None:
    """Compile the network loop in the background once the page is served (cold, a minute or
    more): most visitors start on a surface, and the first network request then finds it ready.
    Run in a process of its own (`start_warming_networks`)."""
    body = {
        "surface": "moons",
        "steps": 2,
        "network": {"hidden": 2},
        "runs": [{"optimizer": "adam"}],
    }
    run_network(RunRequest.model_validate(body))


def start_warming_networks() -> BaseProcess | threading.Thread:
    """`warm_networks` in another process, which leaves the kernels in the disk cache. numba
    compiling holds the GIL for tens of ms at a time: on a thread of the server, a cold compile
    stalled its event loop for a minute (a slider's answer: p95 94 ms against 7 ms once warm).
    With no disk cache, a thread: kernels compiled elsewhere could not be loaded here."""
    if kernel_cache.FOLDER is None:
        warming: BaseProcess | threading.Thread = threading.Thread(target=warm_networks)
    else:
        warming = multiprocessing.get_context("spawn").Process(target=warm_networks)
    warming.name, warming.daemon = "warm-networks", True
    warming.start()
    return warming


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    if kernel_cache.NOTE:
        log.warning(kernel_cache.NOTE)
    await run_in_threadpool(warm_up)
    await run_in_threadpool(app.state.assets.warm)
    warming = start_warming_networks()
    yield
    # uvicorn ends by raising the stopping signal again, so no exit handler would stop a process
    if isinstance(warming, BaseProcess) and warming.is_alive():
        warming.terminate()


async def validation_error(_: Request, exc: Exception) -> JSONResponse:
    """422 naming each bad field, without echoing the input (it may hold NaN or be huge)."""
    assert isinstance(exc, RequestValidationError)
    detail = [
        {"loc": field_path(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()
    ]
    return JSONResponse({"detail": detail}, status_code=422)


def post_paths() -> frozenset[str]:
    """The routes that take a JSON body."""
    return frozenset(
        r.path for r in router.routes if isinstance(r, APIRoute) and "POST" in (r.methods or ())
    )


def create_app(config: Settings | None = None) -> FastAPI:
    """The app; `config` defaults to the environment's settings as they are now."""
    config = config or Settings()
    app = FastAPI(
        title="Optiscope",
        summary="Run optimizers on 2D test surfaces and stream their paths.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.add_exception_handler(RequestValidationError, validation_error)
    templates = Jinja2Templates(directory=config.templates_dir)
    assets = app.state.assets = Assets(config.static_dir)
    script, modules = assets.page_scripts()
    page = {"static": assets.prefix, "script": script, "modules": modules}
    if script != BUNDLE and BUNDLE in assets.assets:
        log.warning("static/bundle/main.js is not built from static/js: serving the modules")

    @app.get("/", include_in_schema=False)
    async def index(request: Request, lang: str | None = None) -> Response:
        """The page in `?lang=`, else in the browser's language where we have it (else English)."""
        chosen = i18n.choose(lang, request.headers.get("accept-language", ""))
        messages = i18n.catalogue(config.static_dir, chosen)
        context = {**page, "lang": chosen, "messages": messages,
                   "t": lambda s: messages.get(s, s)}  # fmt: skip
        answer = templates.TemplateResponse(request, "index.html", context)
        answer.headers["Vary"] = "Accept-Language"
        return answer

    @app.get("/docs", include_in_schema=False)
    async def docs(request: Request) -> Response:
        """The API's interactive docs (Swagger UI), served from here: it works offline."""
        return templates.TemplateResponse(request, "docs.html", page)

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon(request: Request) -> Response:
        return assets.answer(request, "favicon.svg")

    @app.get("/static/{path:path}", include_in_schema=False)
    async def static(request: Request, path: str) -> Response:
        return assets.answer(request, path)

    app.include_router(router)
    app.mount("/docs/assets", StaticFiles(directory=SWAGGER_UI), name="swagger-ui")
    # JSON answers over 10 KB, gzipped on a thread when large (static files come gzipped already);
    # level 1: a 2.6 MB path answer shrinks 2.3× in 48 ms, level 5 only 2.5× in 183 ms
    app.add_middleware(GZipMiddleware, minimum_size=10_240, compresslevel=1)
    app.add_middleware(ReleaseETags, version=assets.version, prefixes=RELEASE_BOUND)
    app.add_middleware(SiteGuard, config=config)
    app.add_middleware(BodyLimits, paths=post_paths())
    app.add_middleware(SecurityHeaders)  # the outermost: every answer gets the headers
    return app


app = create_app()
