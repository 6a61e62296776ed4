"""schema.org `Event` data for search engines (JSON-LD), from an occurrence's public facts.

The location is a VirtualLocation whose url is the event page itself: join links are access
details (docs/architecture.md#visibility-and-access-policy) and leave the members-only surfaces
only when the event is open to all and its editor published the link openly (`join_url`, from
events.reads.access).

Dates are whole ISO 8601 date-times (or dates for all-day events): a date to be announced has
none yet, so startDate is left out rather than written as a month ("2026-12"), which schema.org's
Date/DateTime and Google's event guidelines do not accept.

The organizer is the network (settings.NETWORK_NAME, NETWORK_URL); the host page (a chapter or
working group) is named as its sub-organization.
"""

from zoneinfo import ZoneInfo

from django.conf import settings

from events.domain.choices import Status
from home.i18n import babel_locale

EVENT_STATUS = {
    Status.SCHEDULED: "https://schema.org/EventScheduled",
    # schema.org has no "tentative": the event is still planned for that date.
    Status.TENTATIVE: "https://schema.org/EventScheduled",
    Status.CANCELLED: "https://schema.org/EventCancelled",
    Status.POSTPONED: "https://schema.org/EventPostponed",
}


def _when(instant, zone, occ):
    local = instant.astimezone(ZoneInfo(zone))
    if occ.all_day:
        return local.date().isoformat()
    return local.isoformat()


def organizer(host=None, host_url=None, host_is_network=False):
    """The network as a schema.org Organization; a chapter or working group as its part."""
    data = {"@type": "Organization", "name": settings.NETWORK_NAME, "url": settings.NETWORK_URL}
    if host is not None and not host_is_network:
        data["subOrganization"] = {"@type": "Organization", "name": host.title, "url": host_url}
    return data


def event_jsonld(
    occ,
    *,
    url,
    host=None,
    host_url=None,
    host_is_network=False,
    speakers=(),
    image_url=None,
    join_url=None,
):
    """A schema.org Event dict for one occurrence; `url` is its page's absolute address,
    `join_url` the link published openly (events.reads.access.public_join_links), if any."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": occ.title,
        "url": url,
        "eventStatus": EVENT_STATUS.get(occ.status, EVENT_STATUS[Status.SCHEDULED]),
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "location": {"@type": "VirtualLocation", "url": join_url or url},
        "inLanguage": babel_locale(occ.language).replace("_", "-"),
    }
    intro = getattr(occ.page, "intro", "")
    if intro:
        data["description"] = intro
    if occ.start is not None and not occ.date_tba:
        data["startDate"] = _when(occ.start, occ.timezone, occ)
        if occ.end is not None:
            data["endDate"] = _when(occ.end, occ.timezone, occ)
    data["organizer"] = organizer(host, host_url, host_is_network)
    performers = []
    for link in speakers:
        person = {"@type": "Person", "name": link.speaker.name}
        if link.speaker.role:
            person["jobTitle"] = link.speaker.role
        if link.speaker.organisation:
            person["affiliation"] = {"@type": "Organization", "name": link.speaker.organisation}
        performers.append(person)
    if performers:
        data["performer"] = performers
    if image_url:
        data["image"] = [image_url]
    return data
