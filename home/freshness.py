"""The one freshness mechanism: a content version shared by every process, bumped on each change
(docs/architecture.md#caching-and-freshness).

Cached pages, API answers and feeds put `current_version()` in their keys, and the API's and
feeds' validators (ETag, Last-Modified) come from `state()`: the version and the time it last
moved. A publish in any worker bumps it, so every worker's next read misses and rebuilds from
the database. Nothing has to be found and deleted, no surface aggregates the schedule to learn
whether it changed, and one Redis read per request is the whole cost of staying correct.

Inside a transaction the version moves twice: at once, so that this connection's own next read
(the rest of a request, a test) sees the change, and again once the transaction commits, because
between the two another worker may have rebuilt an answer from the not-yet-committed (old) rows
and stored it under the first new version; the second makes that answer unreachable.
"""

import datetime as dt
import time
from typing import NamedTuple

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail import signals as wagtail_signals
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, Site

KEY = "content-version"
# When each version began (an aware datetime), under the version's own key: the Last-Modified of
# every public answer. Keyed by version, so a reader never pairs a new version with an older
# time; one read of both (get_versioned). Kept a week: a version older than that is rarely
# current, and a missing time is taken as now, which only makes a client fetch once more.
CHANGED_KEY = "content-changed-at:"
CHANGED_SECONDS = 7 * 24 * 3600


# What is computed once per content version and shared by every worker (shared()): under the
# version in its key, so a bump leaves it unread. Kept an hour: a version that lives longer is
# read again from the database once an hour, which is cheap beside once per request.
SHARED_KEY = "per-version:"
SHARED_SECONDS = 3600
# How many times this process has bumped the version: a request that reads the version once
# and then publishes (editing views) reads it again (visibility.request_memo).
_local_bumps = [0]


class State(NamedTuple):
    """The content version and when it last moved."""

    version: int
    changed_at: dt.datetime


def _initial():
    # Microseconds since the epoch: if the counter is evicted or flushed it restarts above every
    # value it had before (unless it was bumped more than once per microsecond on average), so no
    # key built on an old version can be mistaken for a new one. Fits Redis's 64-bit INCR.
    return int(time.time() * 1_000_000)


def _now():
    # Whole seconds, as HTTP dates have them: If-Modified-Since compares against these.
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def current_version():
    """The current content version (an int); starts the counter if the cache has none."""
    value = cache.get(KEY)
    if value is None:
        # add() is atomic: two workers starting the counter at once agree on one value.
        cache.add(KEY, _initial(), timeout=None)
        value = cache.get(KEY)
    return int(value)


def state():
    """The content version and when it began: one cache round trip on Redis.

    A version with no time yet (just bumped in another worker, or the cache was flushed) is
    given now: no later than the truth is never stale, only a fetch more for a client.
    """
    version, changed_at = get_versioned(CHANGED_KEY, "")
    if changed_at is None:
        version = current_version()
        cache.add(f"{CHANGED_KEY}{version}", _now(), timeout=CHANGED_SECONDS)
        changed_at = cache.get(f"{CHANGED_KEY}{version}") or _now()
    return State(version, changed_at)


# One round trip instead of two for the hot path of a cached page: read the version, then the
# value stored under it, inside Redis. KEYS[1] is the version's key; the value's key is
# ARGV[1] .. version .. ARGV[2], built the way the cache builds its keys (make_key). With an
# ETag in ARGV[3] (encoded as the cache encodes values), the value's validator, kept beside it
# under the key + ":etag", is compared first: on a match the value itself is never read, so a
# conditional request for a 2 MB feed moves a few bytes, not the feed.
_VERSIONED_GET = """
local version = redis.call('GET', KEYS[1])
if not version then return {false, false, 0} end
local key = ARGV[1] .. version .. ARGV[2]
if ARGV[3] ~= '' and redis.call('GET', key .. ':etag') == ARGV[3] then
  return {version, false, 1}
end
return {version, redis.call('GET', key), 0}
"""
ETAG_SUFFIX = ":etag"
_scripts = {}


def get_versioned(head, tail):
    """(current version, the value cached under f"{head}{version}{tail}" or None).

    On django-redis this is one Lua call (a cached page costs one round trip to Redis, not
    two); on other caches, or before the counter exists, two plain reads.
    """
    version, _matched, value = get_unless_matching(head, tail, None)
    return version, value


