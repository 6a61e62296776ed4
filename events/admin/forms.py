"""The page editor's form for scheduled pages: schedule fields are read-only on translations."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from events.domain import schedule


class ScheduleAdminForm(WagtailAdminPageForm):
    """Shows a translation the schedule of its source page, and lets nobody edit it there.

    The time of an event is one fact for every language (docs/architecture.md#translation-sync);
    a disabled field keeps its initial value whatever is posted, so a French editor cannot
    drift the time.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        # A page being created has no tree position yet; its clean() needs the parent (a series?).
        page.parent_hint = getattr(self, "parent_page", None)
        if not page.pk:
            return
        source = schedule.source_pk(page)
        if source is None:
            return
        values = type(page).objects.filter(pk=source).values(*schedule.synced_fields(page)).get()
        for name, value in values.items():
            field = self.fields.get(name)
            if field is None:
                continue
            self.initial[name] = value
            field.disabled = True
            field.help_text = _("Set on the source-language page; shared by every translation.")
