from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """Members stay informed: follows, the public change log, notices, feeds (docs/notices.md)."""

    name = "notices"
    verbose_name = _("Notices")

    def ready(self):
        from events.domain.schedule import material_change
        from events.models import EventPage, EventSeriesPage
        from notices import changes

        # events.domain.schedule says when a material change is saved; recording it is ours.
        for model in (EventPage, EventSeriesPage):
            material_change.connect(changes.on_material_change, sender=model)
