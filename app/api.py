"""HTTP and WebSocket routes: parse, hand the work to a thread, answer. No numerics here."""

import asyncio
import json
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from functools import partial
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, HTTPException, Query, Request, WebSocket, WebSocketDisconnect
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import ValidationError

from app.admission import LANES, RETRY_AFTER, Refused
from app.budget import Costed, OverBudget, Weighed, weigh
from app.datasets import DATA_INDEX, DATA_SURFACES, DataSurface
from app.export import pytorch_script
from app.insight import run_basins, run_seeds, run_sweep, run_tune
from app.jobs import Cancelled
from app.landscape import Landscape, data_surface, grid
from app.limits import MAX_MESSAGE_BYTES, MESSAGES_PER_SECOND, RateLimit, message_text
from app.mlp import ACTIVATIONS, LOSSES
from app.network_export import network_script
from app.networks import HIDDEN_DEFAULT, HIDDEN_MAX, NETWORK_INDEX, NETWORKS, NetworkData
from app.optimizers import OPTIMIZERS
from app.scene import network_share, network_training, run_network, run_scene, stream_scene
from app.schedules import SCHEDULES
from app.schemas import (
    SURFACE_IDS,
    BasinRequest,
    BasinResponse,
    DataRows,
    Grid,
    GridRequest,
    Health,
    NetworkRunResponse,
    Problem,
    RunRequest,
    RunResponse,
    SeedsRequest,
    StreamRun,
    SweepRequest,
    SweepResponse,
    TuneRequest,
    TuneResponse,
    field_path,
    resolve_surface,
)
from app.surfaces import SURFACE_INDEX, SURFACES, Surface

PYTHON = "text/x-python"
# Open streams per client address: a page holds one, a class behind one NAT address some dozens;
# idle sockets past this from one client would take the server's connections (MAX_CONNECTIONS)
# from everyone else.
STREAMS_PER_CLIENT = 64
OPEN_STREAMS: Counter[str] = Counter()
INLINE_WORK = 2000  # work units of a streamed request computed on the event loop (Stream.start)
router = APIRouter()
# Answers besides 200 and 422 that the OpenAPI document must admit.
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Problem, "description": "unknown id"}}
PROBLEM_JSON = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
BODY_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "description": description, "content": PROBLEM_JSON}
    for status, description in (
        (400, "the body is not readable JSON"),
        (413, "the body is over the size limit"),
        (415, "the body is not application/json"),
        (429, "this client has a heavy request running already (Retry-After says when to retry)"),
        (503, "the server is busy (Retry-After says when to retry)"),
    )
}


def dumps(content: Any) -> bytes:
    """JSON with float64 round-trip precision, numpy arrays written directly (orjson is ~50×
    faster than json on path arrays; the engine never puts NaN in an answer)."""
    return orjson.dumps(content, option=orjson.OPT_SERIALIZE_NUMPY)


def unprocessable(
    field: str, message: str, kind: str, where: str = "body"
) -> RequestValidationError:
    """A 422 shaped like every other (a list of {loc, msg, type}), naming the field (of the body,
    or of the query string)."""
    loc = (where, *(int(p) if p.isdigit() else p for p in field.split(".")))
    return RequestValidationError([{"loc": loc, "msg": message, "type": kind}])


async def client_gone(request: Request) -> None:
    """Returns once the client has hung up (the body has been read, so only that is left)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


async def compute(request: Request, req: Costed, land: Weighed, fn: Callable[..., Any],
                  *args: Any, share: float = 1.0) -> Response:  # fmt: skip
    """`fn(*args)`, serialised, on the lane its weight on `land` picks; 422 over a cap, 429/503
    when not admitted; work stops if the client hangs up. Admitted at `share` of its weight
    where part of the answer is already known (the caps hold for the whole request)."""
    try:
        work = weigh(req, land) * share
    except OverBudget as e:
        raise unprocessable(e.field, e.message, e.kind) from None
    client = request.client.host if request.client else "?"
    try:
        body = await LANES.run(
            client, work, lambda: dumps(fn(*args)), gone=partial(client_gone, request)
        )
    except Refused as e:
        raise HTTPException(e.status, e.detail, {"Retry-After": str(RETRY_AFTER)}) from None
    except Cancelled:
        return Response(status_code=499)  # nobody reads it: the client has gone
    return Response(body, media_type="application/json")


@router.get("/healthz", response_model=Health)
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


def data_listing(data: DataSurface) -> dict[str, Any]:
    """A data surface's entry: the formula surface fields plus its model and columns."""
    surface, _ = data_surface(data.id, False)
    standardized, _ = data_surface(data.id, True)
    return {
        **surface.listing(),
        "model": data.model,
        "standardize": True,
        "columns": list(data.columns),
        "axes": list(data.axes),
        "rows": len(data.raw),
        "source": data.source,
        "minima_standardized": [list(m) for m in standardized.minima],
    }


