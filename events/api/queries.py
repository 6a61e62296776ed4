"""Reads behind the API: filtered occurrences, removals, and the related records of one page of
results, each in a constant number of queries. Whether anything changed is not read here: the
content version (home.freshness) answers that for every surface.

Expansion, language fallback and visibility come from events.reads.occurrences and home.visibility;
nothing here re-implements them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from operator import attrgetter

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from wagtail.models import Page, PageLogEntry

from events.api.params import DEFAULT_WINDOW
from events.domain import recurrence
from events.models import (
    AccessDetails,
    EventPage,
    EventSeriesPage,
    EventSpeaker,
    ScheduleChange,
    Speaker,
)
from events.reads import hosts as host_reads
from events.reads import modified, occurrences
from events.reads.images import event_images, prefetch_renditions
from events.reads.speakers import speakers_for
from home.visibility import per_version, visible

OCCURRENCE_ID = re.compile(r"^(?P<key>[0-9a-f-]{36})_(?P<local>\d{8}T\d{6})$")


# --- Look-ups by stable id -----------------------------------------------------------------


def find_page(model, key, language):
    """The visible page of `model` in the translation group `key`, in `language` if it exists."""
    pages = visible(model.objects.filter(translation_key=key).select_related("locale"))
    found = occurrences.prefer_language(pages, language)
    return found[0] if found else None


def find_occurrence(event_id, language):
    """The occurrence or one-off event with this API id, or None (malformed ids included)."""
    match = OCCURRENCE_ID.match(event_id)
    if match is None:
        if not re.fullmatch(r"[0-9a-f-]{36}", event_id):
            return None
        page = find_page(EventPage, event_id, language)
        if page is None or page.series_key is not None:
            return None
        return occurrences.event_from_page(page)
    series = find_page(EventSeriesPage, match["key"], language)
    if series is None or series.start_time is None:
        return None
    try:
        local = dt.datetime.strptime(match["local"], "%Y%m%dT%H%M%S")
    except ValueError:
        return None
    day = local.date()
    if local.time() != series.start_time or not recurrence.produces(series.rule, day):
        return None
    override = occurrences.prefer_language(
        visible(
            EventPage.objects.filter(
                series_key=series.translation_key, occurrence_date=day
            ).select_related("locale")
        ),
        language,
    )
    return occurrences.series_occurrence(
        series, series.occurrence_start(day), override[0] if override else None
    )


# --- Filtering -----------------------------------------------------------------------------


def _folded(text):
    """Lower-case text without accents, so "evenement" finds "Événement"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def join_details_changed_since(since):
    """Translation keys of the events, series and occurrence pages whose access details (an
    openly published join link among them) were saved after `since`: one query. Such a save
    changes an answer (`join_url`, a member's details) without a publication."""
    return {
        str(key)
        for key in AccessDetails.objects.filter(updated_at__gt=since).values_list(
            "event_key", flat=True
        )
    }


def changed_since(since):
    """Rows of the change log after `since`: ({changed ids}, {changed uids})."""
    rows = ScheduleChange.objects.filter(
        changed_at__gt=since, kind=ScheduleChange.Kind.REMOVED
    ).values_list("key", "uid")
    keys, uids = set(), set()
    for key, uid in rows:
        keys.add(key)
        if uid:
            uids.add(uid)
    return keys, uids


def removals_since(since, changed_keys, changed_uids):
    """Ids removed from the schedule after `since` that an anonymous caller could have held.

    "Could have held": the id was in some anonymous answer, i.e. its event, series or
    override page was public (passed home.visibility) at some moment, and it left the
    public schedule after `since`. The log holds exactly such ids: events.removals writes one
    only when a change takes a page that was public just before it off the schedule, never
    for a page that was only ever a draft or was hidden all along (under a restricted or
    unpublished branch), so no answer names an id no anonymous caller could have seen. A
    caller that synced at `since` may not hold every listed id (one published and removed
    since then); ignoring an unknown id is its part of the contract.

    An id whose group is visible again (or was only hidden in one language) is not a removal:
    the occurrence is listed as changed instead, if it falls in the window.
    """
    if not changed_keys:
        return []
    still_there = set(
        visible(Page.objects.filter(translation_key__in=changed_uids)).values_list(
            "translation_key", flat=True
        )
    )
    rows = (
        ScheduleChange.objects.filter(changed_at__gt=since, kind=ScheduleChange.Kind.REMOVED)
        .exclude(uid__in=still_there)
        .values_list("key", "uid")
        .distinct()
        .order_by("key")
    )
    return [{"id": key, "uid": str(uid) if uid else key, "removed": True} for key, uid in rows]


