"""events.reads.listings: what the reader pages list (the pages' own tests are in
tests/events/site/)."""

import datetime as dt

import pytest

from events.reads import listings
from events.reads.occurrences import occurrences_between
from tests.factories import event

pytestmark = pytest.mark.django_db


def test_month_groups_head_each_month_in_the_event_s_own_zone(event_index):
    # 23:30 in Vancouver on April 30 is already May 1 in UTC: the heading follows the zone.
    event(
        event_index,
        title="Late",
        start_date=dt.date(2026, 4, 30),
        start_time=dt.time(23, 30),
        end_time=dt.time(23, 45),
    )
    event(event_index, title="May", start_date=dt.date(2026, 5, 18))
    found = occurrences_between(
        dt.datetime(2026, 4, 1, tzinfo=dt.UTC), dt.datetime(2026, 6, 1, tzinfo=dt.UTC), "en"
    )
    groups = listings.month_groups(found, "en")
    assert [(heading, [o.page.title for o in items]) for heading, items in groups] == [
        ("April 2026", ["Late"]),
        ("May 2026", ["May"]),
    ]


def test_sections_list_visible_chapters_and_working_groups(chapter, working_group):
    assert [p.title for p in listings.sections("fr")] == ["Section C.-B.", "Plein air"]
    # Unpublished in English, the group is listed in the language it still has.
    working_group.unpublish()
    assert [p.title for p in listings.sections("en")] == ["B.C. Chapter", "Plein air"]
