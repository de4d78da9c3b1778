"""Web latency under load: the cockpit and indicator pages of a 2,000-indicator plan, against a static file.

Generates a seeded synthetic plan (2,000 indicators × 10 years of levels, most with targets, owners,
goals and overdue tasks), loads it with ``load_plan`` into SQLite and into a private schema of the
PostgreSQL test database, serves each with the real app (``create_app`` under uvicorn, in a subprocess
on 127.0.0.1), and drives it with 32 concurrent clients holding a bearer token. Each page gets its own
phase, bounded by a request count and a time limit:

- ``static``: ``/static/luoshi.css``, the floor of this server (same process, same run);
- ``cockpit``: ``/`` (the cockpit page a leader opens); ``cockpit_api``: its JSON twin;
- ``indicator``: ``/indicators/{plan}/{code}`` for random indicators (seeded);
- ``cold``: the app keeps plan reads and assessments at the data version they were computed from and
  brings them up to date from what changed, so each round first enters one figure through the API (a
  one-figure write), then times one cockpit request alone and one indicator page; and once, 32 cockpit
  requests at the same moment after such a write (every client finds the cache behind together);
- ``storm``: 20 writers each enter a figure every 0.5 s through the API while 32 readers load the cockpit
  for ``--seconds``. Reader latency is compared with the static file's p95 of the same run; every write
  must be stored once (its audit entry counted in the database); **freshness** is, per write, the time
  from its answer (the commit is before it) to the first cockpit answer whose ``X-Data-Version`` includes
  it, and a write that no cockpit ever shows is counted as ``unseen``.

    .venv/bin/python benchmarks/web.py [--databases sqlite,postgresql] [--requests 1500] [--seconds 15]

Prints the timings, then one line: ``RESULT key=value ...``. Goals (issue 10): cold cockpit after a
one-figure write ≤ 100 ms on SQLite; storm reader p95 ≤ 2× static p95, freshness ≤ 1 s, none unseen;
warm cockpit p95 ≤ 1.2× static.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2
import yaml
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from luoshi.domain.account import Role
from luoshi.services import accounts
from luoshi.services.context import Context
from luoshi.services.plans import init_database, load_plan

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PLAN_CODE = "bench-plan"
REGION = "990101"
UNITS = 30
PILLARS = 8
CHILDREN = 5
TASKS_PER_GOAL = 4
YEARS = range(2015, 2025)  # ten annual levels; the plan runs 2021-2025, measured from 2020
GOAL_COLD_MS = 100.0
GOAL_STORM_VS_STATIC = 2.0
GOAL_FRESHNESS_S = 1.0
GOAL_WARM_VS_STATIC = 1.2
CLIENTS = 32
WRITERS = 20
WRITE_EVERY_S = 0.5
UNIT_SCALES = {"亿元": (50.0, 900.0), "万元": (500.0, 90000.0), "人": (1000.0, 90000.0), "个": (10.0, 900.0)}
SHARES = ("%",)  # shares stay well below 100


# --- the plan ------------------------------------------------------------------------------------------


def synthetic_plan(folder: Path, indicators: int, seed: int) -> Path:
    """A plan file (``luoshi: plan/1``) of ``indicators`` indicators with ten years of levels each.

    About 85 % have a level target for 2025 (some a 年均 growth target from 2020), one in twenty a
    printed 十三五 growth claim (a few of them inconsistent, for the audit warnings), and a quarter of
    the tasks are overdue.
    """
    rng = random.Random(seed)
    units = [{"code": f"u{k:02d}", "name": f"基准单位{k:02d}", "region": REGION} for k in range(UNITS)]
    goals = []
    leaves = []
    for p in range(1, PILLARS + 1):
        children = []
        for c in range(1, CHILDREN + 1):
            code = f"G{p}.{c}"
            leaves.append(code)
            tasks = []
            for t in range(1, TASKS_PER_GOAL + 1):
                overdue = rng.random() < 0.25
                tasks.append(
                    {
                        "code": f"T-{p}-{c}-{t}",
                        "name": f"任务{p}-{c}-{t}：推进重点工作落实",
                        "lead_unit": rng.choice(units)["code"],
                        "deadline": f"{2023 if overdue else 2030}-12-31",
                        "status": "in_progress" if overdue else rng.choice(["not_started", "in_progress", "completed"]),
                    }
                )
            children.append({"code": code, "name": f"措施{p}.{c}", "kind": "measure", "tasks": tasks})
        goals.append({"code": f"G{p}", "name": f"目标{p}", "kind": "pillar", "children": children})

    items = []
    for i in range(indicators):
        unit = rng.choice([*UNIT_SCALES, *SHARES])
        low, high = UNIT_SCALES.get(unit, (5.0, 60.0))
        decrease = rng.random() < 0.2
        rate = rng.uniform(-0.03, 0.06) * (-1 if decrease else 1)
        level = rng.uniform(low, high)
        values: dict[int, float] = {}
        for year in YEARS:
            values[year] = round(level, 1)
            level *= 1 + rate + rng.gauss(0, 0.01)
            if unit in SHARES:
                level = min(level, 95.0)
        item: dict[str, object] = {
            "code": f"ind{i:04d}",
            "name": f"基准指标{i:04d}",
            "unit": unit,
            "direction": "decrease" if decrease else "increase",
            "kind": "binding" if rng.random() < 0.2 else "indicative",
            "owner": rng.choice(units)["code"],
            "goals": [rng.choice(leaves)],
            "observations": [{"period": y, "value": v} for y, v in values.items()],
        }
        draw = rng.random()
        wanted = rng.uniform(0.0, 0.07) * (-1 if decrease else 1)
        if draw < 0.75:
            goal = values[2020] * (1 + wanted) ** 5
            if unit in SHARES:
                goal = min(goal, 98.0)
            item["targets"] = [
                {
                    "measure": "level",
                    "comparator": "<=" if decrease else ">=",
                    "value": round(goal, 1),
                    "target_year": 2025,
                }
            ]
        elif draw < 0.85:
            item["targets"] = [
                {
                    "measure": "growth",
                    "comparator": "<=" if decrease else ">=",
                    "value": round(wanted * 100, 1),
                    "base_year": 2020,
                    "target_year": 2025,
                    "annualized": True,
                }
            ]
        if rng.random() < 0.05 and values[2015] > 0:
            claimed = ((values[2020] / values[2015]) ** (1 / 5) - 1) * 100
            if rng.random() < 0.2:
                claimed += 1.5  # printed wrong: the audit flags it
            item["observations"].append(  # type: ignore[attr-defined]
                {"period": "2015-2020", "measure": "growth", "annualized": True, "value": round(claimed, 1)}
            )
        items.append(item)

    document = {
        "luoshi": "plan/1",
        "plan": {
            "code": PLAN_CODE,
            "name": "基准区国民经济和社会发展规划",
            "region": REGION,
            "start_year": 2021,
            "end_year": 2025,
        },
        "regions": [{"code": REGION, "name": "基准区", "level": "district"}],
        "units": units,
        "goals": goals,
        "indicators": items,
    }
    path = folder / "bench-plan.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# --- databases and the server ------------------------------------------------------------------------


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """The URL of an empty database of ``kind``; a PostgreSQL schema is private and dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'bench-web.db'}"
        return
    schema = f"luoshi_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES)
    with admin.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as c:
            c.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def postgres_problem() -> str | None:
    try:
        engine = create_engine(POSTGRES, connect_args={"connect_timeout": 3})
        with engine.connect() as c:
            c.execute(text("select 1"))
        engine.dispose()
        return None
    except OperationalError as exc:
        return str(exc).splitlines()[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(url: str, port: int) -> None:
    """Run in the server subprocess: the app as ``luoshi serve`` runs it."""
    import uvicorn

    from luoshi.config import Settings
    from luoshi.web.app import create_app

    # as `luoshi serve` builds it: the settings' defaults, the read lag among them
    ctx = Context.from_settings(Settings(database_url=url, actor="web"))
    uvicorn.run(create_app(ctx), host="127.0.0.1", port=port, log_level="warning")


@contextmanager
def server(url: str) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, __file__, "--serve", url, "--port", str(port)])
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"the server exited with {process.returncode}")
            try:
                if httpx2.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx2.TransportError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the server did not start within 60 s")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- load ----------------------------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    latencies: list[float]  # seconds
    wall: float

    def p(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.wall

    def line(self, label: str) -> str:
        return (
            f"  {label:<12} {len(self.latencies):>6} requests  p50 {self.p(0.5):8.1f} ms  p95 {self.p(0.95):8.1f} ms"
            f"  max {self.p(1.0):8.1f} ms  {self.rps:8.1f} req/s"
        )


async def fetch(client: httpx2.AsyncClient, path: str, at_least: int | None = None) -> float:
    """Seconds to GET ``path``; ``at_least``: the data version the page must show (X-Min-Version)."""
    headers = {"X-Min-Version": str(at_least)} if at_least is not None else None
    start = time.perf_counter()
    response = await client.get(path, headers=headers)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"GET {path}: {response.status_code} {response.text[:300]}")
    return elapsed