def left_since(since, start, end, listed):
    """Removals of what changed after `since` and is no longer among `listed` (the ids the
    query lists now, on every page): events moved out of [start, end) or out of the filters,
    and the former occurrences of a series whose rule or time changed.

    A client mirroring the window may hold any of these ids; an id it does not hold is simply
    ignored, so reporting too many is harmless and too few leaves a stale copy. Every id named
    is of an event or series visible now (public, so one an anonymous caller may hold): its own
    id, or a former occurrence id of a visible series. Old occurrence ids come from each series
    page as last published before `since` (its publish log entry's revision), since a new start
    time gives new ids. One imprecision remains: a series hidden at `since` (under a restricted
    or unpublished branch) and public again now with a new time names its former occurrence ids
    although those dates may never have been public; no history says when a branch was hidden.
    A constant number of queries.
    """
    changed = Page.objects.filter(last_published_at__gt=since)
    changed_keys = changed.values("translation_key")
    group_changed = Exists(changed.filter(translation_key=OuterRef("translation_key")))
    events = set(
        visible(
            EventPage.objects.filter(
                Q(translation_key__in=changed_keys) | Q(series_key__in=changed_keys)
            )
        )
        .annotate(changed=group_changed)
        .values_list("translation_key", "series_key", "occurrence_date", "changed")
    )
    series_keys = {series_key for _key, series_key, _day, _changed in events if series_key}
    found = {}
    schedules = {}  # {series key: (changed, [(start time, zone, rule, duration)])}
    series_rows = visible(
        EventSeriesPage.objects.filter(
            Q(translation_key__in=changed_keys) | Q(translation_key__in=series_keys)
        )
    ).annotate(changed=group_changed)
    for series in series_rows:
        # Translations share one schedule (events.domain.schedule): one row per group is enough.
        if series.start_time and series.timezone and series.translation_key not in schedules:
            schedules[series.translation_key] = (series.changed, [schedule_of(series)])
    for key, rules in previous_rules(
        since, [key for key, (changed, _rules) in schedules.items() if changed]
    ).items():
        schedules[key][1].extend(rules)
    for key, (changed, rules) in schedules.items():
        if not changed:
            continue
        # The occurrences that overlapped the window (those an override had moved in are
        # found through the override below).
        for _time, zone, rule, duration in rules:
            for original in recurrence.expand(rule, zone, start - duration, end):
                found[occurrences.occurrence_id(key, original)] = key
    for key, series_key, day, changed in events:
        if series_key is None:
            if changed:
                found[str(key)] = key
            continue
        series_changed, rules = schedules.get(series_key, (False, []))
        if day is None or not (changed or series_changed):
            continue
        for start_time, zone, _rule, _duration in rules:
            original = recurrence.localize(dt.datetime.combine(day, start_time), zone)
            found[occurrences.occurrence_id(series_key, original)] = series_key
    return [
        {"id": event_id, "uid": str(uid), "removed": True}
        for event_id, uid in sorted(found.items())
        if event_id not in listed
    ]


def previous_rules(since, keys):
    """{series key: [schedule_of(...)]}: each page of these series as last published at or
    before `since`, read from the revision its publish log entry names, in one query."""
    if not keys:
        return {}
    latest = (
        PageLogEntry.objects.filter(
            page_id=OuterRef("page_id"), action="wagtail.publish", timestamp__lte=since
        )
        .order_by("-timestamp", "-pk")
        .values("pk")[:1]
    )
    rows = PageLogEntry.objects.filter(
        page__translation_key__in=keys, pk=Subquery(latest), revision__isnull=False
    ).values_list("page__translation_key", "revision__content")
    result = {}
    for key, content in rows:
        schedule = schedule_from_content(content)
        if schedule is not None:
            result.setdefault(key, []).append(schedule)
    return result


