"""Outage drill: stop PostgreSQL under load, start it again, count what readers got.

    python bench/outage_drill.py --database-url postgresql://postgres@127.0.0.1:5432/<built db>

Starts gunicorn (bench.settings, production's settings: 2 workers, page cache on) against an
already built database (bench/run.py --build-only, or seed_demo), warms the caches, then loads
five kinds of request from threads: cached pages and feed (anonymous /en/, the events index and
its feed), an uncached page (the same index, each request with a query string of its own) and
/healthz. After --before seconds it stops the PostgreSQL cluster, starts it again --outage
seconds later (default 60, the issue's minute), and keeps the load on for --after seconds.
Reports, per kind and phase, the status counts and the slowest answer, and how long after the
restart the uncached page answered 200 again. Appends the report to
bench/results/<date>-outage.md.

It stops the machine's PostgreSQL: everything else using it fails meanwhile. On a shared machine,
pass --pg-data with the data directory of a cluster of your own (started with pg_ctl, serving
--database-url): that one is stopped and started instead. It always starts the cluster again,
even when interrupted.

With --hang (and --pg-data) the cluster is not stopped but frozen (SIGSTOP to the server and its
backends, SIGCONT after --outage seconds): connections open and queries in flight get no answer
at all, as with a database host that hangs or drops off the network.
"""

import argparse
import collections
import contextlib
import datetime as dt
import itertools
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CLUSTER = ["pg_ctlcluster", "--skip-systemctl-redirect", os.listdir("/etc/postgresql")[0], "main"]
KINDS = {
    "cached home": ("/en/", {}),
    "cached events index": (None, {}),
    "cached network feed": (None, {}),
    "uncached events index": (None, {}),
    "healthz": ("/healthz", {}),
}
UNCACHED = {"uncached events index"}


def fetch(url, headers):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - local http
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = "no answer"
    return status, time.monotonic() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--events-path", default="/en/events/")
    parser.add_argument("--outage", type=int, default=60, help="seconds PostgreSQL stays down")
    parser.add_argument("--before", type=int, default=5)
    parser.add_argument("--after", type=int, default=30)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8032)
    parser.add_argument("--output", help="report path (default bench/results/<date>-outage.md)")
    parser.add_argument(
        "--pg-data", help="stop and start this cluster (pg_ctl -D, as its owner) instead"
    )
    parser.add_argument("--hang", action="store_true", help="freeze the --pg-data cluster instead")
    args = parser.parse_args()
    if args.hang and not args.pg_data:
        parser.error("--hang needs --pg-data: never freeze the machine's own cluster")
    cluster = CLUSTER
    if args.pg_data:
        owner = Path(args.pg_data).owner()
        cluster = ["runuser", "-u", owner, "--", "pg_ctl", "-D", args.pg_data, "-w"]
    KINDS["cached events index"] = (args.events_path, {})
    KINDS["uncached events index"] = (args.events_path, KINDS["uncached events index"][1])
    KINDS["cached network feed"] = (args.events_path + "calendar.ics", {})
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        # One key for gunicorn's workers.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": args.database_url,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/4"),
        # Keys of this run's own, under the caller's prefix on a shared Redis.
        "CACHE_KEY_PREFIX": f"{os.environ.get('CACHE_KEY_PREFIX', 'drill')}-{int(time.time())}",
        "LOG_LEVEL": "CRITICAL",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "GUNICORN_ACCESSLOG": "",
        # No worker recycling (as bench/run.py): with 2 workers under even load both reach
        # max_requests together and the host answers nothing while they boot (~10 s here),
        # which would be measured as the database's outage.
        "GUNICORN_MAX_REQUESTS": "0",
    }
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "-c", "portal/gunicorn.conf.py", "portal.wsgi"],
        cwd=ROOT, env=env, start_new_session=True, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    samples = []  # (seconds since start, kind, status, latency)
    stop = threading.Event()
    started = time.monotonic()

    def load(kind):
        path, headers = KINDS[kind]
        for n in itertools.count():
            if stop.is_set():
                break
            # A URL never asked before is never in the page cache: each request renders.
            url = base + path + (f"?drill={n}-{threading.get_ident()}" if kind in UNCACHED else "")
            status, latency = fetch(url, headers)
            samples.append((time.monotonic() - started, kind, status, latency))

    down_at = up_at = frozen = None
    threads = []
    try:
        for _ in range(120):
            if fetch(base + "/healthz", {})[0] == 200:
                break
            time.sleep(0.5)
        for path, headers in KINDS.values():
            fetch(base + path, headers)  # fills the page cache
        started = time.monotonic()
        threads = [
            threading.Thread(target=load, args=(kind,), daemon=True)
            for kind in KINDS
            for _ in range(max(1, args.threads // len(KINDS)))
        ]
        for thread in threads:
            thread.start()
        time.sleep(args.before)
        down_at = time.monotonic() - started
        if args.hang:
            frozen = freeze(args.pg_data, signal.SIGSTOP)
        else:
            subprocess.run([*cluster, "stop", "-m", "fast"], check=True)
        time.sleep(args.outage)
    finally:
        if args.hang:
            freeze(args.pg_data, signal.SIGCONT, frozen)
        else:
            subprocess.run([*cluster, "start"], check=False)
        if down_at is not None:
            up_at = time.monotonic() - started
    try:
        time.sleep(args.after)
    finally:
        stop.set()
        for thread in threads:  # let requests in flight finish before the server stops
            thread.join(timeout=15)
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    report = summarize(args, samples, down_at, up_at)
    print(report)
    output = Path(args.output or ROOT / f"bench/results/{dt.date.today():%Y-%m-%d}-outage.md")
    with output.open("a") as stream:
        stream.write(report + "\n")
    print(f"appended to {output}")


def freeze(data, signum, pids=None):
    """Send `signum` to the cluster's server and backends (those of `pids`, if given)."""
    if pids is None:
        server = int(Path(data, "postmaster.pid").read_text().split()[0])
        children = subprocess.run(["pgrep", "-P", str(server)], capture_output=True, text=True)
        pids = [server, *map(int, children.stdout.split())]
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)
    return pids


def summarize(args, samples, down_at, up_at):
    def phase(at):
        if at < down_at:
            return "before"
        return "outage" if at < up_at else "after"

    table = collections.defaultdict(collections.Counter)
    slowest = collections.defaultdict(lambda: (0.0, 0.0))  # (latency, when it was asked)
    for at, kind, status, latency in samples:
        table[(kind, phase(at))][status] += 1
        slowest[(kind, phase(at))] = max(slowest[(kind, phase(at))], (latency, at - latency))
    recovered = next(
        (
            at - up_at
            for at, kind, status, _ in sorted(samples)
            if kind == "uncached events index" and at >= up_at and status == 200
        ),
        None,
    )
    lines = [
        f"# Outage drill, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"PostgreSQL {'frozen (SIGSTOP)' if args.hang else 'stopped'} at {down_at:.1f} s "
        f"for {args.outage} s (running again at "
        f"{up_at:.1f} s, its own start-up included); {args.threads} client threads, "
        "2 workers as portal/gunicorn.conf.py makes them, no worker recycling. An answer "
        "counts in the phase it arrived in; the last column says when the slowest was asked "
        "(a request asked before the outage may spend part of its time before it).",
        "",
        "| request | phase | answers | slowest s | slowest asked at s |",
        "|---|---|---|---:|---:|",
    ]
    for kind in KINDS:
        for name in ("before", "outage", "after"):
            counts = table.get((kind, name))
            if counts:
                answers = ", ".join(
                    f"{status}: {n}" for status, n in sorted(counts.items(), key=str)
                )
                latency, asked = slowest[(kind, name)]
                lines.append(f"| {kind} | {name} | {answers} | {latency:.2f} | {asked:.1f} |")
    during = [slowest[(kind, "outage")][0] for kind in KINDS if (kind, "outage") in table]
    cached_ok = all(
        set(table[(kind, "outage")]) <= {200}
        for kind in KINDS
        if kind.startswith("cached") and (kind, "outage") in table
    )
    worst = max(during, default=0.0)
    lines += [
        "",
        f"- slowest answer during the outage <= 2 s: {worst:.2f} s "
        f"({'met' if during and worst <= 2 else 'NOT MET'})",
        f"- cached pages and feed answer 200 throughout the outage: "
        f"{'met' if during and cached_ok else 'NOT MET'}",
    ]
    lines += [
        "",
        "Uncached page answering 200 again: "
        + (f"{recovered:.1f} s after PostgreSQL was started" if recovered is not None else "never")
        + ", with no restart of gunicorn.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
