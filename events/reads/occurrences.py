"""The schedule as readers and apps see it: occurrences, series expanded, one language preferred.

Every surface (pages, API, feeds) lists events through this module, so ids, times, fallbacks
and visibility are the same everywhere. Occurrences are computed, never stored.
"""

from __future__ import annotations

import datetime as dt
import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from operator import attrgetter

from django.conf import settings
from django.db.models import DurationField, Exists, ExpressionWrapper, F, Max, OuterRef, Q

from wagtail.models import Page

from events.domain import recurrence
from events.domain.choices import Audience, Status
from events.models import EventPage, EventSeriesPage
from home import freshness
from home.i18n import language_codes
from home.revalidation import revalidations
from home.visibility import (
    content_version,
    per_version,
    per_version_entries,
    version_key,
    visible,
    within_version,
)


def occurrence_id(series_key, original_start):
    """Stable id of a series occurrence: the series id and its original local start."""
    local = original_start.replace(tzinfo=None)
    return f"{series_key}_{local:%Y%m%dT%H%M%S}"


@dataclass
class Occurrence:
    """One event on the calendar: a one-off event, or one date of a series."""

    id: str
    uid: str
    page: Page  # the page holding its text: the event, the override, or the series
    start: dt.datetime | None
    end: dt.datetime | None
    timezone: str
    status: str
    status_reason: str
    audience: str
    sequence: int
    all_day: bool = False
    date_tba: bool = False
    series: EventSeriesPage | None = None
    recurrence_id: dt.datetime | None = None  # the original start, for series occurrences
    override: EventPage | None = field(default=None, repr=False)

    @property
    def title(self):
        return self.page.title

    @property
    def language(self):
        return self.page.locale.language_code

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def audience_label(self):
        return Audience(self.audience).label

    @property
    def is_cancelled(self):
        return self.status == Status.CANCELLED


def language_order(language):
    """Locales to prefer, best first: the requested language, then the settings' order."""
    return [language] + [c for c in language_codes() if c != language]


def prefer_language(pages, language, key=attrgetter("translation_key")):
    """One page per group: the one in `language`, else the first other language available."""
    rank = {code: i for i, code in enumerate(language_order(language))}
    chosen = {}
    for page in pages:
        k = key(page)
        best = chosen.get(k)
        if best is None or rank.get(page.locale.language_code, 99) < rank.get(
            best.locale.language_code, 99
        ):
            chosen[k] = page
    return list(chosen.values())


def own_or_fallback(queryset, language):
    """Rows in `language`, plus other languages' rows only for groups with none in `language`.

    The same single query (the test is a subquery), and about half the page objects to build
    when the schedule is translated: building pages is most of a listing's cost.
    """
    # NOT EXISTS, not NOT IN: PostgreSQL plans it as an anti-join probed per row, so a query
    # that reads only the first rows in index order (a listing's page) probes only those,
    # where NOT IN hashed every key of the window first.
    own = queryset.filter(
        locale__language_code=language, translation_key=OuterRef("translation_key")
    )
    return queryset.filter(Q(locale__language_code=language) | ~Exists(own))


def translation_paths(page):
    """Tree paths of `page` and its translations, read once per content version."""

    def build():
        return list(page.get_translations(inclusive=True).values_list("path", flat=True))

    return per_version(("translation-paths", page.translation_key), build, shared=True)


def scope_of(within):
    """Pages under `within` (a host or a series) or under any of its translations; every page
    when `within` is None."""
    q = Q()
    if within is None:
        return q
    for path in translation_paths(within):
        q |= Q(path__startswith=path)
    return q


# An override belongs to a window when its original date or its new time is in it; the margin
# covers dates whose local day differs from the UTC day.
OVERRIDE_MARGIN = dt.timedelta(days=2)


