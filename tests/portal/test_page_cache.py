"""Anonymous readers share one rendered page until the content changes; nobody else does."""

import datetime as dt
import gzip
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.messages import constants, get_messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.utils.crypto import get_random_string

from wagtail.models import PageViewRestriction

import pytest

from home import freshness
from portal.page_cache import AnonymousPageCacheMiddleware, revalidations
from tests.factories import event
from tests.helpers import LOCAL_AND_REDIS, Renders, cache_for

SessionStore = import_module(settings.SESSION_ENGINE).SessionStore


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_second_anonymous_request_served_from_cache_without_queries(
    client, home, page_cache, django_assert_num_queries
):
    first = client.get("/en/")

    with django_assert_num_queries(0):
        second = client.get("/en/")

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Language"] == "en"


@pytest.mark.parametrize("max_stale", [5, 0])
def test_content_version_bump_renders_new_title(
    client, home, fr_home, page_cache, django_capture_on_commit_callbacks, settings, max_stale
):
    settings.PAGE_CACHE_MAX_STALE_SECONDS = max_stale
    client.get("/en/")
    client.get("/fr/")
    home.title = "Climate Caucus Events — renamed"
    with django_capture_on_commit_callbacks(execute=True):
        home.save_revision().publish()

    first = client.get("/en/")
    other = client.get("/fr/")
    response = client.get("/en/")

    if max_stale:
        # The page published was rendered by the publish itself for the new version
        # (portal.page_cache.publish_warms): its first reader gets the new page from the cache.
        assert first["X-Page-Cache"] == "hit"
        assert "renamed" in first.content.decode()
        # Another page cached before: the reader who takes its render is answered the page
        # before (a publish lets it be served a few seconds late); the render it started is
        # what the next reader gets.
        assert other["X-Page-Cache"] == "stale"
        assert client.get("/fr/")["X-Page-Cache"] == "hit"
    else:
        # Never late, and nothing rendered ahead: the first reader after the publish renders
        # the new page.
        assert first["X-Page-Cache"] == "miss"
        assert "renamed" in first.content.decode()
        assert other["X-Page-Cache"] == "miss"
    assert response["X-Page-Cache"] == "hit"
    assert "renamed" in response.content.decode()


def test_languages_cached_separately(client, fr_home, page_cache):
    client.get("/en/")

    response = client.get("/fr/")

    assert response["X-Page-Cache"] == "miss"
    assert "Événements du Caucus climat" in response.content.decode()


def test_signed_in_user_never_gets_or_fills_cache(client, home, page_cache):
    user = get_user_model().objects.create_user("member", password="x" * 12)
    client.get("/en/")  # fills the cache for anonymous readers
    client.force_login(user)

    response = client.get("/en/")

    assert "X-Page-Cache" not in response
    client.logout()
    freshness.bump()  # nothing cached under the new version yet
    client.force_login(user)
    client.get("/en/")
    client.logout()
    assert client.get("/en/")["X-Page-Cache"] == "miss"


