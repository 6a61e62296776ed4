"""Content model: derived UTC bounds, validation messages on the right field, page-type rules."""

import datetime as dt

from django.core.exceptions import ValidationError

import pytest

from chapters.models import ChapterPage
from events.domain.choices import Status
from events.models import EventIndexPage, EventPage, EventSeriesPage
from home.models import HomePage
from tests.factories import event, series

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def errors_of(page):
    with pytest.raises(ValidationError) as info:
        page.full_clean()
    return info.value.message_dict


def test_event_derives_utc_bounds_from_its_announced_zone(event_index):
    page = event(event_index, start_date=dt.date(2026, 5, 18), timezone="America/St_Johns")
    assert page.starts_at == dt.datetime(2026, 5, 18, 13, 30, tzinfo=UTC)  # 11:00 NDT, UTC-2:30
    assert page.ends_at == dt.datetime(2026, 5, 18, 14, 30, tzinfo=UTC)


def test_all_day_and_date_to_be_announced_are_real_states(event_index):
    all_day = event(event_index, all_day=True, start_time=None, end_time=None)
    assert (all_day.ends_at - all_day.starts_at) == dt.timedelta(days=1)
    tba = event(
        event_index, start_date=dt.date(2026, 6, 17), date_tba=True, timezone="America/Halifax"
    )
    assert tba.start_date == dt.date(2026, 6, 1)
    assert tba.starts_at == dt.datetime(2026, 6, 1, 3, tzinfo=UTC)  # midnight ADT
    assert tba.ends_at == dt.datetime(2026, 7, 1, 3, tzinfo=UTC)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"end_time": dt.time(10)}, "end_time", "ends before it starts"),
        ({"timezone": ""}, "timezone", "Choose the time zone"),
        ({"timezone": "Mars/Olympus"}, "timezone", "not a known time zone"),
        ({"start_time": None}, "start_time", "Enter the start time"),
        ({"status": Status.CANCELLED}, "status_reason", "Say why"),
        ({"start_date": None}, "start_date", "Enter the date"),
    ],
)
def test_event_validation_names_the_field(event_index, fields, field, message):
    page = EventPage(
        title="Call",
        slug="call",
        start_date=dt.date(2026, 5, 18),
        start_time=dt.time(11),
        end_time=dt.time(12),
        timezone="America/Vancouver",
    )
    for name, value in fields.items():
        setattr(page, name, value)
    event_index.add_child(instance=EventPage(title="x", slug="x", **_valid()))
    page.path, page.depth = event_index.path + "9999", event_index.depth + 1
    assert message in " ".join(errors_of(page)[field])


def _valid():
    return {
        "start_date": dt.date(2026, 5, 18),
        "start_time": dt.time(11),
        "timezone": "America/Vancouver",
    }


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"end_time": dt.time(10)}, "end_time", "after the start time"),
        ({"until": dt.date(2025, 1, 1)}, "until", "before the first date"),
        ({"until": dt.date(2026, 1, 8), "count": 3}, "count", "not both"),
        ({"frequency": "monthly_last_weekday"}, "first_date", "not itself a date"),
        ({"timezone": ""}, "timezone", "Choose the time zone"),
    ],
)
def test_series_validation_names_the_field(event_index, fields, field, message):
    page = EventSeriesPage(
        title="Series",
        slug="series",
        first_date=dt.date(2026, 1, 7),
        start_time=dt.time(11),
        end_time=dt.time(12),
        timezone="America/Vancouver",
        frequency="weekly",
        interval=2,
    )
    for name, value in fields.items():
        setattr(page, name, value)
    assert message in " ".join(errors_of(page)[field])


def test_series_rule_that_yields_no_date_is_refused(event_index):
    # The last Wednesday of January 2026 is the 28th; ending on the 20th leaves no call at all.
    page = EventSeriesPage(
        title="S", slug="s", first_date=dt.date(2026, 1, 7), start_time=dt.time(11),
        timezone="America/Vancouver", until=dt.date(2026, 1, 20),
        frequency="monthly_last_weekday",
    )  # fmt: skip
    assert "gives no date at all" in " ".join(errors_of(page)["until"])


def test_override_must_name_a_date_the_series_produces(event_index):
    calls = series(event_index, first_date=dt.date(2026, 1, 7), interval=2)
    override = EventPage(title="Special", slug="special", occurrence_date=dt.date(2026, 1, 14))
    calls.add_child(instance=EventPage(title="ok", slug="ok", occurrence_date=dt.date(2026, 1, 21)))
    override.path, override.depth = calls.path + "9999", calls.depth + 1
    assert "no call on 2026-01-14" in " ".join(errors_of(override)["occurrence_date"])


def test_override_inherits_the_series_time_and_audience(event_index):
    calls = series(event_index, first_date=dt.date(2026, 1, 7), interval=2, audience="public")
    override = event(
        calls, title="Guest speaker", start_date=None, start_time=None, end_time=None,
        timezone="", occurrence_date=dt.date(2026, 3, 18), audience="elected_officials",
    )  # fmt: skip
    assert override.series_key == calls.translation_key
    assert override.audience == "public"
    assert override.starts_at == dt.datetime(2026, 3, 18, 18, tzinfo=UTC)  # 11:00 PDT


def test_second_override_of_the_same_date_is_refused(event_index):
    calls = series(event_index, first_date=dt.date(2026, 1, 7), interval=2)
    event(calls, start_date=None, occurrence_date=dt.date(2026, 1, 21), timezone="")
    duplicate = EventPage(title="Again", slug="again", occurrence_date=dt.date(2026, 1, 21))
    duplicate.path, duplicate.depth = calls.path + "9999", calls.depth + 1
    assert "already covers" in " ".join(errors_of(duplicate)["occurrence_date"])


def test_one_off_event_cannot_name_an_occurrence(event_index):
    page = EventPage(title="One", slug="one", occurrence_date=dt.date(2026, 1, 21), **_valid())
    page.path, page.depth = event_index.path + "9999", event_index.depth + 1
    assert "Only an event under a series" in " ".join(errors_of(page)["occurrence_date"])


def test_page_types_allow_only_sensible_children():
    assert EventPage.allowed_subpage_models() == []
    assert set(EventSeriesPage.allowed_subpage_models()) == {EventPage}
    assert set(ChapterPage.allowed_subpage_models()) == {EventSeriesPage, EventPage}
    assert set(EventIndexPage.allowed_parent_page_models()) == {HomePage}
    assert EventSeriesPage not in EventSeriesPage.allowed_parent_page_models()
