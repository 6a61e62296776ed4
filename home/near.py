"""What each process knows of the content version without asking Redis, and the answers it keeps
for that version (docs/architecture.md#caching-and-freshness).

A cached page or API answer costs one round trip to Redis (home.freshness.get_unless_matching):
the version and the answer under it, read together so that a change anywhere is seen at once.
That round trip is most of a hit's cost. Here each worker process learns of every change as it
happens instead of asking: every bump publishes the new version (in the same atomic Lua call
that makes it, so the messages come in version order), and a thread of each process follows
that channel (`Watch`). While the subscription is known to be alive (a PING answered within
TRUST_SECONDS) the process knows the current version, and an answer it has read or stored for
that version (`Store`, bounded in bytes) is sent again without asking Redis. Anything else (a
miss, an answer served late after a publish, a counted API request) asks Redis as before.

What that costs in freshness: a change is seen by another process when its thread has read the
message, well under a millisecond after the bump on an idle worker, a few milliseconds while its
other threads hold the interpreter; a request already under way may be answered with what was
current when it began, as it could be before. If the subscription fails (Redis restarted, the
connection cut), the process stops trusting what it knows at once or, on a silent failure,
within TRUST_SECONDS, and asks Redis on every request until it has subscribed and read the
version again. A lower version than the one known (the counter was reset by hand) empties the
store.
"""

import logging
import os
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)
# A PING goes down the subscription this often; what the process knows is trusted only while
# an answer to one came back within TRUST_SECONDS.
PING_SECONDS = 0.5
TRUST_SECONDS = 2.0
# A watch that lost its subscription tries again after RETRY_SECONDS; one that keeps failing
# to subscribe (a Redis that refuses SUBSCRIBE: set NEAR_CACHE_BYTES=0 there) waits twice as
# long each time, up to RETRY_MAX_SECONDS, and logs its first failure, then one a minute at most.
RETRY_SECONDS = 1.0
RETRY_MAX_SECONDS = 60.0
CHANNEL_SUFFIX = ":moved"
# The longest an answer is kept here before it is read from Redis again: what the shared cache
# holds times out (PAGE_CACHE_SECONDS: "upcoming" moves on with the clock), and after a publish
# the page before is served late from the shared cache only if it is still there, so a page
# that kept being sent from here must be read, and rendered again once expired, there too.
KEEP_SECONDS = 30.0


class Store:
    """Answers kept for one content version each, `limit` bytes at most, least recently used
    out, each for KEEP_SECONDS at most (or the `seconds` it is put for, if fewer). An entry is
    (version, ETag or None, head or None, value or None, its cost, when it expires): what lookups
    found under that version, merged as more is found (a 304's lookup finds the ETag and head, a
    200's the value and its ETag); an answer stored again under another ETag replaces it.
    Threads of a worker share it."""

    def __init__(self, limit):
        self.limit = limit
        self.size = 0
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, version):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry[0] != version or entry[5] <= time.monotonic():
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key, version, etag=None, head=None, value=None, seconds=KEEP_SECONDS):
        cost = len(key) + weight(head) + weight(value) + 200
        if cost > self.limit:
            return
        now = time.monotonic()
        expires = now + min(seconds, KEEP_SECONDS)
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= old[4]
                # The same answer (one version, no two ETags), not expired: what each lookup
                # found of it. (An expired one is replaced: merged, it would stay expired, and
                # the answer would never be kept here again in that version.)
                if (
                    old[0] == version
                    and old[5] > now
                    and (None in (etag, old[1]) or etag == old[1])
                ):
                    etag = etag if etag is not None else old[1]
                    head = head if head is not None else old[2]
                    value = value if value is not None else old[3]
                    cost = len(key) + weight(head) + weight(value) + 200
                    expires = min(expires, old[5])
            self.entries[key] = (version, etag, head, value, cost, expires)
            self.size += cost
            while self.size > self.limit:
                _key, dropped = self.entries.popitem(last=False)
                self.size -= dropped[4]

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


def weight(value, depth=0):
    """About how many bytes `value` (a kept answer: dicts and lists of bytes and strings) holds."""
    if value is None:
        return 0
    if isinstance(value, bytes | str):
        return len(value)
    if depth < 4 and isinstance(value, dict):
        return sum(weight(k, depth + 1) + weight(v, depth + 1) for k, v in value.items())
    if depth < 4 and isinstance(value, list | tuple):
        return sum(weight(v, depth + 1) for v in value)
    return 64


class Leases:
    """Numbers of rate counters (home.freshness.count_hit's) this process took from Redis in
    blocks, given out one per request without asking Redis again.

    A block is counted in Redis when it is taken, so no client gets more requests than its rate
    allows: numbers a process took and did not use only make the other processes' numbers
    higher (a client may be refused up to one block per other process early, in one window).
    A block's numbers end with the counter's window. At most `limit` counters, least recently
    used out. Threads of a worker share it.
    """

    def __init__(self, limit=10_000):
        self.limit = limit
        self.blocks = OrderedDict()
        self.lock = threading.Lock()

    def take(self, name):
        """(the next number of the block for `name`, seconds left in its window), else None."""
        now = time.monotonic()
        with self.lock:
            block = self.blocks.get(name)
            if block is None:
                return None
            number, last, end = block
            if number > last or now >= end:
                del self.blocks[name]
                return None
            block[0] = number + 1
            self.blocks.move_to_end(name)
            return number, end - now

    def give(self, name, first, last, seconds):
        """Numbers `first` to `last` of `name`'s counter, whose window ends in `seconds`."""
        if first > last:
            return
        with self.lock:
            self.blocks[name] = [first, last, time.monotonic() + seconds]
            self.blocks.move_to_end(name)
            while len(self.blocks) > self.limit:
                self.blocks.popitem(last=False)


