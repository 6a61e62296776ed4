"""Cached pages are kept compressed, sent gzip-encoded or plain as the reader accepts, large
ones as files; a conditional request reads the ETag alone (issue 15, item 4)."""

import datetime as dt
import gzip
import os
import time

from django.core.cache import cache, caches
from django.http import FileResponse, HttpResponse
from django.test import RequestFactory
from django.utils.text import compress_string

import pytest

from home import freshness
from portal import page_store
from portal.page_cache import AnonymousPageCacheMiddleware
from tests.factories import event
from tests.helpers import needs_redis, on_redis

BODY = b"BEGIN:VCALENDAR\r\n" + b"DESCRIPTION:A working session on climate action.\r\n" * 400


def _feed(request):
    return HttpResponse(BODY, content_type="text/calendar; charset=utf-8")


@pytest.fixture
def page_cache(settings, tmp_path):
    settings.PAGE_CACHE_SECONDS = 300
    settings.STORAGES = {
        **settings.STORAGES,
        "page_cache": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "page-cache"},
        },
    }
    return tmp_path / "page-cache"


def get(middleware, **headers):
    return middleware(RequestFactory().get("/en/events/calendar.ics", headers=headers))


def body(response):
    if isinstance(response, FileResponse):
        content = b"".join(response.streaming_content)
        if response.file_to_stream is not None:  # the test client's wrapper closes it itself
            response.file_to_stream.close()  # as the server does once it has sent it
        return content
    return response.content


def test_reader_accepting_gzip_gets_the_stored_gzip_with_a_weak_etag(page_cache):
    middleware = AnonymousPageCacheMiddleware(_feed)
    plain = get(middleware)

    response = get(middleware, accept_encoding="gzip, deflate, br")

    assert response["X-Page-Cache"] == "hit"
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content) == BODY
    assert int(response["Content-Length"]) == len(response.content) < len(BODY)
    assert response["ETag"] == f"W/{plain['ETag']}"
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Accept-Encoding" in response["Vary"]


def test_reader_not_accepting_gzip_gets_plain_bytes(page_cache):
    middleware = AnonymousPageCacheMiddleware(_feed)
    get(middleware, accept_encoding="gzip")

    response = get(middleware, accept_encoding="identity")

    assert response["X-Page-Cache"] == "hit"
    assert "Content-Encoding" not in response
    assert response.content == BODY
    assert response["Content-Length"] == str(len(BODY))
    assert not response["ETag"].startswith("W/")
    assert "Accept-Encoding" in response["Vary"]


def test_first_reader_gets_the_encoding_it_accepts_and_the_vary_header(page_cache):
    middleware = AnonymousPageCacheMiddleware(_feed)

    response = get(middleware, accept_encoding="gzip")

    assert response["X-Page-Cache"] == "miss"
    assert gzip.decompress(response.content) == BODY
    assert "Accept-Encoding" in response["Vary"]


def test_cache_holds_the_body_compressed(page_cache):
    middleware = AnonymousPageCacheMiddleware(_feed)
    request = RequestFactory().get("/en/events/calendar.ics")
    middleware(request)

    stored = cache.get(middleware.key(request))

    assert gzip.decompress(stored["gzip"]) == BODY
    assert len(stored["gzip"]) < len(BODY) / 10