async def drive(client: httpx2.AsyncClient, name: str, paths: list[str], seconds: float) -> Phase:
    """``CLIENTS`` workers take the next path until the list is done or ``seconds`` have passed."""
    queue = iter(paths)
    latencies: list[float] = []
    start = time.perf_counter()
    stop = start + seconds

    async def worker() -> None:
        for path in queue:
            latencies.append(await fetch(client, path))
            if time.perf_counter() > stop:
                return

    await asyncio.gather(*(worker() for _ in range(CLIENTS)))
    return Phase(name, latencies, time.perf_counter() - start)


@dataclass
class Storm:
    """The write storm: reader latencies, and each write with the version it made and when it was answered."""

    reads: list[tuple[float, float, int]]  # start, answered, X-Data-Version
    writes: list[tuple[float, int | None, int]]  # answered, version, HTTP status
    audited: int = 0  # the storm's figure entries found in the audit log afterwards

    @property
    def ok_writes(self) -> int:
        return sum(1 for _, _, status in self.writes if status == 200)

    def freshness(self) -> tuple[float, int]:
        """(the longest time from a write's answer to the first cockpit that shows it, writes never shown)."""
        answered = sorted((done, version) for _, done, version in self.reads)
        worst, unseen = 0.0, 0
        for done, version, status in self.writes:
            if status != 200 or version is None:
                continue
            shown = next((t for t, v in answered if v >= version and t >= done), None)
            earlier = any(v >= version for t, v in answered if t < done)  # seen before the writer had its answer
            if shown is None and not earlier:
                unseen += 1
            elif shown is not None and not earlier:
                worst = max(worst, shown - done)
        return worst, unseen