def test_matching_etag_answers_304(client, home, page_cache):
    etag = client.get("/en/")["ETag"]

    response = client.get("/en/", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_outside_page_prefixes_never_cached(client, home, page_cache):
    client.get("/healthz")

    assert "X-Page-Cache" not in client.get("/healthz")


def test_missing_page_not_cached(client, home, page_cache):
    client.get("/en/no-such-page/")

    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    assert "X-Page-Cache" not in response


@pytest.mark.parametrize(
    "view",
    [
        pytest.param(
            lambda request: HttpResponse("x", headers={"Cache-Control": "private"}), id="private"
        ),
        pytest.param(
            lambda request: HttpResponse("x", headers={"Cache-Control": "no-store"}), id="no-store"
        ),
        pytest.param(lambda request: HttpResponse(get_token(request)), id="csrf-token"),
        pytest.param(lambda request: _with_cookie(HttpResponse("x")), id="set-cookie"),
        pytest.param(lambda request: HttpResponse("x", status=201), id="not-200"),
    ],
)
def test_personal_or_uncacheable_responses_not_stored(view, page_cache):
    middleware = AnonymousPageCacheMiddleware(view)
    request = RequestFactory().get("/en/")

    middleware(request)
    again = middleware(RequestFactory().get("/en/"))

    assert "X-Page-Cache" not in again
    assert cache.get(middleware.key(request)) is None


def test_cacheable_response_stored_under_current_version(page_cache):
    middleware = AnonymousPageCacheMiddleware(lambda request: HttpResponse("public"))
    request = RequestFactory().get("/en/")

    middleware(request)
    stored_key = middleware.key(request)
    freshness.bump()

    assert gzip.decompress(cache.get(stored_key)["gzip"]) == b"public"
    assert middleware.key(request) != stored_key


def test_unreachable_cache_serves_page_uncached(client, home, settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            # As production configures it (portal/settings/base.py): errors become misses.
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
                "IGNORE_EXCEPTIONS": True,
            },
        },
    }

    response = client.get("/en/")

    assert response.status_code == 200
    assert "Climate Caucus Events" in response.content.decode()
    assert "X-Page-Cache" not in response


def _with_cookie(response):
    response.set_cookie("seen", "1")
    return response


# --- Cookies that do not make a page personal get the cached page (issue 10, item 11) --------


@pytest.mark.parametrize(
    ("cookie", "queries"),
    [
        # Well-formed, as Django writes them: one read of the session store says it is unknown.
        pytest.param(lambda: get_random_string(32, VALID_KEY_CHARS), 1, id="random-key"),
        # Not even a session key's shape: no read at all.
        pytest.param(lambda: "junk", 0, id="malformed"),
    ],
)
def test_bogus_session_cookie_gets_the_cached_page(
    client, home, page_cache, cookie, queries, django_assert_num_queries
):
    first = client.get("/en/")
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie()

    with django_assert_num_queries(queries):
        response = client.get("/en/")

    assert response["X-Page-Cache"] == "hit"
    assert response.content == first.content


def test_expired_or_empty_session_gets_the_cached_page(client, home, page_cache):
    client.get("/en/")
    expired = SessionStore()
    expired["_auth_user_id"] = "1"
    expired.set_expiry(-60)
    expired.create()
    empty = SessionStore()
    empty.create()

    for session in (expired, empty):
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
        assert client.get("/en/")["X-Page-Cache"] == "hit"


def test_signed_in_member_bypasses_a_filled_cache_and_never_fills_it(client, home, page_cache):
    user = get_user_model().objects.create_user("member", password="x" * 12)
    client.get("/en/")
    client.force_login(user)

    response = client.get("/en/")

    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert response.wsgi_request.user == user


def _messages_page(request):
    """A page that shows the visitor's messages, as a member's account page does."""
    shown = ", ".join(str(message) for message in get_messages(request))
    return HttpResponse(f"page [{shown}]")


def _with_messages(*texts):
    request = RequestFactory().get("/en/")
    return CookieStorage(request)._encode([Message(constants.SUCCESS, text) for text in texts])


def test_request_with_messages_gets_its_own_page_and_nobody_else_does(page_cache):
    middleware = AnonymousPageCacheMiddleware(SessionMiddleware(MessageMiddleware(_messages_page)))
    assert middleware(RequestFactory().get("/en/")).content == b"page []"
    own = RequestFactory().get("/en/")
    own.COOKIES[CookieStorage.cookie_name] = _with_messages("Revoked: the old address")

    response = middleware(own)
    after = middleware(RequestFactory().get("/en/"))

    assert response.content == b"page [Revoked: the old address]"
    assert "X-Page-Cache" not in response
    assert after["X-Page-Cache"] == "hit"
    assert after.content == b"page []"


def test_forged_messages_cookie_gets_the_cached_page(page_cache):
    middleware = AnonymousPageCacheMiddleware(SessionMiddleware(MessageMiddleware(_messages_page)))
    middleware(RequestFactory().get("/en/"))
    forged = RequestFactory().get("/en/")
    forged.COOKIES[CookieStorage.cookie_name] = "W10:1a2b3c:forged"

    response = middleware(forged)

    assert response["X-Page-Cache"] == "hit"
    assert response.content == b"page []"


