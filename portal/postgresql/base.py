"""Django's PostgreSQL backend, with a deadline on every call that waits for the server.

Production selects it (portal/settings/production.py) and gunicorn's web workers give it a
deadline (DATABASE_CLIENT_DEADLINE_SECONDS, a little longer than the statement timeout, so that
a server that is alive cancels a slow query itself first); 0, as for migrate and db_worker,
watches nothing. What is watched (portal.postgresql.deadline): every query Django runs (an
execute wrapper), the health check that starts each request on a persistent connection (a
psycopg cursor of its own, which no execute wrapper sees), the session set-up after a
connection opens, commit and rollback. Opening a connection is bounded by connect_timeout.
Once the server has not answered, this process stops waiting on it until it does
(portal.postgresql.unanswered).
"""

import contextlib

from django.conf import settings
from django.db.backends.postgresql import base

from .deadline import watchdog
from .unanswered import unanswered


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.client_deadline = settings.DATABASE_CLIENT_DEADLINE_SECONDS
        if self.client_deadline:
            self.execute_wrappers.append(self._execute_within_deadline)

    @contextlib.contextmanager
    def within_deadline(self):
        """Watch the call in the block (none without a deadline or an open connection)."""
        fd = None
        if self.client_deadline and self.connection is not None:
            # A closed or lost connection has no socket: its call fails at once, unwatched.
            with contextlib.suppress(base.Database.Error):
                fd = self.connection.fileno()
        if fd is None:
            yield
            return
        try:
            with watchdog.watch(fd, self.client_deadline) as call:
                yield
        finally:
            if call.cut:
                unanswered.trip(self.get_connection_params(), self.client_deadline)

    def get_new_connection(self, conn_params):
        if self.client_deadline and unanswered.since is not None:
            raise base.Database.OperationalError("the database does not answer (being probed)")
        try:
            return super().get_new_connection(conn_params)
        except base.Database.errors.ConnectionTimeout:
            if self.client_deadline:
                unanswered.trip(conn_params, self.client_deadline)
            raise

    def _execute_within_deadline(self, execute, sql, params, many, context):
        with self.within_deadline():
            return execute(sql, params, many, context)

    def is_usable(self):
        # Unusable too when the server does not answer: the request that starts with this health
        # check then fails at once, as a new connection is refused (portal.postgresql.unanswered).
        if self.client_deadline and unanswered.since is not None:
            return False
        with self.within_deadline():
            return super().is_usable()

    def init_connection_state(self):
        with self.within_deadline():
            super().init_connection_state()

    def _commit(self):
        with self.within_deadline():
            return super()._commit()

    def _rollback(self):
        with self.within_deadline():
            return super()._rollback()
