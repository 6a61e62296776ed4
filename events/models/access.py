"""Access details (join link, dial-in, passcode): deliberately NOT page fields.

Page fields travel into revisions, previews, page copies, translation sources (and from there
to PO files and machine translation), the search index and the Wagtail API. This model is
none of those: a plain Django model keyed by the event's or series' stable id (its
translation_key), one record for all languages, edited only in the dedicated admin view.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessDetails(models.Model):
    """How to join one event, one series, or one occurrence that overrides its series."""

    event_key = models.UUIDField(
        _("event id"),
        unique=True,
        help_text=_("The translation key of the event, series or occurrence page."),
    )
    join_url = models.URLField(_("join link"), max_length=500, blank=True)
    dial_in = models.TextField(
        _("dial-in numbers"), blank=True, help_text=_("One number per line, with its region.")
    )
    passcode = models.CharField(_("passcode"), max_length=100, blank=True)
    registration_notes = models.TextField(_("registration notes"), blank=True)
    publish_openly = models.BooleanField(
        _("publish the join link openly"),
        default=False,
        help_text=_(
            "Only for an event or series open to all: its join or registration link then "
            "appears on its page, in public calendar feeds, in the API and in search engines' "
            "data. A restricted event's link is never published."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("access details")
        verbose_name_plural = _("access details")
        # One dedicated permission; "view" would be meaningless (viewing is the policy's job)
        # and add/delete happen through the same editing view.
        default_permissions = ("change",)

    def __str__(self):
        return str(self.event_key)

    @property
    def is_empty(self):
        return not (self.join_url or self.dial_in or self.passcode or self.registration_notes)
