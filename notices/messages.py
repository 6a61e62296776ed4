"""The e-mails: one member, one change, in the member's language and zone (docs/notices.md).

Each has a plain-text and an HTML part, `List-Unsubscribe` with `List-Unsubscribe-Post`
(RFC 8058: a one-click POST that needs no sign-in), and an iCalendar part (RFC 5546) with
METHOD:REQUEST, or METHOD:CANCEL for a cancelled or postponed event, whose VEVENTs are the
public feed's (written by `events.calendar.ical` from `events.calendar.feeds.feed_data`), so
UID, RECURRENCE-ID and SEQUENCE are the feed's and a calendar app updates the entry it already has.
Join details come only from `events.reads.access`, for a member it entitles.
"""

from __future__ import annotations

import time
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from wagtail.models import Page

from events.calendar import feeds, ical
from events.reads import access, occurrences
from home.visibility import is_visible
from notices import text, tokens
from notices.models import Kind


def changed_page(change, language):
    """The live, visible page of `change` in `language` (else another language), or None."""
    pages = list(Page.objects.live().filter(translation_key=change.page_key).specific())
    pages.sort(key=lambda p: p.locale.language_code != language)
    page = pages[0] if pages else None
    return page if page is not None and is_visible(page) else None


def unsubscribe_url(user, kind, language):
    with translation.override(language):
        path = reverse("notices:unsubscribe", kwargs={"token": tokens.make(user, kind)})
    return settings.SITE_URL.rstrip("/") + path


def invitation(change, page, language, user=None):
    """The iCalendar bytes for `change`: the feed's VEVENTs of its UID, METHOD REQUEST or
    CANCEL; `user` adds their join details where `events.reads.access` entitles them."""
    start, end = feeds.window()
    data = feeds.feed_data(page, language, start, end, user=user)
    uid = str(change.uid)
    data.series = [s for s in data.series if str(s.translation_key) == uid]
    data.occurrences = [o for o in data.occurrences if o.uid == uid]
    method = "CANCEL" if text.is_cancellation(change) else "REQUEST"
    return ical.feed(data, start.year, end.year, method=method).to_ical(), method


def join_details(user, page):
    """The AccessDetails the member may see for this page's event or series, else None."""
    item = page if hasattr(page, "rrule") else occurrences.occurrence_for_page(page)
    key = str(page.translation_key) if item is page else item.id
    return access.access_details_for(user, [item]).get(key)


def calendar_part(body, method):
    part = MIMEText(body.decode(), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    return part


def build(delivery, profile):
    """The e-mail of a delivery, or None when there is nothing (left) to say."""
    if delivery.kind == Kind.REMINDER:
        return build_reminder(delivery, profile)
    if delivery.kind == Kind.DIGEST:
        return build_digest(delivery, profile)
    return build_notice(delivery, profile)


def _message(user, kind, language, name, context, attachments=()):
    """The two-part e-mail `name` (notices/emails/<name>_*) with the unsubscribe headers."""
    unsubscribe = unsubscribe_url(user, kind, language)
    with translation.override(language):
        context = {
            **context,
            "unsubscribe_url": unsubscribe,
            "account_url": settings.SITE_URL.rstrip("/") + reverse("notices:follows"),
        }
        subject = " ".join(render_to_string(f"notices/emails/{name}_subject.txt", context).split())
        plain = render_to_string(f"notices/emails/{name}_body.txt", context)
        html = render_to_string(f"notices/emails/{name}_body.html", context)
    message = EmailMultiAlternatives(
        subject,
        plain,
        None,
        [user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    for part in attachments:
        message.attach(part)
    return message


def build_reminder(delivery, profile):
    """Tomorrow's call (or today's), with its join details where the member is entitled."""
    from events.api.queries import find_occurrence

    language, zone = profile.language, profile.timezone
    occ = find_occurrence(delivery.subject_key, language)
    if occ is None or occ.status in text.GONE or occ.start is None:
        return None
    context = {
        "title": occ.title,
        "when": text.when(occ.start, occ.timezone or "UTC", language, zone),
        "url": occ.page.get_full_url(),
        "details": access.access_details_for(delivery.user, [occ]).get(occ.id),
    }
    return _message(delivery.user, Kind.REMINDER, language, "reminder", context)


def build_digest(delivery, profile):
    """The member's followed calls of the coming two weeks; None when there is none."""
    from django.utils import timezone

    from notices.periodic import digest_occurrences

    language, zone = profile.language, profile.timezone
    occs = digest_occurrences(delivery.user_id, timezone.now(), language)
    if not occs:
        return None
    items = [
        {
            "title": occ.title,
            "when": text.when(occ.start, occ.timezone or "UTC", language, zone),
            "url": occ.page.get_full_url(),
            "status": occ.status_label if occ.status != "scheduled" else "",
        }
        for occ in occs
    ]
    return _message(delivery.user, Kind.DIGEST, language, "digest", {"items": items})


# What a change's notice says is the same for every member of one language, zone and set of
# audiences they may join (`events.access.admitted_audiences`): a worker sending a thousand
# notices builds it once per such group. Kept a minute at most, so a page unpublished since
# is not announced from an old copy for long (bench/notices_bench.py measures the gain).
SHARED_SECONDS = 60
_shared = {}


def _notice_parts(change, user, language, zone):
    """(context, calendar bytes, METHOD) of a change for a member, or None if not public."""
    key = (change.key, language, zone, access.admitted_audiences(user))
    now = time.monotonic()
    found = _shared.get(key)
    if found is not None and now - found[0] < SHARED_SECONDS:
        return found[1]
    page = changed_page(change, language)
    if page is None:
        parts = None
    else:
        body, method = invitation(change, page, language, user)
        with translation.override(language):
            context = {
                "change": change,
                "title": change.title(language),
                "headline": text.headline(change, language),
                "lines": text.lines(change, language, zone),
                "reason": change.reason(language),
                "url": page.get_full_url(),
                "zone": zone,
                "details": join_details(user, page),
            }
        parts = (context, body, method)
    if len(_shared) > 256:
        _shared.clear()
    _shared[key] = (now, parts)
    return parts


def build_notice(delivery, profile):
    """The change notice of a NOTICE delivery, or None if its page is no longer public."""
    parts = _notice_parts(delivery.change, delivery.user, profile.language, profile.timezone)
    if parts is None:
        return None
    context, body, method = parts
    return _message(
        delivery.user, Kind.NOTICE, profile.language, "notice", context,
        [calendar_part(body, method)],
    )  # fmt: skip
