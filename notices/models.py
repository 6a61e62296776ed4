"""What members follow, the public change log, and each e-mail's delivery record.

A change is recorded once per material change (its iCalendar UID, RECURRENCE-ID and SEQUENCE
are its identity, so publishing twice records once); a delivery is one row per member, kind and
change (or reminder, or digest week), so a retried task can never send twice.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.domain.choices import CANADIAN_TIMEZONES

# A province's or territory's usual zone: the default of a member's zone (they may change it).
PROVINCE_ZONES = {
    "AB": "America/Edmonton",
    "BC": "America/Vancouver",
    "MB": "America/Winnipeg",
    "NB": "America/Moncton",
    "NL": "America/St_Johns",
    "NS": "America/Halifax",
    "NT": "America/Edmonton",
    "NU": "America/Iqaluit",
    "ON": "America/Toronto",
    "PE": "America/Halifax",
    "QC": "America/Toronto",
    "SK": "America/Regina",
    "YT": "America/Whitehorse",
}
DEFAULT_ZONE = "America/Toronto"


class Kind(models.TextChoices):
    """The kinds of mail a member can ask for, per thing they follow."""

    NOTICE = "notice", _("Change notices")
    REMINDER = "reminder", _("Reminders a day before")
    DIGEST = "digest", _("Weekly digest")


class Profile(models.Model):
    """A member's language and time zone for the mail they receive."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_profile"
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=CANADIAN_TIMEZONES,
        default=DEFAULT_ZONE,
        help_text=_("Times in your e-mails are given in this zone first."),
    )

    class Meta:
        verbose_name = _("notice profile")
        verbose_name_plural = _("notice profiles")

    def __str__(self):
        return f"{self.user} ({self.language}, {self.timezone})"


class Follow(models.Model):
    """One thing a member follows (the network, a host or a series) and which mail they want."""

    class Scope(models.TextChoices):
        NETWORK = "network", _("The whole network")
        HOST = "host", _("A chapter or working group")
        SERIES = "series", _("A series")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices)
    # The translation key of the host or series (both languages); None for the network.
    key = models.UUIDField(_("page id"), null=True, blank=True)
    notices = models.BooleanField(_("change notices"), default=True)
    reminders = models.BooleanField(_("reminders"), default=False)
    digest = models.BooleanField(_("weekly digest"), default=False)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=models.Q(key__isnull=False), name="one_follow"
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(scope="network"),
                name="one_network_follow",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.scope} {self.key or ''}"


class Change(models.Model):
    """One material change of the public schedule: the public change log (docs/notices.md).

    Not ScheduleChange (events.models.changes), which logs removals for API sync.
    """

    class What(models.TextChoices):
        DATE = "date", _("Date")
        TIME = "time", _("Time")
        ZONE = "zone", _("Time zone")
        CANCELLED = "cancelled", _("Cancelled")
        POSTPONED = "postponed", _("Postponed")
        REINSTATED = "reinstated", _("Back on the schedule")

    # Identity in calendars: the feed's UID, RECURRENCE-ID (None for an event or a whole
    # series) and SEQUENCE after the change; `key` joins them, unique.
    key = models.CharField(max_length=120, unique=True, editable=False)
    uid = models.UUIDField(_("calendar UID"))
    recurrence_id = models.DateTimeField(_("recurrence id"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("sequence"))
    # The API's id of the event, occurrence or series changed (events.reads.occurrences).
    event_id = models.CharField(_("event id"), max_length=80)
    page_key = models.UUIDField(_("page id"), help_text=_("The changed page's translation key."))
    series_key = models.UUIDField(_("series id"), null=True, blank=True, db_index=True)
    host_key = models.UUIDField(_("host id"), null=True, blank=True, db_index=True)
    is_series = models.BooleanField(_("whole series"), default=False)
    what = models.JSONField(_("what changed"), default=list)  # [What]
    before = models.JSONField(_("before"))  # schedule fields, ISO strings
    after = models.JSONField(_("after"))
    titles = models.JSONField(_("titles"), default=dict)  # {language: title}
    reasons = models.JSONField(_("reasons"), default=dict)  # {language: reason}
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return self.key

    def title(self, language):
        return self.titles.get(language) or next(iter(self.titles.values()), "")

    def reason(self, language):
        return self.reasons.get(language) or next((r for r in self.reasons.values() if r), "")


class Delivery(models.Model):
    """One e-mail to one member: unique per member, kind and subject; sent at most once."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Skipped (unsubscribed)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    change = models.ForeignKey(
        Change, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    # What the mail is about, unique per member and kind: the change's key, the occurrence
    # reminded of, or the digest's ISO week.
    subject_key = models.CharField(max_length=160)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "subject_key"], name="one_delivery_per_subject"
            )
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self):
        return f"{self.kind} {self.subject_key} → {self.user} ({self.state})"