def one_offs_in_window(events, start, end, scope):
    """The visible one-off events of `events` (an EventPage queryset) overlapping [start, end).

    Within a content version, also those starting after `start` less the longest one-off
    event (`longest_one_off`): the same rows, since none of them can start earlier, but the
    database then reads the index on starts_at from there, not from the first event ever
    (the past half of the events, scanned and thrown away by every upcoming listing)."""
    window = visible(events.filter(scope, series_key__isnull=True)).filter(
        starts_at__lt=end, ends_at__gt=start
    )
    longest = longest_one_off()
    if longest is None:
        return window
    try:
        return window.filter(starts_at__gt=start - longest)
    except OverflowError:  # a window from the first representable instant
        return window


def longest_one_off():
    """The longest duration (ends_at - starts_at) of any one-off event's row, visible or not, in
    any language; read once per content version by one worker for all (every change to an
    event's times is a publish, which moves the version:
    docs/architecture.md#caching-and-freshness). None outside a content version (not read
    then) or when no event has both times."""
    if not within_version():
        return None

    def longest():
        duration = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
        rows = EventPage.objects.filter(series_key__isnull=True)
        return (rows.aggregate(longest=Max(duration))["longest"],)

    return per_version("longest-one-off", longest, shared=True)[0]


def series_in_window(series, start, end, scope):
    """The visible series of `series` (an EventSeriesPage queryset) with dates in [start, end)."""
    return visible(series.filter(scope)).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=start), starts_at__lt=end
    )


def overrides_in_window(events, series_keys, start, end):
    """The visible override pages of the series `series_keys` that belong to [start, end)."""
    return visible(events.filter(series_key__in=list(series_keys))).filter(
        Q(
            occurrence_date__gte=(start - OVERRIDE_MARGIN).date(),
            occurrence_date__lte=(end + OVERRIDE_MARGIN).date(),
        )
        | Q(starts_at__lt=end, ends_at__gt=start)
    )


def event_from_page(page):
    """The occurrence a one-off EventPage is."""
    return Occurrence(
        id=str(page.translation_key),
        uid=str(page.translation_key),
        page=page,
        start=page.starts_at,
        end=page.ends_at,
        timezone=page.timezone,
        status=page.status,
        status_reason=page.status_reason,
        audience=page.audience,
        sequence=page.sequence,
        all_day=page.all_day,
        date_tba=page.date_tba,
    )


def series_occurrence(series, original, override=None):
    """The occurrence of `series` originally at `original` (aware), with its override if any."""
    status = series.status
    occ = Occurrence(
        id=occurrence_id(series.translation_key, original),
        uid=str(series.translation_key),
        page=series,
        start=original,
        end=original + series.duration,
        timezone=series.timezone,
        status=status,
        status_reason=series.status_reason,
        audience=series.audience,
        sequence=series.sequence,
        series=series,
        recurrence_id=original,
    )
    if override is not None:
        occ.page = override
        occ.override = override
        occ.start, occ.end = override.starts_at, override.ends_at
        occ.timezone = override.timezone or series.timezone
        occ.all_day = override.all_day
        if series.status == Status.SCHEDULED or override.status != Status.SCHEDULED:
            occ.status, occ.status_reason = override.status, override.status_reason
        occ.sequence = series.sequence + override.sequence
    return occ


def _window_querysets(start, end, language, scope, with_speakers=False):
    events = EventPage.objects.select_related("locale")
    if with_speakers:
        events = events.prefetch_related("speaker_links__speaker__photo")
    one_offs = one_offs_in_window(events, start, end, scope)
    return events, own_or_fallback(one_offs, language)


