"""Admin panels: a series' coming dates with their actions; what an occurrence inherits."""

from django.utils import timezone

from wagtail.admin.panels import Panel

from events.domain.choices import Audience, timezone_choices


class OccurrencePreviewPanel(Panel):
    """The next dates of the series, each marked cancelled or moved, with "Cancel this call"
    and "Change this call" (events.admin.views.series_date), or a link to the date's own page."""

    # The reader of a series' coming dates (events.reads.series_dates.coming_dates), set by
    # events.apps at start-up: events.models imports this module (Wagtail reads a page's panels
    # from its class) and the readers import events.models, so it cannot be imported here
    # (docs/architecture.md#layers-and-import-contracts).
    coming_dates = None

    class BoundPanel(Panel.BoundPanel):
        template_name = "events/admin/occurrence_preview_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            dates = OccurrencePreviewPanel.coming_dates(page, timezone.now(), n=8)
            # Shown in the series' own zone, as announced, whatever the admin's zone is.
            context["dates"] = [
                {
                    "date": d,
                    "start": d.original,
                    "local": d.original.replace(tzinfo=None),
                    "abbr": d.original.tzname(),
                    "day": d.original.date().isoformat(),
                    "moved_to": d.occurrence.start.astimezone(page.tz).replace(tzinfo=None)
                    if d.is_moved
                    else None,
                }
                for d in dates
            ]
            context["series"] = page
            context["warning"] = page.skipped_months_warning()
            return context


class InheritancePanel(Panel):
    """On a date of a series: what the page takes from its series and what it sets itself."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "events/admin/inheritance_panel.html"

        def is_shown(self):
            return self.instance.parent_series() is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            series = page.parent_series()
            own_time = bool(page.start_date or page.start_time)
            context.update(
                {
                    "series": series,
                    "audience": Audience(series.audience).label,
                    "zone": dict(timezone_choices()).get(series.timezone, series.timezone),
                    "own_zone": page.timezone and page.timezone != series.timezone,
                    "own_time": own_time,
                    "own_status": page.status != series.status,
                    "page": page,
                }
            )
            return context
