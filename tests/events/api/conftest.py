"""The story events.api.examples tells, as real records: the schema's examples name them; and
`schedule`, a small one (an event with a speaker, a series) for the HTTP and caching tests."""

import datetime as dt
import uuid

import pytest

from chapters.models import ChapterIndexPage, ChapterPage, WorkingGroupIndexPage, WorkingGroupPage
from events.api import examples
from events.domain import recurrence
from events.domain.choices import Audience
from events.models import EventPage
from tests.factories import SpeakerFactory, add, add_speakers, event, series, translate


@pytest.fixture
def example_schedule(home, fr_home, event_index):
    """The All-Caucus Call (3rd Monday, 11:00 Pacific) with its May 18th, 2026 session and its
    speaker, a one-off event, the B.C. Chapter and the working group, each under the id the
    schema's examples use, plus a few records of other kinds."""
    calls = series(
        event_index,
        examples.SERIES["title"],
        slug="all-caucus-call",
        translation_key=uuid.UUID(examples.SERIES_ID),
        first_date=dt.date.fromisoformat(examples.SERIES["first_date"]),
        frequency=recurrence.MONTHLY_WEEKDAY,
        interval=1,
        audience=Audience.PUBLIC,
    )
    translate(calls, "fr", title="Appel de tout le caucus", slug="appel-du-caucus")
    session = add(
        calls,
        EventPage(
            title=examples.EVENT["title"],
            slug="bee-city",
            occurrence_date=dt.date(2026, 5, 18),
            intro=examples.EVENT["summary"],
        ),
    )
    translate(session, "fr", title="Ville abeille", slug="ville-abeille")
    add_speakers(
        session,
        [
            SpeakerFactory(name="Shelly Candel", translation_key=uuid.UUID(examples.SPEAKER_ID)),
            SpeakerFactory(),
        ],
    )

    chapters = add(home, ChapterIndexPage(title="Chapters", slug="chapters"))
    translate(chapters, "fr", title="Sections", slug="sections")
    chapter = add(
        chapters,
        ChapterPage(
            title=examples.CHAPTER["name"],
            slug="bc-chapter",
            translation_key=uuid.UUID(examples.CHAPTER_ID),
        ),
    )
    translate(chapter, "fr", title="Section C.-B.", slug="section-colombie-britannique")
    event(
        chapter,
        "B.C. Chapter meeting",
        translation_key=uuid.UUID(examples.EVENT_ID),
        audience=Audience.ELECTED,
    )
    series(chapter, "Chapter calls")

    groups = add(home, WorkingGroupIndexPage(title="Working groups", slug="working-groups"))
    translate(groups, "fr", title="Groupes de travail", slug="groupes-de-travail")
    group = add(
        groups,
        WorkingGroupPage(
            title=examples.WORKING_GROUP["name"],
            slug="outdoor-rec-rural-small",
            translation_key=uuid.UUID(examples.WORKING_GROUP_ID),
        ),
    )
    event(group, "Group talk", date_tba=True)
    return calls


@pytest.fixture
def schedule(event_index, chapter):
    talk = event(event_index, title="Bee City")
    add_speakers(talk, [SpeakerFactory()])
    series(chapter, title="Chapter calls")
    return talk