def _series_occurrences(start, end, language, scope, events):
    """Occurrences of the visible series in [start, end), overrides applied (two queries, or
    one when there is no series)."""
    series_qs = series_in_window(
        EventSeriesPage.objects.select_related("locale"), start, end, scope
    )
    all_series = list(own_or_fallback(series_qs, language))
    if not all_series:
        return []
    result = []
    series_by_key = {s.translation_key: s for s in prefer_language(all_series, language)}
    margin = OVERRIDE_MARGIN
    overrides = own_or_fallback(overrides_in_window(events, series_by_key, start, end), language)
    by_date = {
        (o.series_key, o.occurrence_date): o
        for o in prefer_language(overrides, language, key=attrgetter("translation_key"))
    }
    for key, series in series_by_key.items():
        seen = set()
        for original in recurrence.expand(series.rule, series.tz, start - margin, end + margin):
            day = original.date()
            seen.add(day)
            occ = series_occurrence(series, original, by_date.get((key, day)))
            if occ.start and occ.start < end and occ.end > start:
                result.append(occ)
        for (series_key, day), override in by_date.items():
            # An override whose original date lies outside the window but moved into it.
            if series_key == key and day not in seen:
                occ = series_occurrence(series, series.occurrence_start(day), override)
                if occ.start and occ.start < end and occ.end > start:
                    result.append(occ)
    return result


def occurrences_between(start, end, language, *, within=None, with_speakers=False):
    """Visible occurrences overlapping [start, end), sorted by start; one language preferred.

    A constant number of queries whatever the number of events, series or occurrences.
    """
    scope = scope_of(within)
    events, one_offs = _window_querysets(start, end, language, scope, with_speakers)
    result = [event_from_page(p) for p in prefer_language(one_offs, language)]
    result += _series_occurrences(start, end, language, scope, events)
    return sorted(result, key=_sort_key)


# --- Long listings: sort and page on light rows, build pages only for the slice shown -------


@dataclass(frozen=True)
class Slot:
    """One entry of a long listing before its page is loaded: what sorting, filtering and
    paging need. `occurrence` is already built for series dates (their pages are few);
    a one-off event is built from `pk` only if its slot is shown."""

    start: dt.datetime
    end: dt.datetime
    id: str
    audience: str
    status: str
    path: str
    pk: int | None = None
    occurrence: Occurrence | None = field(default=None, compare=False)


_SLOT_FIELDS = ("pk", "translation_key", "locale__language_code", "starts_at", "ends_at")
_SLOT_FIELDS += ("audience", "status", "path")


def slots_between(start, end, language, *, within=None, first=None, ended_by=None):
    """`occurrences_between` as light slots, sorted the same way: a few queries, one row per
    one-off event instead of a page object. Pair with `occurrences_for(slots)`.

    `first=n` (soonest) or `first=-n` (latest): only the one-off events and series dates that
    can be among the n soonest or latest are read; `ended_by`: only what has ended by then.
    The caller slices the result to n. Within a content version, the one-off events come from
    its index (one_off_index: no query) once built.
    """
    scope = scope_of(within)
    series = _series_matching(series_slots(start, end, language, within, scope), ended_by)
    index = one_off_index(language, within)
    if index is not None:
        found = index.window(start, end, ended_by=ended_by)
        if first:
            found = found[:first] if first > 0 else found[first:]
            series = series[:first] if first > 0 else series[first:]
        return sorted(found + series, key=_sort_key)
    _events, one_offs = _window_querysets(start, end, language, scope)
    if ended_by is not None:
        one_offs = one_offs.filter(ends_at__lte=ended_by)
    rows = one_offs.values_list(*_SLOT_FIELDS)
    if first:
        # own_or_fallback leaves at most one row per group and language: enough rows for the
        # first |n| groups, in the order the final sort uses (start, then id).
        order = ("starts_at", "translation_key")
        if first < 0:
            order = ("-starts_at", "-translation_key")
        rows = rows.order_by(*order)[: abs(first) * len(settings.WAGTAIL_CONTENT_LANGUAGES)]
        series = series[:first] if first > 0 else series[first:]
    return sorted(_one_off_slots(rows, language) + series, key=_sort_key)


def _day(instant):
    """Midnight UTC of `instant`'s UTC day."""
    return instant.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)


# series_slots expands whole blocks of this many UTC days: windows that start or end anywhere
# in the same blocks (the API's `start=` is the client's, to the second) share one expansion.
SERIES_BLOCK_DAYS = 32


