"""/api/v1/events/ with a member's personal API token (members.authentication): access details
for the events the member may join, answers private and kept apart from the anonymous answer
cache in both orders; a bad token is a 401, never a silent anonymous answer."""

import datetime as dt

from django.test.utils import override_settings

import pytest

from events.domain.choices import Audience
from members import tokens
from tests.access_fixtures import CANARY, canary_details
from tests.factories import event, series

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/events/?start=2026-05-01&end=2026-05-31&lang=en"
# A member's list answer, measured once (token, groups and access details included); the point
# is that 1 and 20 events share it, on SQLite and on PostgreSQL. The second request of a content
# version reuses what the first built for it (the hidden branches, the series dates), but not
# the slice of a window the client chose, read on each request: its count, its first rows and
# their pages (events.api.queries.listed_slots; 8 since the list reads only its slice, where
# building the whole window read its events in one query and its series' overrides in another).
# 6 since the slice's count and first rows come from the version's index of one-off events
# (occurrences.one_off_index, built by the first request); 5 since the pages shown are kept per
# version too (occurrences.pages_for).
QUERIES = 5


@pytest.fixture
def calls(event_index):
    restricted = event(event_index, title="Electeds-Only Call", audience=Audience.ELECTED)
    staff_call = event(
        event_index,
        title="Working group",
        audience=Audience.ELECTED_AND_STAFF,
        start_date=dt.date(2026, 5, 19),
    )
    event(event_index, title="Public talk", start_date=dt.date(2026, 5, 20))
    weekly = series(
        event_index,
        title="All-Caucus Call",
        first_date=dt.date(2026, 5, 6),
        frequency="weekly",
        interval=1,
    )
    for page in (restricted, staff_call, weekly):
        canary_details(page.translation_key, page.slug)
    return {"restricted": restricted, "staff_call": staff_call, "series": weekly}


def auth(raw, scheme="Token"):
    return {"Authorization": f"{scheme} {raw}"}


def by_title(response):
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    found = {}
    for item in results:
        found.setdefault(item["title"], []).append(item["access_details"])
    return found


@pytest.mark.parametrize("scheme", ["Token", "Bearer"])
def test_elected_token_adds_the_details_of_the_events_they_may_join(client, calls, elected, scheme):
    response = client.get(EVENTS, headers=auth(tokens.issue(elected, "api"), scheme))
    details = by_title(response)
    slug = calls["restricted"].slug
    assert details["Electeds-Only Call"] == [
        {
            "join_url": f"https://meet.example.org/{CANARY}-{slug}",
            "dial_in": f"+1 555 0100 {CANARY}-{slug}",
            "passcode": f"{CANARY}-{slug}",
            "notes": f"Register with {CANARY}-{slug}",
        }
    ]
    assert details["Working group"][0]["passcode"] == f"{CANARY}-{calls['staff_call'].slug}"
    # Every occurrence of the series carries the series' record.
    sessions = details["All-Caucus Call"]
    assert len(sessions) == 4
    assert {d["passcode"] for d in sessions} == {f"{CANARY}-{calls['series'].slug}"}
    assert details["Public talk"] == [None]


def test_elected_token_on_one_event_and_one_occurrence(client, calls, elected):
    headers = auth(tokens.issue(elected, "api"))
    one = client.get(f"/api/v1/events/{calls['restricted'].translation_key}/", headers=headers)
    assert one.json()["access_details"]["passcode"] == f"{CANARY}-{calls['restricted'].slug}"
    occurrence = f"{calls['series'].translation_key}_20260513T110000"
    session = client.get(f"/api/v1/events/{occurrence}/", headers=headers)
    assert session.json()["access_details"]["passcode"] == f"{CANARY}-{calls['series'].slug}"


def test_staff_token_gets_the_staff_call_only(client, calls, staff_member):
    response = client.get(EVENTS, headers=auth(tokens.issue(staff_member, "api")))
    details = by_title(response)
    assert details["Electeds-Only Call"] == [None]
    assert set(details["All-Caucus Call"]) == {None}
    assert details["Working group"][0]["passcode"] == f"{CANARY}-{calls['staff_call'].slug}"
    assert response.content.decode().count(CANARY) == 4


