"""The one access policy: who may see which events, and their access details
(docs/architecture.md#visibility-and-access-policy).

Every surface asks this module, never the user's groups directly:

- `visible(queryset)` (home.visibility): which pages may be listed at all. Being a member grants
  access details, not drafts, unpublished or view-restricted pages, so it answers the same for
  everyone.
- `may_see_access_details(user, occurrence_or_page)`: True only for an authenticated, active
  member whose group admits the event's audience. Decisions, on purpose:
    * CMS editors and superusers who are not in a member group do NOT get them: editing pages
      is not being entitled to join a call (and superuser powers must not leak join links
      into a screenshot of the public site). Put a superuser in a member group if they are one.
    * Holders of `events.change_accessdetails` edit and see them only in the admin view, not
      on public surfaces, unless they are members too.
- `access_details_for(user, occurrences)`: {occurrence id: AccessDetails} for those the user
  may see, in a constant number of queries (one for the user's groups, cached on the user
  object, one for the details).
- `public_join_links(occurrences)`: {occurrence id: join link} for the events open to all whose
  editor chose to publish the link openly (`AccessDetails.publish_openly`): the only access
  detail that may reach anonymous surfaces (pages, public feeds, the API, JSON-LD). A
  restricted event's link never does, whatever its record says: the audience is checked here,
  on top of the validation that refuses to save such a record
  (docs/architecture.md#visibility-and-access-policy).
- `reader_state(user, occurrence)`: which "How to join" panel the reader in front of a page
  sees (open, anonymous, not entitled, entitled).

Which record applies: an occurrence that has its own page (a one-off event, or an override
of a series date) uses the record keyed by that page's translation_key if one exists; a series
occurrence without one uses its series' record. The occurrence id of a series date
(series key + original start) is not a UUID, so records are keyed by page translation keys
only: to give one date its own details, create its override page first.
"""

from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control

from events.domain.choices import Audience
from events.models import AccessDetails
from events.reads.occurrences import Occurrence
from home.visibility import is_visible, per_version_entry, visible

ELECTED_OFFICIALS = "Elected officials"
MUNICIPAL_STAFF = "Municipal staff"
MEMBER_GROUPS = (ELECTED_OFFICIALS, MUNICIPAL_STAFF)
ACCESS_DETAIL_EDITORS = "Access-detail editors"
EDIT_PERMISSION = "events.change_accessdetails"
# The groups members.groups makes per chapter: "Chapter editors: B.C. Chapter".
CHAPTER_EDITORS_PREFIX = "Chapter editors: "

# Which audiences each member group is admitted to.
GROUP_AUDIENCES = {
    ELECTED_OFFICIALS: frozenset({Audience.ELECTED, Audience.ELECTED_AND_STAFF, Audience.PUBLIC}),
    MUNICIPAL_STAFF: frozenset({Audience.ELECTED_AND_STAFF, Audience.PUBLIC}),
}

_CACHE_ATTR = "_access_admitted_audiences"

__all__ = [
    "access_details_for",
    "admitted_audiences",
    "is_visible",
    "may_edit_access_details",
    "may_see_access_details",
    "page_context",
    "protect_response",
    "public_join_links",
    "reader_state",
    "request_access_path",
    "visible",
]