def _block_start(instant):
    """Midnight UTC of the first day of `instant`'s block of SERIES_BLOCK_DAYS days."""
    day = _day(instant)
    ordinal = day.toordinal()
    return day - dt.timedelta(days=ordinal % SERIES_BLOCK_DAYS)


def _series_overlaps(slot, start, end):
    """Whether the series of `slot` has dates in [start, end) by its own bounds, as
    series_in_window selects series (a date moved by an override past them counts only
    then)."""
    series = slot.occurrence.series
    return series.starts_at < end and (series.ends_at is None or series.ends_at > start)


def series_slots(start, end, language, within=None, scope=None):
    """The series dates overlapping [start, end) as slots (occurrences attached), sorted;
    under `within` (`scope`: its scope_of(), if the caller has it).

    Expanding rules and applying overrides is most of a listing's cost, and its result only
    changes with the content: it is computed for whole blocks of SERIES_BLOCK_DAYS UTC days
    around the window, once per content version, language and host, by one worker for all
    (visibility.per_version), and each request keeps the dates in its own window: a few
    expansions serve every window of a year, where one per day of start and end would fill
    each worker's memory with copies. Dates in a wider window, kept if they overlap the
    narrower one and their series was selected for it (_series_overlaps), are exactly the
    narrower window's dates, as occurrences_between lists them.
    """
    first = _block_start(start)
    last = _block_start(end) + dt.timedelta(days=SERIES_BLOCK_DAYS)
    group = within.translation_key if within is not None else ""

    def build():
        events = EventPage.objects.select_related("locale")
        where = scope if scope is not None else scope_of(within)
        found = _series_occurrences(first, last, language, where, events)
        # In UTC, as one-off events' rows are: comparing instants of one zone object is cheap.
        utc = dt.UTC
        slots = [
            Slot(
                o.start.astimezone(utc),
                o.end.astimezone(utc),
                o.id,
                o.audience,
                o.status,
                o.page.path,
                occurrence=o,
            )
            for o in found
        ]
        return sorted(slots, key=_sort_key)

    name = ("series-slots", language, group, first.date(), last.date())
    slots = per_version(name, build, shared=True)
    if per_version(("series-slots-regular", *name[1:]), lambda: _regular(slots)):
        # Each date after `start` and before `end` is in the window, and so is its series:
        # only the dates before `start` are tested (at most a block's).
        low = bisect_left(slots, start, key=_start_of)
        high = bisect_left(slots, end, lo=low, key=_start_of)
        before = [s for s in slots[:low] if s.end > start and _series_overlaps(s, start, end)]
        return before + slots[low:high]
    return [s for s in slots if s.start < end and s.end > start and _series_overlaps(s, start, end)]


_start_of = attrgetter("start")


def _regular(slots):
    """Whether every date of `slots` ends after it starts and lies within its series' own
    bounds (no override moved it past them): a date in a window then has its series in it."""
    for slot in slots:
        series = slot.occurrence.series
        if not (
            slot.end > slot.start
            and series.starts_at is not None
            and series.starts_at <= slot.start
            and (series.ends_at is None or series.ends_at >= slot.end)
        ):
            return False
    return True


def _one_off_slots(rows, language):
    """Slots of one-off event rows (_SLOT_FIELDS), one per translation group, best language."""
    rank = {code: i for i, code in enumerate(language_order(language))}
    chosen = {}
    for row in rows:
        best = chosen.get(row[1])
        if best is None or rank.get(row[2], 99) < rank.get(best[2], 99):
            chosen[row[1]] = row
    return [
        Slot(row[3], row[4], str(row[1]), row[5], row[6], row[7], pk=row[0])
        for row in chosen.values()
    ]