# --- View restrictions reach every cached surface at once (issue 10, item 2) -----------------


TITLE = "Tidewater briefing"


@pytest.fixture
def briefing(chapter, event_index):
    """A public event in a chapter, soon enough for every listing and feed to show it."""
    from django.core.management import call_command
    from django.utils import timezone

    page = event(
        chapter,
        TITLE,
        slug="tidewater",
        start_date=timezone.localdate() + dt.timedelta(days=10),
    )
    call_command("update_index", verbosity=0)
    return page


def surfaces(page):
    """Every anonymous URL that shows `page`: it, its host, the network listings, search,
    the page's, host's and network's feeds, and both APIs."""
    today = dt.date.today()
    host = page.get_parent()
    return [
        page.url,
        host.url,
        "/en/events/",
        "/en/",
        "/en/search/?query=tidewater",
        page.url + "calendar.ics",
        host.url + "calendar.ics",
        "/en/events/calendar.ics",
        f"/api/v1/events/?start={today}&end={today + dt.timedelta(days=60)}",
        f"/api/v1/events/{page.translation_key}/",
        "/api/v2/pages/?type=events.EventPage",
    ]


def test_restricting_a_cached_page_hides_it_from_the_very_next_request_everywhere(
    client, briefing, page_cache, django_capture_on_commit_callbacks
):
    urls = surfaces(briefing)
    for url in urls:
        client.get(url)
    for url in urls:
        response = client.get(url)
        assert TITLE in response.content.decode(), url
        if url.startswith("/en/"):
            assert response["X-Page-Cache"] == "hit", url

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=briefing, restriction_type=PageViewRestriction.LOGIN
        )

    for url in urls:
        response = client.get(url)
        assert TITLE not in response.content.decode(), url
        assert response.get("X-Page-Cache") != "hit", url
    assert client.get(briefing.url).status_code == 404


def test_lifting_a_restriction_shows_the_page_again_at_once(
    client, briefing, page_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=briefing, restriction_type=PageViewRestriction.LOGIN
        )
    urls = surfaces(briefing)
    for url in urls:
        client.get(url)
        assert TITLE not in client.get(url).content.decode(), url

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()

    for url in urls:
        assert TITLE in client.get(url).content.decode(), url