def test_plain_reader_after_a_change_gets_the_new_page(page_cache):
    bodies = [BODY]
    middleware = AnonymousPageCacheMiddleware(lambda request: HttpResponse(bodies[-1]))
    get(middleware)
    assert get(middleware).content == BODY  # a plain hit: its body kept in this process
    bodies.append(BODY + b"SUMMARY:Moved\r\n")
    freshness.bump()

    rendered, hit = get(middleware), get(middleware)

    assert (rendered["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert rendered.content == hit.content == bodies[-1]
    assert rendered["ETag"] == hit["ETag"] != get(middleware, accept_encoding="gzip")["ETag"]


# --- Plain bodies kept per process ------------------------------------------------------------


def test_plain_bodies_inflate_a_page_once():
    kept = page_store.PlainBodies(limit=1024 * 1024)
    compressed = compress_string(BODY)

    first = kept.plain(compressed)
    again = kept.plain(bytes(bytearray(compressed)))  # equal bytes, as the next hit reads them

    assert first == BODY
    assert again is first


def test_plain_bodies_drop_the_least_recently_used_beyond_their_limit():
    pages = [compress_string(BODY + str(n).encode()) for n in range(3)]
    kept = page_store.PlainBodies(limit=2 * max(len(c) + len(BODY) + 1 for c in pages))
    first = kept.plain(pages[0])
    kept.plain(pages[1])
    kept.plain(pages[0])  # used again: the second is now the least recently used

    kept.plain(pages[2])

    assert list(kept.bodies) == [pages[0], pages[2]]
    assert kept.size == sum(len(c) + len(b) for c, b in kept.bodies.items()) <= kept.limit
    assert kept.plain(pages[0]) is first


def test_plain_bodies_never_keep_a_body_larger_than_their_limit():
    kept = page_store.PlainBodies(limit=len(BODY))
    compressed = compress_string(BODY)

    assert kept.plain(compressed) == BODY
    assert (kept.bodies, kept.size) == ({}, 0)


@pytest.mark.parametrize("etag", ["{etag}", "W/{etag}", '"other", W/{etag}'])
def test_etag_of_either_encoding_answers_304(page_cache, etag):
    middleware = AnonymousPageCacheMiddleware(_feed)
    strong = get(middleware)["ETag"]

    response = get(middleware, if_none_match=etag.format(etag=strong), accept_encoding="gzip")

    assert response.status_code == 304
    assert response["ETag"] == f"W/{strong}"
    assert "Accept-Encoding" in response["Vary"]


def test_conditional_request_reads_the_etag_and_never_the_page(page_cache, settings, monkeypatch):
    # A cache without Lua: the reads are the cache's own, and can be watched.
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "etag"},
    }
    middleware = AnonymousPageCacheMiddleware(_feed)
    request = RequestFactory().get("/en/events/calendar.ics")
    etag = middleware(request)["ETag"]
    key = middleware.key(request)
    read = []
    backend = caches["default"]
    real_get = backend.get
    monkeypatch.setattr(backend, "get", lambda k, *a, **kw: read.append(k) or real_get(k, *a, **kw))

    response = get(middleware, if_none_match=etag)

    assert response.status_code == 304
    assert f"{key}:etag" in read
    assert key not in read


def test_changed_content_version_does_not_answer_304(page_cache):
    middleware = AnonymousPageCacheMiddleware(_feed)
    etag = get(middleware)["ETag"]
    freshness.bump()

    response = get(middleware, if_none_match=etag)

    assert response.status_code == 200
    assert response["X-Page-Cache"] == "miss"


@needs_redis
def test_conditional_request_on_redis_never_moves_the_page(page_cache, settings):
    """The stored page is replaced by bytes that cannot be decoded: a 304 that read it fails."""
    with on_redis(settings, "page-store") as backend:
        middleware = AnonymousPageCacheMiddleware(_feed)
        request = RequestFactory().get("/en/events/calendar.ics")
        etag = middleware(request)["ETag"]
        raw = backend.client.get_client(write=True)
        raw.set(backend.make_key(middleware.key(request)), b"not a pickle")

        response = get(middleware, if_none_match=etag)

        assert response.status_code == 304
        assert response["ETag"] == etag


# --- Large bodies as files -------------------------------------------------------------------


@pytest.fixture
def as_files(settings, page_cache):
    settings.PAGE_CACHE_FILE_BYTES = 1024
    return page_cache


@pytest.mark.parametrize(("accept", "decode"), [("gzip", gzip.decompress), ("", bytes)])
def test_large_page_is_sent_from_a_file(as_files, accept, decode):
    middleware = AnonymousPageCacheMiddleware(_feed)
    body(get(middleware))

    response = get(middleware, accept_encoding=accept)

    assert isinstance(response, FileResponse)
    assert response["X-Page-Cache"] == "hit"
    sent = body(response)
    assert decode(sent) == BODY
    assert response["Content-Length"] == str(len(sent))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Content-Disposition" not in response
    assert "Accept-Encoding" in response["Vary"]
    assert response.get("Content-Encoding") == (accept or None)


def test_large_page_kept_out_of_the_cache(as_files):
    middleware = AnonymousPageCacheMiddleware(_feed)
    request = RequestFactory().get("/en/events/calendar.ics")
    body(middleware(request))

    stored = cache.get(middleware.key(request))

    assert "gzip" not in stored
    assert sorted(p.name for p in as_files.iterdir()) == sorted(
        [stored["file"], stored["gzip_file"]]
    )
    assert (as_files / stored["file"]).read_bytes() == BODY


def test_missing_file_renders_afresh(as_files):
    rendered = []
    middleware = AnonymousPageCacheMiddleware(lambda request: rendered.append(1) or _feed(request))
    body(get(middleware))
    for path in as_files.iterdir():
        path.unlink()

    response = get(middleware)

    assert response["X-Page-Cache"] == "miss"
    assert body(response) == BODY
    assert len(rendered) == 2


