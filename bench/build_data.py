"""Grow the demo schedule to the benchmark's size, in English and French.

Run by bench/run.py after `seed_demo`, in a throwaway database. Pages are created live through
treebeard's `add_child` (correct tree paths, Wagtail's URL paths, the schedule sync in
EventPage.save) but without revisions or publish signals: a revision per page would multiply the
build time and tells the benchmark nothing. Each French page shares its English page's
translation key, as a wagtail-localize sync would leave it.

    python bench/build_data.py --events 5000 --speakers 400 --series 20 --chapters 5 --groups 12
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

from wagtail.models import Locale  # noqa: E402

from chapters.models import (  # noqa: E402
    ChapterIndexPage,
    ChapterPage,
    WorkingGroupIndexPage,
    WorkingGroupPage,
)
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
    # One transaction per chunk: a commit (and its fsync) per page would dominate the build.
    for chunk in range(made, args.events, 250):
        with transaction.atomic():
            links = []
            for n in range(chunk, min(chunk + 250, args.events)):
                links += add_event(n, hosts, speakers, today)
            EventSpeaker.objects.bulk_create(links)
        done = min(chunk + 250, args.events)
        rate = (done - made) / (time.monotonic() - started)
        print(f"  events: {done}/{args.events} ({rate:.0f}/s)", flush=True)


def add_event(n, hosts, speakers, today):
    """Event `n` in English and French under one of `hosts`; its unsaved speaker links."""
    en_host, fr_host = hosts[n % len(hosts)]
    en_topic, fr_topic = TOPICS[n % len(TOPICS)]
    # Spread over two years around today: the index lists a year ahead and a year back.
    day = today + dt.timedelta(days=rng.randint(-365, 365))
    hour = rng.randint(8, 19)
    en, fr = add_pair(
        en_host.specific,
        fr_host.specific,
        EventPage,
        {
            "title": f"{en_topic}: session {n}",
            "slug": f"bench-event-{n}",
            "intro": "A working session for elected officials.",
        },
        {
            "title": f"{fr_topic} : séance {n}",
            "slug": f"bench-event-{n}-fr",
            "intro": "Une séance de travail pour les élus.",
        },
        {
            "start_date": day,
            "start_time": dt.time(hour),
            "end_time": dt.time(hour + 1),
            "timezone": ZONES[n % len(ZONES)],
            "body": "<p>Agenda to follow.</p>",
        },
    )
    return [
        EventSpeaker(page=page, speaker=speaker, part="presenter", sort_order=order)
        for order, speaker in enumerate(rng.sample(speakers, 2))
        for page in (en, fr)
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--speakers", type=int, default=400)
    parser.add_argument("--series", type=int, default=20)
    parser.add_argument("--chapters", type=int, default=5)
    parser.add_argument("--groups", type=int, default=12)
    build(parser.parse_args())


if __name__ == "__main__":
    main()