def admitted_audiences(user):
    """The audiences whose access details `user` may see; empty for non-members."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        names = user.groups.filter(name__in=MEMBER_GROUPS).values_list("name", flat=True)
        cached = frozenset().union(*(GROUP_AUDIENCES[name] for name in names))
        # One query per request, however many events a page lists.
        setattr(user, _CACHE_ATTR, cached)
    return cached


def may_see_access_details(user, occurrence_or_page):
    """Whether `user` may see the access details of this occurrence, event or series."""
    return occurrence_or_page.audience in admitted_audiences(user)


def may_edit_access_details(user, page=None):
    """Whether `user` may edit access details: everywhere with the dedicated permission; or,
    for a chapter editor, on `page` when it is one they may edit (their own chapter's events)."""
    if not (user and user.is_active):
        return False
    if user.has_perm(EDIT_PERMISSION):
        return True
    if page is None or not user.groups.filter(name__startswith=CHAPTER_EDITORS_PREFIX).exists():
        return False
    return page.permissions_for_user(user).can_edit()


def _candidate_keys(item):
    """Keys to look a record up by, most specific first."""
    override = getattr(item, "override", None)
    series = getattr(item, "series", None)
    page = getattr(item, "page", item)
    keys = []
    if override is not None:
        keys.append(override.translation_key)
    elif series is None:
        keys.append(page.translation_key)
    if series is not None:
        keys.append(series.translation_key)
    elif getattr(page, "series_key", None):
        # An override page passed directly: fall back to its series' record.
        keys.append(page.series_key)
    return keys


def _item_id(item):
    return item.id if isinstance(item, Occurrence) else str(item.translation_key)


def access_details_for(user, occurrences):
    """{occurrence id: AccessDetails} for the occurrences `user` may see the details of.

    Accepts Occurrence objects (keyed by `occurrence.id`) or EventPage/EventSeriesPage objects
    (keyed by their translation key as a string). At most two queries, whatever the number.
    """
    audiences = admitted_audiences(user)
    entitled = [item for item in occurrences if item.audience in audiences]
    if not entitled:
        return {}
    wanted = {_item_id(item): _candidate_keys(item) for item in entitled}
    all_keys = {key for keys in wanted.values() for key in keys}
    records = {d.event_key: d for d in AccessDetails.objects.filter(event_key__in=all_keys)}
    result = {}
    for item_key, keys in wanted.items():
        found = next((records[k] for k in keys if k in records and not records[k].is_empty), None)
        if found is not None:
            result[item_key] = found
    return result


def _records_for(items):
    """{item id: [AccessDetails, most specific first]} in one query (none without items)."""
    wanted = {_item_id(item): _candidate_keys(item) for item in items}
    if not wanted:
        return {}
    all_keys = {key for keys in wanted.values() for key in keys}
    records = {d.event_key: d for d in AccessDetails.objects.filter(event_key__in=all_keys)}
    return {
        item_id: [records[k] for k in keys if k in records and not records[k].is_empty]
        for item_id, keys in wanted.items()
    }


def public_join_links(occurrences):
    """{occurrence id: join link} for events open to all whose link is published openly.

    The record that applies is the same as for members (the most specific non-empty one); its
    link is public only when that record says so and the event is open to all. One query for
    any number of occurrences, none when none is open to all.
    """
    public = [item for item in occurrences if item.audience == Audience.PUBLIC]
    result = {}
    for item_id, found in _records_for(public).items():
        record = found[0] if found else None
        if record is not None and record.publish_openly and record.join_url:
            result[item_id] = record.join_url
    return result


# The states of the "How to join" panel (templates/events/includes/how_to_join.html).
OPEN, ANONYMOUS, NOT_ENTITLED, ENTITLED = "open", "anonymous", "not_entitled", "entitled"


def reader_state(user, occurrence_or_page):
    """Which "How to join" the reader in front of an event or series page sees."""
    if occurrence_or_page.audience == Audience.PUBLIC:
        return OPEN
    if may_see_access_details(user, occurrence_or_page):
        return ENTITLED
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    return NOT_ENTITLED


# Events and series whose openly published link is kept per content version (page_context).
PUBLIC_LINKS_KEPT = 1000


def page_context(request, occurrence):
    """Template context for one event or series page: its access details, only if the requester
    may; the link published openly, if any; which "How to join" panel the reader sees.

    The open link is read once per content version and item in each process (saving access
    details moves the version; docs/architecture.md#caching-and-freshness), except for a
    preview, whose audience may not be the saved one."""
    item_id = _item_id(occurrence)
    details = access_details_for(request.user, [occurrence]).get(item_id)
    if getattr(request, "is_preview", False):
        public_join_url = public_join_links([occurrence]).get(item_id)
    else:
        public_join_url = per_version_entry(
            "public-join-url",
            item_id,
            lambda: public_join_links([occurrence]).get(item_id),
            limit=PUBLIC_LINKS_KEPT,
        )
    return {
        "access_details": details,
        "public_join_url": public_join_url,
        "reader_state": reader_state(request.user, occurrence),
    }


def request_access_path(language):
    """Where someone not entitled learns how to become a member (for pages, feeds, the API)."""
    with translation.override(language):
        return reverse("members:request_access")


def protect_response(response):
    """Mark a response that shows access details as private and never stored by any cache."""
    context = getattr(response, "context_data", None) or {}
    if context.get("access_details") is not None:
        patch_cache_control(response, private=True, no_store=True)
    return response