def schedule_from_content(content):
    """(start time, zone, rule, duration) from a series revision's content, or None.

    An unsaved page holds the fields, so the rule and duration are the model's own.
    """
    try:
        old = EventSeriesPage(
            frequency=content["frequency"],
            first_date=dt.date.fromisoformat(content["first_date"]),
            start_time=dt.time.fromisoformat(content["start_time"]),
            end_time=dt.time.fromisoformat(content["end_time"]) if content["end_time"] else None,
            interval=int(content.get("interval") or 1),
            until=dt.date.fromisoformat(content["until"]) if content.get("until") else None,
            count=int(content["count"]) if content.get("count") else None,
            timezone=content["timezone"],
        )
        return schedule_of(old)
    except (KeyError, TypeError, ValueError):
        return None


def schedule_of(series):
    return series.start_time, series.tz, series.rule, series.duration


def filter_occurrences(occs, params, language):
    """The occurrences matching the validated list parameters (see EventListParams)."""
    if params.get("series"):
        occs = [o for o in occs if o.series and str(o.series.translation_key) == params["series"]]
    if params.get("audience"):
        occs = [o for o in occs if o.audience == params["audience"]]
    if params.get("status"):
        occs = [o for o in occs if o.status == params["status"]]
    if params.get("working_group_page") and params.get("chapter_page"):
        # Only one host can scope the expansion; the other filters what it found.
        paths = translation_paths(params["working_group_page"])
        occs = [o for o in occs if any(o.page.path.startswith(p) for p in paths)]
    if params.get("speaker"):
        pages = {
            page_id
            for page_id, key in EventSpeaker.objects.filter(
                page__in=[o.page.pk for o in occs if isinstance(o.page, EventPage)]
            ).values_list("page_id", "speaker__translation_key")
            if str(key) == params["speaker"]
        }
        occs = [o for o in occs if o.page.pk in pages]
    if params.get("q"):
        needle = _folded(params["q"])
        occs = [
            o
            for o in occs
            if needle in _folded(f"{o.title} {o.page.intro} {o.series.title if o.series else ''}")
        ]
    return occs


def translation_paths(page):
    """Tree paths of the visible pages of `page`'s translation group."""
    return list(
        visible(Page.objects.filter(translation_key=page.translation_key)).values_list(
            "path", flat=True
        )
    )


def reads_every_occurrence(params):
    """Whether the list needs the whole window built (scoped_occurrences) rather than the
    slice shown (listed_slots): `q` folds accents and case as Python does (_folded), which
    neither SQLite nor PostgreSQL matches exactly, and `updated_since` needs every id listed to
    tell what left the query."""
    return bool(params.get("q")) or params.get("updated_since") is not None


def listed_slots(start, end, language, params):
    """The occurrences in [start, end) matching the list parameters (all but `q` and
    `updated_since`) as an occurrences.SlotSequence: counted in the database and read only as
    far as the page asked for; occurrences.occurrences_for builds the slice shown. The same
    occurrences, in the same order, as filter_occurrences(occurrences_between(...)).

    The series, else the chapter, else the working group scopes the query; the other hosts
    chosen are checked on the paths, across translations, as the events index does.
    """
    scopes = [params.get(name) for name in ("series_page", "chapter_page", "working_group_page")]
    scopes = [page for page in scopes if page is not None]
    where = series_where = None
    if params.get("speaker"):
        where, series_where = _speaker_tests(params["speaker"])
    return occurrences.slot_sequence(
        start,
        end,
        language,
        within=scopes[0] if scopes else None,
        path_sets=[occurrences.translation_paths(page) for page in scopes[1:]],
        where=where,
        series_where=series_where,
        audience=params.get("audience"),
        status=params.get("status"),
    )


