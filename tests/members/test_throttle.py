"""members.throttle: sign-in attempts counted before any password is checked, per account and
address and per address; only our own proxies' X-Forwarded-For entries are believed."""

import logging
import threading
import time

from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connections
from django.test import Client, RequestFactory

import pytest

from members import throttle
from members.throttle import client_ip
from tests.access_fixtures import make_user

LOGIN = "/en/account/login/"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.1"),  # no proxy configured: the header is the client's lie
        (None, "6.6.6.6", "10.0.0.1"),  # not declared: the same, and check --deploy warns
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # our proxy appended the real peer
        (2, "6.6.6.6, 203.0.113.7, 10.9.9.9", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.1"),  # fewer entries than proxies: fall back to the peer
    ],
)
def test_client_ip_trusts_only_configured_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_forwarded_header_without_declared_proxies_warns_once(settings, caplog, monkeypatch):
    """Behind a proxy with TRUSTED_PROXY_COUNT=0 every visitor has the proxy's address: say so."""
    monkeypatch.setattr(throttle, "_warned_unused_forwarded_for", False, raising=False)
    settings.TRUSTED_PROXY_COUNT = 0
    factory = RequestFactory()
    with caplog.at_level(logging.WARNING, logger="members.throttle"):
        client_ip(factory.get("/", REMOTE_ADDR="10.0.0.1"))
        assert not caplog.records
        for _ in range(3):
            client_ip(factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4"))
    (record,) = caplog.records
    assert record.levelno == logging.WARNING
    assert "TRUSTED_PROXY_COUNT" in record.getMessage()


def test_forwarded_header_with_declared_proxies_does_not_warn(settings, caplog, monkeypatch):
    monkeypatch.setattr(throttle, "_warned_unused_forwarded_for", False, raising=False)
    settings.TRUSTED_PROXY_COUNT = 1
    with caplog.at_level(logging.WARNING, logger="members.throttle"):
        client_ip(RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4"))
    assert not caplog.records


def test_ipv6_clients_are_counted_by_their_64_bit_network():
    """One host holds a whole /64: counting single IPv6 addresses would give it 2**64 tries."""
    factory = RequestFactory()
    one = throttle.client_network(factory.get("/", REMOTE_ADDR="2001:db8:1:2::1"))
    other = throttle.client_network(factory.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9"))
    neighbour = throttle.client_network(factory.get("/", REMOTE_ADDR="2001:db8:1:3::1"))
    assert one == other != neighbour
    assert throttle.client_network(factory.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


def _sign_in(client, username, password, address):
    response = client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)
    return response.status_code == 302 and "_auth_user_id" in client.session


@pytest.mark.django_db
def test_failures_on_an_account_do_not_lock_its_member_out_from_elsewhere(
    client, home, elected, settings
):
    """Anyone can type a member's name: failures from one address must not lock the member out."""
    for _ in range(settings.LOGIN_FAILURE_LIMIT + 5):
        assert not _sign_in(Client(), "elected", "guess", "198.51.100.66")
    # The attacker's address is stopped for this account, even with the right password…
    assert not _sign_in(Client(), "elected", "pw-elected", "198.51.100.66")
    # …and the member, from their own address, signs in.
    assert _sign_in(client, "elected", "pw-elected", "203.0.113.5")


@pytest.mark.django_db
def test_failures_on_one_account_do_not_block_the_others_at_that_address(
    home, elected, staff_member, settings
):
    """Colleagues share an office's address: one forgotten password must not lock them all out."""
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert not _sign_in(Client(), "elected", "forgotten", "203.0.113.5")
    assert _sign_in(Client(), "staffer", "pw-staffer", "203.0.113.5")


@pytest.mark.django_db
def test_address_wide_limit_blocks_only_that_address(home, staff_member, settings):
    """Guessing across many names from one address stops that address, and no other."""
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12
    for i in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
        assert not _sign_in(Client(), f"name-{i % 4}", "guess", "198.51.100.66")
    assert not _sign_in(Client(), "staffer", "pw-staffer", "198.51.100.66")
    assert _sign_in(Client(), "staffer", "pw-staffer", "203.0.113.5")


@pytest.mark.django_db
def test_behind_declared_proxies_each_visitor_is_counted_apart(home, staff_member, settings):
    """Through the load balancer every request has its address; X-Forwarded-For tells them apart."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12
    attacker = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.66"}
    for i in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT + 3):
        Client().post(LOGIN, {"username": f"name-{i}", "password": "guess"}, **attacker)
    member = Client()
    response = member.post(
        LOGIN,
        {"username": "staffer", "password": "pw-staffer"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert response.status_code == 302
    assert "_auth_user_id" in member.session


@pytest.mark.django_db
def test_signing_in_does_not_use_up_the_address_allowance(home, staff_member, settings):
    """Only failures count: members signing in one after another from an office never lock it."""
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    for _ in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT + 3):
        assert _sign_in(Client(), "staffer", "pw-staffer", "203.0.113.5")


@pytest.mark.django_db
def test_a_success_clears_that_address_failures_on_the_account(home, staff_member, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        assert not _sign_in(Client(), "staffer", "typo", "203.0.113.5")
    assert _sign_in(Client(), "staffer", "pw-staffer", "203.0.113.5")
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        assert not _sign_in(Client(), "staffer", "typo", "203.0.113.5")
    assert _sign_in(Client(), "staffer", "pw-staffer", "203.0.113.5")


class GatedHasher(MD5PasswordHasher):
    """MD5 whose every check waits at a gate, as a real (slow) password hash keeps attempts in
    flight: the test opens the gate once every concurrent attempt is either checking or refused.
    """

    algorithm = "gated_md5"
    gate = threading.Event()
    checked = []
    lock = threading.Lock()

    def verify(self, password, encoded):
        with self.lock:
            self.checked.append(password)
        self.gate.wait(timeout=30)
        return super().verify(password, encoded)


def _attempt(password, results):
    try:
        client = Client()
        response = client.post(LOGIN, {"username": "target", "password": password})
        results.append(
            (password, response.status_code == 302 and "_auth_user_id" in client.session)
        )
    finally:
        connections.close_all()


def _wait_until(condition):
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, "concurrent sign-ins did not settle"
        time.sleep(0.01)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_wrong_passwords_check_no_more_than_the_limit(home, django_user_model, settings):
    """30 wrong passwords at once, then the right one while they are still being checked:
    only LOGIN_FAILURE_LIMIT passwords are ever checked, and the right one is refused.

    Threads on the real cache (local memory here, Redis when REDIS_URL is set): counting after
    the check let every attempt of a burst through before the first failure was counted.
    """
    settings.PASSWORD_HASHERS = [f"{__name__}.GatedHasher"]
    make_user(django_user_model, "target")
    GatedHasher.gate.clear()
    GatedHasher.checked.clear()
    results = []
    right = threading.Thread(target=_attempt, args=("pw-target", results))
    burst = [threading.Thread(target=_attempt, args=(f"wrong-{i}", results)) for i in range(30)]
    try:
        for thread in burst:
            thread.start()
        _wait_until(lambda: len(GatedHasher.checked) + len(results) == len(burst))
        right.start()
        _wait_until(lambda: len(GatedHasher.checked) + len(results) == len(burst) + 1)
    finally:
        GatedHasher.gate.set()
        for thread in [*burst, right]:
            if thread.is_alive():
                thread.join(timeout=30)
    assert len(results) == len(burst) + 1
    assert ("pw-target", False) in results
    assert len(GatedHasher.checked) == settings.LOGIN_FAILURE_LIMIT
    assert "pw-target" not in GatedHasher.checked
    assert not any(signed_in for _password, signed_in in results)
