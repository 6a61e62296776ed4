"""Every bad parameter is a 400 naming it; every bad id a 404; never a 500 or an HTML page."""

import uuid

import pytest

from events.api import examples
from tests.factories import event

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("chapter=00000000-0000-0000-0000-000000000000", "chapter"),
        ("chapter=bc", "chapter"),
        ("working_group=00000000-0000-0000-0000-000000000000", "working_group"),
        ("series=00000000-0000-0000-0000-000000000000", "series"),
        ("speaker=00000000-0000-0000-0000-000000000000", "speaker"),
        ("start=2026-13-01", "start"),
        ("start=yesterday", "start"),
        ("end=2026-02-30", "end"),
        ("start=2026-03-01&end=2026-02-01", "end"),
        ("start=2026-01-01&end=2028-06-01", "end"),
        ("limit=1000000000", "limit"),
        ("limit=0", "limit"),
        ("offset=-1", "offset"),
        ("lang=de", "lang"),
        ("audience=everyone", "audience"),
        ("status=done", "status"),
        ("updated_since=last-week", "updated_since"),
        ("start=0001-01-01T00:00:00+05:00", "start"),
        ("start=9999-12-31", "start"),
        ("end=9999-12-31", "end"),
        ("updated_since=0001-01-01T00:00:00%2B05:00", "updated_since"),
    ],
)
def test_event_list_bad_parameter_is_a_400_naming_it(client, event_index, query, parameter):
    response = client.get(f"/api/v1/events/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert parameter in response.json()


LANG_OPERATIONS = [
    "/api/v1/events/",
    f"/api/v1/events/{examples.EVENT_ID}/",
    "/api/v1/series/",
    f"/api/v1/series/{examples.SERIES_ID}/",
    "/api/v1/chapters/",
    f"/api/v1/chapters/{examples.CHAPTER_ID}/",
    "/api/v1/working-groups/",
    f"/api/v1/working-groups/{examples.WORKING_GROUP_ID}/",
    "/api/v1/speakers/",
    f"/api/v1/speakers/{examples.SPEAKER_ID}/",
]


def test_empty_lang_is_a_400_naming_it(client, example_schedule):
    """`lang=` is not "no language": the schema allows en or fr only. (Found by schemathesis
    against the served schema: DRF reads a query string like an HTML form, where an empty
    value means "not sent".) One test for all operations: the records take seconds to build."""
    found = {path: client.get(f"{path}?lang=fr").status_code for path in LANG_OPERATIONS}
    assert found == dict.fromkeys(LANG_OPERATIONS, 200)
    answers = {path: client.get(f"{path}?lang=") for path in LANG_OPERATIONS}
    refused = {
        path: (r.status_code, r["Content-Type"], list(r.json())) for path, r in answers.items()
    }
    assert refused == dict.fromkeys(LANG_OPERATIONS, (400, "application/json", ["lang"]))


@pytest.mark.parametrize(
    "parameter",
    [
        "audience",
        "status",
        "chapter",
        "working_group",
        "series",
        "speaker",
        "start",
        "end",
        "limit",
        "offset",
        "q",
        "updated_since",
    ],
)
def test_event_list_empty_value_is_a_400_naming_it(client, event_index, parameter):
    response = client.get(f"/api/v1/events/?{parameter}=")
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


@pytest.mark.parametrize("parameter", ["limit", "offset"])
def test_page_list_empty_value_is_a_400_naming_it(client, event_index, parameter):
    response = client.get(f"/api/v1/chapters/?{parameter}=")
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_event_list_window_of_exactly_two_years_is_accepted(client, event_index):
    response = client.get("/api/v1/events/?start=2026-01-01&end=2027-12-31")
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/events/nope/",
        f"/api/v1/events/{uuid.UUID(int=0)}/",
        f"/api/v1/events/{uuid.UUID(int=0)}_20260107T110000/",
        f"/api/v1/events/{uuid.UUID(int=0)}_20261399T999999/",
        "/api/v1/series/nope/",
        f"/api/v1/series/{uuid.UUID(int=0)}/",
        "/api/v1/chapters/nope/",
        "/api/v1/working-groups/1/",
        "/api/v1/speakers/nope/",
        "/api/v1/no-such-endpoint/",
    ],
)
def test_bad_id_is_a_json_404(client, event_index, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_occurrence_id_at_a_time_the_series_does_not_have_is_a_404(client, event_index):
    from tests.factories import series

    calls = series(event_index)
    good = client.get(f"/api/v1/events/{calls.translation_key}_20260107T110000/")
    wrong_hour = client.get(f"/api/v1/events/{calls.translation_key}_20260107T120000/")
    wrong_day = client.get(f"/api/v1/events/{calls.translation_key}_20260108T110000/")
    assert good.status_code == 200
    assert (wrong_hour.status_code, wrong_day.status_code) == (404, 404)


def test_override_page_own_key_is_not_an_event_id(client, event_index):
    import datetime as dt

    from events.models import EventPage
    from tests.factories import add, series

    calls = series(event_index)
    override = add(
        calls, EventPage(title="Special", slug="special", occurrence_date=dt.date(2026, 1, 21))
    )
    assert client.get(f"/api/v1/events/{override.translation_key}/").status_code == 404


def test_one_off_event_detail_by_id(client, event_index):
    page = event(event_index, title="Bee City")
    response = client.get(f"/api/v1/events/{page.translation_key}/")
    assert response.json()["title"] == "Bee City"
