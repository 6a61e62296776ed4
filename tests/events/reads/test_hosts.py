"""events.reads.hosts: who hosts an event, found through the EventHost mark."""

import datetime as dt

import pytest

from chapters.models import ChapterIndexPage, ChapterPage, WorkingGroupPage
from events.models import EventIndexPage
from events.reads import hosts
from tests.factories import event, series

pytestmark = pytest.mark.django_db


def test_host_types_are_the_pages_marked_event_host():
    assert set(hosts.host_types()) == {EventIndexPage, ChapterPage, WorkingGroupPage}
    assert hosts.host_type("chapter") is ChapterPage
    assert hosts.host_type("working_group") is WorkingGroupPage
    assert set(hosts.section_types()) == {ChapterPage, WorkingGroupPage}
    assert ChapterIndexPage not in hosts.host_types()


def test_host_of_is_the_nearest_host_above(event_index, chapter):
    weekly = series(chapter, title="Chapter call")
    override = event(
        weekly, title="One date", start_date=None, occurrence_date=dt.date(2026, 1, 21), timezone=""
    )
    network = event(event_index, title="Network event")
    assert hosts.host_of(override) == chapter
    assert hosts.host_of(weekly) == chapter
    assert hosts.host_of(network) == event_index
    assert hosts.host_kind(hosts.host_of(override)) == "chapter"
    assert hosts.host_kind(hosts.host_of(network)) == "network"


def test_hosts_for_prefers_the_language_asked(event_index, chapter, working_group):
    one = event(chapter, title="Chapter event")
    two = event(working_group, title="Group event")
    found = hosts.hosts_for([one, two], "fr")
    assert found[one.pk].title == "Section C.-B."
    assert found[two.pk].title == "Plein air"
    assert hosts.hosts_for([one], "en")[one.pk].title == "B.C. Chapter"


def test_host_titles_name_each_page_s_host_in_its_own_tree(event_index, chapter):
    one = event(chapter, title="Chapter event")
    two = event(event_index, title="Network event")
    assert hosts.host_titles([one, two]) == {one.pk: "B.C. Chapter", two.pk: "Events"}


def test_an_unpublished_host_hosts_nothing_visible(chapter):
    one = event(chapter, title="Chapter event")
    chapter.unpublish()
    assert hosts.hosts_for([one], "en") == {}
    assert hosts.host_titles([one]) == {one.pk: ""}
