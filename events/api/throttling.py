"""Anonymous rate limiting of the public API (answers 429 with Retry-After)."""

from django.conf import settings

from rest_framework.throttling import AnonRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    """Per client address, at settings.API_ANON_RATE.

    The rate is read at each request, not when DRF's settings load, so an environment or test
    override takes effect without restarting the class.
    """

    def __init__(self):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_rate(self):
        return settings.API_ANON_RATE


class MemberOrAnonymousThrottle(AnonymousThrottle):
    """The same rate, per member for a caller with a personal token, else per address."""

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return self.cache_format % {"scope": "member", "ident": request.user.pk}
        return super().get_cache_key(request, view)
