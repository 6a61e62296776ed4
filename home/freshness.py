"""The one freshness mechanism: a content version shared by every process, bumped on each change
(docs/architecture.md#caching-and-freshness).

Cached pages, API answers and feeds put `current_version()` in their keys, and the API's and
feeds' validators (ETag, Last-Modified) come from `state()`: the version and the time it last
moved. A publish in any worker bumps it, so every worker's next read misses and rebuilds from
the database. Nothing has to be found and deleted, no surface aggregates the schedule to learn
whether it changed, and one Redis read per request is the whole cost of staying correct.

A bump that only changes what is shown (a publish, a move, a translation, a speaker edit) lets
the superseded version's cached answers be served for PAGE_CACHE_MAX_STALE_SECONDS more while
one request renders the new one (`get_unless_matching(stale=True)`: stale-while-revalidate with a
single-flight lock), so a publish does not send every reader of every page to the database at
once. A bump that withdraws something (unpublish, delete, view restriction, access details,
snippet unpublished, the Site) never lets an older answer out again.

Inside a transaction the version moves twice: at once, so that this connection's own next read
(the rest of a request, a test) sees the change, and again once the transaction commits, because
between the two another worker may have rebuilt an answer from the not-yet-committed (old) rows
and stored it under the first new version; the second makes that answer unreachable.
"""

import datetime as dt
import time
from typing import Any, NamedTuple

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail import signals as wagtail_signals
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, Site

from home import near
from home.revalidation import revalidations

