"""schema.org `Event` data for search engines (JSON-LD), from an occurrence's public facts.

The location is a VirtualLocation whose url is the event page itself: join links are access
details (docs/architecture.md#visibility-and-access-policy) and never leave the members-only
surfaces.
"""

from zoneinfo import ZoneInfo

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
    if occ.date_tba:
        return f"{local:%Y-%m}"
    if occ.all_day:
        return local.date().isoformat()
    return local.isoformat()


def event_jsonld(
    occ, *, url, host=None, host_url=None, organizer_name=None, speakers=(), image_url=None
):
    """A schema.org Event dict for one occurrence; `url` is its page's absolute address.

    The organizer is the host page (a chapter or working group), named `organizer_name` when
    given (the network itself for events of the network-wide index)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": occ.title,
        "url": url,
        "eventStatus": EVENT_STATUS.get(occ.status, EVENT_STATUS[Status.SCHEDULED]),
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "location": {"@type": "VirtualLocation", "url": url},
        "inLanguage": babel_locale(occ.language).replace("_", "-"),
    }
    intro = getattr(occ.page, "intro", "")
    if intro:
        data["description"] = intro
    if occ.start is not None:
        data["startDate"] = _when(occ.start, occ.timezone, occ)
        if occ.end is not None and not occ.date_tba:
            data["endDate"] = _when(occ.end, occ.timezone, occ)
    if host is not None:
        name = organizer_name or host.title
        data["organizer"] = {"@type": "Organization", "name": name, "url": host_url}
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
