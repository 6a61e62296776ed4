"""bench/build_data.py's bulk path leaves the rows treebeard's add_child leaves: the benchmark's
pages are the ones an editor's would be (bench/check_build.py compares whole builds)."""

import datetime as dt
import time

from wagtail.models import Page

import pytest

from bench import build_data
from events.models import EventIndexPage, EventPage, Speaker
from events.models.pages import EventSpeaker
from tests.factories import add, translate

pytestmark = pytest.mark.django_db
# What differs between two pages by construction: ids, tree position, the random group key.
OWN = {"id", "page_ptr", "path", "url_path", "translation_key", "latest_revision"}


def host_pair(home, slug):
    index = add(home, EventIndexPage(title="Events", slug=slug))
    return index, translate(index, "fr", title="Événements", slug=f"{slug}-fr")


def columns(host):
    pages = EventPage.objects.child_of(host) | EventPage.objects.filter(
        translation_key__in=EventPage.objects.child_of(host).values("translation_key")
    )
    fields = [field for field in EventPage._meta.concrete_fields if field.name not in OWN]
    return [
        (
            {field.attname: getattr(page, field.attname) for field in fields},
            [(link.speaker_id, link.sort_order) for link in page.speaker_links.all()],
        )
        for page in pages.order_by("locale_id")
    ]


def test_bulk_events_match_add_child(home, fr_home, locales):
    one, bulk = host_pair(home, "one"), host_pair(home, "bulk")
    speakers = [Speaker.objects.create(name=f"Councillor {n}", locale=locales[0]) for n in range(4)]
    today = dt.date(2026, 6, 1)

    build_data.rng.seed(7)
    EventSpeaker.objects.bulk_create(build_data.add_event(0, [one], speakers, today))
    build_data.rng.seed(7)
    build_data.bulk_events(0, 1, [bulk], speakers, today, time.monotonic(), search_index=False)

    made, expected = columns(bulk[0]), columns(one[0])
    assert len(made) == 2
    assert made == expected
    assert [len(problems) for problems in Page.find_problems()] == [0] * 5
    for page in (*one, *bulk):
        assert Page.objects.get(pk=page.pk).numchild == 1
    en, fr = EventPage.objects.child_of(bulk[0]).get(), EventPage.objects.child_of(bulk[1]).get()
    assert en.translation_key == fr.translation_key
    assert en.url_path.startswith(bulk[0].url_path)
