""" "Add to calendar" links for web calendars that cannot subscribe to an .ics file directly.

Only public facts travel in these links (title, time, the event page's address): never access
details, which are not page data anyway (docs/architecture.md#visibility-and-access-policy).
"""

import datetime as dt
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK_COM = "https://outlook.live.com/calendar/0/action/compose"
MICROSOFT_365 = "https://outlook.office.com/calendar/0/action/compose"


def _bounds(occ):
    """Start and end as the providers want them, or None when the date is not known yet."""
    if occ.start is None or occ.date_tba:
        return None
    if occ.all_day:
        tz = ZoneInfo(occ.timezone)
        first = occ.start.astimezone(tz).date()
        last = (occ.end.astimezone(tz) if occ.end else occ.start).date()
        return first, max(last, first + dt.timedelta(days=1))
    end = occ.end or occ.start + dt.timedelta(hours=1)
    return occ.start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def _details(occ, url):
    intro = getattr(occ.page, "intro", "") or ""
    return f"{intro}\n\n{url}".strip()


def google_calendar_url(occ, url):
    """A Google Calendar "new event" link prefilled with this occurrence, or None."""
    bounds = _bounds(occ)
    if bounds is None:
        return None
    fmt = "%Y%m%d" if occ.all_day else "%Y%m%dT%H%M%SZ"
    params = {
        "action": "TEMPLATE",
        "text": occ.title,
        "dates": f"{bounds[0]:{fmt}}/{bounds[1]:{fmt}}",
        "details": _details(occ, url),
        "location": url,
        "ctz": occ.timezone,
    }
    return f"{GOOGLE}?{urlencode(params)}"


def outlook_url(occ, url, base=OUTLOOK_COM):
    """An Outlook on the web "new event" link (Outlook.com by default, or Microsoft 365)."""
    bounds = _bounds(occ)
    if bounds is None:
        return None
    if occ.all_day:
        start, end = bounds[0].isoformat(), bounds[1].isoformat()
    else:
        start, end = (b.strftime("%Y-%m-%dT%H:%M:%SZ") for b in bounds)
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": occ.title,
        "startdt": start,
        "enddt": end,
        "allday": "true" if occ.all_day else "false",
        "body": _details(occ, url),
        "location": url,
    }
    return f"{base}?{urlencode(params)}"