def test_anonymous_answers_never_carry_details(client, calls, elected):
    tokens.issue(elected, "api")
    client.force_login(elected)  # the API is cookieless: a session is no token
    for url in (EVENTS, f"/api/v1/events/{calls['restricted'].translation_key}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert CANARY not in response.content.decode(), url
    assert set(sum(by_title(client.get(EVENTS)).values(), [])) == {None}


@pytest.mark.parametrize("case", ["wrong", "revoked", "feed kind", "inactive", "no secret"])
def test_bad_token_is_a_401_not_an_anonymous_answer(client, calls, elected, case):
    raw = tokens.issue(elected, "api")
    header = f"Token {raw}"
    if case == "wrong":
        header = f"Token {raw[:-2]}xx"
    elif case == "revoked":
        tokens.revoke(elected, "api")
    elif case == "feed kind":
        header = f"Token {tokens.issue(elected, 'feed')}"
    elif case == "inactive":
        elected.is_active = False
        elected.save()
    else:
        header = "Token"
    response = client.get(EVENTS, headers={"Authorization": header})
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}
    assert response["WWW-Authenticate"] == 'Token realm="api"'
    assert "no-store" in response["Cache-Control"] and "Authorization" in response["Vary"]
    assert CANARY not in response.content.decode()


def test_other_authorization_schemes_are_anonymous(client, calls):
    response = client.get(EVENTS, headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert response.status_code == 200
    assert CANARY not in response.content.decode()


def test_member_answer_is_private_unvalidated_and_varies_by_authorization(client, calls, elected):
    anonymous = client.get(EVENTS)
    assert anonymous["Cache-Control"] == "public, max-age=60"
    assert "Authorization" in anonymous["Vary"]
    member = client.get(EVENTS, headers=auth(tokens.issue(elected, "api")))
    assert set(member["Cache-Control"].split(", ")) == {"private", "no-store"}
    assert "Authorization" in member["Vary"]
    assert not member.has_header("ETag") and not member.has_header("Last-Modified")
    assert member["Content-Language"] == "en"


def test_anonymous_etag_never_answers_a_member_304(client, calls, elected):
    etag = client.get(EVENTS)["ETag"]
    headers = {**auth(tokens.issue(elected, "api")), "If-None-Match": etag}
    response = client.get(EVENTS, headers=headers)
    assert response.status_code == 200
    assert CANARY in response.content.decode()


@pytest.mark.parametrize("order", ["anonymous first", "member first"])
def test_answer_cache_never_mixes_member_and_anonymous_answers(client, calls, elected, order):
    headers = auth(tokens.issue(elected, "api"))
    detail = f"/api/v1/events/{calls['restricted'].translation_key}/?lang=en"
    for url in (EVENTS, detail):
        if order == "anonymous first":
            before = client.get(url)
            member = client.get(url, headers=headers)
            after = client.get(url)
        else:
            member = client.get(url, headers=headers)
            before = after = client.get(url)
        assert CANARY in member.content.decode(), url
        for anonymous in (before, after):
            assert anonymous.status_code == 200
            assert CANARY not in anonymous.content.decode(), url
        # The member answer is the anonymous one plus the details: same events, same order.
        strip = [{**e, "access_details": None} for e in _results(member)]
        assert strip == _results(after), url


def _results(response):
    data = response.json()
    return data.get("results", [data])


@pytest.mark.parametrize("n", [1, 20])
def test_member_answer_query_count_does_not_grow(
    n, client, event_index, elected, django_assert_num_queries
):
    for i in range(n):
        page = event(
            event_index,
            title=f"Call {i}",
            audience=Audience.ELECTED,
            start_date=dt.date(2026, 5, 1) + dt.timedelta(days=i),
        )
        canary_details(page.translation_key, page.slug)
    headers = auth(tokens.issue(elected, "api"))
    # Counted on the second request: the first fills the per-process and shared caches
    # (content types, the site's root paths) that earlier tests may have filled.
    client.get(EVENTS + "&limit=100", headers=headers)
    with django_assert_num_queries(QUERIES):
        response = client.get(EVENTS + "&limit=100", headers=headers)
    assert len(response.json()["results"]) == n
    assert response.content.decode().count(f"{CANARY}-") == 4 * n


def test_schema_documents_access_details_and_the_token(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    event_schema = schema["components"]["schemas"]["Event"]["properties"]["access_details"]
    assert "null" in str(event_schema) or event_schema.get("nullable")
    assert "anonymous" in event_schema["description"]
    details = schema["components"]["schemas"]["AccessDetails"]["properties"]
    assert sorted(details) == ["dial_in", "join_url", "notes", "passcode"]
    scheme = schema["components"]["securitySchemes"]["PersonalToken"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    events = schema["paths"]["/api/v1/events/"]["get"]
    assert {"PersonalToken": []} in events["security"] and {} in events["security"]
    assert "401" in events["responses"]
    assert "security" not in schema["paths"]["/api/v1/series/"]["get"] or (
        schema["paths"]["/api/v1/series/"]["get"]["security"] == [{}]
    )


# The answer cache (events.api.caching) and the rate limit, with a token.


@override_settings(API_ANON_RATE="2/minute")
def test_each_member_has_their_own_count(client, calls, elected):
    token = {"Authorization": f"Token {tokens.issue(elected, 'api')}"}
    codes = [client.get(EVENTS, headers=token).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    # The anonymous count of the same address is untouched.
    assert client.get(EVENTS).status_code == 200


def test_a_token_holder_is_never_answered_from_the_kept_answer(client, calls, elected):
    anonymous = client.get(EVENTS)
    token = {"Authorization": f"Token {tokens.issue(elected, 'api')}"}
    member = client.get(EVENTS, headers={**token, "If-None-Match": anonymous["ETag"]})
    assert member.status_code == 200
    assert set(member["Cache-Control"].split(", ")) == {"private", "no-store"}
    assert not member.has_header("ETag")
    # And a member's answer is never kept for the anonymous callers.
    assert client.get(EVENTS).content == anonymous.content


def test_a_bad_token_is_a_401_even_when_an_answer_is_kept(client, calls):
    client.get(EVENTS)
    response = client.get(EVENTS, headers={"Authorization": "Token nonsense"})
    assert response.status_code == 401


@pytest.mark.parametrize("order", ["anonymous first", "member first"])
def test_the_kept_answer_middleware_keeps_members_and_anonymous_callers_apart(
    client, calls, elected, order, django_assert_num_queries
):
    """events.api.caching.kept_answers answers before authentication: an anonymous caller gets
    only the anonymous answer it keeps (with no query), never an electeds-only event's details;
    a token holder, with or without the kept answer's ETag, always gets their own answer."""
    token = auth(tokens.issue(elected, "api"))
    detail = f"/api/v1/events/{calls['restricted'].translation_key}/?lang=en"
    for url in (EVENTS, detail):
        if order == "member first":
            assert CANARY in client.get(url, headers=token).content.decode(), url
        anonymous = client.get(url)
        with django_assert_num_queries(0):
            kept = client.get(url)
            not_modified = client.get(url, headers={"If-None-Match": anonymous["ETag"]})
        member = client.get(url, headers={**token, "If-None-Match": anonymous["ETag"]})
        after = client.get(url)

        for answer in (anonymous, kept, after):
            assert answer.status_code == 200, url
            assert CANARY not in answer.content.decode(), url
        assert kept.content == after.content == anonymous.content, url
        assert not_modified.status_code == 304, url
        assert member.status_code == 200, url
        assert CANARY in member.content.decode(), url
        assert set(member["Cache-Control"].split(", ")) == {"private", "no-store"}, url
