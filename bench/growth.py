"""Cost growth: each surface's lone uncached time and query count at several dataset sizes.

    /path/to/venv/bin/python bench/run.py --growth 500,5000,50000

One database (seed_demo's schedule, or a copy of --database-url's) is grown in bulk
(bench/build_data.py) to each size in turn (in events, each in English and French; hosts,
series and speakers as run.py builds them: they do not grow). At each size gunicorn is started
as run.py starts it and every surface is requested one at a time, `REPEATS` times once every
worker has answered it and has no build left running (`wait_quiet`: a worker's per-version
index build takes seconds at 50,000 events, and a request beside it would time the build too),
taking the median time and the queries (X-Queries, bench/middleware.py):

- uncached: what no cache answers. Pages and feeds (under /en/ and /fr/) are sent the cookie of
  a real session, which portal.page_cache never answers from cache (run.py's "uncached"); the
  API, which caches answers per content version and URL whatever the cookie, is asked after a
  new content version (/bench/bump, bench.views).
- after a publish: every surface, cookie included, asked after a new content version, as the
  first reader after any publish is: also nothing that is kept per version is reused.

The report pairs each size's time with the previous size's: the growth of time against the
growth of N, and the exponent k of time ~ N^k (0: flat, 1: linear). Queries should not grow.
Written to bench/results/<date>-growth.md (or --output). The database is named
`$BENCH_DB_PREFIX` (default "bench_") + "growth_<time>" and dropped unless --keep-db. The search
index is left out of the bulk build: it is most of the build's time and no surface here reads it.
"""

import json
import math
import os
import signal
import statistics
import subprocess
import time
from pathlib import Path

import run as bench

REPEATS = 5
# Requests of a surface before its timed ones, at most, until every worker has answered one.
WARMUP_LIMIT = 50
# The surfaces of issue 15, in the order of the report (names as bench/discover.py gives them).
SURFACES = (
    "home",
    "home (fr)",
    "events index",
    "events index (fr)",
    "chapter",
    "working group",
    "event page",
    "API list",
    "API detail",
    "network feed",
    "chapter feed",
    "event feed",
)


def sizes(text):
    """ "500,5000,50000" -> [500, 5000, 50000], ascending."""
    return sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})


def database(name):
    return f"postgresql://postgres@127.0.0.1:5432/{name}"


def start_database(args, env, name):
    """A migrated database holding `seed_demo`'s schedule: a copy of --database-url's when
    given (a template built once), else built here."""
    build_env = {**env, "DATABASE_URL": database(name)}
    if args.database_url:
        template = args.database_url.rsplit("/", 1)[1]
        bench.sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    else:
        bench.sql(f'CREATE DATABASE "{name}"')
    bench.run([bench.PYTHON, "manage.py", "migrate", "--no-input", "-v0"], build_env)
    if not args.database_url:
        bench.run([bench.PYTHON, "manage.py", "seed_demo"], build_env, stdout=subprocess.DEVNULL)
    return build_env


def grow(args, env, events):
    """The database grown to `events` events in bulk; seconds the growing took."""
    started = time.monotonic()
    bench.run(
        [bench.PYTHON, "bench/build_data.py", f"--events={events}", "--no-search-index"]
        + [f"--{key}={getattr(args, key)}" for key in ("speakers", "series", "chapters", "groups")],
        env,
    )
    bench.sql("ANALYZE", env["DATABASE_URL"])  # as run.py's build: plans on live statistics
    return time.monotonic() - started


def lone(base, path, headers, bump, workers):
    """(median ms, sorted distinct query counts, failures) of REPEATS serial requests, once
    every worker has answered `path` (its first sight of it: imports, templates, and the
    per-version builds it sets off) and owes no build. Each is timed with no build running
    beside it (wait_quiet), after a new content version when `bump`, as the first reader after
    a publish that came a while ago. A failure (an error status: a statement timeout at a large
    size) is counted, not timed, so that one slow surface does not lose the run."""
    times, queries, failures = [], set(), []
    warmed = set()
    for _ in range(WARMUP_LIMIT):
        warmed.add(bench.get(base + path, headers)[1].get("X-Worker"))
        if len(warmed) >= workers:
            break
    for _ in range(REPEATS):
        if bump:
            bench.get(base + "/bench/bump")
        wait_quiet(base, workers)
        status, response_headers, _body, seconds = bench.get(base + path, headers)
        if status != 200:
            failures.append(status)
            continue
        times.append(seconds * 1000)
        queries.add(int(response_headers.get("X-Queries", "-1")))
    return (statistics.median(times) if times else None), sorted(queries), failures


def wait_quiet(base, workers, seconds=120):
    """Until each of the `workers` processes, asked afresh, owes no render or build
    (X-Renders-Owed, bench/middleware.py): at 50,000 events a worker's per-version index build
    takes seconds, and a request timed beside it measures the build too."""
    quiet = set()
    deadline = time.monotonic() + seconds
    while len(quiet) < workers:
        if time.monotonic() > deadline:
            raise SystemExit(f"the workers still owe builds after {seconds} s")
        headers = bench.get(base + "/bench/ok")[1]
        if headers.get("X-Renders-Owed") == "0":
            quiet.add(headers.get("X-Worker"))
        else:
            quiet.clear()
            time.sleep(0.2)


