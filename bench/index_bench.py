"""Benchmark (not a test): render time of the events index with 500 events.

Builds a throw-away SQLite database in a temporary folder (migrations, an English and French
site, 500 one-off events spread over a year and three hosts, half of them translated, plus
four series), then renders /en/events/ and /fr/evenements/ through Django's test client and
prints the median and 95th percentile of wall-clock time.

    .venv/bin/python bench/index_bench.py [--events 500] [--runs 30]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--db", help="SQLite file to keep between runs (built when missing, reused when present)"
    )
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one render")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="index-bench-")
    database = Path(args.db).resolve() if args.db else Path(workdir) / "bench.sqlite3"
    reuse = database.exists()
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["MEDIA_ROOT"] = f"{workdir}/media"
    # What is measured is the render: production's anonymous page cache would answer from Redis
    # or memory after the first request.
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

    import django

    django.setup()

    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client's host name in
    # Pages name their static files through production's manifest, which collectstatic writes.
    call_command("collectstatic", interactive=False, verbosity=0)
    if not reuse:
        call_command("migrate", verbosity=0)
        build(args.events)

    client = Client()
    if args.profile:
        import cProfile
        import pstats

        client.get("/en/events/")
        profiler = cProfile.Profile()
        profiler.runcall(client.get, "/en/events/")
        order = os.environ.get("PROFILE_SORT", "cumulative")  # or tottime
        pstats.Stats(profiler).sort_stats(order).print_stats(40)
    print(f"events index with {args.events} events ({args.runs} runs each, after one warm-up)")
    for url in ("/en/events/", "/fr/evenements/", "/en/events/?audience=elected_officials"):
        check(client.get(url))
        timings = []
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            check(response)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(f"  {url:45} median {statistics.median(timings):6.1f} ms   p95 {p95:6.1f} ms")


def check(response):
    if response.status_code != 200:
        raise SystemExit(f"{response.request['PATH_INFO']} answered {response.status_code}")


def build(n):
    """The same tree as the test fixtures, then `n` events and four series."""
    import datetime as dt

    from django.utils import timezone

    from wagtail.models import Locale, Page, Site

    from chapters.models import (
        ChapterIndexPage,
        ChapterPage,
        WorkingGroupIndexPage,
        WorkingGroupPage,
    )
    from events.domain.choices import Audience
    from events.models import EventIndexPage
    from home.models import HomePage
    from tests.factories import add, event, series, translate

    en = Locale.objects.get_or_create(language_code="en")[0]
    Locale.objects.get_or_create(language_code="fr")
    root = Page.get_first_root_node()
    home = HomePage(title="Climate Caucus Events", slug="caucus", locale=en)
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    old_root = site.root_page
    site.root_page, site.hostname = home, "testserver"
    site.save()
    old_root.delete()
    translate(home, "fr", title="Événements du Caucus climat", slug="caucus-fr")
    index = add(home, EventIndexPage(title="Events", slug="events"))
    translate(index, "fr", title="Événements", slug="evenements")
    chapters = add(home, ChapterIndexPage(title="Chapters", slug="chapters"))
    translate(chapters, "fr", title="Sections", slug="sections")
    chapter = add(chapters, ChapterPage(title="B.C. Chapter", slug="bc"))
    translate(chapter, "fr", title="Section C.-B.", slug="section-cb")
    groups = add(home, WorkingGroupIndexPage(title="Working groups", slug="working-groups"))
    translate(groups, "fr", title="Groupes de travail", slug="groupes")
    group = add(groups, WorkingGroupPage(title="Outdoor Rec", slug="outdoor-rec"))
    translate(group, "fr", title="Plein air", slug="plein-air")
    today = timezone.now().date()
    audiences = list(Audience.values)
    for i in range(n):
        host = (index, chapter, group)[i % 3]
        page = event(
            host,
            f"Event {i}",
            slug=f"event-{i}",
            start_date=today + dt.timedelta(days=i * 365 // n - 120),
            audience=audiences[i % 3],
        )
        if i % 2:
            translate(page, "fr", title=f"Événement {i}", slug=f"evenement-{i}")
    for i in range(4):
        series(index if i % 2 else chapter, f"Series {i}", first_date=today - dt.timedelta(i))


if __name__ == "__main__":
    main()