KEY = "content-version"
# When each version began (an aware datetime), under the version's own key: the Last-Modified of
# every public answer. Keyed by version, so a reader never pairs a new version with an older
# time; one read of both (get_versioned). Kept a week: a version older than that is rarely
# current, and a missing time is taken as now, which only makes a client fetch once more.
CHANGED_KEY = "content-changed-at:"
CHANGED_SECONDS = 7 * 24 * 3600
# Present for PAGE_CACHE_MAX_STALE_SECONDS after a version was superseded by a change that may be
# shown late (see the module docstring): under the superseded version's own number, so that the
# Lua script below needs no arithmetic on 16-digit numbers (Lua's are doubles).
STALE_KEY = "content-version-stale-ok:"
# The version a withdrawal (a bump without stale_ok) moved to, kept as long as a mark lives: an
# answer stored under an earlier version is never served late, even one whose version was
# marked by a publish a moment before. Beside the marks, "floor" where they have digits.
FLOOR_KEY = f"{STALE_KEY}floor"


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
    """The current content version (an int); starts the counter if the cache has none. Not
    asked of Redis while this process follows the version's changes (home.near)."""
    watch = near.watch(KEY)
    known = watch.current() if watch is not None else None
    if known is not None:
        return known
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
# With the stale-ok key prefix in ARGV[4], a missing value is looked for under the latest version
# stored for it (ARGV[1] .. "latest" .. ARGV[2], written by set_versioned) while that version may
# still be served (its stale-ok key lives, and no withdrawal came after it: FLOOR_KEY; versions
# are below 2^53, exact as Lua's doubles): the first request takes the render lock (SET NX PX
# ARGV[5] ms; "0": never, this request's render would not be stored) and is told to render, the
# others get the older value (or its ETag's match) and a 1 in the fourth place. With ARGV[7] "1"
# (revalidate), the first request gets the older value too, and a 1 in the fifth place: it
# renders the new one after its answer has gone (stale-while-revalidate, RFC 5861); told to
# render only when no older value is left.
# On an ETag's match the value is not read, but the head stored beside it (key + ":head", the
# few headers a 304 repeats; set_versioned) is returned in its place, when there is one.
# With ARGV[8], when no value was found, the value kept under ARGV[8] .. version is returned in
# the sixth place (the version's start, CHANGED_KEY: state() in the same round trip, for a
# request the cache does not answer; a hit or a 304 reads nothing more).
# With a second key, the same call also counts one request under it (KEYS[2], a counter that
# lives ARGV[6] ms from its first request; count_hit) and returns the count and the
# milliseconds it has left (seventh and eighth places): a throttled API answered from the cache
# costs one round trip. It counts ARGV[9] requests at once: a block of numbers this process
# gives out to its next requests (home.near.Leases).
# With ARGV[10], when no value was found, the same call marks the value's key as missed once
# (ARGV[10] .. ARGV[2], for ARGV[11] ms) and says in the ninth place whether it already was: 1,
# missed before (the caller keeps what it builds), or 0 (a first miss: it keeps nothing).
_VERSIONED_GET = """
local function lookup()
local version = redis.call('GET', KEYS[1])
if not version then return {false, false, 0, 0, 0} end
local key = ARGV[1] .. version .. ARGV[2]
if ARGV[3] ~= '' and redis.call('GET', key .. ':etag') == ARGV[3] then
  return {version, redis.call('GET', key .. ':head'), 1, 0, 0}
end
local value = redis.call('GET', key)
if value or ARGV[4] == '' then return {version, value, 0, 0, 0} end
local latest = redis.call('GET', ARGV[1] .. 'latest' .. ARGV[2])
if not latest or latest == version or redis.call('EXISTS', ARGV[4] .. latest) == 0 then
  return {version, false, 0, 0, 0}
end
local floor = redis.call('GET', ARGV[4] .. 'floor')
if floor and tonumber(latest) < tonumber(floor) then return {version, false, 0, 0, 0} end
local lock = ARGV[1] .. 'lock' .. version .. ARGV[2]
local render = 0
if ARGV[5] ~= '0' and redis.call('SET', lock, '1', 'NX', 'PX', ARGV[5]) then
  if ARGV[7] ~= '1' then return {version, false, 0, 0, 0} end
  render = 1
end
key = ARGV[1] .. latest .. ARGV[2]
if ARGV[3] ~= '' and redis.call('GET', key .. ':etag') == ARGV[3] then
  return {version, redis.call('GET', key .. ':head'), 1, 1, render}
end
value = redis.call('GET', key)
if not value then return {version, false, 0, 0, 0} end
return {version, value, 0, 1, render}
end
local found = lookup()
found[6] = false
found[7] = false
found[8] = false
if ARGV[8] ~= '' and found[1] and not found[2] then
  found[6] = redis.call('GET', ARGV[8] .. found[1])
end
if KEYS[2] then
  local block = tonumber(ARGV[9])
  local hits = redis.call('INCRBY', KEYS[2], block)
  if hits == block then redis.call('PEXPIRE', KEYS[2], ARGV[6]) end
  found[7] = hits
  found[8] = redis.call('PTTL', KEYS[2])
end
if ARGV[10] ~= '' and found[1] and not found[2] then
  if redis.call('SET', ARGV[10] .. ARGV[2], '1', 'NX', 'PX', ARGV[11]) then
    found[9] = 0
  else
    found[9] = 1
  end
end
return found
"""
ETAG_SUFFIX = ":etag"
HEAD_SUFFIX = ":head"
# A key's mark of a first miss (get_unless_matching's `admit`), under its head and tail: no
# version, so a key asked for before a publish is kept at its first miss after it.
SEEN_KEY = "missed:"
_scripts = {}


class Count(NamedTuple):
    """A counter's value after one more request (count_hit), and when it starts again."""

    hits: int
    seconds_left: float


class Lookup(NamedTuple):
    """What get_unless_matching found."""

    version: int
    # The request's ETag is the one stored beside the value (which was then not read: `value`
    # is then the head stored beside it, or None).
    matched: bool
    value: Any
    # `matched` and `value` are an earlier version's, served while another request renders.
    stale: bool = False
    # The counter named by `count`, after this request (None when none was named).
    counted: Count | None = None
    # `value` is the older one and this caller holds the render lock: it renders the new value
    # once its answer has gone (get_unless_matching's `revalidate`).
    revalidate: bool = False
    # state() as of this lookup, when asked for (`with_state`), no value was found, and it was
    # read in the same call; else None (the caller reads state() itself).
    state: State | None = None
    # Whether what the caller builds for a missing value should be kept: False only on the
    # first miss of the key within `admit` seconds (get_unless_matching).
    seen: bool = True


