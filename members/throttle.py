"""Sign-in throttling and per-client counters, kept in the cache (shared Redis in production).

Every sign-in form (Wagtail admin, members) authenticates through Django's `authenticate()`,
so the throttle lives there: failures are counted per client IP and per username from the
`user_login_failed` signal, and `ThrottledModelBackend` refuses to check any password once
either count passes the limit, until the window expires. A correct password does not unlock
a throttled account early: that is the point.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

LOGIN_FAILURE_LIMIT = getattr(settings, "LOGIN_FAILURE_LIMIT", 10)
LOGIN_FAILURE_WINDOW = getattr(settings, "LOGIN_FAILURE_WINDOW", 15 * 60)  # seconds


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the address our own proxies saw.

    `TRUSTED_PROXY_COUNT` proxies (load balancer, CDN) append to X-Forwarded-For; anything to
    their left was written by the client and cannot be trusted.
    """
    if request is None:
        return "unknown"
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "unknown")


def hit(key, window):
    """Count one event under `key` for `window` seconds; return the count so far."""
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def _keys(request, username):
    keys = [f"login-failures:ip:{client_ip(request)}"]
    if username:
        keys.append(f"login-failures:user:{str(username).strip().lower()}")
    return keys


def is_throttled(request, username):
    counts = cache.get_many(_keys(request, username))
    return any(count >= LOGIN_FAILURE_LIMIT for count in counts.values())


@receiver(user_login_failed)
def count_failure(sender, credentials, request=None, **kwargs):
    for key in _keys(request, credentials.get("username")):
        hit(key, LOGIN_FAILURE_WINDOW)


@receiver(user_logged_in)
def forget_failures(sender, request, user, **kwargs):
    # Only the username's count: signing in to one's own account must not reset an IP's count.
    cache.delete(_keys(request, user.get_username())[-1])


class ThrottledModelBackend(ModelBackend):
    """Django's backend, refusing to check passwords for a throttled client or username."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        if is_throttled(request, username):
            # Stops authenticate() at once; Django then sends user_login_failed.
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)

    @staticmethod
    def _username_field():
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD
