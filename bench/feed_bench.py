"""Benchmark: the whole-network iCalendar feed with 2,000 events, rendered uncached.

Builds a throwaway SQLite database in the temp dir (never the project's), then reports seconds
per feed, milliseconds per event, queries per render, and the queries of a conditional request.
With `--db PATH` the database is kept there and reused by the next run with the same path
(building 2,000 events takes minutes; rendering them is what is measured).

    .venv/bin/python bench/feed_bench.py [--events 2000] [--runs 5] [--db PATH] [--profile]

Target (issue 5): ≤ 0.5 s per feed (≤ 0.25 ms per event), constant queries, 304 in ≤ 2 queries.
"""

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, help="keep the database here; reuse it if it exists")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one render")
    return parser.parse_args()


# Parsed before django.setup(): the database path is part of the settings.
ARGS = parse_args()
DB = ARGS.db or Path(tempfile.mkdtemp(prefix="feed-bench-")) / "bench.sqlite3"
REUSE = DB.exists()
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
# The full GET below measures a render: production's page cache would answer it from memory.
os.environ["PAGE_CACHE_SECONDS"] = "0"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from wagtail.models import Locale, Page, Site  # noqa: E402

from events.calendar import feeds  # noqa: E402
from events.domain.choices import Audience, Status  # noqa: E402
from events.models import EventIndexPage, EventPage, EventSeriesPage, EventSpeaker, Speaker  # noqa: E402
from home.models import HomePage  # noqa: E402

ZONES = ["America/Vancouver", "America/Toronto", "America/St_Johns", "America/Regina"]


def add(parent, page):
    """Add a live page the way a publish leaves it (no revision: the feed never reads them)."""
    now = timezone.now()
    page.locale = parent.locale
    page.live, page.first_published_at, page.last_published_at = True, now, now
    parent.add_child(instance=page)
    return page


def build(n_events):
    """A site with `n_events` VEVENTs: one-offs, plus series masters and their overrides."""
    call_command("migrate", verbosity=0)
    en = Locale.objects.get_or_create(language_code="en")[0]
    Locale.objects.get_or_create(language_code="fr")
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Caucus", slug="caucus", locale=en))
    site = Site.objects.get(is_default_site=True)
    old_root, site.root_page, site.hostname = site.root_page, home, "testserver"
    site.save()
    old_root.delete()
    index = add(home, EventIndexPage(title="Events", slug="events"))
    speakers = [Speaker.objects.create(name=f"Speaker {i}", locale=en) for i in range(50)]
    today = timezone.now().date()
    n_series = n_events // 20  # 5% masters, 10% overrides, the rest one-offs
    made = 0
    for s in range(n_series):
        series = add(
            index,
            EventSeriesPage(
                title=f"Series {s}", slug=f"series-{s}", first_date=today - dt.timedelta(days=60),
                frequency="weekly", interval=1, start_time=dt.time(11), end_time=dt.time(12),
                timezone=ZONES[s % 4], audience=Audience.ELECTED,
            ),
        )  # fmt: skip
        made += 1
        for k in (1, 2):
            day = series.first_date + dt.timedelta(weeks=8 + k)
            add(
                series,
                EventPage(
                    title=f"Series {s} topic {k}", slug=f"topic-{k}", occurrence_date=day,
                    status=Status.CANCELLED if k == 2 else Status.SCHEDULED,
                    status_reason="Holiday" if k == 2 else "",
                ),
            )  # fmt: skip
            made += 1
    i = 0
    while made < n_events:
        page = add(
            index,
            EventPage(
                title=f"Event {i}, with; text", slug=f"event-{i}",
                intro="A short summary of the event, as editors write it.",
                start_date=today + dt.timedelta(days=i % 700 - 80), start_time=dt.time(9 + i % 8),
                end_time=dt.time(10 + i % 8), timezone=ZONES[i % 4],
                audience=[Audience.PUBLIC, Audience.ELECTED][i % 2],
            ),
        )  # fmt: skip
        EventSpeaker.objects.create(page=page, speaker=speakers[i % 50], sort_order=0)
        made += 1
        i += 1
    return index


def main():
    args = ARGS
    setup_test_environment()
    if REUSE:
        index = EventIndexPage.objects.get(slug="events", locale__language_code="en")
        made = EventPage.objects.count() + EventSeriesPage.objects.count()
        if made != args.events:
            raise SystemExit(f"{DB} holds {made} events, not {args.events}: pass another --db")
        print(f"reused {made} events ({DB.name})")
    else:
        started = time.perf_counter()
        index = build(args.events)
        where = DB.name if args.db else "a throwaway SQLite file under the temp dir"
        print(f"built {args.events} events in {time.perf_counter() - started:.1f} s ({where})")
    start, end = feeds.window()
    body = feeds.render(index, "en", start, end)  # warm: imports, zone rules, site root paths
    vevents = body.count(b"BEGIN:VEVENT")
    times, cpu_times = [], []
    load_before = os.getloadavg()[0]
    for _run in range(args.runs):
        with CaptureQueriesContext(connection) as queries:
            t0, c0 = time.perf_counter(), time.process_time()
            body = feeds.render(index, "en", start, end)
            times.append(time.perf_counter() - t0)
            cpu_times.append(time.process_time() - c0)
    best, mean = min(times), sum(times) / len(times)
    cpu_best, cpu_mean = min(cpu_times), sum(cpu_times) / len(cpu_times)
    print(f"load average (1 min) before / after: {load_before:.1f} / {os.getloadavg()[0]:.1f}")
    print(f"VEVENTs per feed: {vevents}; feed size: {len(body) / 1024:.0f} KiB")
    print(f"render: best {best:.3f} s, mean {mean:.3f} s over {args.runs} runs")
    print(f"per event: best {best / vevents * 1000:.3f} ms, mean {mean / vevents * 1000:.3f} ms")
    # On a shared machine the wall time includes waiting for a core; the CPU time of this
    # process (SQLite runs in it) is what the render itself costs.
    print(f"render CPU time: best {cpu_best:.3f} s, mean {cpu_mean:.3f} s")
    print(f"queries per render: {len(queries)}")
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(feeds.render, index, "en", start, end)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    client = Client()
    first = client.get("/en/events/calendar.ics")
    if first.status_code != 200:
        raise SystemExit(f"feed answered {first.status_code}")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/en/events/calendar.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    print(f"conditional request: {again.status_code} in {len(queries)} queries")
    t0 = time.perf_counter()
    full = client.get("/en/events/calendar.ics")
    print(f"full HTTP GET: {time.perf_counter() - t0:.3f} s, status {full.status_code}")
    if not args.db:
        DB.unlink()


if __name__ == "__main__":
    main()