def _speaker_tests(key):
    """(a filter on one-off events, a test of series dates) for the speaker `key`, as
    filter_occurrences checks them: a link from the page shown (the event in the language
    chosen, or a date's override) to any translation of the speaker. A series date with no
    override shows the series page, which has no speakers. One query, for the overrides."""
    links = EventSpeaker.objects.filter(speaker__translation_key=key)
    overrides = set(links.filter(page__series_key__isnull=False).values_list("page_id", flat=True))
    return Exists(links.filter(page=OuterRef("pk"))), (
        lambda slot: slot.occurrence.page.pk in overrides
    )


def scoped_occurrences(start, end, language, params):
    """Occurrences in [start, end) under the requested chapter or working group, filtered:
    every one of the window built, for the lists that need them all (reads_every_occurrence).
    """
    host = params.get("chapter_page") or params.get("working_group_page")

    def build():
        return occurrences.occurrences_between(start, end, language, within=host)

    if start != timezone.now().replace(second=0, microsecond=0) or end - start != DEFAULT_WINDOW:
        # A window the client chose is built for this request only: kept per version, a client
        # asking for many windows would fill each worker's memory with their occurrences.
        return filter_occurrences(build(), params, language)
    # The default window's occurrences (this minute's) serve every page, text search and sync
    # of it until the content changes (filter_occurrences makes new lists; nothing mutates
    # one): a client mirroring the schedule polls it with `updated_since`.
    occs = per_version(("occurrences", start, end, language, host.pk if host else None), build)
    return filter_occurrences(occs, params, language)


# --- Related records of one page of results ------------------------------------------------


@dataclass
class Related:
    """What the serializers need besides the occurrences, fetched once for a page of results."""

    speakers: dict
    hosts: dict
    translations: dict
    latest: dict


def translations_for(pages):
    """{translation key: {language: page}} of the visible translations, in two queries."""
    keys = {p.translation_key for p in pages}
    result = {}
    if not keys:
        return result
    for page in visible(Page.objects.filter(translation_key__in=keys).select_related("locale")):
        result.setdefault(page.translation_key, {})[page.locale.language_code] = page
    return result


def related_for(occs, language, latest=None):
    """Speakers, hosts, translations and group dates for one page of results."""
    pages = [o.page for o in occs]
    event_pages = [p for p in pages if isinstance(p, EventPage)]
    speakers = speakers_for(event_pages, language) if event_pages else {}
    event_images(event_pages)
    images = [p.image for p in event_pages if p.image_id] + [
        link.speaker.photo for links in speakers.values() for link in links if link.speaker.photo
    ]
    prefetch_renditions(images)
    hosts = host_reads.hosts_for(pages, language)
    series_pages = [o.series for o in occs if o.series is not None]
    translations = translations_for(pages + series_pages + list(hosts.values()))
    if latest is None:
        # The same rows give each group's latest publication (events.reads.modified).
        latest = modified.latest_from_translations(translations)
    return Related(speakers=speakers, hosts=hosts, translations=translations, latest=latest)


# --- Lists of hosts, series and speakers ---------------------------------------------------


def hosts_in(model, language):
    pages = visible(model.objects.select_related("locale")).order_by("path")
    return sorted(occurrences.prefer_language(pages, language), key=attrgetter("title"))


def series_in(language):
    pages = visible(EventSeriesPage.objects.select_related("locale"))
    return sorted(occurrences.prefer_language(pages, language), key=attrgetter("title"))


def public_speaker_keys():
    """Translation keys of speakers of at least one visible event: nobody else is listed."""
    pages = visible(EventPage.objects.all()).values("pk")
    return set(
        EventSpeaker.objects.filter(page__in=pages).values_list(
            "speaker__translation_key", flat=True
        )
    )


def speakers_in(language, keys=None):
    keys = public_speaker_keys() if keys is None else keys
    found = Speaker.objects.filter(translation_key__in=keys).select_related("locale", "photo")
    chosen = occurrences.prefer_language(found, language)
    prefetch_renditions([s.photo for s in chosen])
    return sorted(chosen, key=lambda s: (s.name.casefold(), str(s.translation_key)))