async def storm(
    client: httpx2.AsyncClient, writer: httpx2.AsyncClient, indicators: list[str], seconds: float, seed: int
) -> Storm:
    """``WRITERS`` writers enter a figure every ``WRITE_EVERY_S`` while ``CLIENTS`` readers load the cockpit;
    the readers go on for 1.5 s after the last write so that every write can be seen."""
    rng = random.Random(seed)
    result = Storm([], [])
    start = time.perf_counter()
    stop_writing = start + seconds
    writers_left = [WRITERS]
    last_write = [stop_writing]

    async def reader() -> None:
        while writers_left[0] or time.perf_counter() < last_write[0] + 1.5:
            sent = time.perf_counter()
            response = await client.get("/")
            if response.status_code != 200:
                raise SystemExit(f"storm reader: {response.status_code} {response.text[:300]}")
            result.reads.append((sent, time.perf_counter(), int(response.headers["x-data-version"])))

    async def write(k: int) -> None:
        due = start + k * WRITE_EVERY_S / WRITERS
        n = 0
        while due < stop_writing:
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            code = rng.choice(indicators)
            n += 1
            body = {"period": "2025", "value": round(100 + k + n / 1000 + rng.random() / 1e6, 9), "unit": None}
            response = await writer.post(f"/api/indicators/{PLAN_CODE}/{code}/observations", json=body)
            version = response.json().get("version") if response.status_code == 200 else None
            result.writes.append((time.perf_counter(), version, response.status_code))
            due += WRITE_EVERY_S
        writers_left[0] -= 1
        last_write[0] = max(last_write[0], time.perf_counter())

    await asyncio.gather(*(reader() for _ in range(CLIENTS)), *(write(k) for k in range(WRITERS)))
    return result


