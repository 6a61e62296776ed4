"""Rate limiting of the public API (answers 429 with Retry-After).

Each client has a counter in the shared cache (home.freshness.count_hit): it starts at the
client's first request and lasts the rate's period, then starts again; a request that takes it
past the rate's number is refused until then (Retry-After says how long). One atomic increment
per request and nothing else: DRF's own throttles read and write back the list of every recent
request's time, a list as long as the rate allows, twice per request. An anonymous answer from
the cache (events.api.caching) is counted by the same call that looks it up.
"""

from django.conf import settings

from rest_framework.throttling import AnonRateThrottle

from home import freshness

# The most numbers of a client's counter one process takes at once (anonymous_counter).
BLOCK_MAX = 50


class AnonymousThrottle(AnonRateThrottle):
    """Per client address, at settings.API_ANON_RATE.

    The rate is read at each request, not when DRF's settings load, so an environment or test
    override takes effect without restarting the class.
    """

    # Not DRF's "throttle_…" keys: those hold DRF's lists of times, never a counter.
    cache_format = "api-hits:%(scope)s:%(ident)s"

    def __init__(self):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.seconds_left = None

    def get_rate(self):
        return settings.API_ANON_RATE

    def anonymous_counter(self, request):
        """(the counter's name for an anonymous caller, its period in seconds, a block size):
        what events.api.caching counts a request under before DRF has seen it. A process that
        keeps answers (home.near) takes a block of numbers at once: a hundredth of the rate, at
        most BLOCK_MAX, so a client is refused at most that many requests early per other
        process, never let through more than the rate."""
        name = self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        return name, self.duration, max(1, min(BLOCK_MAX, self.num_requests // 100))

    def allow_request(self, request, view):
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        # Counted already when the answer was looked up in the cache (events.api.caching).
        counted = getattr(request, "api_counted", None)
        if counted is None or counted[0] != key:
            counted = key, freshness.count_hit(key, self.duration)
        hits, self.seconds_left = counted[1]
        return hits <= self.num_requests

    def wait(self):
        return self.seconds_left


class MemberOrAnonymousThrottle(AnonymousThrottle):
    """The same rate, per member for a caller with a personal token, else per address."""

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return self.cache_format % {"scope": "member", "ident": request.user.pk}
        return super().get_cache_key(request, view)
