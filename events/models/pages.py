"""Event pages: the network's event index, recurring series and single events.

Schedule fields (dates, times, zone, rule, status, audience) are *synchronised* across a
translation group, and read from one record: the group's source page. See `events.domain.schedule`
for why wagtail-localize's own synchronisation is not enough and how the copy is kept exact.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from events.admin.forms import ScheduleAdminForm
from events.admin.panels import InheritancePanel, OccurrencePreviewPanel
from events.domain import recurrence, schedule
from events.domain.choices import (
    FREQUENCY_CHOICES,
    STATUSES_WITH_REASON,
    Audience,
    SpeakerPart,
    Status,
    is_valid_timezone,
    timezone_choices,
)
from events.domain.recurrence_text import describe
from events.models.access import AccessDetails
from events.models.hosts import EventHost
from home.mixins import IntroMixin
from home.page_context import ProvidedContextMixin
from home.routing import ServedPageMixin

EVENT_BODY_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]
DEFAULT_DURATION = dt.timedelta(hours=1)


def language_of(page):
    return page.locale.language_code


def _timezone_panel():
    return FieldPanel("timezone", widget=forms.Select(choices=timezone_choices))


class ScheduleMixin(models.Model):
    """Fields every scheduled page has, and the derived, indexed UTC bounds."""

    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        help_text=_("The zone the time is announced in, e.g. Pacific time for 11:00 PT."),
    )
    audience = models.CharField(
        _("audience"), max_length=32, choices=Audience.choices, default=Audience.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SCHEDULED
    )
    status_reason = models.CharField(
        _("reason"),
        max_length=300,
        blank=True,
        help_text=_("Why it is cancelled or postponed; shown next to the status."),
    )
    # Derived on save, never edited: the aware instants used for range queries and ordering.
    starts_at = models.DateTimeField(_("starts at (UTC)"), null=True, editable=False, db_index=True)
    ends_at = models.DateTimeField(_("ends at (UTC)"), null=True, editable=False, db_index=True)
    # iCalendar SEQUENCE: rises only when the time or the status changes.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    @property
    def tz(self):
        return ZoneInfo(self.timezone) if self.timezone else None

    def clean_schedule_common(self, errors):
        if not self.timezone:
            errors["timezone"] = _("Choose the time zone the time is announced in.")
        elif not is_valid_timezone(self.timezone):
            errors["timezone"] = _("“%(zone)s” is not a known time zone.") % {"zone": self.timezone}
        if self.status in STATUSES_WITH_REASON and not self.status_reason.strip():
            errors["status_reason"] = _("Say why the event is cancelled or postponed.")
        if self.audience != Audience.PUBLIC and self.publishes_join_link_openly():
            errors["audience"] = _(
                "Its join link is published openly: untick “publish the join link openly” in "
                "its access details before restricting who may join."
            )

    def publishes_join_link_openly(self):
        if not self.translation_key:
            return False
        return AccessDetails.objects.filter(
            event_key=self.translation_key, publish_openly=True
        ).exists()


class EventIndexPage(EventHost, ProvidedContextMixin, IntroMixin, ServedPageMixin, Page):
    """The network's events: "Events" / "Événements". Lists every event of the tree."""

    content_panels = Page.content_panels + IntroMixin.content_panels
    search_fields = Page.search_fields + IntroMixin.search_fields
    api_fields = IntroMixin.api_fields

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventSeriesPage", "events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("event index")

    # The listing, its filters and months, and its query string in the other language:
    # events.site.pages.event_index and events.site.pages.event_index_query.


