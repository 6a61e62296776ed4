"""While the database answers nothing, new connections fail at once and one thread probes it.

Once a call was cut at its deadline or a connection attempt timed out, the server is known not
to answer: every new connection would wait the whole connect_timeout (2 s at least) only to
fail, and every open one its deadline. So this process stops waiting on it: connections open
are dropped at their next health check, new ones are refused at once (503), and a thread of its
own tries the server about once a second, until a new connection answers SELECT 1 within the
deadline. From then on requests connect again.
"""

import contextlib
import logging
import os
import threading
import time

from django.db.backends.postgresql.base import Database

from .deadline import watchdog

logger = logging.getLogger(__name__)
PROBE_INTERVAL_SECONDS = 1


class Unanswered:
    def __init__(self):
        self._reset()
        # A probe thread does not survive a fork: a child starts afresh, the server answering.
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self):
        self._lock = threading.Lock()
        self.since = None  # when the server stopped answering (time.monotonic()); None: it does

    def trip(self, conn_params, deadline):
        """The server did not answer: refuse new connections until a probe with `conn_params`
        (psycopg's connect arguments) connects and answers within `deadline` seconds."""
        with self._lock:
            if self.since is not None:
                return
            self.since = since = time.monotonic()
        logger.error("the database does not answer: new connections refused while it is probed")
        threading.Thread(
            target=self._probe,
            args=(since, conn_params, deadline),
            name="database-probe",
            daemon=True,
        ).start()

    def _probe(self, since, conn_params, deadline):
        while self.since == since:
            time.sleep(PROBE_INTERVAL_SECONDS)
            try:
                with (
                    contextlib.closing(Database.connect(**conn_params)) as probe,
                    watchdog.watch(probe.fileno(), deadline),
                ):
                    probe.execute("SELECT 1")
            except Database.Error:
                continue
            with self._lock:
                if self.since == since:
                    self.since = None
                    logger.warning("the database answers again")


unanswered = Unanswered()