NETWORK_OPTIONS = {
    "hidden": {"type": "int", "default": HIDDEN_DEFAULT, "min": 1, "max": HIDDEN_MAX},
    "activation": {"type": "choice", "default": "tanh", "options": list(ACTIVATIONS)},
    "loss": {"type": "choice", "default": "cross_entropy", "options": list(LOSSES)},
    "init_seed": {"type": "int", "default": 0, "min": 0, "max": 2**32 - 1},
}


def network_listing(data: NetworkData) -> dict[str, Any]:
    """A network surface's entry (CONTRACT section 11): no start or minima (θ₀ comes from
    network.init_seed), the features' extent as its domain, and the network's options."""
    (x0, x1), (y0, y1) = data.domain
    return {
        "id": data.id, "name": data.name, "kind": "network",
        "formula": "z = W2·act(W1·t + b1) + b2", "latex": r"z = W_2\,\sigma(W_1 t + b_1) + b_2",
        "domain": {"x": [x0, x1], "y": [y0, y1]}, "minima": [], "start": None,
        "description": data.description, "model": "mlp", "columns": ["x1", "x2", "target"],
        "rows": len(data.rows), "train_rows": int((~data.test).sum()),
        "test_rows": int(data.test.sum()), "source": data.source, "network": NETWORK_OPTIONS,
    }  # fmt: skip


@router.get("/api/surfaces")
async def surfaces() -> list[dict[str, Any]]:
    return (
        [s.listing() for s in SURFACES]
        + [data_listing(d) for d in DATA_SURFACES]
        + [network_listing(n) for n in NETWORKS]
    )


def known(surface_id: str) -> str:
    if surface_id not in SURFACE_IDS:
        raise HTTPException(404, f"unknown surface {surface_id!r}; see /api/surfaces")
    return surface_id


@router.get("/api/surfaces/{surface_id}/grid", response_model=Grid, responses=NOT_FOUND)
async def surface_grid(
    request: Request,
    surface_id: str,
    n: Annotated[int, Query(ge=2, le=400)] = 100,
    standardize: bool = False,
) -> Response:
    if known(surface_id) in NETWORK_INDEX:
        raise HTTPException(
            404, f"{surface_id!r} is a network: it has no 2D grid; its loss plane comes with "
            "each run (POST /api/run)"
        )  # fmt: skip
    if surface_id in SURFACE_INDEX and standardize:
        raise unprocessable(
            "standardize", "only data surfaces offer standardisation", "not_offered", "query"
        )
    req = GridRequest(surface=surface_id, n=n, standardize=standardize)
    return await grid_response(request, req)


@router.post("/api/grid", response_model=Grid, responses=BODY_ERRORS)
async def any_grid(request: Request, req: GridRequest) -> Response:
    """The grid of a surface id or of a typed formula (GET cannot carry a formula well)."""
    return await grid_response(request, req)


@router.get("/api/surfaces/{surface_id}/data", response_model=DataRows, responses=NOT_FOUND)
async def surface_data(surface_id: str, standardize: bool = False) -> dict[str, Any]:
    """The rows of a data surface exactly as its loss uses them; a network's with its split."""
    if known(surface_id) in NETWORK_INDEX:
        if standardize:
            raise unprocessable(
                "standardize", "network data are used as shipped", "not_offered", "query"
            )
        net = NETWORK_INDEX[surface_id]
        return {"columns": ["x1", "x2", "target"], "features": net.rows[:, :2].tolist(),
                "target": net.rows[:, 2].tolist(), "source": net.source,
                "split": ["test" if t else "train" for t in net.test]}  # fmt: skip
    if surface_id not in DATA_INDEX:
        raise HTTPException(404, f"{surface_id!r} is a formula surface: it has no data")
    data = DATA_INDEX[surface_id]
    rows = data.rows(standardize)
    return {"columns": list(data.columns), "features": rows[:, : data.features].tolist(),
            "target": rows[:, 2].tolist(), "source": data.source}  # fmt: skip


def grid_answer(surface: Surface, land: Landscape, n: int) -> dict[str, Any]:
    # A typed formula may be undefined in parts of its domain: orjson writes those cells (nan,
    # ±inf) as null, a gap in the contour.
    x, y, z = grid(surface, land, n)
    return {"x": x, "y": y, "z": z}


async def grid_response(request: Request, req: GridRequest) -> Response:
    resolved = resolve_surface(req.surface, req.standardize)
    return await compute(request, req, resolved[1], grid_answer, *resolved, req.n)


@router.get("/api/optimizers")
async def optimizers() -> list[dict[str, Any]]:
    return [o.listing() for o in OPTIMIZERS]


@router.get("/api/schedules")
async def schedules() -> list[dict[str, Any]]:
    return [
        {"id": s.id, "name": s.name, "description": s.description,
         "params": [p.listing() for p in s.params]}
        for s in SCHEDULES
    ]  # fmt: skip


async def scene(request: Request, req: Any, fn: Callable[[Any], dict[str, Any]]) -> Response:
    """A request about one scene: weighed, admitted, computed off the loop."""
    return await compute(request, req, resolve_surface(req.surface, req.standardize)[1], fn, req)


@router.post("/api/run", response_model=RunResponse | NetworkRunResponse, responses=BODY_ERRORS)
async def run(request: Request, req: RunRequest) -> Response:
    if (model := req.model) is not None:
        training = network_training(req)
        share = network_share(training)
        return await compute(request, req, model, run_network, req, training, share=share)
    return await scene(request, req, run_scene)


@router.post("/api/sweep", response_model=SweepResponse, responses=BODY_ERRORS)
async def sweep(request: Request, req: SweepRequest) -> Response:
    return await scene(request, req, run_sweep)


@router.post("/api/basins", response_model=BasinResponse, responses=BODY_ERRORS)
async def basins(request: Request, req: BasinRequest) -> Response:
    return await scene(request, req, run_basins)


@router.post("/api/tune", response_model=TuneResponse, responses=BODY_ERRORS)
async def tune(request: Request, req: TuneRequest) -> Response:
    """Fair comparison: each run's best learning rate from a grid, by a stated criterion."""
    return await scene(request, req, run_tune)


@router.post("/api/seeds", responses=BODY_ERRORS)
async def seeds(request: Request, req: SeedsRequest) -> Response:
    """The scene under several noise / mini-batch seeds, with a percentile band of the loss."""
    return await scene(request, req, run_seeds)


@router.post(
    "/api/pytorch",
    response_class=PlainTextResponse,
    responses={**BODY_ERRORS, 200: {"content": {PYTHON: {}}, "description": "a Python script"}},
)
async def pytorch(req: RunRequest) -> PlainTextResponse:
    """A runnable PyTorch script that reproduces the scene's paths (torch.optim, float64); on a
    network, its training on the flat θ."""
    script = network_script(req) if req.model is not None else pytorch_script(req)
    return PlainTextResponse(script, media_type=PYTHON)


def describe(error: ValidationError) -> str:
    """One readable line per problem, each naming its field: `runs.0.params.lr: ...`."""
    return "; ".join(
        f"{'.'.join(str(part) for part in field_path(e['loc'])) or 'message'}: {e['msg']}"
        for e in error.errors(include_url=False, include_input=False)
    )