class EventSeriesPage(ProvidedContextMixin, ScheduleMixin, IntroMixin, ServedPageMixin, Page):
    """A recurring call: an RFC 5545 rule edited in plain words, plus defaults for its sessions.

    Occurrences are computed from the rule (events.domain.recurrence); an occurrence that needs its
    own content (topic, speakers, a cancellation, a new time) is an EventPage child naming its date.
    """

    body = RichTextField(_("description"), blank=True, features=EVENT_BODY_FEATURES)
    first_date = models.DateField(_("first date"), help_text=_("The date of the first call."))
    frequency = models.CharField(
        _("repeats"),
        max_length=24,
        choices=FREQUENCY_CHOICES,
        default=recurrence.WEEKLY,
    )
    interval = models.PositiveSmallIntegerField(
        _("every"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("1 for every week or month, 2 for every second one, and so on."),
    )
    until = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Last possible date (inclusive).")
    )
    count = models.PositiveSmallIntegerField(
        _("number of calls"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(recurrence.MAX_OCCURRENCES)],
        help_text=_("Or: stop after this many calls. Leave both empty for no end."),
    )
    # Derived on save: the RFC 5545 RRULE value, for feeds and the API.
    rrule = models.CharField(max_length=200, editable=False, blank=True)

    content_panels = (
        Page.content_panels
        + IntroMixin.content_panels
        + [
            FieldPanel("body"),
            MultiFieldPanel(
                [
                    FieldPanel("first_date"),
                    FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
                    _timezone_panel(),
                    FieldRowPanel([FieldPanel("frequency"), FieldPanel("interval")]),
                    FieldRowPanel([FieldPanel("until"), FieldPanel("count")]),
                    OccurrencePreviewPanel(heading=_("Next dates")),
                ],
                heading=_("Schedule"),
            ),
            MultiFieldPanel(
                [FieldPanel("audience"), FieldPanel("status"), FieldPanel("status_reason")],
                heading=_("Audience and status"),
            ),
        ]
    )
    search_fields = Page.search_fields + IntroMixin.search_fields + [index.SearchField("body")]
    api_fields = IntroMixin.api_fields + [
        APIField(name)
        for name in (
            "body",
            "first_date",
            "start_time",
            "end_time",
            "timezone",
            "rrule",
            "audience",
            "status",
            "status_reason",
        )
    ]
    override_translatable_fields = [
        SynchronizedField(name, overridable=False) for name in schedule.SERIES_EDITED_FIELDS
    ]
    base_form_class = ScheduleAdminForm

    parent_page_types = [
        "events.EventIndexPage",
        "chapters.ChapterPage",
        "chapters.WorkingGroupPage",
    ]
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")

    def save(self, *args, **kwargs):
        return schedule.save_scheduled_page(self, super().save, *args, **kwargs)

    # Dates, rule in words, host, access details: events.site.pages.event_series (which also
    # keeps a page showing access details out of every cache).

    @property
    def status_label(self):
        return Status(self.status).label

    def get_admin_display_title(self):
        """The title and the rule in words, so that two series of one title differ in listings."""
        title = super().get_admin_display_title()
        if not (self.first_date and self.frequency):
            return title
        language = (translation.get_language() or "en")[:2]
        return f"{title} · {describe(self.rule, language)}"

    def skipped_months_warning(self):
        """Words for a monthly "same day" rule that skips shorter months, else ''."""
        if (
            self.frequency == recurrence.MONTHLY_DAY
            and self.first_date
            and self.first_date.day > 28
        ):
            return _(
                "Months without a day %(day)s are skipped: no call in those months. To meet in "
                "every month, choose “the last such weekday” or a day up to the 28th."
            ) % {"day": self.first_date.day}
        return ""

    def clean(self):
        super().clean()
        errors = {}
        self.clean_schedule_common(errors)
        if not self.start_time:
            errors["start_time"] = _("Enter the time the calls start.")
        elif self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("The end time must be after the start time.")
        if self.until and self.count:
            errors["count"] = _("Give either an end date or a number of calls, not both.")
        if self.until and self.first_date and self.until < self.first_date:
            errors["until"] = _("The last date is before the first date.")
        if not errors and self.first_date:
            rule = self.rule
            if recurrence.is_empty(rule):
                errors["until"] = _("This rule gives no date at all; check the end date.")
            elif rule.first_local_start() != rule.dtstart():
                errors["first_date"] = _(
                    "The first date is not itself a date of this rule (for “last weekday of the "
                    "month”, pick a last weekday)."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def rule(self):
        return recurrence.Rule(
            frequency=self.frequency,
            first_date=self.first_date,
            start_time=self.start_time or dt.time(0),
            interval=self.interval or 1,
            until=self.until,
            count=self.count,
        )

    @property
    def duration(self):
        if self.start_time and self.end_time:
            start = dt.datetime.combine(self.first_date, self.start_time)
            return dt.datetime.combine(self.first_date, self.end_time) - start
        return DEFAULT_DURATION

    def derive_schedule(self):
        """Set rrule and the UTC bounds (first start; last end, or None when open-ended)."""
        rule, tz = self.rule, self.tz
        self.rrule = rule.to_ical(tz)
        first = rule.first_local_start()
        self.starts_at = recurrence.localize(first, tz) if first else None
        last = rule.last_local_start()
        self.ends_at = recurrence.localize(last, tz) + self.duration if last else None

    def material_values(self):
        return (
            self.rrule,
            self.starts_at,
            self.start_time,
            self.end_time,
            self.timezone,
            self.status,
        )

    def occurrence_start(self, day):
        """The aware original start of this series' occurrence on a local date."""
        return recurrence.localize(dt.datetime.combine(day, self.start_time), self.tz)

    def next_starts(self, now=None, n=6):

        return recurrence.next_dates(self.rule, self.tz, now or timezone.now(), n)


class EventPage(ProvidedContextMixin, ScheduleMixin, IntroMixin, ServedPageMixin, Page):
    """A single event: a one-off, or one occurrence of its parent series with its own content."""

    start_date = models.DateField(_("date"), null=True, blank=True)
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Only for events over several days.")
    )
    all_day = models.BooleanField(_("all day"), default=False)
    date_tba = models.BooleanField(
        _("date to be announced"),
        default=False,
        help_text=_("Only the month is known: enter any day of that month as the date."),
    )
    occurrence_date = models.DateField(
        _("occurrence of the series"),
        null=True,
        blank=True,
        help_text=_(
            "Under a series only: the date of the call this page is about, as the series "
            "gives it. Leave the date and time fields empty to keep the series' time."
        ),
    )
    body = RichTextField(_("body"), blank=True, features=EVENT_BODY_FEATURES)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Derived on save: the parent series' stable id, for one-query lookups of overrides.
    series_key = models.UUIDField(null=True, editable=False, db_index=True)

    content_panels = (
        Page.content_panels
        + IntroMixin.content_panels
        + [
            MultiFieldPanel(
                [
                    InheritancePanel(),
                    FieldPanel("occurrence_date"),
                    FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                    FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
                    _timezone_panel(),
                    FieldRowPanel([FieldPanel("all_day"), FieldPanel("date_tba")]),
                ],
                heading=_("Date and time"),
            ),
            MultiFieldPanel(
                [FieldPanel("audience"), FieldPanel("status"), FieldPanel("status_reason")],
                heading=_("Audience and status"),
            ),
            FieldPanel("image"),
            FieldPanel("body"),
            InlinePanel("speaker_links", heading=_("Speakers"), label=_("Speaker")),
        ]
    )
    search_fields = (
        Page.search_fields
        + IntroMixin.search_fields
        + [
            index.SearchField("body"),
            # Speakers found by name and organisation ("Candel" finds her event).
            index.RelatedFields(
                "speaker_links",
                [
                    index.RelatedFields(
                        "speaker", [index.SearchField("name"), index.SearchField("organisation")]
                    )
                ],
            ),
            index.FilterField("starts_at"),
            index.FilterField("audience"),
            index.FilterField("status"),
        ]
    )
    api_fields = IntroMixin.api_fields + [
        APIField(name)
        for name in (
            "body",
            "start_date",
            "end_date",
            "start_time",
            "end_time",
            "timezone",
            "all_day",
            "date_tba",
            "occurrence_date",
            "audience",
            "status",
            "status_reason",
            "image",
        )
    ]
    override_translatable_fields = [
        SynchronizedField(name, overridable=False) for name in schedule.EVENT_EDITED_FIELDS
    ]
    base_form_class = ScheduleAdminForm

    parent_page_types = [
        "events.EventIndexPage",
        "events.EventSeriesPage",
        "chapters.ChapterPage",
        "chapters.WorkingGroupPage",
    ]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        indexes = [
            models.Index(fields=["series_key", "occurrence_date"]),
            # The longest one-off event (events.reads.occurrences.longest_one_off), read once per
            # content version: the last entry of this index, not a scan of every event.
            models.Index(
                models.F("ends_at") - models.F("starts_at"),
                condition=models.Q(series_key__isnull=True),
                name="event_one_off_duration_idx",
            ),
        ]

    def save(self, *args, **kwargs):
        return schedule.save_scheduled_page(self, super().save, *args, **kwargs)

    # Occurrence, speakers, host, access details: events.site.pages.event (which also keeps
    # a page showing access details out of every cache).

    def clean(self):
        super().clean()
        errors = {}
        series = self.parent_series()
        if series is not None:
            self.inherit_from_series(series)
        self.clean_schedule_common(errors)
        if series is None and self.occurrence_date:
            errors["occurrence_date"] = _("Only an event under a series names an occurrence.")
        if series is not None:
            self.clean_occurrence(series, errors)
        if not self.start_date and series is None:
            errors["start_date"] = _("Enter the date (any day of the month if not yet known).")
        elif not (self.all_day or self.date_tba):
            if not self.start_time and series is None:
                errors["start_time"] = _("Enter the start time, or tick “all day”.")
            elif "timezone" not in errors:
                self.derive_schedule()
                if self.starts_at and self.ends_at <= self.starts_at:
                    field = "end_date" if self.end_date else "end_time"
                    errors[field] = _("The event ends before it starts.")
                    if not self.end_date and self.end_time and self.start_time:
                        errors[field] = _(
                            "The event ends before it starts. If it ends after midnight, set "
                            "the end date to the next day."
                        )
        elif self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date is before the date.")
        if errors:
            raise ValidationError(errors)

    def clean_occurrence(self, series, errors):
        if not self.occurrence_date:
            errors["occurrence_date"] = _("Choose which date of the series this page is about.")
            return
        if not recurrence.produces(series.rule, self.occurrence_date):
            errors["occurrence_date"] = _(
                "The series has no call on %(date)s; pick one of its dates."
            ) % {"date": self.occurrence_date.isoformat()}
            return
        clash = (
            EventPage.objects.filter(
                series_key=series.translation_key, occurrence_date=self.occurrence_date
            )
            .exclude(translation_key=self.translation_key)
            .exists()
        )
        if clash:
            errors["occurrence_date"] = _("Another page already covers this date of the series.")

    def parent_series(self):
        """The series this page overrides an occurrence of, or None for a one-off event."""
        # A page being created has no depth yet: the admin form passes its parent as a hint.
        parent = self.get_parent() if self.depth else getattr(self, "parent_hint", None)
        return parent.specific if parent and parent.specific_class is EventSeriesPage else None

    def inherit_from_series(self, series):
        """Take what an override cannot differ in from its series: id, zone default, audience."""
        self.series_key = series.translation_key
        self.timezone = self.timezone or series.timezone
        self.audience = series.audience

    def derive_schedule(self):
        """Set the aware UTC bounds from the local date, times and zone.

        An override with no date of its own keeps its series' time, even after the series'
        time changes (the series' save re-derives its inheriting overrides).
        """
        series = self.parent_series()
        if series is not None:
            self.inherit_from_series(series)
        day, start, end = self.start_date, self.start_time, self.end_time
        if series is not None and day is None and self.occurrence_date:
            day, start, end = self.occurrence_date, series.start_time, series.end_time
        if not (day and self.timezone):
            self.starts_at = self.ends_at = None
            return
        tz = self.tz
        if self.date_tba:
            day = self.start_date = day.replace(day=1)
            following = (day + dt.timedelta(days=32)).replace(day=1)
            self.starts_at = recurrence.localize(dt.datetime.combine(day, dt.time(0)), tz)
            self.ends_at = recurrence.localize(dt.datetime.combine(following, dt.time(0)), tz)
        elif self.all_day or not start:
            last = (self.end_date or day) + dt.timedelta(days=1)
            self.starts_at = recurrence.localize(dt.datetime.combine(day, dt.time(0)), tz)
            self.ends_at = recurrence.localize(dt.datetime.combine(last, dt.time(0)), tz)
        else:
            self.starts_at = recurrence.localize(dt.datetime.combine(day, start), tz)
            if end:
                end_day = self.end_date or day
                self.ends_at = recurrence.localize(dt.datetime.combine(end_day, end), tz)
            else:
                self.ends_at = self.starts_at + DEFAULT_DURATION

    def material_values(self):
        return (self.starts_at, self.ends_at, self.all_day, self.date_tba, self.status)

    @property
    def is_override(self):
        return self.series_key is not None


class EventSpeaker(Orderable):
    """A speaker's part in one event (presenter, moderator, guest…)."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="speaker_links")
    speaker = models.ForeignKey(
        "events.Speaker", verbose_name=_("speaker"), on_delete=models.CASCADE, related_name="+"
    )
    part = models.CharField(
        _("part"), max_length=16, choices=SpeakerPart.choices, default=SpeakerPart.PRESENTER
    )

    panels = [FieldPanel("speaker"), FieldPanel("part")]
    api_fields = [APIField("speaker"), APIField("part")]

    class Meta(Orderable.Meta):
        verbose_name = _("speaker")
