"""Speakers of events in the reader's language: the feeds' name-only lookup agrees with pages'."""

import datetime as dt

from wagtail.models import Locale

import pytest

from events.reads.speakers import speakers_for
from tests.factories import SpeakerFactory, add_speakers, event

pytestmark = pytest.mark.django_db


def as_names(links_by_page):
    return {
        pk: [(link.speaker.name, link.speaker.role, link.speaker.organisation, link.part)
             for link in links]
        for pk, links in links_by_page.items()
    }  # fmt: skip


@pytest.mark.parametrize("language", ["en", "fr"])
def test_speaker_names_match_speakers_in_each_language(
    language, event_index, django_assert_num_queries
):
    ana = SpeakerFactory(name="Ana Ruiz", role="Councillor", organisation="Yukon")
    bo = SpeakerFactory(name="Bo Chen", role="Mayor", organisation="")
    french = ana.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.role = "Conseillère"
    french.save()
    first = event(event_index, title="A", start_date=dt.date(2026, 6, 1))
    second = event(event_index, title="B", start_date=dt.date(2026, 6, 2))
    alone = event(event_index, title="C", start_date=dt.date(2026, 6, 3))
    add_speakers(first, [bo, ana], part="moderator")
    add_speakers(second, [ana])
    pages = [first, second, alone]
    with django_assert_num_queries(2):
        names = speakers_for(pages, language, names_only=True)
    assert as_names(names) == as_names(speakers_for(pages, language))
    expected_role = "Conseillère" if language == "fr" else "Councillor"
    assert as_names(names)[first.pk] == [
        ("Bo Chen", "Mayor", "", "moderator"),
        ("Ana Ruiz", expected_role, "Yukon", "moderator"),
    ]
    assert names[alone.pk] == []