class Stream:
    """One socket's stream: at most one request runs; a newer one supersedes it at once."""

    def __init__(self, socket: WebSocket) -> None:
        self.socket = socket
        self.current: int | None = None
        self.task: asyncio.Task[None] | None = None
        self.send_lock = asyncio.Lock()

    async def send(self, text: str, request_id: int | None) -> bool:
        """Send unless a newer request has started; the lock keeps the check and send atomic."""
        async with self.send_lock:
            if request_id is not None and request_id != self.current:
                return False
            await self.socket.send_text(text)
            return True

    async def start(self, req: StreamRun) -> None:
        """Supersede the running request at once. `start` and the one-iterate first chunk cost
        microseconds, so they go out here, before the old request's work has wound down and
        without waiting a loop turn for a new task; the other chunks come from a task on the
        lane the request's weight picks, except for a tiny request (a slider's one changed run on
        a cheap surface), whole here: its work costs less than the hops to a worker and back."""
        async with self.send_lock:
            self.current = req.id  # from here on, no message of an older id is sent
        await self.stop_task()
        resolved = resolve_surface(req.surface, req.standardize)
        try:
            work = weigh(req, resolved[1])
        except OverBudget as e:
            await self.error(req.id, str(e))
            return
        messages = (dumps(m).decode() for m in stream_scene(req, req.id, resolved))
        for _ in range(2):
            if (text := next(messages, None)) is None or not await self.send(text, req.id):
                return
        if work > INLINE_WORK:
            self.task = asyncio.create_task(self.produce(messages, req.id, LANES.pool(work)))
            return
        for text in messages:
            if not await self.send(text, req.id):
                return

    async def produce(self, messages: Iterator[str], request_id: int, pool: Executor) -> None:
        """Compute and serialise each further message on a worker; the loop only sends."""
        while (text := await LANES.compute(pool, next, messages, None)) is not None:
            if not await self.send(text, request_id):
                return

    async def stop_task(self) -> None:
        """Cancel the superseded request's chunks (its worker stops at the next checkpoint)."""
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)
            self.task = None

    async def error(self, request_id: Any, detail: str) -> None:
        message = {"type": "error", "id": request_id, "detail": detail}
        await self.send(dumps(message).decode(), None)

    async def close(self) -> None:
        self.current = None
        await self.stop_task()


def parse(text: str | None) -> StreamRun | tuple[Any, str]:
    """A valid run message, or the (id, detail) of an error answer."""
    if text is None:
        return None, "message: send JSON text frames, not binary"
    if len(text) > MAX_MESSAGE_BYTES:
        return None, f"message: larger than the limit of {MAX_MESSAGE_BYTES} bytes"
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError):
        return None, "message: not valid JSON"
    request_id = raw.get("id") if isinstance(raw, dict) else None
    if not isinstance(request_id, int | None) or isinstance(request_id, bool):
        request_id = None
    try:
        return StreamRun.model_validate(raw)
    except ValidationError as e:
        return request_id, describe(e)


@router.websocket("/api/stream")
async def stream(socket: WebSocket) -> None:
    client = socket.client.host if socket.client else "?"
    if OPEN_STREAMS[client] >= STREAMS_PER_CLIENT:
        detail = (f"over {STREAMS_PER_CLIENT} open streams from this client: close some pages "
                  f"or tabs, then retry (in about {RETRY_AFTER} s)")  # fmt: skip
        await socket.send_denial_response(
            JSONResponse({"detail": detail}, 429, {"Retry-After": str(RETRY_AFTER)})
        )
        return
    OPEN_STREAMS[client] += 1
    session = Stream(socket)
    rate = RateLimit()
    try:
        await socket.accept()
        while (message := await socket.receive())["type"] == "websocket.receive":
            if not rate.allow():
                await session.error(None, f"rate: over {MESSAGES_PER_SECOND} messages a second")
                continue
            parsed = parse(message_text(message))
            if isinstance(parsed, StreamRun):
                await session.start(parsed)
            else:
                await session.error(*parsed)
    except WebSocketDisconnect:
        pass
    finally:
        OPEN_STREAMS[client] -= 1
        if not OPEN_STREAMS[client]:
            del OPEN_STREAMS[client]
        await session.close()
