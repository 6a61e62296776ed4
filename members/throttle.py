"""Throttles for sign-in, password reset and "request access", counted in the cache (one shared
Redis in production, so every worker sees the same counts).

Each attempt is counted *before* it is acted on, by an atomic increment (`hit`): the attempt
that takes a count past its limit is refused unchecked, so a burst of concurrent attempts on any
number of workers gets no more than the limit through.

Sign-in: every form (Wagtail admin, members) authenticates through Django's `authenticate()`,
so the throttle lives in its backend, `ThrottledModelBackend`. Two counts, so that nobody can
lock anyone else out:

- per account *and* client address (`LOGIN_FAILURE_LIMIT`): guessing one member's password from
  one address stops there, while the member still signs in from their own;
- per client address (`LOGIN_ADDRESS_FAILURE_LIMIT`, higher): guessing across many accounts
  stops that address, and only that address.

There is deliberately no count per account alone: anyone who knows a member's name could lock
them out with it. A successful sign-in takes its own count back and clears that address's
failures on the account, so members signing in never use up their office's allowance.

Counts are per client address as `client_ip` finds it: behind a proxy that `TRUSTED_PROXY_COUNT`
does not declare, every visitor has the proxy's address (`manage.py check --deploy` warns,
portal.W001; docs/deploy.md). IPv6 clients are counted by their /64 network, which one host
usually holds whole. If the cache is down, nothing is counted and nothing refused: an outage
must not lock every member out.
"""

import contextlib
import hashlib
import ipaddress
import logging
import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

logger = logging.getLogger(__name__)
_warned_unused_forwarded_for = False


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the address our own proxies saw.

    `TRUSTED_PROXY_COUNT` proxies (load balancer, CDN) append to X-Forwarded-For; anything to
    their left was written by the client and cannot be trusted.
    """
    if request is None:
        return "unknown"
    proxies = settings.TRUSTED_PROXY_COUNT or 0
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies:
        forwarded = [a.strip() for a in header.split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    elif header:
        _warn_unused_forwarded_for()
    return request.META.get("REMOTE_ADDR", "unknown")


def _warn_unused_forwarded_for():
    # Once per process: a proxy adds the header to every request, and so may any client.
    global _warned_unused_forwarded_for
    if not _warned_unused_forwarded_for:
        _warned_unused_forwarded_for = True
        logger.warning(
            "A request carries X-Forwarded-For but TRUSTED_PROXY_COUNT is %s: if a proxy is in "
            "front of the site, every visitor has its address and shares one throttle. Set "
            "TRUSTED_PROXY_COUNT to the number of proxies (docs/deploy.md).",
            settings.TRUSTED_PROXY_COUNT,
        )


def client_network(request):
    """What the throttles count per client: the IPv4 address, or the IPv6 /64 network."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def normalize(identifier):
    """A username or e-mail address as counted: one count for all its case and width variants."""
    return unicodedata.normalize("NFKC", str(identifier)).strip().casefold()


def counter_key(kind, *parts):
    """A cache key for `kind` and its parts, hashed: no usernames or addresses kept in clear,
    and no character a cache backend would refuse."""
    digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()[:40]
    return f"throttle:{kind}:{digest}"


def hit(key, window):
    """Count one event under `key`, atomically; return the count, this one included.

    The window (seconds) starts at the first event; later events do not extend it. 0 if the
    cache is unavailable (django-redis then answers None rather than raising).
    """
    for _ in range(3):
        if cache.add(key, 1, window):
            return 1
        try:
            return cache.incr(key) or 0
        except ValueError:  # expired between add and incr: the next add starts a new window
            continue
    return 0


def unhit(key):
    """Take back one event counted under `key`, if its window is still open."""
    with contextlib.suppress(ValueError):  # the window closed meanwhile: nothing to take back
        cache.decr(key)


def admit(kind, parts, limit, window):
    """Count one attempt of `kind` by `parts`; False once more than `limit` fall in the window."""
    return hit(counter_key(kind, *parts), window) <= limit


# --- Sign-in ---------------------------------------------------------------------------------


def _sign_in_keys(request, username):
    network = client_network(request)
    return (
        counter_key("sign-in:account", normalize(username), network),
        counter_key("sign-in:address", network),
    )


def count_sign_in(request, username):
    """Count a sign-in attempt before its password is checked; False if it must be refused."""
    for_account, for_address = _sign_in_keys(request, username)
    window = settings.LOGIN_FAILURE_WINDOW
    # Both counted, even when the first refuses: hammering a locked account is abuse too.
    account_ok = hit(for_account, window) <= settings.LOGIN_FAILURE_LIMIT
    address_ok = hit(for_address, window) <= settings.LOGIN_ADDRESS_FAILURE_LIMIT
    return account_ok and address_ok


def signed_in(request, username):
    """A counted attempt succeeded: it was no failure, and this address may start afresh."""
    for_account, for_address = _sign_in_keys(request, username)
    cache.delete(for_account)
    unhit(for_address)


class ThrottledModelBackend(ModelBackend):
    """Django's backend, counting each attempt first and refusing to check a password once
    the client is over a limit."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None  # as ModelBackend: nothing to check, nothing to count
        if not count_sign_in(request, username):
            # Stops authenticate() at once; Django then sends user_login_failed.
            raise PermissionDenied
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:
            signed_in(request, username)
        return user


# --- Password reset --------------------------------------------------------------------------


def admit_password_reset(request, email):
    """Count a valid reset request, for the client address and then for the e-mail address.

    Counted whether or not an account uses the address, so the answer tells nothing about
    accounts. A client already over its own limit does not use up the mailbox's allowance.
    """
    window = settings.PASSWORD_RESET_WINDOW
    return admit(
        "password-reset:address",
        [client_network(request)],
        settings.PASSWORD_RESET_ADDRESS_LIMIT,
        window,
    ) and admit(
        "password-reset:email", [normalize(email)], settings.PASSWORD_RESET_EMAIL_LIMIT, window
    )


# --- Request access --------------------------------------------------------------------------


def admit_access_request(request):
    """Count a valid "request access" submission from this client address."""
    return admit(
        "request-access:address",
        [client_network(request)],
        settings.REQUEST_ACCESS_LIMIT,
        settings.REQUEST_ACCESS_WINDOW,
    )
