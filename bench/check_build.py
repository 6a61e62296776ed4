"""Print, as JSON, what two builds of the benchmark's dataset must agree on.

Run against a database built by bench/build_data.py's bulk path and one built with
`--one-by-one` (the same sizes): the outputs must be equal, `tree_problems` all zero.

    DATABASE_URL=... python bench/check_build.py > bulk.json
    DATABASE_URL=... python bench/check_build.py > one-by-one.json && diff bulk.json one-by-one.json

What is compared: treebeard's consistency check (Page.find_problems, what `manage.py fixtree`
repairs), the rows of every table the build writes, every event page's columns (ids and
translation keys, random per build, by what they point at), and what a reader gets: the
status of the main pages, the API list's count and its first page of events.
"""

import hashlib
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from wagtail.models import Page  # noqa: E402

from events.models import EventIndexPage, EventPage  # noqa: E402

TABLES = (
    "wagtailcore_page",
    "events_eventpage",
    "events_eventseriespage",
    "events_eventspeaker",
    "events_speaker",
    "events_schedulechange",
    "wagtailcore_revision",
    "wagtailcore_referenceindex",
    "wagtailsearch_indexentry",
)
# Random per build, or the build's own numbering.
UNCOMPARED = {"id", "page_ptr", "translation_key", "content_type", "locale", "latest_revision"}
# When seed_demo published its pages: the moment of each build.
UNCOMPARED |= {"first_published_at", "last_published_at", "latest_revision_created_at"}


def table_rows():
    rows = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute("SELECT to_regclass(%s)", [table])
            if cursor.fetchone()[0]:
                cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names above
                rows[table] = cursor.fetchone()[0]
    return rows


def event_digest():
    """A digest of every event page's columns and speakers, in tree order."""
    names = [
        field.attname for field in EventPage._meta.concrete_fields if field.name not in UNCOMPARED
    ]
    digest = hashlib.sha256()
    pages = EventPage.objects.order_by("path").prefetch_related("speaker_links__speaker")
    for page in pages.select_related("locale"):
        values = [str(getattr(page, name)) for name in names]
        values.append(page.locale.language_code)
        group = EventPage.objects.filter(translation_key=page.translation_key)
        values += sorted(group.values_list("slug", flat=True))
        values += [f"{link.speaker.name}:{link.sort_order}" for link in page.speaker_links.all()]
        digest.update("|".join(values).encode())
    return digest.hexdigest()


def reader_view():
    client = Client(HTTP_HOST="127.0.0.1")
    events = EventPage.objects.filter(slug__startswith="bench-event-").order_by("path")
    indexes = EventIndexPage.objects.live().order_by("path")
    paths = ["/en/", "/fr/"] + [page.url for page in indexes]
    paths += [page.url for page in events[:3]] + [page.url for page in events.reverse()[:3]]
    api = client.get("/api/v1/events/").json()
    return {
        "statuses": {path: client.get(path).status_code for path in paths},
        "api_count": api.get("count"),
        "api_first_page": [item["title"] for item in api.get("results", [])],
    }


print(
    json.dumps(
        {
            "tree_problems": [len(problems) for problems in Page.find_problems()],
            "rows": table_rows(),
            "events": event_digest(),
            "reader": reader_view(),
        },
        indent=1,
        ensure_ascii=False,
    )
)
