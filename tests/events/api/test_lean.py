"""Lean answers (events.api.caching.ConditionalAnswers.lean_answer): an anonymous list that
misses the answer cache, with plain parameters, is built without DRF or the middleware below
the cache, and is the whole stack's answer: the same status, headers (in order) and bytes.
Anything else goes through DRF as before: filters, invalid values (a 400 naming them),
preconditions, a token, or a shape (language, negotiated or not) not answered yet."""

import collections
import contextlib
import datetime as dt
import random

from django.db import OperationalError
from django.http import QueryDict

import pytest

from events.api import caching, params, serializers
from events.api.views import EventListView
from home.outage import RETRY_AFTER_SECONDS

pytestmark = pytest.mark.django_db

LIST = "/api/v1/events/"


@pytest.fixture
def lean(settings, monkeypatch):
    """A URL's first miss is not kept (so asked a second time, it misses again); the lean
    answers are listed (`built`), and `whole()` turns them off for the requests in its block."""
    settings.API_KEEP_FROM_SECOND_MISS = True
    calls = []
    real = EventListView.lean_answer

    def counted(view, request):
        response = real(view, request)
        if response is not None:
            calls.append(request.get_full_path())
        return response

    monkeypatch.setattr(EventListView, "lean_answer", counted)

    class Lean:
        built = calls

        @staticmethod
        @contextlib.contextmanager
        def whole():
            """A block in which every request goes through the whole stack."""
            with monkeypatch.context() as patched:
                patched.setattr(EventListView, "lean_params", lambda view, request: None)
                yield

    return Lean


def _answer(response):
    return response.status_code, list(response.items()), response.content


@pytest.mark.parametrize(
    ("query", "headers"),
    [
        ("start=2026-01-01", {}),
        ("start=2026-01-01&end=2026-12-31", {}),
        ("start=2026-01-01T09:00:00-04:00&limit=2&offset=1", {}),
        ("start=2026-01-01&lang=fr", {}),
        ("start=2026-01-01&limit=1", {"HTTP_ACCEPT_LANGUAGE": "fr-CA,fr;q=0.9"}),
        ("start=2026-05-01&end=2026-05-31&lang=en&limit=100", {}),
        ("start=2026-01-01&start=2026-05-19&unknown=1", {}),
        ("", {}),
    ],
)
def test_a_lean_answer_is_the_whole_stacks_answer(client, example_schedule, lean, query, headers):
    # A first answer of the shape goes through the whole stack: its headers are learnt.
    primer = client.get(f"{LIST}?{query}&offset=0" if query else f"{LIST}?limit=20", **headers)
    assert primer.status_code == 200 and lean.built == []

    url = f"{LIST}?{query}" if query else LIST
    answer = client.get(url, **headers)
    assert lean.built == [url]
    with lean.whole():
        whole = client.get(url, **headers)
    assert len(lean.built) == 1

    assert _answer(answer) == _answer(whole)
    assert answer.status_code == 200 and answer.json()["results"]


def test_a_lean_answer_is_kept_and_sent_again_as_kept(client, example_schedule, settings, lean):
    settings.API_KEEP_FROM_SECOND_MISS = False
    client.get(f"{LIST}?start=2026-02-01")
    answer = client.get(f"{LIST}?start=2026-01-01")
    again = client.get(f"{LIST}?start=2026-01-01")
    assert lean.built == [f"{LIST}?start=2026-01-01"]
    assert _answer(again) == _answer(answer)
    assert (
        client.get(f"{LIST}?start=2026-01-01", HTTP_IF_NONE_MATCH=answer["ETag"]).status_code == 304
    )


@pytest.mark.parametrize(
    ("query", "headers", "status"),
    [
        # Filters, `q` and `updated_since`: DRF (names resolved, every occurrence read).
        (f"chapter={'0' * 8}-0000-0000-0000-{'0' * 12}", {}, 400),
        ("q=bee", {}, 200),
        ("updated_since=2026-01-01T00:00:00Z", {}, 200),
        # Invalid values: DRF's 400 names the parameter.
        ("limit=abc", {}, 400),
        ("limit=0", {}, 400),
        ("limit=", {}, 400),
        ("lang=de", {}, 400),
        ("start=2026-13-01", {}, 400),
        ("start=2026-05-01&end=2026-04-01", {}, 400),
        ("start=2026-01-01&end=2029-01-01", {}, 400),
        # Preconditions: their 304 or 412 is the whole stack's.
        ("start=2026-01-01", {"HTTP_IF_NONE_MATCH": '"x"'}, 200),
        ("start=2026-01-01", {"HTTP_IF_MODIFIED_SINCE": "Mon, 01 Jan 2024 00:00:00 GMT"}, 200),
        # A token (wrong here): DRF's 401, never a shared answer.
        ("start=2026-01-01", {"HTTP_AUTHORIZATION": "Token nope"}, 401),
    ],
)
def test_what_is_not_plain_goes_through_drf(client, example_schedule, lean, query, headers, status):
    client.get(f"{LIST}?start=2026-03-01")  # the shape is known
    response = client.get(f"{LIST}?{query}", **headers)
    assert response.status_code == status
    assert lean.built == []
    if status == 400:
        (name,) = response.json()
        assert name in query