async def measure(
    base: str, token: str, writer_token: str, url: str, indicators: list[str], requests: int, seconds: float, seed: int
) -> tuple[dict[str, Phase], Storm]:
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx2.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    cockpit_api = f"/api/plans/{PLAN_CODE}/cockpit"
    async with httpx2.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=120) as client:
        # warm: connections open, plan read and assessed once, templates compiled
        for path in ["/", cockpit_api, f"/indicators/{PLAN_CODE}/{indicators[0]}", "/static/luoshi.css"]:
            await fetch(client, path)
        # one client alone: the service time of each page without queueing behind the others
        alone = {
            name: [await fetch(client, path) for _ in range(30)]
            for name, path in [
                ("static", "/static/luoshi.css"),
                ("cockpit", "/"),
                ("indicator", f"/indicators/{PLAN_CODE}/{indicators[1]}"),
            ]
        }
        phases = {
            "static": await drive(client, "static", ["/static/luoshi.css"] * requests, seconds),
            "cockpit": await drive(client, "cockpit", ["/"] * requests, seconds),
            "cockpit_api": await drive(client, "cockpit_api", [cockpit_api] * requests, seconds),
            "indicator": await drive(
                client,
                "indicator",
                [f"/indicators/{PLAN_CODE}/{rng.choice(indicators)}" for _ in range(requests)],
                seconds,
            ),
        }
        # cold: a one-figure write moves the data version; the next read brings the plan up to date
        write_headers = {"Authorization": f"Bearer {writer_token}"}
        async with httpx2.AsyncClient(
            base_url=base, headers=write_headers, limits=httpx2.Limits(max_connections=WRITERS), timeout=120
        ) as writer:

            async def one_write(k: int) -> int:
                body = {"period": "2024", "value": 100 + k + rng.random(), "unit": None}
                response = await writer.post(
                    f"/api/indicators/{PLAN_CODE}/{rng.choice(indicators)}/observations", json=body
                )
                if response.status_code != 200:
                    raise SystemExit(f"write: {response.status_code} {response.text[:300]}")
                return int(response.json()["version"])

            # each read after a write asks for that write's version: no read lag, the page is brought up to date
            cold_cockpit, cold_indicator = [], []
            for k in range(5):
                cold_cockpit.append(await fetch(client, "/", await one_write(k)))
                page = f"/indicators/{PLAN_CODE}/{rng.choice(indicators)}"
                cold_indicator.append(await fetch(client, page, await one_write(k)))
            version = await one_write(99)
            start = time.perf_counter()
            burst = await asyncio.gather(*(fetch(client, "/", version) for _ in range(CLIENTS)))
            phases["cold_cockpit"] = Phase("cold_cockpit", cold_cockpit, sum(cold_cockpit))
            phases["cold_indicator"] = Phase("cold_indicator", cold_indicator, sum(cold_indicator))
            phases["cold_burst"] = Phase("cold_burst", list(burst), time.perf_counter() - start)
            for name, latencies in alone.items():
                phases[f"alone_{name}"] = Phase(f"alone_{name}", latencies, sum(latencies))
            stormed = await storm(client, writer, indicators, seconds, seed)
        readers = [done - sent for sent, done, _ in stormed.reads]
        phases["storm_cockpit"] = Phase(
            "storm_cockpit", readers, max(s[1] for s in stormed.reads) - stormed.reads[0][0]
        )
        counter = Context.from_url(url, actor="bench")
        with counter.reading() as snapshot:
            stormed.audited = len(
                [e for e in snapshot.audit.entries(actor="writer", limit=100_000) if ":2025:" in e.object_key]
            )
        counter.dispose()
    return phases, stormed


