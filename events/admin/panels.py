"""Admin panels: the next dates a series' rule gives, shown beside the rule fields."""

from django.utils import timezone

from wagtail.admin.panels import Panel


class OccurrencePreviewPanel(Panel):
    """Lists the next dates of the series as last saved (the live preview updates as you type)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "events/admin/occurrence_preview_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            dates = []
            if page.first_date and page.start_time and page.timezone:
                dates = page.next_starts(timezone.now(), n=6)
            # Shown in the series' own zone, as announced, whatever the admin's zone is.
            context["dates"] = [(s, s.replace(tzinfo=None), s.tzname()) for s in dates]
            return context