def get_versioned(head, tail):
    """(current version, the value cached under f"{head}{version}{tail}" or None).

    On django-redis this is one Lua call (a cached page costs one round trip to Redis, not
    two); on other caches, or before the counter exists, two plain reads.
    """
    found = get_unless_matching(head, tail, None)
    return found.version, found.value


def get_unless_matching(
    head,
    tail,
    etag,
    stale=False,
    lock=True,
    count=None,
    revalidate=False,
    with_state=False,
    parts=None,
    admit=None,
):
    """The current version, whether `etag` is the one stored beside the value, the value or None.

    The value is not read when the ETag matches (it is then the head stored beside it, or
    None): the ETag and the head are stored by `set_versioned` under the value's key + ":etag"
    and + ":head". One Lua call on django-redis.

    With `stale`, a value missing under the current version may be the latest one stored under
    an earlier version, while that version may be served late (module docstring): then one
    caller, the first, is answered "missing" and renders (it holds the render lock for
    PAGE_CACHE_MAX_STALE_SECONDS, or until it dies), and the others get the older value
    (`stale` True). `lock` False: this caller never takes the lock (its render is not stored).
    `revalidate`: the first caller gets the older value as well, with `revalidate` True: it
    renders the new value after answering (no reader waits for a render while an older value
    may be served); it is told to render now only when the older value is gone.

    `count`, a (name, seconds) pair: the same call counts this request as count_hit(name,
    seconds) does (`counted`). A third member, a block size, takes that many numbers at once
    where answers are kept per process (home.near.Leases): the next requests of this process
    take theirs without asking Redis, until the block or its window ends.

    `with_state`: when it finds no value, the same call reads the version's start too (`state`,
    as state() gives it), when it has one; a request that goes on to build its answer needs no
    second round trip.

    `parts`, a function giving a value's (ETag, head) as set_versioned stored them: the answers
    found for the current version are kept in this process too (home.near), and the next
    lookup of one, while the process knows the version is still current, asks Redis nothing.
    With `count`, only while this process has a number of its block to give.

    `admit`, seconds: when no value is found, the key is marked as missed for that long, and
    `seen` says whether it was already (a first miss is told not to keep what it builds: a URL
    asked for once, a crawler's, fills no memory; one asked for twice is kept from then on).
    """
    watch = near.watch(KEY) if parts is not None else None
    counted = None
    if watch is not None and count is not None:
        taken = watch.leases.take(count[0])
        counted = None if taken is None else Count(*taken)
    known = (
        watch.current() if watch is not None and (count is None or counted is not None) else None
    )
    if known is not None:
        entry = watch.store.get(head + tail, known)
        if entry is not None:
            if etag is not None and etag == entry[1]:
                return Lookup(known, True, entry[2], counted=counted)
            if entry[3] is not None:
                return Lookup(known, False, entry[3], counted=counted)
    if counted is not None:
        count = None  # counted already: the lookup below only reads
    seconds = settings.PAGE_CACHE_MAX_STALE_SECONDS if stale else 0
    client = getattr(cache, "client", None)
    if hasattr(client, "get_client") and hasattr(client, "decode"):
        # The writing client: the script may take the render lock.
        raw = client.get_client(write=True)
        script = _scripts.get(id(raw))
        if script is None:
            script = _scripts[id(raw)] = raw.register_script(_VERSIONED_GET)
        wanted = b"" if etag is None else client.encode(etag)
        block = count[2] if count is not None and len(count) > 2 and watch is not None else 1
        keys = [cache.make_key(KEY)]
        args = [
            cache.make_key(head),
            tail,
            wanted,
            cache.make_key(STALE_KEY) if seconds > 0 else "",
            int(seconds * 1000) if lock else 0,
            int(count[1] * 1000) if count is not None else 0,
            "1" if revalidate else "0",
            cache.make_key(CHANGED_KEY) if with_state else "",
            block,
            cache.make_key(f"{SEEN_KEY}{head}") if admit else "",
            int(admit * 1000) if admit else 0,
        ]
        if count is not None:
            keys.append(cache.make_key(count[0]))
        reply = script(keys=keys, args=args)
        version, value, matched, old, render, changed, *hits = reply[:8]
        seen = len(reply) < 9 or bool(reply[8])
        if count is not None:
            counted = _count(count[1], *hits)
            if block > 1:
                # This request's number is the block's first; the process gives out the rest.
                first = counted.hits - block + 1
                watch.leases.give(count[0], first + 1, counted.hits, counted.seconds_left)
                counted = Count(first, counted.seconds_left)
        if version is not None:
            version = int(version)
            value = None if value is None else client.decode(value)
            now = None if changed is None else State(version, client.decode(changed))
            if watch is not None:
                _keep_near(
                    watch, head + tail, version, old, etag if matched else None, value, parts
                )
            return Lookup(
                version, bool(matched), value, bool(old), counted, bool(render), now, seen
            )
    if count is not None and counted is None:
        counted = count_hit(*count[:2])
    found = _lookup_here(head, tail, etag, seconds, lock, revalidate, counted)
    if admit and not found.matched and found.value is None:
        # add() is atomic: of two first misses at once, one is told it was seen.
        return found._replace(seen=not cache.add(f"{SEEN_KEY}{head}{tail}", 1, timeout=admit))
    return found