class SlotSequence:
    """A window's slots in order, for a paginator: counted in the database, and read only as
    far as the page asked for (page k reads k pages of one-off events, not the whole window).
    Series dates are few and expanded whole."""

    def __init__(self, one_offs, series_slots, language, latest_first=False, counted=None):
        self.one_offs = one_offs
        self.series = sorted(series_slots, key=_sort_key, reverse=latest_first)
        self.language = language
        self.latest_first = latest_first
        # The rows whose translation groups are the one-off events listed, when cheaper to
        # count than `one_offs` (slot_sequence says when).
        self.counted = one_offs if counted is None else counted
        self._count = None

    def count(self):
        if self._count is None:
            rows = self.counted.order_by().values("translation_key").distinct()
            self._count = rows.count() + len(self.series)
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("SlotSequence supports plain slices only")
        stop = self.count() if index.stop is None else index.stop
        if (index.start or 0) >= self.count():
            # Past the end (an API offset beyond the count): nothing to read.
            return []
        order = ("starts_at", "translation_key")
        if self.latest_first:
            order = ("-starts_at", "-translation_key")
        rows = self.one_offs.values_list(*_SLOT_FIELDS).order_by(*order)
        rows = rows[: max(0, stop) * len(settings.WAGTAIL_CONTENT_LANGUAGES)]
        # Only the first `stop` series dates can be among the first `stop` slots.
        merged = _one_off_slots(rows, self.language) + self.series[: max(0, stop)]
        return sorted(merged, key=_sort_key, reverse=self.latest_first)[index]


def slot_sequence(
    start,
    end,
    language,
    *,
    within=None,
    ended_by=None,
    latest_first=False,
    path_sets=(),
    where=None,
    series_where=None,
    **fields,
):
    """The slots of [start, end) as a SlotSequence: under `within`, and under one of the paths
    of each of `path_sets` (other hosts, across translations); ended by `ended_by`; with
    `fields` (audience, status) equal; the one-off events' rows also matching `where` (a Q or
    expression on EventPage, applied to the language chosen for each event) and the series
    dates passing `series_where(slot)`, when given: the caller keeps the two the same test.
    The same slots, in the same order, as filtering slots_between's list.

    Without `where`, the one-off events come from this content version's index of them
    (one_off_index: no query), once it is built; before, and with `where`, from the database.
    """
    scope = scope_of(within)
    series = series_slots(start, end, language, within, scope)
    fields = {name: value for name, value in fields.items() if value}
    series = _series_matching(series, ended_by, path_sets, series_where, fields)
    index = one_off_index(language, within) if where is None else None
    if index is not None:
        one_offs = index.window(start, end, ended_by=ended_by, path_sets=path_sets, fields=fields)
        return IndexedSequence(one_offs, series, latest_first)
    window = one_offs_in_window(EventPage.objects.select_related("locale"), start, end, scope)
    one_offs = own_or_fallback(window, language)
    # Schedule fields (times, audience, status) are the same on every translation of an event
    # (docs/architecture.md#translation-sync): filtered on them alone, the window's translation
    # groups are the events listed, counted without choosing each group's language (half the
    # work of the count, the one read that grows with the window).
    shared = Q(**fields)
    if ended_by is not None:
        shared &= Q(ends_at__lte=ended_by)
    one_offs = one_offs.filter(shared)
    # A path or `where` may hold for one translation of an event and not another: then the
    # groups are those of the rows chosen.
    counted = window.filter(shared) if not path_sets and where is None else None
    for paths in path_sets:
        under = Q(pk__in=[])
        for path in paths:
            under |= Q(path__startswith=path)
        one_offs = one_offs.filter(under)
    if where is not None:
        one_offs = one_offs.filter(where)
    return SlotSequence(one_offs, series, language, latest_first, counted=counted)


def _series_matching(series, ended_by, path_sets=(), series_where=None, fields=None):
    """The series dates of `series` (slots) that pass slot_sequence's tests."""
    if ended_by is not None:
        series = [o for o in series if o.end and o.end <= ended_by]
    if fields:
        series = [o for o in series if _has_fields(o, fields)]
    for paths in path_sets:
        series = [o for o in series if any(o.path.startswith(path) for path in paths)]
    if series_where is not None:
        series = [o for o in series if series_where(o)]
    return series


