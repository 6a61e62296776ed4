"""A database that freezes fails the request (503) instead of holding its thread forever.

The frozen server is played by local sockets that accept and never answer, as a SIGSTOPped
PostgreSQL's kernel does. No timings are asserted: each test only needs its call to end.
"""

import contextlib
import os
import socket
import threading
import time

from django.db import OperationalError, connection, connections
from django.db.utils import ConnectionHandler

import dj_database_url
import pytest

from portal.postgresql.deadline import watchdog
from portal.postgresql.unanswered import unanswered

# The frozen server is a relay to a real PostgreSQL: the test database's on the PostgreSQL run,
# this one on the SQLite run (.ci/run starts PostgreSQL before either).
POSTGRESQL_URL = os.environ.get(
    "TEST_POSTGRESQL_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture
def postgresql():
    """Connection settings of a PostgreSQL server to relay to."""
    if connection.vendor == "postgresql":
        return connection.settings_dict
    return ConnectionHandler({"default": dj_database_url.parse(POSTGRESQL_URL)}).settings["default"]


@pytest.fixture(autouse=True)
def database_answers(monkeypatch):
    """Each test starts with the server answering, and a probe a test started stops after it."""
    monkeypatch.setattr(unanswered, "since", None)


def test_watchdog_shuts_down_a_call_past_its_deadline():
    waiting, silent = socket.socketpair()
    with waiting, silent, watchdog.watch(waiting.fileno(), 0.05) as call:
        received = waiting.recv(1)  # the peer never writes: only the watchdog ends this

    assert call.cut
    assert received == b""


def test_watchdog_leaves_a_call_that_ends_in_time_alone():
    one, other = socket.socketpair()
    with one, other:
        with watchdog.watch(one.fileno(), 60) as call:
            other.sendall(b"x")
            received = one.recv(1)
        one.sendall(b"y")  # still connected

        assert other.recv(1) == b"y"
    assert not call.cut
    assert received == b"x"


def backend(settings_dict, deadline, settings):
    """A portal.postgresql connection for `settings_dict`, as production configures it."""
    settings.DATABASE_CLIENT_DEADLINE_SECONDS = deadline
    handler = ConnectionHandler({"default": {**settings_dict, "ENGINE": "portal.postgresql"}})
    return handler["default"]


@pytest.mark.django_db
def test_connecting_to_a_server_that_never_answers_times_out(settings):
    """connect_timeout covers the start-up exchange too, not only the TCP handshake (which a
    frozen server's kernel completes)."""
    with socket.create_server(("127.0.0.1", 0)) as listening:  # accepts, never answers
        host, port = listening.getsockname()
        silent = backend(
            {
                "NAME": "portal",
                "USER": "portal",
                "HOST": host,
                "PORT": port,
                "OPTIONS": {"connect_timeout": 2},
            },
            deadline=0.2,
            settings=settings,
        )
        with pytest.raises(OperationalError):
            silent.ensure_connection()


class FreezingRelay:
    """A TCP relay to a PostgreSQL server that, once frozen, reads what the client sends and
    forwards nothing, its sockets left open: a server stopped with SIGSTOP, seen from here."""

    def __init__(self, host, port):
        self.upstream = (host, port)
        self.frozen = threading.Event()
        self.done = threading.Event()
        self.listening = socket.create_server(("127.0.0.1", 0))
        self.sockets = [self.listening]
        self.port = self.listening.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        with contextlib.suppress(OSError):
            while True:
                client, _ = self.listening.accept()
                server = socket.create_connection(self.upstream)
                self.sockets += [client, server]
                for source, target in ((client, server), (server, client)):
                    threading.Thread(target=self.pipe, args=(source, target), daemon=True).start()

    def pipe(self, source, target):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                if self.frozen.is_set():
                    self.done.wait()
                    return
                target.sendall(data)

    def close(self):
        self.done.set()
        for sock in self.sockets:
            # Shut down first: a socket closed while a thread waits in recv() stays connected.
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


@pytest.fixture
def relay(postgresql):
    settings_dict = postgresql
    relay = FreezingRelay(settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432))
    yield relay
    relay.close()


@pytest.fixture
def frozen_connection(settings, relay, postgresql):
    """A connection like the default alias's, through a relay that then freezes."""
    settings_dict = postgresql
    watched = backend(
        {
            **settings_dict,
            "HOST": "127.0.0.1",
            "PORT": relay.port,
            "CONN_MAX_AGE": 60,  # persistent, as in production: the request meets it open
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {**settings_dict.get("OPTIONS", {}), "connect_timeout": 2},
        },
        deadline=0.2,
        settings=settings,
    )
    with watched.cursor() as cursor:
        cursor.execute("SELECT 1")
    relay.frozen.set()
    yield watched
    watched.close()


@pytest.mark.django_db
def test_query_to_a_frozen_server_raises_operational_error(frozen_connection):
    with pytest.raises(OperationalError), frozen_connection.cursor() as cursor:
        cursor.execute("SELECT 1")

    assert not frozen_connection.is_usable()


@pytest.mark.django_db
def test_no_new_connection_waits_on_a_server_that_does_not_answer(frozen_connection, relay):
    """After a call was cut, connecting is refused at once (a connection attempt would wait
    connect_timeout) until a probe of the server gets an answer again."""
    with pytest.raises(OperationalError), frozen_connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    frozen_connection.close()

    with pytest.raises(OperationalError, match="does not answer"):
        frozen_connection.ensure_connection()

    relay.frozen.clear()
    for _ in range(600):  # the probe tries about once a second
        if unanswered.since is None:
            break
        time.sleep(0.1)
    with frozen_connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/en/"])
def test_request_on_a_frozen_server_answers_503(client, frozen_connection, path):
    """The request's first use of its persistent connection is Django's health check, a
    SELECT 1 no execute wrapper sees: it is watched too, and the request fails without a new
    connection attempt."""
    default = connections["default"]
    connections["default"] = frozen_connection
    try:
        # What request_started and request_finished do (the test client leaves it out).
        frozen_connection.close_if_unusable_or_obsolete()
        response = client.get(path)
        frozen_connection.close_if_unusable_or_obsolete()
    finally:
        connections["default"] = default

    assert response.status_code == 503
    assert frozen_connection.connection is None  # closed, never reused
