"""Grow the demo schedule to the benchmark's size, in English and French.

Run by bench/run.py (and bench/growth.py) after `seed_demo`, in a throwaway database. Hosts,
series and speakers (a few hundred) are created live through treebeard's `add_child` (correct
tree paths, Wagtail's URL paths, the schedule sync in EventPage.save). Events, the bulk of the
dataset, are written in bulk (`bulk_events`): the same rows that path leaves, a thousand pages
per INSERT instead of a dozen queries per page, so 50,000 events and their translations take
minutes, not hours. Neither path makes revisions or sends publish signals: a revision per page
would multiply the build time and tells the benchmark nothing. Each French page shares its
English page's translation key, as a wagtail-localize sync would leave it.

    python bench/build_data.py --events 5000 --speakers 400 --series 20 --chapters 5 --groups 12

`--one-by-one` builds the events through `add_child` too (~3 events/s): the reference the bulk
path is checked against (bench/check_build.py).
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from wagtail.models import Locale, Page  # noqa: E402

from modelsearch.backends import get_search_backends  # noqa: E402

from chapters.models import (  # noqa: E402
    ChapterIndexPage,
    ChapterPage,
    WorkingGroupIndexPage,
    WorkingGroupPage,
)
from events.domain import schedule  # noqa: E402
from events.models import EventIndexPage, EventPage, EventSeriesPage, Speaker  # noqa: E402
from events.models.pages import EventSpeaker  # noqa: E402

ZONES = [
    "America/Vancouver",
    "America/Edmonton",
    "America/Winnipeg",
    "America/Toronto",
    "America/Halifax",
]
TOPICS = [
    ("Heat pumps", "Thermopompes"),
    ("Transit", "Transport collectif"),
    ("Flood planning", "Plans d'inondation"),
    ("Wildfire smoke", "Fumée des feux"),
    ("Building codes", "Codes du bâtiment"),
    ("Urban forests", "Forêts urbaines"),
]
rng = random.Random(7)  # fixed seed: the same dataset on every run


def pair(model, locale_en, locale_fr):
    """The first live English page of `model` and its French translation."""
    en = model.objects.filter(locale=locale_en).order_by("path").first()
    fr = model.objects.get(locale=locale_fr, translation_key=en.translation_key)
    return en, fr


def add_pair(en_parent, fr_parent, model, en_fields, fr_fields, common):
    """Create a live English page under `en_parent` and its French copy under `fr_parent`."""
    en = model(live=True, **common, **en_fields)
    en_parent.add_child(instance=en)
    fr = model(
        live=True,
        locale=fr_parent.locale,
        translation_key=en.translation_key,
        **common,
        **fr_fields,
    )
    fr_parent.add_child(instance=fr)
    return en, fr


def build(args):
    with connection.cursor() as cursor:
        # A throwaway database: losing the last commits in a crash costs nothing.
        cursor.execute("SET synchronous_commit TO OFF")
    en_locale = Locale.objects.get(language_code="en")
    fr_locale = Locale.objects.get(language_code="fr")
    chapter_index = pair(ChapterIndexPage, en_locale, fr_locale)
    group_index = pair(WorkingGroupIndexPage, en_locale, fr_locale)
    event_index = pair(EventIndexPage, en_locale, fr_locale)

    hosts = [event_index]
    for model, index, wanted, name, fr_name in (
        (ChapterPage, chapter_index, args.chapters, "Chapter", "Section"),
        (WorkingGroupPage, group_index, args.groups, "Working group", "Groupe de travail"),
    ):
        existing = list(model.objects.filter(locale=en_locale).order_by("path"))
        for page in existing:
            hosts.append(
                (page, model.objects.get(locale=fr_locale, translation_key=page.translation_key))
            )
        with transaction.atomic():
            for n in range(len(existing), wanted):
                hosts.append(
                    add_pair(
                        index[0].specific,
                        index[1].specific,
                        model,
                        {"title": f"{name} {n}", "slug": f"bench-{model.__name__.lower()}-{n}"},
                        {
                            "title": f"{fr_name} {n}",
                            "slug": f"bench-{model.__name__.lower()}-{n}-fr",
                        },
                        {},
                    )
                )

    today = dt.date.today()
    with transaction.atomic():
        for n in range(EventSeriesPage.objects.filter(locale=en_locale).count(), args.series):
            en_topic, fr_topic = TOPICS[n % len(TOPICS)]
            add_pair(
                event_index[0].specific,
                event_index[1].specific,
                EventSeriesPage,
                {"title": f"{en_topic} calls {n}", "slug": f"bench-series-{n}"},
                {"title": f"Appels {fr_topic} {n}", "slug": f"bench-series-{n}-fr"},
                {
                    "first_date": today - dt.timedelta(days=180 + n),
                    "frequency": "weekly",
                    "interval": 1 + n % 4,
                    "start_time": dt.time(9 + n % 8),
                    "end_time": dt.time(10 + n % 8),
                    "timezone": ZONES[n % len(ZONES)],
                },
            )

    speakers = list(Speaker.objects.filter(locale=en_locale))
    with transaction.atomic():
        for n in range(len(speakers), args.speakers):
            speaker = Speaker.objects.create(
                name=f"Councillor {n}",
                role="Councillor",
                organisation=f"Town {n % 97}",
                locale=en_locale,
            )
            copy = speaker.copy_for_translation(fr_locale)
            copy.role = "Conseillère"
            copy.save()
            speakers.append(speaker)

    made = EventPage.objects.filter(locale=en_locale).count()
    started = time.monotonic()
    if args.one_by_one:
        # One transaction per chunk: a commit (and its fsync) per page would dominate the build.
        for chunk in range(made, args.events, 250):
            with transaction.atomic():
                links = []
                for n in range(chunk, min(chunk + 250, args.events)):
                    links += add_event(n, hosts, speakers, today)
                EventSpeaker.objects.bulk_create(links)
            report_rate(chunk + 250, made, args.events, started)
    else:
        bulk_events(made, args.events, hosts, speakers, today, started, args.search_index)


def report_rate(done, made, total, started):
    done = min(done, total)
    rate = (done - made) / (time.monotonic() - started)
    print(f"  events: {done}/{total} ({rate:.0f}/s)", flush=True)


def event_values(n, today):
    """Event `n`'s fields, English, French and shared. Draws from `rng` in a fixed order, so
    both build paths make the same dataset."""
    en_topic, fr_topic = TOPICS[n % len(TOPICS)]
    # Spread over two years around today: the index lists a year ahead and a year back.
    day = today + dt.timedelta(days=rng.randint(-365, 365))
    hour = rng.randint(8, 19)
    en_fields = {
        "title": f"{en_topic}: session {n}",
        "slug": f"bench-event-{n}",
        "intro": "A working session for elected officials.",
    }
    fr_fields = {
        "title": f"{fr_topic} : séance {n}",
        "slug": f"bench-event-{n}-fr",
        "intro": "Une séance de travail pour les élus.",
    }
    common = {
        "start_date": day,
        "start_time": dt.time(hour),
        "end_time": dt.time(hour + 1),
        "timezone": ZONES[n % len(ZONES)],
        "body": "<p>Agenda to follow.</p>",
    }
    return en_fields, fr_fields, common


def add_event(n, hosts, speakers, today):
    """Event `n` in English and French under one of `hosts`; its unsaved speaker links."""
    en_host, fr_host = hosts[n % len(hosts)]
    en, fr = add_pair(en_host.specific, fr_host.specific, EventPage, *event_values(n, today))
    return speaker_links((en, fr), speakers)


def speaker_links(pages, speakers):
    """Two speakers, the same for each translation of one event (unsaved links)."""
    return [
        EventSpeaker(page=page, speaker=speaker, part="presenter", sort_order=order)
        for order, speaker in enumerate(rng.sample(speakers, 2))
        for page in pages
    ]


class Children:
    """The tree position of the next child of a host page (treebeard's materialised path)."""

    def __init__(self, parent):
        self.parent = parent
        last = (
            Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        self.step = Page._str2int(last[-Page.steplen :]) if last else 0

    def place(self, page):
        """Give the unsaved `page` the next path under the parent, as add_child would."""
        self.step += 1
        page.depth = self.parent.depth + 1
        page.path = Page._get_path(self.parent.path, page.depth, self.step)
        page.numchild = 0
        page.set_url_path(self.parent)


def bulk_events(made, total, hosts, speakers, today, started, search_index, chunk_size=1000):
    """Events `made` to `total` in English and French, written in bulk, chunk by chunk.

    The rows are the ones `add_event` leaves: the page and event rows (schedule derived by
    EventPage.derive_schedule, the French row copying the English one's schedule as
    events.domain.schedule does), the speaker links, the parents' child counts and, unless
    `search_index` is false, the search index entries (here with the speakers, which add_event's
    pages are indexed before they have). Indexing is most of the bulk path's time (Wagtail's
    indexer prepares every field in Python and re-reads every entry's title per call), and no
    surface but the search page reads it.
    """
    hosts = [(en.specific, fr.specific) for en, fr in hosts]
    places = {page.pk: Children(page) for pair in hosts for page in pair}
    synced = schedule.EVENT_EDITED_FIELDS + schedule.EVENT_DERIVED_FIELDS
    event_fields = list(EventPage._meta.local_concrete_fields)
    backends = list(get_search_backends(with_auto_update=True)) if search_index else []
    for chunk in range(made, total, chunk_size):
        pages, links = [], []
        for n in range(chunk, min(chunk + chunk_size, total)):
            en_host, fr_host = hosts[n % len(hosts)]
            en_fields, fr_fields, common = event_values(n, today)
            en = EventPage(live=True, locale=en_host.locale, **common, **en_fields)
            en.parent_hint = en_host  # read by derive_schedule before the page has a depth
            en.derive_schedule()
            fr = EventPage(
                live=True, locale=fr_host.locale, translation_key=en.translation_key,
                **common, **fr_fields,
            )  # fmt: skip
            for name in synced:
                setattr(fr, name, getattr(en, name))
            for page, host in ((en, en_host), (fr, fr_host)):
                page._set_core_field_defaults()
                places[host.pk].place(page)
            pages += [en, fr]
            links += speaker_links((en, fr), speakers)
        with transaction.atomic():
            Page.objects.bulk_create(pages)
            for page in pages:
                page.page_ptr_id = page.id
            # Django refuses bulk_create for a multi-table child: the child rows by one INSERT.
            EventPage._base_manager._insert(pages, fields=event_fields)
            EventSpeaker.objects.bulk_create(links)
            for page in pages:
                page._state.adding = False
            if backends:
                indexed = EventPage.objects.filter(pk__in=[page.pk for page in pages])
                indexed = list(indexed.prefetch_related("speaker_links__speaker"))
            for backend in backends:
                backend.add_bulk(EventPage, indexed)
        report_rate(chunk + chunk_size, made, total, started)
    for place in places.values():
        numchild = Page.objects.filter(
            path__startswith=place.parent.path, depth=place.parent.depth + 1
        ).count()
        Page.objects.filter(pk=place.parent.pk).update(numchild=numchild)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--speakers", type=int, default=400)
    parser.add_argument("--series", type=int, default=20)
    parser.add_argument("--chapters", type=int, default=5)
    parser.add_argument("--groups", type=int, default=12)
    parser.add_argument(
        "--one-by-one",
        action="store_true",
        help="create events through add_child (slow: the bulk path's reference)",
    )
    parser.add_argument(
        "--no-search-index",
        dest="search_index",
        action="store_false",
        help="bulk path: leave the events out of the search index (most of the build's time)",
    )
    build(parser.parse_args())


if __name__ == "__main__":
    main()