def _lookup_here(head, tail, etag, seconds, lock, revalidate, counted):
    """get_unless_matching's lookup on any cache, in plain reads."""
    version = current_version()
    found = _read(f"{head}{version}{tail}", etag)
    if found[0] or found[1] is not None or seconds <= 0:
        return Lookup(version, *found, counted=counted)
    latest = cache.get(f"{head}latest{tail}")
    if latest is None or latest == version or not cache.get(f"{STALE_KEY}{latest}"):
        return Lookup(version, False, None, counted=counted)
    if int(latest) < int(cache.get(FLOOR_KEY) or 0):
        return Lookup(version, False, None, counted=counted)
    render = lock and cache.add(f"{head}lock{version}{tail}", 1, timeout=seconds)
    if render and not revalidate:
        return Lookup(version, False, None, counted=counted)
    matched, value = _read(f"{head}{latest}{tail}", etag)
    found = matched or value is not None
    return Lookup(version, matched, value, found, counted, render and found)


def _keep_near(watch, key, version, old, etag, value, parts):
    """Keep in this process what a lookup found under `version` (the ETag it matched and the
    head found in its place, else the value), if that is the version the process knows as
    current: another version's answers are never kept, so a bump leaves them all unread."""
    watch.saw(version)
    if old or version != watch.current():
        return
    if etag is not None:
        watch.store.put(key, version, etag, value, None)
    elif value is not None:
        watch.store.put(key, version, *parts(value), value)


def _read(key, etag):
    """(whether `etag` is the one beside `key`, then the head beside it; else the value under
    `key` or None)."""
    if etag is not None and cache.get(key + ETAG_SUFFIX) == etag:
        return True, cache.get(key + HEAD_SUFFIX)
    return False, cache.get(key)


