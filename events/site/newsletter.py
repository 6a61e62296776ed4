"""This month, for the newsletter: a month's calls in one language, printable, and as plain text
and e-mail-ready HTML to copy (issue 13 item 6).

Only public information: titles, the announced times (in the event's zone and the reference
zones, the same for every reader), hosts, audience, status and page addresses. Never the
joining details (events.reads.access decides those, and this page never asks it). Hosts are read in
one query, so the page costs the same number of queries for 1 call or 40
(the query budget tests: tests/events/test_this_month.py).
"""

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from events.domain import timefmt
from events.domain.choices import Audience
from events.models import EventIndexPage
from events.reads import hosts as host_reads
from events.reads import occurrences
from events.reads.occurrences import Occurrence
from home import typography

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def network_zone():
    return ZoneInfo(settings.EVENTS_REFERENCE_TIMEZONES[0])


def month_bounds(year, month):
    """The month's first instant and the next month's, in the network's first reference zone."""
    zone = network_zone()
    start = dt.datetime(year, month, 1, tzinfo=zone)
    following = (start.replace(tzinfo=None) + dt.timedelta(days=32)).replace(day=1)
    return start, following.replace(tzinfo=zone)


def parse_month(value, now=None):
    """(year, month) from "YYYY-MM", the current month when empty; ValueError names the error."""
    if not value:
        local = (now or timezone.now()).astimezone(network_zone())
        return local.year, local.month
    match = MONTH.match(value.strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
        raise ValueError(value)
    return int(match.group(1)), int(match.group(2))


@dataclass(frozen=True)
class Call:
    occurrence: Occurrence
    date: str
    times: str
    host: str
    url: str

    @property
    def restricted(self):
        return self.occurrence.audience != Audience.PUBLIC


def month_calls(year, month, language, request):
    """The month's calls in `language`, each with its announced date and times and host."""
    start, end = month_bounds(year, month)
    found = occurrences.occurrences_between(start, end, language)
    pages = [o.page for o in found]
    for occ in found:
        if occ.series is not None:
            pages.append(occ.series)
    hosts = host_reads.hosts_for(pages, language)
    calls = []
    for occ in found:
        host = hosts.get(occ.page.pk) or (occ.series and hosts.get(occ.series.pk))
        if host is None or issubclass(host.specific_class, EventIndexPage):
            host_name = _("Climate Caucus (network-wide)")
        else:
            host_name = host.title
        if occ.start is None or occ.date_tba:
            date, times = timefmt.month_text(start, network_zone().key, language), ""
        else:
            date = timefmt.date_text(occ.start, occ.timezone, language)
            times = "" if occ.all_day else timefmt.times_text(occ.start, occ.timezone, language)
        calls.append(Call(occ, date, times, host_name, occ.page.get_full_url(request)))
    return calls


def plain_text(calls, heading, language):
    """The month as plain text for an e-mail: one paragraph per call."""
    lines = [heading, ""]
    for call in calls:
        occ = call.occurrence
        lines.append(occ.title)
        lines.append(" · ".join(filter(None, [call.date, call.times])))
        details = [call.host]
        if occ.status != "scheduled":
            details.append(
                occ.status_label + (f" — {occ.status_reason}" if occ.status_reason else "")
            )
        if call.restricted:
            details.append(str(occ.audience_label))
        lines.append(" · ".join(details))
        lines.append(call.url)
        lines.append("")
    text = "\n".join(lines).strip() + "\n"
    return typography.french_spacing(text) if language == "fr" else text


def this_month(request):
    language = (get_language() or "en").split("-")[0]
    try:
        year, month = parse_month(request.GET.get("month", ""))
    except ValueError:
        return HttpResponseBadRequest(
            _("The month parameter must be a month such as 2026-05."),
            content_type="text/plain; charset=utf-8",
        )
    start, end = month_bounds(year, month)
    heading = timefmt.month_text(start, network_zone().key, language)
    calls = month_calls(year, month, language, request)
    previous = (start - dt.timedelta(days=1)).strftime("%Y-%m")
    return TemplateResponse(
        request,
        "events/this_month.html",
        {
            "calls": calls,
            "heading": heading,
            "plain_text": plain_text(calls, heading, language),
            "previous_month": previous,
            "next_month": end.strftime("%Y-%m"),
        },
    )
