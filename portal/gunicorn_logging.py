"""gunicorn's access log without secrets: a personal feed URL carries its member's token.

`portal/gunicorn.conf.py` sets `logger_class` to RedactingLogger; the request line, path and
referrer of a personal feed request are logged with the token replaced.
"""

from gunicorn.glogging import Logger

from portal.logging import redact


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f"):
            atoms[key] = redact(atoms.get(key))
        return atoms