def set_versioned(head, version, tail, etag, value, timeout, etag_head=None):
    """Store `value` for `version` with its validator `etag` beside it, and `etag_head` (what a
    304 needs of it) if given (see get_unless_matching), and `version` as the latest one stored
    for it (what a later version may serve late)."""
    key = f"{head}{version}{tail}"
    values = {key: value, key + ETAG_SUFFIX: etag, f"{head}latest{tail}": version}
    if etag_head is not None:
        values[key + HEAD_SUFFIX] = etag_head
    cache.set_many(values, timeout)
    watch = near.watch(KEY)
    if watch is not None and version == watch.current():
        watch.store.put(f"{head}{tail}", version, etag, etag_head, value, seconds=timeout)


# A counter that starts at a request and lives `seconds` (ARGV[1], in ms) from there: INCR and
# PEXPIRE in one atomic call, so no counter is ever left without its expiry.
_COUNT = """
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {hits, redis.call('PTTL', KEYS[1])}
"""
UNTIL_SUFFIX = ":until"


def count_hit(name, seconds):
    """Count one request under `name` (a Count): the count starts at the first request and
    lasts `seconds` from it, then starts again (a fixed window, per counter). Atomic, one round
    trip on django-redis; on other caches an add and an increment."""
    client = getattr(cache, "client", None)
    if hasattr(client, "get_client"):
        raw = client.get_client(write=True)
        script = _scripts.get(("count", id(raw)))
        if script is None:
            script = _scripts["count", id(raw)] = raw.register_script(_COUNT)
        return _count(seconds, *script(keys=[cache.make_key(name)], args=[int(seconds * 1000)]))
    now = time.time()
    if cache.add(name, 1, timeout=seconds):
        cache.set(name + UNTIL_SUFFIX, now + seconds, timeout=seconds)
        return Count(1, seconds)
    try:
        hits = cache.incr(name)
    except ValueError:  # expired between the two calls: a new window
        return count_hit(name, seconds)
    return Count(hits, max(cache.get(name + UNTIL_SUFFIX, now + seconds) - now, 0))


def _count(seconds, hits, ttl_ms):
    # A counter without an expiry (-1) or already gone (-2) has its whole window before it.
    return Count(int(hits), ttl_ms / 1000 if ttl_ms > 0 else seconds)


def allow_stale(version, seconds=None):
    """Let `version`'s cached answers be served for `seconds` (PAGE_CACHE_MAX_STALE_SECONDS by
    default) from now while their new versions render (0 = never)."""
    if seconds is None:
        seconds = settings.PAGE_CACHE_MAX_STALE_SECONDS
    if seconds > 0:
        cache.set(f"{STALE_KEY}{version}", 1, timeout=seconds)


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


# Moves the version (KEYS[1]) and, with the stale-ok key prefix in ARGV[1], marks the version it
# supersedes as one that may be served late (for ARGV[2] ms), in one atomic call. Marked after
# the move, as it once was, a reader in between found the new version with its page's older
# entry unmarked and rendered without the lock: every reader at once, the stampede this is for.
# The old version is marked under its own string (no arithmetic); no counter: false.
# A withdrawal (ARGV[3] the FLOOR_KEY, ARGV[4] ms) sets the floor to the new version instead.
# The new version is published on the channel ARGV[5] in the same call, so every process that
# follows it (home.near) gets the versions in the order they were made; a Redis that refuses
# PUBLISH (an ACL) still moves the version (pcall).
_BUMP = """
local old = redis.call('GET', KEYS[1])
if not old then return false end
if ARGV[1] ~= '' then redis.call('SET', ARGV[1] .. old, '1', 'PX', ARGV[2]) end
redis.call('INCR', KEYS[1])
local version = redis.call('GET', KEYS[1])
if ARGV[3] ~= '' then redis.call('SET', ARGV[3], version, 'PX', ARGV[4]) end
for i = 6, #ARGV, 2 do
  redis.call('SET', ARGV[i] .. 'lock' .. version .. ARGV[i + 1], '1', 'NX', 'PX', ARGV[2])
end
redis.pcall('PUBLISH', ARGV[5], version)
return version
"""