def test_no_lean_answer_before_the_whole_stack_gave_one_of_its_shape(
    client, example_schedule, lean
):
    english = client.get(f"{LIST}?start=2026-01-01&lang=en")
    french = client.get(f"{LIST}?start=2026-01-01&lang=fr")  # another shape: the whole stack
    chosen = client.get(f"{LIST}?start=2026-01-02", HTTP_ACCEPT_LANGUAGE="fr")  # negotiated
    assert lean.built == []
    assert english["Content-Language"] == "en" and french["Content-Language"] == "fr"
    assert "Accept-Language" in chosen["Vary"] and "Accept-Language" not in french.get("Vary", "")
    client.get(f"{LIST}?start=2026-01-03&lang=fr")
    assert lean.built == [f"{LIST}?start=2026-01-03&lang=fr"]


def test_only_views_with_a_lean_path_have_their_shapes_learnt(client, example_schedule, lean):
    caching.shapes.known.clear()
    for url in (
        "/api/v1/series/",
        "/api/v1/speakers/",
        "/api/v1/chapters/",
        f"{LIST}?start=2026-01-01",
    ):
        assert client.get(url).status_code == 200
    assert {view for view, _, _ in caching.shapes.known} == {EventListView}


def test_a_setting_changed_forgets_the_shapes(client, example_schedule, lean, settings):
    client.get(f"{LIST}?start=2026-01-01")
    settings.API_MAX_AGE = 30
    assert caching.shapes.known == {}
    assert client.get(f"{LIST}?start=2026-01-02")["Cache-Control"] == "public, max-age=30"
    assert lean.built == []


def test_a_database_outage_during_a_lean_answer_is_a_503(
    client, example_schedule, lean, monkeypatch
):
    client.get(f"{LIST}?start=2026-01-01")

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("events.api.queries.listed_slots", down)
    response = client.get(f"{LIST}?start=2026-01-02")
    assert len(lean.built) == 1
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"


VALUES = {
    "limit": ["1", "20", "100", "101", "0", "-1", "05", "5.0", " 7", "abc", "", "1e2"],
    "offset": ["0", "3", "100000", "100001", "-1", "x", ""],
    "start": [
        "2026-01-01",
        "2026-05-18T11:00:00-07:00",
        "2026-05-18 11:00",
        "2026-05-18T11:00:00Z",
        "1899-12-31",
        "2200-01-01",
        "2026-02-30",
        "soon",
        "",
    ],
    "end": ["2026-12-31", "2027-06-01T00:00:00+02:00", "2029-01-01", "2025-01-01", "later"],
    "lang": ["en", "fr", "de", "", "EN"],
    "chapter": ["00000000-0000-0000-0000-000000000000"],
    "q": ["bee"],
    "other": ["1"],
}


def test_plain_list_parameters_are_what_event_list_params_validates(monkeypatch):
    """plain_list_params gives exactly EventListParams' validated data, or None (a filter, or
    an invalid value: DRF's 400 names it); never other values, never None for a valid plain
    request."""
    now = dt.datetime(2026, 5, 18, 16, 30, 12, tzinfo=dt.UTC)
    monkeypatch.setattr(params.timezone, "now", lambda: now)
    rng = random.Random(15)
    outcomes = collections.Counter()
    for _ in range(600):
        names = rng.sample(sorted(VALUES), rng.randrange(0, 5))
        query = QueryDict(mutable=True)
        for name in names:
            query.setlist(
                name, rng.sample(VALUES[name], min(len(VALUES[name]), rng.choice([1, 1, 2])))
            )
        plain = serializers.plain_list_params(query)
        drf = serializers.EventListParams(data=query)
        valid = drf.is_valid()
        filtered = {"chapter", "q"} & set(names)
        if filtered or not valid:
            assert plain is None, query
            outcomes["DRF's"] += 1
            continue
        assert plain == dict(drf.validated_data), query
        outcomes["plain"] += 1
    assert min(outcomes.values()) > 100, outcomes