def _has_fields(slot, fields):
    """Whether `slot` has each of `fields` (audience, status) equal to the value given."""
    return all(getattr(slot, name) == value for name, value in fields.items())


# --- The one-off events of a content version, in memory -------------------------------------


class OneOffIndex:
    """Every visible one-off event with a start and an end, as slots (one per translation
    group, in the language chosen as own_or_fallback chooses it) sorted as listings sort
    them: a window, its count and any page of it are then a bisection and a slice, no query.
    """

    def __init__(self, slots):
        self.slots = sorted(slots, key=_sort_key)
        self.starts = [slot.start for slot in self.slots]
        durations = [slot.end - slot.start for slot in self.slots]
        self.longest = max(durations, default=dt.timedelta(0))
        # Every event ends after it starts: one starting in a window is in it.
        self.regular = all(duration > dt.timedelta(0) for duration in durations)

    def window(self, start, end, *, ended_by=None, path_sets=(), fields=None):
        """The slots overlapping [start, end) that pass slot_sequence's tests, in order."""
        high = bisect_left(self.starts, end)
        if self.regular:
            low = bisect_left(self.starts, start, hi=high)
            try:
                first = bisect_right(self.starts, start - self.longest, hi=low)
            except OverflowError:  # a window from the first representable instant
                first = 0
            head = [s for s in self.slots[first:low] if s.end > start]
            if ended_by is None and not fields and not path_sets:
                # Unfiltered, the window is a span of the index: not copied (a year of events
                # is thousands of slots; a page shows twenty).
                return Span(head, self.slots, low, high)
            found = head + self.slots[low:high]
        else:
            found = [s for s in self.slots[:high] if s.end > start]
        if ended_by is not None:
            found = [s for s in found if s.end <= ended_by]
        if fields:
            found = [s for s in found if _has_fields(s, fields)]
        for paths in path_sets:
            prefixes = tuple(paths)
            found = [s for s in found if s.path.startswith(prefixes)]
        return found


class Span:
    """A window of a OneOffIndex as a read-only sequence, without copying it: `head` (the
    slots that start before the window and end in it, a list), then `slots[low:high]`.
    Slicing gives a list of what the slice covers; `+` a list of both."""

    __slots__ = ("head", "slots", "low", "high")

    def __init__(self, head, slots, low, high):
        self.head, self.slots, self.low, self.high = head, slots, low, high

    def __len__(self):
        return len(self.head) + self.high - self.low

    def __iter__(self):
        yield from self.head
        yield from self.slots[self.low : self.high]

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return list(self)[index]
        begin, stop, step = index.indices(len(self))
        if step != 1:
            return list(self)[index]
        shown = len(self.head)
        rest = self.slots[self.low + max(0, begin - shown) : self.low + max(0, stop - shown)]
        return self.head[begin:stop] + (rest if stop > shown else [])

    def __add__(self, other):
        return list(self) + list(other)


# What a version's index of a language and host is while it is not built yet.
_PENDING = object()
_index_builds = threading.Lock()


def one_off_index(language, within=None):
    """The OneOffIndex of `language` under `within` (a host or series, or None for all) for
    the current content version, kept by this worker (every change to an event is a new
    version: docs/architecture.md#caching-and-freshness); None outside a content version, and
    until it is built.

    The first request of a version that needs it has it built off the request path, on the
    worker's render thread (home.revalidation), once however many requests ask meanwhile, and
    reads the database as they do (one query at 50,000 events is a fraction of the build).
    With PAGE_CACHE_REVALIDATE_INLINE (tests) the request builds it at once."""
    key = version_key()
    if key is None:
        return None
    slot = (language, within.translation_key if within is not None else "")
    kept = per_version("one-off-indexes", dict)
    index = kept.get(slot)
    if index is not None and index is not _PENDING:
        return index
    if settings.PAGE_CACHE_REVALIDATE_INLINE:
        index = kept[slot] = _build_index(language, within)
        return index
    with _index_builds:
        if slot in kept:
            return None
        kept[slot] = _PENDING
    revalidations.submit(_build_kept_index, kept, slot, key, language, within, lapses=False)
    return None