class Warm(NamedTuple):
    """A value the process that makes a publish renders itself for the version it makes: the
    render lock of `head` + version + `tail` (get_unless_matching's) is taken by the bump, in
    the same step, so no reader's worker renders it too; render(version) follows the bump."""

    head: str
    tail: str
    render: Any


# Renders a process may owe (home.revalidation) for a publish to render its own pages too: past
# this many, a publish's pages are rendered by their first readers, as other pages are.
WARMS_QUEUED = 8
# Functions a publish's instance (the page) is given to, each returning the Warms of the
# values it changed (portal.page_cache registers the page's own cached page): warm_on_publish.
_publish_warmers = []


def warm_on_publish(warmer):
    """Register warmer(instance) -> [Warm]: after a publish commits, its process renders those
    values itself (refresh_on_commit), so readers get the page before until then, and not one
    rendered by a reader's worker under load."""
    if warmer not in _publish_warmers:
        _publish_warmers.append(warmer)


def bump(stale_ok=False, claims=()):
    """Move the content version forward now; return the new value. With `stale_ok`, the version
    it supersedes may still be served for a few seconds (allow_stale), from the very moment it
    is superseded, and `claims` ((head, tail) pairs, Warm's) are the render locks of the new
    version this process takes in the same step, for the renders it does itself."""
    _local_bumps[0] += 1
    marks = settings.PAGE_CACHE_MAX_STALE_SECONDS
    seconds = marks if stale_ok else 0
    claims = claims if seconds > 0 else ()
    version = _bump_on_redis(seconds, 0 if stale_ok else marks, claims)
    if version is None:
        version = _bump_here(seconds)
        for head, tail in claims:
            cache.add(f"{head}lock{version}{tail}", 1, timeout=seconds)
        if not stale_ok and marks > 0:
            cache.set(FLOOR_KEY, version, timeout=marks)
    cache.set(f"{CHANGED_KEY}{version}", _now(), timeout=CHANGED_SECONDS)
    watch = near.watch(KEY)
    if watch is not None:
        # This process's next lookup already misses, before its message comes back.
        watch.saw(version)
    return version


def _bump_on_redis(seconds, floor_seconds, claims=()):
    """bump() in one atomic Lua call on django-redis (a withdrawal's floor kept `floor_seconds`,
    0 = none; the render locks of `claims` taken for `seconds`); None on other caches or
    without a counter."""
    client = getattr(cache, "client", None)
    if not hasattr(client, "get_client"):
        return None
    raw = client.get_client(write=True)
    script = _scripts.get(("bump", id(raw)))
    if script is None:
        script = _scripts["bump", id(raw)] = raw.register_script(_BUMP)
    prefix = cache.make_key(STALE_KEY) if seconds > 0 else ""
    floor = cache.make_key(FLOOR_KEY) if floor_seconds > 0 else ""
    version = script(
        keys=[cache.make_key(KEY)],
        args=[
            prefix,
            int(seconds * 1000),
            floor,
            int(floor_seconds * 1000),
            near.channel(raw, cache.make_key(KEY)),
            *(part for head, tail in claims for part in (cache.make_key(head), tail)),
        ],
    )
    return None if version is None else int(version)


def _bump_here(seconds):
    """bump() on any cache: the version about to be superseded is marked before it is."""
    before = cache.get(KEY)
    if before is not None:
        allow_stale(int(before), seconds)
    try:
        version = cache.incr(KEY)
    except ValueError:  # no counter yet (fresh or flushed cache)
        cache.add(KEY, _initial(), timeout=None)
        version = cache.incr(KEY)
    if before is None or version != int(before) + 1:
        # Another process moved it in between, maybe for a withdrawal: only the version this
        # bump superseded may be served late.
        if before is not None:
            cache.delete(f"{STALE_KEY}{before}")
        allow_stale(version - 1, seconds)
    return version


