"""The page editor's form for scheduled pages: schedule fields are read-only on translations,
and for translators everywhere."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from events.domain import schedule
from home.roles import edits_text_only

# On a translation, under each schedule field: where it is set (the group's source language).
SET_ON_SOURCE = {
    "en": _("Set on the English page, shared by both languages."),
    "fr": _("Set on the French page, shared by both languages."),
}


class ScheduleAdminForm(WagtailAdminPageForm):
    """Shows a translation the schedule of its source page, and lets nobody edit it there.

    The time of an event is one fact for every language (docs/architecture.md#translation-sync);
    a disabled field keeps its initial value whatever is posted, so a French editor cannot
    drift the time. A translator (home.roles.edits_text_only) sees the schedule read-only on
    the source page too (docs/architecture.md#translators-hand-off).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        # A page being created has no tree position yet; its clean() needs the parent (a series?).
        page.parent_hint = getattr(self, "parent_page", None)
        self.fit_fields_to_the_page(page)
        if not page.pk:
            return
        source = schedule.source_pk(page)
        if source is None:
            if self.for_user is not None and edits_text_only(self.for_user, page):
                self.freeze_schedule(
                    {},
                    _("Set by the editors; a translator changes the text only."),
                )
            return
        values = (
            type(page)
            .objects.filter(pk=source)
            .values(*schedule.synced_fields(page), "locale__language_code")
            .get()
        )
        language = values.pop("locale__language_code")
        self.freeze_schedule(
            values,
            SET_ON_SOURCE.get(
                language, _("Set on the source-language page; shared by every translation.")
            ),
        )

    def freeze_schedule(self, values, help_text):
        """Makes the schedule fields read-only, showing `values` (the source page's) if given;
        a disabled field keeps its initial value whatever is posted."""
        for name in schedule.synced_fields(self.instance):
            field = self.fields.get(name)
            if field is None:
                continue
            if name in values:
                self.initial[name] = values[name]
            field.disabled = True
            field.help_text = help_text

    def fit_fields_to_the_page(self, page):
        """Only the fields this page uses, the ones it needs marked required (the asterisk).

        A one-off event has no "occurrence of the series" field; its date and zone are required.
        A date of a series needs its occurrence date; the rest is inherited when left empty.
        A series needs its start time and zone. The title's counter shows the model's limit.
        """
        # From the app registry: events.models imports this module (a page type's form).
        event_page = apps.get_model("events", "EventPage")
        series_page = apps.get_model("events", "EventSeriesPage")
        title = self.fields.get("title")
        if title is not None:
            limit = type(page)._meta.get_field("title").max_length
            title.max_length = limit
            # maxlength stops the typing; the counter (events/static/events/admin/counter.js)
            # says so, also when a pasted title is cut at the limit.
            title.widget.attrs.update({"maxlength": limit, "data-character-count": limit})
            title.help_text = _("Up to %(limit)s characters.") % {"limit": limit}
        required = []
        if isinstance(page, event_page):
            parent = page.get_parent() if page.pk else page.parent_hint
            under_series = parent is not None and parent.specific_class is series_page
            if under_series:
                required = ["occurrence_date"]
            else:
                self.fields.pop("occurrence_date", None)
                required = ["start_date", "timezone"]
        elif isinstance(page, series_page):
            required = ["start_time", "timezone"]
        for name in required:
            if name in self.fields:
                self.fields[name].required = True

    def clean(self):
        cleaned_data = super().clean()
        # A clash of addresses is reported on the Promote tab's slug field; the title is what
        # the editor sees first (on Content), so it says so too.
        if "slug" in self.errors and "title" in self.fields and "title" not in self.errors:
            self.add_error(
                "title",
                _(
                    "Another page here already has this page's address (slug). Change the "
                    "title, or the slug on the Promote tab."
                ),
            )
        return cleaned_data
