"""How a cached page is kept and sent: gzip-compressed in the cache, or as files once large.

The page cache (portal.page_cache) decides who gets a cached page; this module decides what is
stored and how it goes out (docs/architecture.md#caching-and-freshness):

- The body is stored once, gzip-compressed (Django's `compress_string`, as its GZipMiddleware
  writes it, without the random padding: a cached page holds no secret to guess), with the
  response's headers. A client that accepts gzip is sent those bytes as they are
  (`Content-Encoding: gzip`, the ETag made weak as GZipMiddleware does); any other client gets
  them decompressed, once per process: the plain bytes are kept in memory (PlainBodies, bounded
  by PLAIN_MEMO_BYTES) under the compressed bytes they came from, so a calendar client that
  sends no Accept-Encoding costs what a gzip one does, not an inflate of the page per hit.
  Every answer says `Vary: Accept-Encoding`.
- A body of PAGE_CACHE_FILE_BYTES or more (the network feed: megabytes) is not put in the cache
  at all: it is written, plain and compressed, to the `page_cache` storage under its content
  hash, and the cache holds the file names. Such a page is sent as whitenoise sends a static
  file: a FileResponse that the server streams with sendfile, no copy through Python, its
  headers those stored (none guessed from the file, as whitenoise's own response does).
  Each host keeps its own files; a file missing on this host is a cache miss. Files not written
  or reused for the cache timeout (plus a minute for requests in flight) are deleted when the
  next one is written.
"""

import gzip
import hashlib
import logging
import os
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http import FileResponse, HttpResponse, HttpResponseNotModified
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

from home import responses

logger = logging.getLogger(__name__)
STORAGE = "page_cache"
# Never stored: the length depends on the encoding sent, the marker on hit or miss.
SKIPPED_HEADERS = {"content-length", "x-page-cache", "set-cookie"}
# What a reader still fetching a file may need after its entry expired.
FILE_GRACE_SECONDS = 60
# Bytes of decompressed bodies each process keeps for readers that do not accept gzip.
PLAIN_MEMO_BYTES = 16 * 1024 * 1024


def accepts_gzip(request):
    return bool(re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")))


def payload(response, etag, timeout):
    """What the cache keeps for `response` (a plain 200 with content) whose ETag is `etag`."""
    body = response.content
    headers = [(k, v) for k, v in response.items() if k.lower() not in SKIPPED_HEADERS]
    headers.append(("ETag", etag))
    compressed = compress_string(body)
    if len(body) < settings.PAGE_CACHE_FILE_BYTES:
        return {"headers": headers, "gzip": compressed}
    name = hashlib.sha256(body).hexdigest()
    storage = storages[STORAGE]
    return {
        "headers": headers,
        "file": _keep(storage, name, body, timeout),
        "gzip_file": _keep(storage, f"{name}.gz", compressed, timeout),
    }


def parts(stored):
    """(ETag, head) of what `payload` stored, as set_versioned keeps them beside it: a page's
    304 needs no head (home.freshness.get_unless_matching)."""
    return dict(stored["headers"])["ETag"], None


def _keep(storage, name, data, timeout):
    """The name of a file in `storage` holding `data`: the one already there, or a new one."""
    try:
        if storage.exists(name) and storage.size(name) == len(data):
            # Reused: it must outlive the entry about to point at it.
            os.utime(storage.path(name))
            return name
    except NotImplementedError:
        pass  # a storage without local paths: write it again (S3 overwrites in place)
    _prune(storage, timeout + FILE_GRACE_SECONDS)
    return storage.save(name, ContentFile(data))


def _prune(storage, max_age):
    """Delete the files not written or reused for `max_age` seconds: no entry points at them."""
    cutoff = time.time() - max_age
    try:
        for name in storage.listdir("")[1]:
            if storage.get_modified_time(name).timestamp() < cutoff:
                storage.delete(name)
    except FileNotFoundError:
        pass  # nothing written yet
    except OSError:
        logger.warning("page cache files could not be pruned", exc_info=True)


class PlainBodies:
    """The decompressed bodies of this process's latest plain hits, `limit` bytes at most.

    Keyed by the compressed bytes themselves, not by a URL or a version: what is sent is still
    decided by the cache lookup alone, and a body found here is exactly the decompression of
    the bytes that lookup returned, so it can be neither stale nor another page's. Least
    recently used first out. Threads of a worker share it (gthread).
    """

    def __init__(self, limit):
        self.limit = limit
        self.size = 0
        self.bodies = OrderedDict()
        self.lock = threading.Lock()

    def plain(self, compressed):
        """gzip.decompress(compressed), inflated only when not already kept."""
        with self.lock:
            body = self.bodies.get(compressed)
            if body is not None:
                self.bodies.move_to_end(compressed)
                return body
        # Outside the lock: threads inflating other pages need not wait for this one.
        body = gzip.decompress(compressed)
        cost = len(compressed) + len(body)
        if cost <= self.limit:
            with self.lock:
                if compressed not in self.bodies:
                    self.bodies[compressed] = body
                    self.size += cost
                while self.size > self.limit:
                    old, old_body = self.bodies.popitem(last=False)
                    self.size -= len(old) + len(old_body)
        return body


plain_bodies = PlainBodies(PLAIN_MEMO_BYTES)


class StoredFileResponse(FileResponse):
    """A stored file sent as it is: its headers are the stored page's, Content-Length the
    file's size (nothing guessed from the file's name, no Content-Disposition)."""

    def set_headers(self, filelike):
        self.headers["Content-Length"] = filelike.size


def respond(request, stored):
    """The response for a cache hit, in the encoding the request accepts; None when the
    stored body is a file this host no longer has (the caller renders afresh)."""
    gzipped = accepts_gzip(request)
    if "file" in stored:
        name = stored["gzip_file" if gzipped else "file"]
        try:
            response = StoredFileResponse(storages[STORAGE].open(name, "rb"))
        except OSError:
            return None
        length = response["Content-Length"]
    else:
        body = stored["gzip"] if gzipped else plain_bodies.plain(stored["gzip"])
        response = HttpResponse(body)
        length = str(len(body))
    responses.restore(response, stored["headers"])
    response["Content-Length"] = length
    if gzipped:
        response["Content-Encoding"] = "gzip"
        response["ETag"] = weak(response["ETag"])
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def not_modified(request, etag):
    """304 for a cached page whose ETag the request holds: the headers a 200 would carry."""
    response = HttpResponseNotModified()
    response["ETag"] = weak(etag) if accepts_gzip(request) else etag
    patch_vary_headers(response, ["Accept-Language", "Accept-Encoding"])
    return response


def weak(etag):
    """A strong ETag made weak (RFC 9110 8.8.1: the gzip-encoded body is another byte sequence,
    the same content); weak comparison, which If-None-Match uses, still matches either."""
    return etag if etag.startswith("W/") else f"W/{etag}"