def bump_on_commit(stale_ok=False, warms=(), **kwargs):
    """Signal receiver: bump now and, inside a transaction, again once it has committed. The
    bump that follows the commit (the only one outside a transaction) claims `warms` and then
    renders them: the rows they read are committed by then."""

    def committed(before=None):
        # A bulk publish (a tree synced, a demo seeded) leaves the rest to their readers.
        ahead = warms if revalidations.pending() < WARMS_QUEUED else ()
        version = bump(stale_ok, [(warm.head, warm.tail) for warm in ahead])
        if stale_ok and before is not None:
            # Readers see the change from the commit on: the version before the transaction
            # may be served late for as long after it, not after its start.
            allow_stale(before - 1)
        for warm in ahead:
            warm.render(version)

    if transaction.get_connection().in_atomic_block:
        version = bump(stale_ok)
        transaction.on_commit(lambda: committed(version))
    else:
        committed()


def refresh_on_commit(instance=None, **kwargs):
    """Signal receiver for changes that only alter what is shown (a publish): bump_on_commit,
    the superseded version's answers served for a few seconds while new ones render; a page's
    own cached answers rendered by this process (warm_on_publish)."""
    warms = []
    if isinstance(instance, Page) and settings.PAGE_CACHE_MAX_STALE_SECONDS > 0:
        warms = [warm for warmer in _publish_warmers for warm in warmer(instance)]
    bump_on_commit(stale_ok=True, warms=warms)


def _snippet_published(sender, instance, **kwargs):
    # A page's publish sends `published` too, after page_published: one bump is enough. A second
    # one made every page render twice for one publish, once per version, the same content.
    if not isinstance(instance, Page):
        refresh_on_commit()


def _page_deleted(sender, instance, **kwargs):
    # post_delete fires for every model; only pages (and their subclasses) change the site.
    if isinstance(instance, Page):
        bump_on_commit()


def connect_signals():
    """Connect the receivers for every change that alters what a reader sees."""
    uid = "home.freshness"
    wagtail_signals.page_published.connect(refresh_on_commit, dispatch_uid=f"{uid}.published")
    wagtail_signals.page_unpublished.connect(bump_on_commit, dispatch_uid=f"{uid}.unpublished")
    wagtail_signals.post_page_move.connect(refresh_on_commit, dispatch_uid=f"{uid}.moved")
    # A new translation (wagtail-localize's sync publishes through page_published as well).
    wagtail_signals.copy_for_translation_done.connect(
        refresh_on_commit, dispatch_uid=f"{uid}.translated"
    )
    # Snippets with draft state (published/unpublished are sent for non-page models).
    wagtail_signals.published.connect(_snippet_published, dispatch_uid=f"{uid}.snippet-published")
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
    post_save.connect(refresh_on_commit, sender=speaker, dispatch_uid=f"{uid}.speaker-saved")
    post_delete.connect(bump_on_commit, sender=speaker, dispatch_uid=f"{uid}.speaker-deleted")
    # An image's new file or focal point makes new renditions, and may delete those that
    # pages and answers kept per version name (speakers' photos, event images).
    image = get_image_model()
    post_save.connect(refresh_on_commit, sender=image, dispatch_uid=f"{uid}.image-saved")
    post_delete.connect(bump_on_commit, sender=image, dispatch_uid=f"{uid}.image-deleted")
    # Access details may carry a join link published openly on pages, feeds and the API (the
    # access policy decides); a save or delete is as rare as it is visible.
    details = apps.get_model("events", "AccessDetails")
    post_save.connect(bump_on_commit, sender=details, dispatch_uid=f"{uid}.access-saved")
    post_delete.connect(bump_on_commit, sender=details, dispatch_uid=f"{uid}.access-deleted")
    # Every absolute URL in a cached answer is built on the Site's address (setup_site sets it
    # from SITE_URL; an administrator may change it in Settings → Sites).
    post_save.connect(bump_on_commit, sender=Site, dispatch_uid=f"{uid}.site-saved")
    post_delete.connect(bump_on_commit, sender=Site, dispatch_uid=f"{uid}.site-deleted")
