"""members.throttle.client_ip: only our own proxies' X-Forwarded-For entries are believed."""

from django.test import RequestFactory

import pytest

from members.throttle import client_ip


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.1"),  # no proxy configured: the header is the client's lie
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # our proxy appended the real peer
        (2, "6.6.6.6, 203.0.113.7, 10.9.9.9", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.1"),  # fewer entries than proxies: fall back to the peer
    ],
)
def test_client_ip_trusts_only_configured_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
