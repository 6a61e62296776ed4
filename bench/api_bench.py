"""/api/v1/events/?limit=20 against a bare Django view, side by side on one server.

    python bench/api_bench.py [--seconds 4] [--rounds 5]

Builds a throwaway SQLite database with the demo schedule (seed_demo), serves the portal with
gunicorn (one sync worker, bench.settings: production's settings plus the baselines), and
times sequential requests to each URL in alternating rounds, so both see the same machine
state. Reports requests per second, the ratio API / bare, the API's throughput when its answer
cache misses (same window; new window each time), and the queries a 304 costs.
"""

import argparse
import http.client
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URLS = {
    "bare .values() view": "/bench/bare-events/",
    "API, answer cached": "/api/v1/events/?limit=20",
    # A parameter the API ignores makes every URL new: the answer is built each time.
    "API, answer built": "/api/v1/events/?limit=20&nocache={n}",
    # A new window each time (its end moves by a microsecond): nothing built for an earlier
    # request of the same content version can be reused, not even the window's occurrences.
    "API, new window": "/api/v1/events/?limit=20&end=2027-11-01T00:00:00.{n:06d}Z",
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def wait_until_up(port, deadline=60):
    stop = time.monotonic() + deadline
    while time.monotonic() < stop:
        try:
            get(port, "/bench/bare-events/")
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def measure(port, template, seconds, counter):
    """Requests per second for `seconds` of back-to-back requests."""
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        counter[0] += 1
        response, _body = get(port, template.format(n=counter[0]))
        if response.status != 200:
            raise SystemExit(f"{template}: HTTP {response.status}")
        done += 1
    return done, time.perf_counter() - start


def queries_for_304(env):
    """The queries a conditional GET answered 304 costs, counted in-process."""
    code = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext, setup_test_environment\n"
        "setup_test_environment()\n"  # lets the test client's host name in
        "c = Client()\n"
        "etag = c.get('/api/v1/events/?limit=20')['ETag']\n"
        "with CaptureQueriesContext(connection) as q:\n"
        "    r = c.get('/api/v1/events/?limit=20', headers={'If-None-Match': etag})\n"
        "print(r.status_code, len(q))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    status, count = out.stdout.split()
    return int(status), int(count)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="per URL and round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            # One key for every process of the run (manage.py, gunicorn, the 304 count).
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            "MEDIA_ROOT": str(Path(tmp) / "media"),
            "PYTHONPATH": str(ROOT),
        }
        manage = [sys.executable, "manage.py"]
        for command in (["migrate", "--no-input", "-v", "0"], ["seed_demo"]):
            subprocess.run(manage + command, env=env, cwd=ROOT, check=True, capture_output=True)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi:application"]
            + ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"],
            env=env,
            cwd=ROOT,
        )
        try:
            wait_until_up(port)
            _response, body = get(port, URLS["API, answer cached"])
            sample = body[:120].decode()
            counter = [0]
            for template in URLS.values():  # warm up: imports, caches, connections
                measure(port, template, 1.0, counter)
            totals = {name: [0, 0.0] for name in URLS}
            for _round in range(args.rounds):
                for name, template in URLS.items():
                    done, elapsed = measure(port, template, args.seconds, counter)
                    totals[name][0] += done
                    totals[name][1] += elapsed
            status, count = queries_for_304(env)
        finally:
            server.terminate()
            server.wait(timeout=10)

    rates = {name: done / elapsed for name, (done, elapsed) in totals.items()}
    bare = rates["bare .values() view"]
    print(f"gunicorn, 1 sync worker, SQLite, demo schedule; {args.rounds} rounds of")
    print(f"{args.seconds:g} s per URL, alternating. First bytes of the API answer: {sample!r}")
    for name, rate in rates.items():
        print(f"  {name:<22} {rate:8.1f} req/s   {rate / bare:6.1%} of bare")
    print(f"  304 on If-None-Match: status {status}, {count} queries")


if __name__ == "__main__":
    main()