def test_expired_files_pruned_when_another_is_written(as_files, settings):
    middleware = AnonymousPageCacheMiddleware(_feed)
    body(get(middleware))
    old = list(as_files.iterdir())
    expired = time.time() - settings.PAGE_CACHE_SECONDS - page_store.FILE_GRACE_SECONDS - 1
    for path in old:
        os.utime(path, (expired, expired))
    other = AnonymousPageCacheMiddleware(lambda request: HttpResponse(BODY + b"changed"))

    body(other(RequestFactory().get("/en/chapters/calendar.ics")))

    assert not any(path.exists() for path in old)
    assert len(list(as_files.iterdir())) == 2


# --- Through the whole stack -----------------------------------------------------------------


def test_network_feed_cached_gzip_and_plain(client, event_index, page_cache):
    first = client.get("/en/events/calendar.ics")

    zipped = client.get("/en/events/calendar.ics", HTTP_ACCEPT_ENCODING="gzip")
    plain = client.get("/en/events/calendar.ics")
    again = client.get("/en/events/calendar.ics", HTTP_IF_NONE_MATCH=zipped["ETag"])

    assert (zipped["X-Page-Cache"], plain["X-Page-Cache"]) == ("hit", "hit")
    assert gzip.decompress(zipped.content) == plain.content == first.content
    assert b"BEGIN:VCALENDAR" in plain.content
    assert plain["Last-Modified"] == first["Last-Modified"]
    assert "stale-while-revalidate" in plain["Cache-Control"]
    assert again.status_code == 304


@pytest.fixture(params=["in the cache", "as files"])
def kept(request, settings, page_cache):
    """A feed kept in the cache (compressed), or as files (plain and compressed)."""
    if request.param == "as files":
        settings.PAGE_CACHE_FILE_BYTES = 1024
    return request.param


def test_chapter_feed_cached_answers_plain_and_gzip_alike_without_a_query(
    client, chapter, kept, django_assert_num_queries
):
    for n in range(12):
        event(chapter, title=f"Chapter call {n}", start_date=dt.date.today() + dt.timedelta(n))
    url = chapter.url + "calendar.ics"
    first = client.get(url)

    with django_assert_num_queries(0):
        plain = client.get(url)
        zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        again = [client.get(url) for _ in range(2)]
        not_modified = [
            client.get(url, HTTP_IF_NONE_MATCH=plain["ETag"]),
            client.get(url, HTTP_IF_NONE_MATCH=zipped["ETag"], HTTP_ACCEPT_ENCODING="gzip"),
        ]

    assert (plain["X-Page-Cache"], zipped["X-Page-Cache"]) == ("hit", "hit")
    sent = body(plain)
    assert len(sent) > 1024 and sent.count(b"BEGIN:VEVENT") == 12
    assert gzip.decompress(body(zipped)) == sent == body(first)
    assert [body(response) for response in again] == [sent, sent]
    assert "Content-Encoding" not in plain and zipped["Content-Encoding"] == "gzip"
    assert plain["Content-Length"] == str(len(sent))
    assert zipped["ETag"] == f"W/{plain['ETag']}" and not plain["ETag"].startswith("W/")
    for name in ("Content-Type", "Last-Modified", "Cache-Control"):
        assert plain[name] == zipped[name] == first[name], name
    assert "stale-while-revalidate=86400" in plain["Cache-Control"]
    for response in (plain, zipped, *not_modified):
        assert "Accept-Encoding" in response["Vary"]
    assert [r.status_code for r in not_modified] == [304, 304]
    assert [r["ETag"] for r in not_modified] == [plain["ETag"], zipped["ETag"]]


def test_withdrawn_event_leaves_the_plain_feed_at_once(
    client, chapter, kept, django_capture_on_commit_callbacks
):
    shown = event(chapter, title="Shown call", start_date=dt.date.today())
    withdrawn = event(chapter, title="Withdrawn call", start_date=dt.date.today())
    url = chapter.url + "calendar.ics"
    body(client.get(url))
    assert b"Withdrawn call" in body(client.get(url))  # a plain hit, its body kept

    with django_capture_on_commit_callbacks(execute=True):
        withdrawn.unpublish()

    for headers in ({}, {"HTTP_ACCEPT_ENCODING": "gzip"}, {}):
        response = client.get(url, **headers)
        sent = body(response)
        sent = gzip.decompress(sent) if response.get("Content-Encoding") else sent
        assert b"Withdrawn call" not in sent and shown.title.encode() in sent
