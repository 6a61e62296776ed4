"""A speaker's part agrees with the person in French when the editor says how (issue 13 item 3):
"Présentatrice" beside a woman, "Présentateur" beside a man, the neutral "Présentation" when the
editor leaves it blank; English has one form. Pages and calendar feeds say the same."""

import datetime as dt

from django.utils import translation

import pytest
from icalendar import Calendar

from events.domain.choices import Agreement, SpeakerPart, part_label
from tests.factories import SpeakerFactory, add_speakers, event, translate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("agreement", "french", "english"),
    [
        (Agreement.FEMININE, "Présentatrice", "Presenter"),
        (Agreement.MASCULINE, "Présentateur", "Presenter"),
        (Agreement.NEUTRAL, "Présentation", "Presenter"),
    ],
)
def test_the_part_label_agrees(agreement, french, english):
    with translation.override("fr"):
        assert str(part_label(SpeakerPart.PRESENTER, agreement)) == french
    with translation.override("en"):
        assert str(part_label(SpeakerPart.PRESENTER, agreement)) == english


def test_every_part_has_both_french_forms():
    for part in SpeakerPart:
        for agreement in (Agreement.FEMININE, Agreement.MASCULINE):
            with translation.override("en"):
                english = str(part_label(part, agreement))
            with translation.override("fr"):
                # Translated under its context, not the English word falling through.
                assert str(part_label(part, agreement)) != english


@pytest.fixture
def bee_call(event_index):
    page = event(event_index, "Bee City", start_date=dt.date.today() + dt.timedelta(days=9))
    candel = SpeakerFactory(name="Shelly Candel", agreement=Agreement.FEMININE)
    mccann = SpeakerFactory(name="Mike McCann", agreement=Agreement.MASCULINE)
    someone = SpeakerFactory(name="Alex Doe")
    add_speakers(page, [candel, mccann, someone], part=SpeakerPart.GUEST)
    french = translate(page, "fr", slug="cite-abeille")
    return page, french


def test_the_french_page_uses_each_persons_form(client, bee_call):
    _, french = bee_call
    html = client.get(french.url).content.decode()
    assert "(Invitée)" in html
    assert "(Invité)" in html
    assert "(Personne invitée)" in html
    english = client.get(bee_call[0].url).content.decode()
    assert english.count("(Guest)") == 3


def test_the_french_feed_uses_each_persons_form(client, bee_call):
    _, french = bee_call
    feed = Calendar.from_ical(client.get(french.url + "calendar.ics").content)
    (vevent,) = feed.walk("VEVENT")
    description = str(vevent["DESCRIPTION"])
    assert "Shelly Candel (Councillor, " in description
    assert "— Invitée" in description
    assert "— Invité\n" in description or description.rstrip().endswith("— Invité")
    assert "Alex Doe" in description and "— Personne invitée" in description
