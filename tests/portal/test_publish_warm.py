"""The page a publish changed is rendered by the publishing process itself, for the version its
publish made (portal.page_cache.publish_warms, home.freshness.warm_on_publish): its render lock
comes with the bump, so readers get the page before until it is stored, and no reader's worker
renders it; the render is an anonymous reader's, through every policy."""

import datetime as dt

from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from events.domain.choices import Audience
from home import freshness
from home.revalidation import request_for
from portal import page_cache
from tests.access_fixtures import CANARY, canary_details
from tests.factories import event
from tests.helpers import LOCAL_AND_REDIS, cache_for

pytestmark = pytest.mark.django_db


@pytest.fixture(params=LOCAL_AND_REDIS)
def stale_cache(request, settings):
    """Pages cached, a publish's page before served late, on the test cache and on Redis (the
    bump's Lua script takes the lock there)."""
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_MAX_STALE_SECONDS = 5
    with cache_for(request.param, settings, "warm"):
        yield


@pytest.fixture
def held(monkeypatch):
    """The publishing process's renders, held until the test runs them."""
    renders = []
    monkeypatch.setattr(page_cache.revalidations, "submit", lambda *call: renders.append(call))
    return renders


def _lock(path, version):
    return f"page:lock{version}:{page_cache.digest(RequestFactory().get(path))}"


def soon():
    return timezone.now().date() + dt.timedelta(days=5)


def test_a_publish_renders_its_page_and_no_reader_does(
    client, event_index, stale_cache, held, django_capture_on_commit_callbacks
):
    call = event(event_index, title="Climate call", slug="call", start_date=soon())
    before = client.get("/en/events/call/")
    assert before["X-Page-Cache"] == "miss"
    call.title = "Climate call, moved"

    with django_capture_on_commit_callbacks(execute=True):
        call.save_revision().publish()

    version = freshness.current_version()
    # The bump took the page's render lock for the new version, in the same step.
    assert cache.get(_lock("/en/events/call/", version))
    # Until the publishing process has stored the new page, readers get the page before, and
    # none of them renders it (their lookups find the lock taken).
    for _ in range(3):
        reader = client.get("/en/events/call/")
        assert (reader["X-Page-Cache"], reader.content) == ("stale", before.content)
    assert [render[0] for render in held] == [page_cache._render]

    render, *args = held[0]
    render(*args)

    after = client.get("/en/events/call/")
    assert after["X-Page-Cache"] == "hit"
    assert "Climate call, moved" in after.content.decode()


def test_the_render_is_an_anonymous_readers_page(
    client, event_index, stale_cache, django_capture_on_commit_callbacks, settings
):
    """An electeds-only call: the page the publish stores holds no access detail, and is what a
    reader's own render would give."""
    call = event(
        event_index, title="Electeds call", slug="electeds", start_date=soon(),
        audience=Audience.ELECTED,
    )  # fmt: skip
    canary_details(call.translation_key, call.slug)
    client.get(call.url)
    call.title = "Electeds call, moved"

    with django_capture_on_commit_callbacks(execute=True):
        call.save_revision().publish()

    warmed = client.get(call.url)
    assert warmed["X-Page-Cache"] == "hit"
    assert "Electeds call, moved" in warmed.content.decode()
    assert CANARY not in warmed.content.decode()
    settings.PAGE_CACHE_SECONDS = 0
    assert client.get(call.url).content == warmed.content


def test_a_restricted_page_publish_stores_nothing(
    client, event_index, stale_cache, django_capture_on_commit_callbacks
):
    call = event(event_index, title="Members briefing", slug="briefing", start_date=soon())
    PageViewRestriction.objects.create(page=call, restriction_type=PageViewRestriction.LOGIN)
    call.title = "Members briefing, moved"

    with django_capture_on_commit_callbacks(execute=True):
        call.save_revision().publish()

    response = client.get("/en/events/briefing/")
    assert response.status_code == 404
    assert response.get("X-Page-Cache") != "hit"
    assert "Members briefing" not in response.content.decode()


def test_nothing_is_rendered_ahead_when_pages_are_never_served_late(
    client, event_index, stale_cache, held, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_MAX_STALE_SECONDS = 0
    call = event(event_index, title="Climate call", slug="call", start_date=soon())
    client.get("/en/events/call/")
    call.title = "Climate call, moved"

    with django_capture_on_commit_callbacks(execute=True):
        call.save_revision().publish()

    assert held == []
    assert cache.get(_lock("/en/events/call/", freshness.current_version())) is None
    response = client.get("/en/events/call/")
    assert response["X-Page-Cache"] == "miss"
    assert "Climate call, moved" in response.content.decode()


def test_request_for_a_public_address(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["events.example.org", "127.0.0.1"]
    request = request_for("https://events.example.org/fr/%C3%A9v%C3%A9nements/?a=1")
    assert request.get_host() == "events.example.org"
    assert request.path == "/fr/événements/"
    assert request.GET["a"] == "1"
    assert request.is_secure()
    assert request.COOKIES == {}
    plain = request_for("http://127.0.0.1:8031/en/")
    assert (plain.get_host(), plain.is_secure()) == ("127.0.0.1:8031", False)
    assert request_for("/en/") is None
    assert request_for("ftp://example.org/en/") is None


def test_a_busy_process_leaves_the_page_to_its_readers(
    client, event_index, stale_cache, held, monkeypatch, django_capture_on_commit_callbacks
):
    """A bulk publish (a tree synced, a demo seeded): once WARMS_QUEUED renders are owed, a
    publish claims no lock and renders nothing; its readers revalidate the page as any other."""
    call = event(event_index, title="Climate call", slug="call", start_date=soon())
    before = client.get("/en/events/call/")
    call.title = "Climate call, moved"
    monkeypatch.setattr(page_cache.revalidations, "pending", lambda: freshness.WARMS_QUEUED)

    with django_capture_on_commit_callbacks(execute=True):
        call.save_revision().publish()

    assert held == []
    assert cache.get(_lock("/en/events/call/", freshness.current_version())) is None
    # The first reader takes the render (held here, as a reader's worker would run it after
    # answering) and gets the page before.
    reader = client.get("/en/events/call/")
    assert (reader["X-Page-Cache"], reader.content) == ("stale", before.content)
    assert [render[0].__name__ for render in held] == ["revalidate"]
