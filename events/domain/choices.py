"""Closed vocabularies of the schedule: audiences, statuses, speaker parts, time zones."""

from functools import cache
from zoneinfo import available_timezones

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.domain import recurrence


class Audience(models.TextChoices):
    PUBLIC = "public", _("Open to all")
    ELECTED_AND_STAFF = "elected_officials_and_staff", _("Elected officials and municipal staff")
    ELECTED = "elected_officials", _("Elected officials only")


class Status(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    TENTATIVE = "tentative", _("Tentative")
    CANCELLED = "cancelled", _("Cancelled")
    POSTPONED = "postponed", _("Postponed")


# How a series repeats (events.domain.recurrence): the rule's kinds, with the editor's words.
FREQUENCY_CHOICES = [
    (recurrence.WEEKLY, _("Weekly, on the first date's weekday")),
    (recurrence.MONTHLY_WEEKDAY, _("Monthly, on the same weekday (e.g. 3rd Monday)")),
    (recurrence.MONTHLY_LAST_WEEKDAY, _("Monthly, on the last such weekday")),
    (recurrence.MONTHLY_DAY, _("Monthly, on the same day of the month")),
]

# Statuses whose announcement must say why.
STATUSES_WITH_REASON = (Status.CANCELLED, Status.POSTPONED)


class SpeakerPart(models.TextChoices):
    PRESENTER = "presenter", _("Presenter")
    MODERATOR = "moderator", _("Moderator")
    PANELIST = "panelist", _("Panellist")
    GUEST = "guest", _("Guest")
    HOST = "host", _("Host")


class Agreement(models.TextChoices):
    """How words about a person agree in French: as the editor says, or neutral wording."""

    NEUTRAL = "", _("Neutral wording")
    FEMININE = "feminine", _("Feminine (présentatrice)")
    MASCULINE = "masculine", _("Masculine (présentateur)")


# A part's label agreeing with the person. English has one form; the French catalogue gives
# "Présentatrice" / "Présentateur" under these contexts, and the neutral label ("Présentation")
# is SpeakerPart's own.
_AGREEING_PARTS = {
    Agreement.FEMININE: {
        SpeakerPart.PRESENTER: pgettext_lazy("speaker part, feminine", "Presenter"),
        SpeakerPart.MODERATOR: pgettext_lazy("speaker part, feminine", "Moderator"),
        SpeakerPart.PANELIST: pgettext_lazy("speaker part, feminine", "Panellist"),
        SpeakerPart.GUEST: pgettext_lazy("speaker part, feminine", "Guest"),
        SpeakerPart.HOST: pgettext_lazy("speaker part, feminine", "Host"),
    },
    Agreement.MASCULINE: {
        SpeakerPart.PRESENTER: pgettext_lazy("speaker part, masculine", "Presenter"),
        SpeakerPart.MODERATOR: pgettext_lazy("speaker part, masculine", "Moderator"),
        SpeakerPart.PANELIST: pgettext_lazy("speaker part, masculine", "Panellist"),
        SpeakerPart.GUEST: pgettext_lazy("speaker part, masculine", "Guest"),
        SpeakerPart.HOST: pgettext_lazy("speaker part, masculine", "Host"),
    },
}


def part_label(part, agreement=""):
    """The label of a speaker's `part`, agreeing with the person where the editor gave it."""
    return _AGREEING_PARTS.get(agreement, {}).get(part) or SpeakerPart(part).label


# Canadian zones first, west to east as a Canadian editor scans them; every IANA zone after.
CANADIAN_TIMEZONES = (
    ("America/Vancouver", _("Pacific time — British Columbia")),
    ("America/Whitehorse", _("Yukon time — Yukon (UTC−7 all year)")),
    ("America/Edmonton", _("Mountain time — Alberta, Northwest Territories")),
    ("America/Dawson_Creek", _("Mountain standard time — Peace River region of B.C.")),
    ("America/Regina", _("Central standard time — Saskatchewan (no DST)")),
    ("America/Winnipeg", _("Central time — Manitoba")),
    ("America/Toronto", _("Eastern time — Ontario, Quebec")),
    ("America/Iqaluit", _("Eastern time — Nunavut (Iqaluit)")),
    ("America/Atikokan", _("Eastern standard time — Atikokan, Southampton Island (no DST)")),
    ("America/Halifax", _("Atlantic time — Nova Scotia, P.E.I.")),
    ("America/Moncton", _("Atlantic time — New Brunswick")),
    ("America/Goose_Bay", _("Atlantic time — Labrador")),
    ("America/St_Johns", _("Newfoundland time — Newfoundland (UTC−3:30)")),
)


@cache
def _other_timezones():
    canadian = {name for name, _label in CANADIAN_TIMEZONES}
    return tuple(sorted(available_timezones() - canadian - {"localtime", "Factory"}))


def timezone_choices():
    """Grouped choices for a zone picker: Canada first, then every other IANA zone."""
    return [
        ("", "---------"),
        (_("Canada"), list(CANADIAN_TIMEZONES)),
        (_("Other time zones"), [(name, name) for name in _other_timezones()]),
    ]


def is_valid_timezone(name):
    return name in {n for n, _l in CANADIAN_TIMEZONES} or name in _other_timezones()