def get_unless_matching(head, tail, etag):
    """(current version, whether `etag` is the one stored beside the value, the value or None).

    The value is not read when the ETag matches (it is then None): the ETag is stored by
    `set_with_etag` under the value's key + ":etag". One Lua call on django-redis.
    """
    client = getattr(cache, "client", None)
    if hasattr(client, "get_client") and hasattr(client, "decode"):
        raw = client.get_client(write=False)
        script = _scripts.get(id(raw))
        if script is None:
            script = _scripts[id(raw)] = raw.register_script(_VERSIONED_GET)
        wanted = b"" if etag is None else client.encode(etag)
        version, value, matched = script(
            keys=[cache.make_key(KEY)], args=[cache.make_key(head), tail, wanted]
        )
        if version is not None:
            return int(version), bool(matched), None if value is None else client.decode(value)
    version = current_version()
    key = f"{head}{version}{tail}"
    if etag is not None and cache.get(key + ETAG_SUFFIX) == etag:
        return version, True, None
    return version, False, cache.get(key)


def set_with_etag(key, etag, value, timeout):
    """Store `value` under `key` and its validator `etag` beside it (see get_unless_matching)."""
    cache.set_many({key: value, key + ETAG_SUFFIX: etag}, timeout)


def local_bumps():
    """How many times this process has moved the version (see visibility.request_memo)."""
    return _local_bumps[0]


def shared(version, name, build):
    """build() for content version `version`, computed by one worker and read by all: kept in
    the shared cache under the version and `name` (a string), so a bump makes it unreachable
    and nothing is ever deleted. `build` returns something picklable, never None."""
    key = f"{SHARED_KEY}{version}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, SHARED_SECONDS)
    return value


def bump():
    """Move the content version forward now; return the new value."""
    _local_bumps[0] += 1
    try:
        version = cache.incr(KEY)
    except ValueError:  # no counter yet (fresh or flushed cache)
        cache.add(KEY, _initial(), timeout=None)
        version = cache.incr(KEY)
    cache.set(f"{CHANGED_KEY}{version}", _now(), timeout=CHANGED_SECONDS)
    return version


def bump_on_commit(**kwargs):
    """Signal receiver: bump now and, inside a transaction, again once it has committed."""
    bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump)


def _page_deleted(sender, instance, **kwargs):
    # post_delete fires for every model; only pages (and their subclasses) change the site.
    if isinstance(instance, Page):
        bump_on_commit()


def connect_signals():
    """Connect the receivers for every change that alters what a reader sees."""
    uid = "home.freshness"
    wagtail_signals.page_published.connect(bump_on_commit, dispatch_uid=f"{uid}.published")
    wagtail_signals.page_unpublished.connect(bump_on_commit, dispatch_uid=f"{uid}.unpublished")
    wagtail_signals.post_page_move.connect(bump_on_commit, dispatch_uid=f"{uid}.moved")
    # A new translation (wagtail-localize's sync publishes through page_published as well).
    wagtail_signals.copy_for_translation_done.connect(
        bump_on_commit, dispatch_uid=f"{uid}.translated"
    )
    # Snippets with draft state (published/unpublished are sent for non-page models).
    wagtail_signals.published.connect(bump_on_commit, dispatch_uid=f"{uid}.snippet-published")
    wagtail_signals.unpublished.connect(bump_on_commit, dispatch_uid=f"{uid}.snippet-unpublished")
    post_delete.connect(_page_deleted, dispatch_uid=f"{uid}.deleted")
    # A view restriction hides (or, removed, shows) a page's whole branch, or a collection's
    # documents and images, on every surface: created, changed or deleted, like a publish.
    for model in (PageViewRestriction, CollectionViewRestriction):
        name = model._meta.model_name
        post_save.connect(bump_on_commit, sender=model, dispatch_uid=f"{uid}.{name}-saved")
        post_delete.connect(bump_on_commit, sender=model, dispatch_uid=f"{uid}.{name}-deleted")
    # Speakers are plain snippets shown on event pages: an edit is live at once.
    speaker = apps.get_model("events", "Speaker")
    post_save.connect(bump_on_commit, sender=speaker, dispatch_uid=f"{uid}.speaker-saved")
    post_delete.connect(bump_on_commit, sender=speaker, dispatch_uid=f"{uid}.speaker-deleted")
    # Access details may carry a join link published openly on pages, feeds and the API (the
    # access policy decides); a save or delete is as rare as it is visible.
    details = apps.get_model("events", "AccessDetails")
    post_save.connect(bump_on_commit, sender=details, dispatch_uid=f"{uid}.access-saved")
    post_delete.connect(bump_on_commit, sender=details, dispatch_uid=f"{uid}.access-deleted")
    # Every absolute URL in a cached answer is built on the Site's address (setup_site sets it
    # from SITE_URL; an administrator may change it in Settings → Sites).
    post_save.connect(bump_on_commit, sender=Site, dispatch_uid=f"{uid}.site-saved")
