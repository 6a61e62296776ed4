from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app, so that its signal receivers are connected at start."""

    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from . import cache_version, purge

        cache_version.connect_signals()
        purge.connect_signals()