def _build_kept_index(kept, slot, key, language, within):
    """one_off_index's build on the render thread: into `kept`, the dict of version `key`,
    unless a newer version came meanwhile (left pending: few would read it). A build that
    fails (its query past the web workers' statement timeout, on a very large schedule) is
    also left pending: the version is served from the database, and the next one tries again,
    rather than every request of this one starting a build that fails."""
    if freshness.current_version() != key:
        return
    with content_version(key):
        kept[slot] = _build_index(language, within)


def _build_index(language, within):
    rows = visible(
        EventPage.objects.filter(
            scope_of(within),
            series_key__isnull=True,
            starts_at__isnull=False,
            ends_at__isnull=False,
        )
    )
    return OneOffIndex(
        _one_off_slots(own_or_fallback(rows, language).values_list(*_SLOT_FIELDS), language)
    )


class IndexedSequence:
    """A window's slots in order, for a paginator, from a OneOffIndex's window and the series
    dates: counted and sliced in memory."""

    def __init__(self, one_offs, series, latest_first=False):
        # Both in the listings' order already (series_slots sorts the dates it keeps).
        self.one_offs, self.series = one_offs, series
        if latest_first:
            self.series = series[::-1]
        self.latest_first = latest_first

    def count(self):
        return len(self.one_offs) + len(self.series)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("IndexedSequence supports plain slices only")
        stop = self.count() if index.stop is None else max(0, index.stop)
        if self.latest_first:
            # The last `stop` of each, latest first (a Span is sliced, never copied whole).
            merged = self.one_offs[-stop or len(self.one_offs) :][::-1] + self.series[:stop]
            return sorted(merged, key=_sort_key, reverse=True)[index]
        merged = self.one_offs[:stop] + self.series[:stop]
        return sorted(merged, key=_sort_key, reverse=self.latest_first)[index]


# How many one-off event pages a worker keeps per content version (pages_for): the listings'
# first pages are what readers ask for; a reader paging far back drops them at this many.
ONE_OFF_PAGES_KEPT = 2000


def pages_for(slots):
    """The one-off event pages of `slots`, by primary key: read in one query, and kept by this
    worker for the content version (every change to a page is a new version:
    docs/architecture.md#caching-and-freshness), so the listings' first pages, which every
    uncached home, index, chapter and working-group page shows, are not read again per request.
    A page no longer live is kept as absent and left out."""
    pks = [slot.pk for slot in slots if slot.occurrence is None]
    if not pks:
        return {}
    found = per_version_entries(
        "one-off-pages", pks,
        lambda missing: EventPage.objects.live().select_related("locale").in_bulk(missing),
        limit=ONE_OFF_PAGES_KEPT,
    )  # fmt: skip
    return {pk: page for pk, page in found.items() if page is not None}


def occurrences_for(slots, pages=None):
    """The occurrences of `slots`, in their order (`pages` from `pages_for`, else loaded).

    A page unpublished or deleted between the two queries is left out rather than shown stale.
    """
    pages = pages_for(slots) if pages is None else pages
    return [
        slot.occurrence or event_from_page(pages[slot.pk])
        for slot in slots
        if slot.occurrence or slot.pk in pages
    ]


def _sort_key(occ):
    return (occ.start or dt.datetime.max.replace(tzinfo=dt.UTC), occ.id)


def occurrence_for_page(page):
    """The occurrence an EventPage shows: itself, or its series' occurrence it overrides."""
    if page.series_key is None:
        return event_from_page(page)
    series = page.get_parent().specific
    return series_occurrence(series, series.occurrence_start(page.occurrence_date), page)
