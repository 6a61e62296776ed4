from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        # Imported here, not at the top: these modules import models, which cannot be imported
        # until the app registry is ready (Django's rule for AppConfig modules).
        from events import removals
        from events.admin.panels import OccurrencePreviewPanel
        from events.reads.series_dates import coming_dates
        from events.site import pages

        removals.connect()
        pages.register()
        OccurrencePreviewPanel.coming_dates = staticmethod(coming_dates)