def run(
    kind: str, plan: Path, folder: Path, requests: int, seconds: float, seed: int
) -> tuple[dict[str, Phase], Storm]:
    with database(kind, folder) as url:
        ctx = Context.from_url(url, actor="bench")
        init_database(ctx)
        start = time.perf_counter()
        loaded = load_plan(ctx, plan)
        print(f"{kind}: loaded {loaded.counts} in {time.perf_counter() - start:.1f} s")
        accounts.add_user(ctx, "bench", Role.VIEWER, "Load-test-pass-1", display_name="基准测试")
        token = accounts.create_token(ctx, "bench", "load")
        accounts.add_user(ctx, "writer", Role.ADMIN, "Storm-test-pass-1", display_name="填报压力")
        writer_token = accounts.create_token(ctx, "writer", "storm")
        ctx.dispose()
        indicators = [f"ind{i:04d}" for i in range(loaded.counts["indicators"])]
        with server(url) as base:
            return asyncio.run(measure(base, token, writer_token, url, indicators, requests, seconds, seed))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--indicators", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=1500, help="requests per page and database at most")
    parser.add_argument("--seconds", type=float, default=15.0, help="time limit of each page's phase")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--serve", help=argparse.SUPPRESS)  # internal: the server subprocess
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port)
        return

    kinds = [k.strip() for k in args.databases.split(",") if k.strip()]
    results: dict[str, tuple[dict[str, Phase], Storm]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plan = synthetic_plan(folder, args.indicators, args.seed)
        for kind in kinds:
            if kind == "postgresql" and (problem := postgres_problem()):
                print(f"postgresql: skipped, not reachable at {POSTGRES}: {problem}")
                continue
            results[kind] = run(kind, plan, folder, args.requests, args.seconds, args.seed)

    print(f"\n{args.indicators} indicators × {len(YEARS)} years, {CLIENTS} concurrent clients on loopback")
    fields: list[str] = []
    goals: list[bool] = []
    for kind, (phases, stormed) in results.items():
        prefix = "sqlite" if kind == "sqlite" else "pg"
        static = phases["static"]
        print(f"{kind}:")
        for name, phase in phases.items():
            print(phase.line(name))
        for page in ("cockpit", "cockpit_api", "indicator", "storm_cockpit"):
            print(f"  {page} p95 / static p95: {phases[page].p(0.95) / static.p(0.95):.2f}x")
        worst, unseen = stormed.freshness()
        storm_ratio = phases["storm_cockpit"].p(0.95) / static.p(0.95)
        warm_ratio = phases["cockpit"].p(0.95) / static.p(0.95)
        cold_ms = statistics.median(phases["cold_cockpit"].latencies) * 1000
        print(
            f"  storm: {len(stormed.writes)} writes ({stormed.ok_writes} answered 200, {stormed.audited} audited), "
            f"freshness max {worst * 1000:.0f} ms, unseen {unseen}"
        )
        goals += [storm_ratio <= GOAL_STORM_VS_STATIC, worst <= GOAL_FRESHNESS_S, unseen == 0]
        goals += [stormed.ok_writes == len(stormed.writes) == stormed.audited]
        if kind == "sqlite":
            goals += [cold_ms <= GOAL_COLD_MS, warm_ratio <= GOAL_WARM_VS_STATIC]
        fields += [
            f"{prefix}_cockpit_p50_ms={phases['cockpit'].p(0.5):.1f}",
            f"{prefix}_cockpit_p95_ms={phases['cockpit'].p(0.95):.1f}",
            f"{prefix}_cockpit_api_p95_ms={phases['cockpit_api'].p(0.95):.1f}",
            f"{prefix}_indicator_p50_ms={phases['indicator'].p(0.5):.1f}",
            f"{prefix}_indicator_p95_ms={phases['indicator'].p(0.95):.1f}",
            f"{prefix}_cockpit_rps={phases['cockpit'].rps:.0f}",
            f"{prefix}_indicator_rps={phases['indicator'].rps:.0f}",
            f"{prefix}_static_p95_ms={static.p(0.95):.1f}",
            f"{prefix}_static_rps={static.rps:.0f}",
            f"{prefix}_cockpit_vs_static_p95={warm_ratio:.2f}",
            f"{prefix}_cold_cockpit_ms={cold_ms:.0f}",
            f"{prefix}_cold_indicator_ms={statistics.median(phases['cold_indicator'].latencies) * 1000:.0f}",
            f"{prefix}_cold_burst_max_ms={phases['cold_burst'].p(1.0):.0f}",
            f"{prefix}_alone_cockpit_p95_ms={phases['alone_cockpit'].p(0.95):.1f}",
            f"{prefix}_storm_cockpit_p95_ms={phases['storm_cockpit'].p(0.95):.1f}",
            f"{prefix}_storm_vs_static_p95={storm_ratio:.2f}",
            f"{prefix}_storm_writes={len(stormed.writes)}",
            f"{prefix}_storm_writes_ok={stormed.ok_writes}",
            f"{prefix}_storm_writes_audited={stormed.audited}",
            f"{prefix}_freshness_max_ms={worst * 1000:.0f}",
            f"{prefix}_unseen_writes={unseen}",
        ]
    fields.append(f"goals_met={'yes' if goals and all(goals) else 'no'}")
    print("RESULT " + " ".join(fields))


if __name__ == "__main__":
    main()