def test_changing_a_restriction_renders_afresh(
    client, briefing, chapter, page_cache, django_capture_on_commit_callbacks
):
    """Any change of a restriction counts, even one that leaves the page hidden."""
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=briefing, restriction_type=PageViewRestriction.LOGIN
        )
    client.get(chapter.url)
    assert client.get(chapter.url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        restriction.restriction_type = PageViewRestriction.GROUPS
        restriction.save()

    assert client.get(chapter.url)["X-Page-Cache"] == "miss"


# --- No stampede after a publish: stale while one request renders (issue 15, item 3) ---------


@pytest.fixture(params=LOCAL_AND_REDIS)
def stale_cache(request, settings):
    """The page cache with stale answers allowed, on the test cache and on Redis (the Lua
    script), which CI runs."""
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_MAX_STALE_SECONDS = 5
    with cache_for(request.param, settings, "swr"):
        yield


def _lock(middleware, request):
    """Hold the render lock of the current version, as another worker rendering would."""
    version = freshness.current_version()
    assert cache.add(f"page:lock{version}:{middleware.digest(request)}", 1, 5)


def test_after_a_publish_a_request_while_another_renders_gets_the_page_before(stale_cache):
    view = Renders()
    middleware = AnonymousPageCacheMiddleware(view)
    before = middleware(RequestFactory().get("/en/"))
    freshness.bump(stale_ok=True)
    _lock(middleware, RequestFactory().get("/en/"))

    response = middleware(RequestFactory().get("/en/"))
    not_modified = middleware(
        RequestFactory().get("/en/", headers={"if-none-match": before["ETag"]})
    )

    assert view.count == 1
    assert (response.status_code, response["X-Page-Cache"]) == (200, "stale")
    assert response.content == before.content == b"render 1"
    assert response["ETag"] == before["ETag"]
    # Served late: no client or proxy may keep it.
    assert response["Cache-Control"] == "max-age=0"
    assert (not_modified.status_code, not_modified["X-Page-Cache"]) == (304, "stale")


def _published_after(view, path="/en/"):
    """The page cache over `view`, `path` rendered and cached by it, then a publish."""
    middleware = AnonymousPageCacheMiddleware(view)
    middleware(RequestFactory().get(path))
    freshness.bump(stale_ok=True)
    return middleware


def test_the_first_request_after_a_publish_is_answered_the_page_before_then_renders_the_new(
    stale_cache,
):
    """Stale-while-revalidate: the reader who takes the render does not wait for it."""
    view = Renders()
    middleware = _published_after(view)

    first = middleware(RequestFactory().get("/en/"))
    second = middleware(RequestFactory().get("/en/"))

    assert (first["X-Page-Cache"], first.content) == ("stale", b"render 1")
    assert (second["X-Page-Cache"], second.content) == ("hit", b"render 2")
    assert view.count == 2


def test_a_revalidation_renders_the_page_every_anonymous_reader_gets(stale_cache):
    """The render after the answer is of a copy of the request without its cookies, its
    validators, its body or its client socket: the page stored is the anonymous page in full."""
    seen = []

    def view(request):
        seen.append(request)
        return HttpResponse(f"render {len(seen)}")

    middleware = AnonymousPageCacheMiddleware(view)
    before = middleware(RequestFactory().get("/en/?page=2"))
    freshness.bump(stale_ok=True)
    reader = RequestFactory().get(
        "/en/?page=2",
        headers={"if-none-match": before["ETag"], "cookie": "csrftoken=abc"},
    )
    reader.environ["gunicorn.socket"] = object()

    answer = middleware(reader)
    after = middleware(RequestFactory().get("/en/?page=2"))

    assert (answer.status_code, answer["X-Page-Cache"]) == (304, "stale")
    render = seen[-1]
    assert render is not reader
    assert render.get_full_path() == "/en/?page=2"
    assert render.COOKIES == {}
    assert "HTTP_IF_NONE_MATCH" not in render.META
    assert "gunicorn.socket" not in render.META
    assert (after["X-Page-Cache"], after.content) == ("hit", b"render 2")


def test_a_failed_revalidation_stores_nothing_and_the_reader_still_gets_the_page_before(
    stale_cache, caplog
):
    answers = iter([HttpResponse("render 1"), HttpResponse("broken", status=500)])
    middleware = _published_after(lambda request: next(answers))

    answer = middleware(RequestFactory().get("/en/"))
    # Another reader while the lock lives: still the page before, not the 500.
    other = middleware(RequestFactory().get("/en/"))

    assert (answer["X-Page-Cache"], answer.content) == ("stale", b"render 1")
    assert (other["X-Page-Cache"], other.content) == ("stale", b"render 1")
    assert "answered 500 to its revalidation; not stored" in caplog.text


@pytest.mark.parametrize("outcome", ["rendered", "waited past its lock"])
def test_a_revalidation_runs_on_its_own_thread_after_the_reader_is_answered(
    stale_cache, settings, outcome
):
    """In production the render runs on the worker's revalidation thread: the reader who took
    it is answered at once, and later readers get the page before until it is stored. A render
    that could only start after its lock expired is left to the reader who takes it next."""
    settings.PAGE_CACHE_REVALIDATE_INLINE = False
    rendering, release, done = threading.Event(), threading.Event(), threading.Event()
    renders = []

    def view(request):
        renders.append(threading.current_thread().name)
        if len(renders) > 1:
            rendering.set()
            release.wait(10)
        return HttpResponse(f"render {len(renders)}")

    middleware = _published_after(view)
    if outcome == "waited past its lock":
        # The thread is busy with another page's render until this one's lock has expired.
        settings.PAGE_CACHE_MAX_STALE_SECONDS = 0.2
        revalidations.submit(lambda: release.wait(10) and done.set())

    first = middleware(RequestFactory().get("/en/"))
    if outcome == "rendered":
        assert rendering.wait(10)
        during = middleware(RequestFactory().get("/en/"))
        release.set()
    else:
        time.sleep(0.3)
        release.set()
        assert done.wait(10)
    revalidations.submit(lambda: None).result(10)  # every render queued before has run

    assert (first["X-Page-Cache"], first.content) == ("stale", b"render 1")
    if outcome == "rendered":
        after = middleware(RequestFactory().get("/en/"))
        assert (during["X-Page-Cache"], during.content) == ("stale", b"render 1")
        assert renders[1].startswith("page-render")
        assert (after["X-Page-Cache"], after.content) == ("hit", b"render 2")
    else:
        assert len(renders) == 1  # dropped, never rendered
        settings.PAGE_CACHE_MAX_STALE_SECONDS = 5


def test_past_the_maximum_staleness_a_request_renders(stale_cache):
    view = Renders()
    middleware = AnonymousPageCacheMiddleware(view)
    middleware(RequestFactory().get("/en/"))
    version = freshness.bump(stale_ok=True)
    _lock(middleware, RequestFactory().get("/en/"))
    # PAGE_CACHE_MAX_STALE_SECONDS have passed since the publish: its mark has expired.
    cache.delete(f"{freshness.STALE_KEY}{version - 1}")

    response = middleware(RequestFactory().get("/en/"))

    assert (response["X-Page-Cache"], response.content) == ("miss", b"render 2")


@pytest.mark.parametrize("stale_ok", [False, True], ids=["withdrawal", "off"])
def test_a_withdrawal_or_no_staleness_never_serves_the_page_before(stale_cache, settings, stale_ok):
    """An unpublish, a restriction, a deletion bump without stale_ok; 0 seconds turns it off."""
    if stale_ok:
        settings.PAGE_CACHE_MAX_STALE_SECONDS = 0
    view = Renders()
    middleware = AnonymousPageCacheMiddleware(view)
    middleware(RequestFactory().get("/en/"))
    freshness.bump(stale_ok=stale_ok)
    _lock(middleware, RequestFactory().get("/en/"))

    response = middleware(RequestFactory().get("/en/"))

    assert (response["X-Page-Cache"], response.content) == ("miss", b"render 2")


def test_a_withdrawal_soon_after_a_publish_never_serves_a_page_from_before_it(stale_cache):
    """The publish marked the version before as one that may be served late; an unpublish
    elsewhere a moment later must not let that page (which may list what it withdrew) out."""
    view = Renders()
    middleware = AnonymousPageCacheMiddleware(view)
    middleware(RequestFactory().get("/en/"))
    freshness.bump(stale_ok=True)
    freshness.bump()  # the withdrawal, before anyone rendered the page again
    _lock(middleware, RequestFactory().get("/en/"))

    after_withdrawal = middleware(RequestFactory().get("/en/"))
    freshness.bump(stale_ok=True)  # a later publish may serve the page rendered since
    _lock(middleware, RequestFactory().get("/en/"))
    later = middleware(RequestFactory().get("/en/"))

    assert (after_withdrawal["X-Page-Cache"], after_withdrawal.content) == ("miss", b"render 2")
    assert (later["X-Page-Cache"], later.content) == ("stale", b"render 2")


def test_a_personal_request_never_gets_the_stale_page_nor_takes_the_render(stale_cache):
    middleware = AnonymousPageCacheMiddleware(SessionMiddleware(MessageMiddleware(_messages_page)))
    middleware(RequestFactory().get("/en/"))
    freshness.bump(stale_ok=True)
    own = RequestFactory().get("/en/")
    own.COOKIES[CookieStorage.cookie_name] = _with_messages("Saved")

    response = middleware(own)
    after = middleware(RequestFactory().get("/en/"))

    assert response.content == b"page [Saved]"
    assert "X-Page-Cache" not in response
    # The render lock was left to an anonymous reader, answered the page before at once and
    # whose render is stored.
    assert (after["X-Page-Cache"], after.content) == ("stale", b"page []")
    assert middleware(RequestFactory().get("/en/"))["X-Page-Cache"] == "hit"


def test_concurrent_requests_after_a_publish_render_the_page_once(stale_cache):
    """N readers arrive while the first is still rendering: one render for the new version."""
    rendering, release = threading.Event(), threading.Event()
    renders = []

    def slow(request):
        renders.append(request)
        if len(renders) > 1:
            rendering.set()
            release.wait(10)
        return HttpResponse(f"render {len(renders)}")

    middleware = AnonymousPageCacheMiddleware(slow)
    middleware(RequestFactory().get("/en/"))
    freshness.bump(stale_ok=True)
    answers = []
    renderer = threading.Thread(
        target=lambda: answers.append(middleware(RequestFactory().get("/en/")))
    )
    renderer.start()
    assert rendering.wait(10)
    with ThreadPoolExecutor(max_workers=8) as pool:
        readers = list(pool.map(lambda _: middleware(RequestFactory().get("/en/")), range(16)))
    release.set()
    renderer.join(10)
    after = middleware(RequestFactory().get("/en/"))

    assert len(renders) == 2  # the page before the publish, then one for the new version
    assert {(r["X-Page-Cache"], r.content) for r in readers} == {("stale", b"render 1")}
    # The reader who took the render was answered the page before too (here, its answer is
    # returned once the render that runs after it in its thread is done).
    assert (answers[0]["X-Page-Cache"], answers[0].content) == ("stale", b"render 1")
    assert (after["X-Page-Cache"], after.content) == ("hit", b"render 2")


def test_a_publish_in_a_transaction_lets_the_page_before_be_served_late(
    client, home, fr_home, stale_cache, django_capture_on_commit_callbacks
):
    # The French home: a page the publish did not render itself (publish_warms renders the
    # English one it changed).
    first = client.get("/fr/")
    with django_capture_on_commit_callbacks(execute=True):
        home.title = "Climate Caucus Events — renamed"
        home.save_revision().publish()
    # A reader's render of the new version is under way elsewhere.
    cache.add(f"page:lock{freshness.current_version()}:{_digest('/fr/')}", 1, 5)

    stale = client.get("/fr/")

    assert (stale["X-Page-Cache"], stale.content) == ("stale", first.content)


def _digest(path):
    return AnonymousPageCacheMiddleware(None).digest(RequestFactory().get(path))


class _Interleaved:
    """The cache, with `read` run after each call a bump makes to it: a reader on another
    worker looking its page up between any two steps of a publish."""

    def __init__(self, real, read):
        self.real, self.read, self.reading = real, read, False

    def __getattr__(self, name):
        value = getattr(self.real, name)
        if self.reading or not callable(value):
            return value

        def call(*args, **kwargs):
            result = value(*args, **kwargs)
            self.reading = True
            try:
                self.read()
            finally:
                self.reading = False
            return result

        return call


def test_no_reader_renders_without_the_lock_while_a_publish_moves_the_version(
    stale_cache, monkeypatch
):
    """The mark that lets the page before be served late is there as soon as the new version
    is: a reader in between was told to render without the lock, as every reader then was."""
    middleware = AnonymousPageCacheMiddleware(Renders())
    middleware(RequestFactory().get("/en/"))
    digest = _digest("/en/")
    lookups = []

    def read():
        lookups.append(freshness.get_unless_matching("page:", f":{digest}", None, stale=True))

    monkeypatch.setattr(freshness, "cache", _Interleaved(cache, read))
    version = freshness.bump(stale_ok=True)
    read()

    states = [
        "render" if found.value is None else "stale" if found.stale else "hit" for found in lookups
    ]
    first = states.index("render")
    assert lookups[-1].version == version
    # The first reader of the new version took the lock and renders; every later one is sent
    # the page before.
    assert states.count("render") == 1
    assert set(states[first + 1 :]) == {"stale"}
