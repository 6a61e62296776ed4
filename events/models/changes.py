from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduleChange(models.Model):
    """A change to the public schedule that no page's `last_published_at` records.

    Unpublishing, deleting, restricting or moving a page takes events off the schedule without
    publishing anything, and speakers and images have no publication date at all. This log
    lets API clients that sync with `updated_since` learn about removals, and lets the API's
    ETag change when they happen. Rows are written by events.removals' signal handlers.
    """

    class Kind(models.TextChoices):
        REMOVED = "removed", _("left the public schedule")
        CONTENT = "content", _("speaker, image or view restriction changed")

    key = models.CharField(
        _("API id"), max_length=80, help_text=_("The event, occurrence or series id affected.")
    )
    uid = models.UUIDField(
        _("calendar UID"),
        null=True,
        help_text=_("The event or series translation key; its occurrences share it."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("schedule change")
        verbose_name_plural = _("schedule changes")

    def __str__(self):
        return f"{self.key} {self.kind} {self.changed_at:%Y-%m-%d %H:%M}"
