from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app, so that its signal receivers are connected and its system
    checks (portal.checks) registered at start."""

    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from home import freshness

        from . import checks, purge  # noqa: F401 - checks registers on import
        from .page_cache import publish_warms

        freshness.connect_signals()
        freshness.warm_on_publish(publish_warms)
        purge.connect_signals()