def measure_size(args, env, paths):
    """{surface: {"uncached": (ms, queries), "after a publish": (ms, queries)}} on a server."""
    cookie = dict([bench.uncached_header(env).split(": ", 1)])
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(  # the production command of `make serve`, as run.py starts it
        [str(Path(bench.PYTHON).parent / "gunicorn"), "-c", "portal/gunicorn.conf.py",
         "portal.wsgi"],
        cwd=bench.ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        bench.wait_healthy(base)
        figures = {}
        for name in SURFACES:
            path = paths[name]
            api = name.startswith("API")
            figures[name] = {
                "uncached": lone(base, path, {} if api else cookie, api, args.workers),
                "after a publish": lone(base, path, cookie, True, args.workers),
            }
            print(f"  {name}: {figures[name]}", flush=True)
        return figures
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def discover(env):
    found = subprocess.run(
        [bench.PYTHON, "bench/discover.py"],
        cwd=bench.ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(found.stdout.strip().splitlines()[-1])


def main(args, env, info, stamp):
    name = os.environ.get("BENCH_DB_PREFIX", "bench_") + f"growth_{stamp:%Y%m%d%H%M%S}"
    runs = []
    try:
        size_env = start_database(args, env, name)
        bench.run([bench.PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], env)
        for events in sizes(args.growth):
            seconds = grow(args, size_env, events)
            load = os.getloadavg()
            figures = measure_size(args, size_env, discover(size_env))
            runs.append({"events": events, "build_s": seconds, "load": load, "figures": figures})
    finally:
        if not args.keep_db:
            bench.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        bench.drop_cache_keys(args.redis_url, env["CACHE_KEY_PREFIX"])
    text = report(args, info, runs)
    output = Path(args.output or bench.ROOT / f"bench/results/{stamp:%Y-%m-%d}-growth.md")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text)
    print(text)
    print(f"written to {output}")


def growth(before, after, n_before, n_after):
    """ "×1.3 (k 0.11)": time's growth and the exponent k in time ~ N^k."""
    factor = after / before
    exponent = math.log(factor) / math.log(n_after / n_before)
    return f"×{factor:.2f} (k {exponent:.2f})"


def cell_text(ms, queries, failures=()):
    text = f"{ms:.0f} ms, " if ms is not None else ""
    text += "/".join(map(str, queries)) or "—"
    if failures:
        text += f" ({len(failures)} of {REPEATS} answered {'/'.join(map(str, set(failures)))})"
    return text


def table(runs, mode):
    sizes_ = [run["events"] for run in runs]
    header = "| surface | " + " | ".join(f"{n:,} events: ms, queries" for n in sizes_)
    steps = list(zip(sizes_, sizes_[1:], strict=False))
    header += "".join(f" | time {b // a}× N ({a:,}→{b:,})" for a, b in steps) + " |"
    lines = [header, "|---|" + "---:|" * (len(sizes_) + len(steps))]
    for name in SURFACES:
        cells = [run["figures"][name][mode] for run in runs]
        row = f"| {name} | " + " | ".join(cell_text(*cell) for cell in cells)
        for (before, after), (a, b) in zip(zip(cells, cells[1:], strict=False), steps, strict=True):
            row += " | " + (growth(before[0], after[0], a, b) if before[0] and after[0] else "—")
        lines.append(row + " |")
    return lines


def report(args, info, runs):
    lines = [
        *bench.report_head("Cost growth", info),
        "- sizes: " + ", ".join(f"{run['events']:,}" for run in runs) + " events, each in English "
        f"and French, with {args.chapters} chapters, {args.groups} working groups, "
        f"{args.series} series and {args.speakers} speakers (bench/build_data.py)",
        "- one database grown from size to size (bench/build_data.py, bulk, search index left "
        "out): " + ", ".join(f"to {run['events']:,} in {run['build_s']:.0f} s" for run in runs),
        "- load average (1, 5, 15 min) when each size's measurement began: "
        + "; ".join(
            f"{run['events']:,}: " + " ".join(f"{value:.2f}" for value in run["load"])
            for run in runs
        ),
        f"- server: gunicorn, {args.workers} workers, bench.settings (production's settings), "
        "PostgreSQL, Redis cache",
        f"- each cell: median of {REPEATS} requests one at a time, after every worker answered "
        "one and each timed once no worker owed a build (X-Renders-Owed), and the query counts "
        "seen (X-Queries; several when they differed)",
        "- growth: time at this size / time at the previous size, and k in time ~ N^k "
        "(k 0 is flat, k 1 linear in the number of events)",
        "",
        "## Uncached (page cache bypassed by a session cookie; API after a new content version)",
        "",
        *table(runs, "uncached"),
        "",
        "## After a publish (new content version before every request, session cookie)",
        "",
        *table(runs, "after a publish"),
        "",
    ]
    return "\n".join(lines)