class Watch:
    """Follows the version channel of one Redis for this process (see the module docstring)."""

    def __init__(self, client, decode, key, channel, limit):
        self.client = client
        self.decode = decode
        self.key = key
        self.channel = channel
        self.store = Store(limit)
        self.leases = Leases()
        self.lock = threading.Lock()
        self.known = None
        # time.monotonic() of the last sign of life of the subscription; 0: none to trust.
        self.confirmed = 0.0
        # Whether the subscription being followed was confirmed (the retries start over).
        self.subscribed = False
        self.stopped = threading.Event()
        # The subscription being followed (a test cuts it to see the watch recover).
        self.pubsub = None
        self.thread = threading.Thread(target=self.run, name="content-version-watch", daemon=True)
        self.thread.start()

    def current(self):
        """The current version, when this process knows it without asking; else None."""
        if time.monotonic() - self.confirmed < TRUST_SECONDS:
            return self.known
        return None

    def saw(self, version):
        """A version this process read from Redis or moved to itself: never older than the
        one it knew, so a read that raced a message cannot take the process back."""
        with self.lock:
            if self.known is not None and version > self.known:
                self.known = version

    def moved(self, version):
        """A version published by a bump (in order): a lower one is a reset."""
        with self.lock:
            if self.known is not None and version < self.known:
                self.store.clear()
                self.known = version
            elif self.known is None or version > self.known:
                self.known = version

    def stop(self):
        """End the thread (within PING_SECONDS) and stop trusting what it knew."""
        self.stopped.set()
        with self.lock:
            self.confirmed = 0.0

    def run(self):
        delay = 0.0
        while not self.stopped.is_set():
            self.subscribed = False
            try:
                self.follow()
            except Exception:
                if self.subscribed:
                    delay = 0.0
                delay = min(2 * delay, RETRY_MAX_SECONDS) if delay else RETRY_SECONDS
                if not self.stopped.is_set() and delay in (RETRY_SECONDS, RETRY_MAX_SECONDS):
                    logger.warning(
                        "content version watch %s; subscribing again in %g s",
                        "lost its subscription" if self.subscribed else "cannot subscribe",
                        delay,
                        exc_info=True,
                    )
            with self.lock:
                self.confirmed = 0.0
                self.known = None
            self.store.clear()
            self.stopped.wait(delay)

    def follow(self):
        pubsub = self.pubsub = self.client.pubsub()
        try:
            pubsub.subscribe(self.channel)
            deadline = time.monotonic() + TRUST_SECONDS
            while True:
                message = pubsub.get_message(timeout=PING_SECONDS)
                if message is not None and message["type"] == "subscribe":
                    break
                if time.monotonic() > deadline:
                    raise TimeoutError("no confirmation of the subscription")
            with self.lock:
                self.confirmed = time.monotonic()
            self.subscribed = True
            pinged = 0.0
            while not self.stopped.is_set():
                if self.known is None:
                    # Subscribed before reading: no bump can fall between the read and the
                    # messages. Read again until the counter exists (a new Redis has none
                    # until a request starts it).
                    raw = self.client.get(self.key)
                    if raw is not None:
                        self.moved(int(self.decode(raw)))
                now = time.monotonic()
                if now - pinged >= PING_SECONDS:
                    pubsub.ping()
                    pinged = now
                message = pubsub.get_message(timeout=PING_SECONDS)
                if message is None:
                    if time.monotonic() - self.confirmed > 2 * TRUST_SECONDS:
                        raise TimeoutError("the subscription stopped answering")
                    continue
                if message["type"] == "message":
                    self.moved(int(message["data"]))
                elif message["type"] == "pong":
                    with self.lock:
                        self.confirmed = time.monotonic()
        finally:
            pubsub.close()


_watches = {}
_watches_lock = threading.Lock()


def watch(key):
    """This process's Watch of the default cache's Redis, whose version is under `key`, started
    on first use; None when the cache is not django-redis or NEAR_CACHE_BYTES is 0."""
    limit = settings.NEAR_CACHE_BYTES
    client = getattr(cache, "client", None)
    if limit <= 0 or not hasattr(client, "get_client"):
        return None
    version_key = cache.make_key(key)
    name = (os.getpid(), tuple(client._server), version_key)
    found = _watches.get(name)
    if found is not None:
        return found
    with _watches_lock:
        found = _watches.get(name)
        if found is None:
            raw = client.get_client(write=True)
            found = _watches[name] = Watch(
                raw, client.decode, version_key, channel(raw, version_key), limit
            )
    return found


def channel(raw, version_key):
    """The channel bumps publish on: Redis's channels are server-wide, so the database is in
    the name beside the cache's key prefix."""
    database = raw.connection_pool.connection_kwargs.get("db", 0)
    return f"{version_key}:db{database}{CHANNEL_SUFFIX}"
