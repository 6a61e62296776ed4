"""gunicorn's logs without secrets: a personal feed URL carries its member's token.

`portal/gunicorn.conf.py` sets `logger_class` to RedactingLogger. Its access log (request line,
path, referrer, any header a format names) and its error log ("Error handling request <uri>"
and the traceback) pass through the same filter as the application's own log lines
(portal.logging.RedactSecrets), so the token is written as "[token]".
"""

from gunicorn.glogging import Logger

from portal.logging import RedactSecrets


class RedactingLogger(Logger):
    def setup(self, cfg):
        # gunicorn (re)creates its handlers here, on start and on every configuration reload.
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if not any(isinstance(f, RedactSecrets) for f in handler.filters):
                    handler.addFilter(RedactSecrets())
