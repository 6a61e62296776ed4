"""A change in words, in a reader's language and time zone: what changed, before → after.

Every surface of the change log (e-mails, the series page, the Atom feed) words a change
through `lines()`, so the same change reads the same everywhere. Times are formatted by
`events.domain.timefmt` (CLDR, the rules in force); the reader's zone comes first, then the zones
the event is announced in.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from events.domain import recurrence, timefmt
from events.domain.choices import Status
from events.domain.recurrence_text import describe
from notices.models import Change

NOT_SET = _("not set")
LABELS = {
    "when": _("When"),
    "status": _("Status"),
    "zone": _("Time zone"),
}


def _instant(values, name="starts_at"):
    value = values.get(name)
    return dt.datetime.fromisoformat(value) if value else None


def when(instant, announced_zone, language, reader_zone=None):
    """ "Thursday, December 3, 2026, 11:00 a.m. AST (10:00 a.m. EST / 8:00 a.m. MST)": the
    date and time in the reader's zone, then the announced zones' other times."""
    reader_zone = reader_zone or announced_zone
    local = instant.astimezone(ZoneInfo(reader_zone))
    date = timefmt.date_text(instant, reader_zone, language)
    # Written as timefmt writes the announced times, so the reader's own is not said twice.
    abbreviation = timefmt.zone_abbreviation(local, language)
    own = f"{timefmt.clock(local, language)}{timefmt.NBSP}{abbreviation}"
    others = [
        zoned.text
        for zoned in timefmt.zoned_times(instant, announced_zone, language)
        if zoned.text != own
    ]
    return f"{date}, {own}" + (f" ({' / '.join(others)})" if others else "")


def _rule(values):
    """The series rule a snapshot describes, or None."""
    if not values.get("frequency") or not values.get("first_date"):
        return None
    until = values.get("until")
    return recurrence.Rule(
        frequency=values["frequency"],
        first_date=dt.date.fromisoformat(values["first_date"]),
        start_time=dt.time.fromisoformat(values.get("start_time") or "00:00"),
        interval=values.get("interval") or 1,
        until=dt.date.fromisoformat(until) if until else None,
        count=values.get("count"),
    )


def _series_when(values, language, reader_zone, now):
    rule, zone = _rule(values), values.get("timezone")
    if rule is None or not zone:
        return str(NOT_SET)
    upcoming = recurrence.next_dates(rule, ZoneInfo(zone), now, 1)
    rule_text = describe(rule, language)
    if not upcoming:
        return rule_text
    with translation.override(language):
        return str(_("%(rule)s; next: %(when)s")) % {
            "rule": rule_text,
            "when": when(upcoming[0], zone, language, reader_zone),
        }


def _event_when(values, language, reader_zone):
    start = _instant(values)
    if start is None:
        return str(NOT_SET)
    zone = values.get("timezone") or "UTC"
    if values.get("date_tba"):
        return timefmt.month_text(start, zone, language)
    if values.get("all_day"):
        return timefmt.date_text(start, zone, language)
    return when(start, zone, language, reader_zone)


def lines(change, language, reader_zone=None, now=None):
    """[(label, before, after)] for `change`, worded in `language`, times in `reader_zone`."""
    now = now or change.changed_at or timezone.now()
    result = []
    with translation.override(language):
        if {Change.What.DATE, Change.What.TIME, Change.What.ZONE} & set(change.what):
            if change.is_series:
                before = _series_when(change.before, language, reader_zone, now)
                after = _series_when(change.after, language, reader_zone, now)
            else:
                before = _event_when(change.before, language, reader_zone)
                after = _event_when(change.after, language, reader_zone)
            result.append((str(LABELS["when"]), before, after))
        if change.before.get("status") != change.after.get("status"):
            result.append(
                (
                    str(LABELS["status"]),
                    str(Status(change.before["status"]).label),
                    str(Status(change.after["status"]).label),
                )
            )
    return result


def headline(change, language):
    """ "Cancelled", "New time", … : the change in two words, for subjects and titles."""
    what = set(change.what)
    with translation.override(language):
        if Change.What.CANCELLED in what:
            text = _("Cancelled")
        elif Change.What.POSTPONED in what:
            text = _("Postponed")
        elif Change.What.REINSTATED in what:
            text = _("Back on")
        elif Change.What.DATE in what:
            text = _("New date")
        else:
            text = _("New time")
        return str(text)


# Statuses of an event that will not take place at its time.
GONE = (Status.CANCELLED, Status.POSTPONED)


def is_cancellation(change):
    """Whether calendar apps should remove the event (iTIP CANCEL) rather than update it."""
    return change.after.get("status") in GONE
