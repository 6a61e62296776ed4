"""A thread per process that ends database calls the server never answers.

PostgreSQL's statement_timeout is enforced by the server, and TCP keepalives and
tcp_user_timeout by the client's kernel only while the server's kernel stays silent. A server
that is frozen (a stopped process, a hung host whose kernel still acknowledges) enforces
nothing and acknowledges everything: a query sent to it waits forever. So each call that waits
for the server is watched with a deadline; when one outlives it, the watchdog shuts down the
connection's socket. The waiting thread wakes at once with psycopg's OperationalError (503 from
portal.outage), and the connection, now unusable, is discarded by Django.
"""

import contextlib
import logging
import os
import socket
import threading
import time

logger = logging.getLogger(__name__)


class Call:
    """One database call in flight: its socket, when it expires, whether the watchdog cut it."""

    __slots__ = ("cut", "expires", "fd")

    def __init__(self, fd, expires):
        self.fd = fd
        self.expires = expires
        self.cut = False


class Watchdog:
    def __init__(self):
        self._reset()
        # Threads do not survive a fork (gunicorn's workers): a child starts its own watchdog.
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self):
        self._calls = set()
        self._changed = threading.Condition()
        self._wake_at = None  # when the watchdog thread next looks; None: only when notified
        self._thread = None

    @contextlib.contextmanager
    def watch(self, fd, seconds):
        """Watch a call on the socket `fd` for `seconds`; yields the Call (see its `cut`)."""
        call = Call(fd, time.monotonic() + seconds)
        with self._changed:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="database-deadline", daemon=True
                )
                self._thread.start()
            self._calls.add(call)
            # Every call has the same deadline, so a new one rarely expires before the thread
            # next looks: wake it only when it would otherwise look too late.
            if self._wake_at is None or call.expires < self._wake_at:
                self._changed.notify()
        try:
            yield call
        finally:
            # Under the lock: once a call has finished, its socket is never cut.
            with self._changed:
                self._calls.discard(call)

    def _run(self):
        with self._changed:
            while True:
                now = time.monotonic()
                for call in [call for call in self._calls if call.expires <= now]:
                    self._calls.discard(call)
                    call.cut = True
                    cut(call.fd)
                self._wake_at = min((call.expires for call in self._calls), default=None)
                self._changed.wait(None if self._wake_at is None else self._wake_at - now)


def cut(fd):
    """Shut down the socket `fd` in both directions, leaving the descriptor to its owner."""
    logger.error("database call past its deadline: connection shut down")
    # A duplicate descriptor of the same socket: shutting it down ends the connection for the
    # thread waiting on `fd` too; closing the duplicate leaves `fd` to psycopg.
    with contextlib.suppress(OSError), socket.socket(fileno=os.dup(fd)) as sock:
        sock.shutdown(socket.SHUT_RDWR)


watchdog = Watchdog()
