"""Long listings page on light slots (occurrences.slots_between) and build pages only for the
slice shown: the result must be exactly what occurrences_between gives, in the same order."""

import contextlib
import datetime as dt
import random

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from events.domain.choices import Audience, Status
from events.reads import listings, occurrences
from home import freshness
from home.visibility import content_version, forget_versions
from tests.factories import event, series, translate

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
END = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)


def shape(found):
    return [(o.id, o.start, o.end, o.page.pk, o.status, o.audience) for o in found]


@pytest.fixture
def schedule(event_index, chapter):
    made = {}
    for i in range(6):
        host = chapter if i % 2 else event_index
        page = event(
            host,
            f"Event {i}",
            start_date=dt.date(2026, 3, 1) + dt.timedelta(days=9 * i),
            audience=Audience.ELECTED if i % 3 else Audience.PUBLIC,
        )
        if i % 2:  # half translated: the French listing mixes own pages and English fallbacks
            translate(page, "fr", title=f"Événement {i}", slug=f"evenement-{i}")
        made[i] = page
    made["cancelled"] = event(
        event_index,
        "Cancelled",
        start_date=dt.date(2026, 3, 4),
        status=Status.CANCELLED,
        status_reason="Moved online",
    )
    weekly = series(chapter, "Weekly", first_date=dt.date(2026, 2, 4), interval=1)
    made["series"] = weekly
    # An override that moves an occurrence: it must sort by its new time, under its old id.
    made["override"] = event(
        weekly,
        "Moved session",
        occurrence_date=dt.date(2026, 3, 4),
        start_date=dt.date(2026, 3, 6),
        start_time=dt.time(9),
        end_time=dt.time(10),
    )
    return made


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("within", [None, "chapter"])
def test_slots_give_exactly_the_occurrences_in_order(schedule, chapter, language, within):
    host = chapter if within else None
    expected = occurrences.occurrences_between(START, END, language, within=host)
    slots = occurrences.slots_between(START, END, language, within=host)
    assert [s.id for s in slots] == [o.id for o in expected]
    assert shape(occurrences.occurrences_for(slots)) == shape(expected)
    # Any slice builds the same occurrences as the full list's slice.
    assert shape(occurrences.occurrences_for(slots[3:7])) == shape(expected[3:7])
    assert len(expected) > 20  # the weekly series plus the one-offs


def test_a_slot_unpublished_before_its_page_is_loaded_is_left_out(schedule):
    slots = occurrences.slots_between(START, END, "en")
    schedule[0].unpublish()
    shown = occurrences.occurrences_for(slots)
    assert len(shown) == len(slots) - 1
    assert str(schedule[0].translation_key) not in {o.id for o in shown}


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"when": "past"},
        {"audience": "public"},
        {"when": "past", "status": "cancelled"},
        {"chapter": "bc"},
    ],
)
@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("in_version", [False, True])
def test_index_pages_cover_every_occurrence_once(schedule, chapter, params, language, in_version):
    """The index counts in the database and reads one-off events only as far as the page, or,
    within a content version, takes them from the version's index (occurrences.one_off_index):
    its pages, end to end, must be exactly the filtered window, in order."""
    forget_versions()
    with content_version(1) if in_version else contextlib.nullcontext():
        _pages_cover_every_occurrence_once(schedule, chapter, params, language)
        assert (occurrences.one_off_index(language) is not None) == in_version


def _pages_cover_every_occurrence_once(schedule, chapter, params, language):
    now = dt.datetime(2026, 3, 20, 18, 30, tzinfo=dt.UTC)
    if "chapter" in params:  # the filter names the chapter by its slug in the reader's language
        params = {**params, "chapter": "section-cb" if language == "fr" else "bc"}
    if params.get("when") == "past":
        window = occurrences.occurrences_between(now - listings.ARCHIVE_WINDOW, now, language)
        expected = [o for o in window if o.end and o.end <= now][::-1]
    else:
        window = occurrences.occurrences_between(now, now + listings.UPCOMING_WINDOW, language)
        expected = [o for o in window if not (o.end and o.end <= now)]
    if "chapter" in params:
        paths = list(chapter.get_translations(inclusive=True).values_list("path", flat=True))
        expected = [o for o in expected if any(o.page.path.startswith(p) for p in paths)]
    for name in ("audience", "status"):
        if name in params:
            expected = [o for o in expected if getattr(o, name) == params[name]]
    seen, total = [], None
    for number in range(1, 20):
        query = {**params, "page": str(number)}
        page = listings.index_listing(query, language, now=now, page_size=7)
        total = page["listing"].paginator.count
        if page["listing"].number != number:
            break
        seen += [o.id for o in page["listing"].object_list]
    assert seen == [o.id for o in expected]
    assert total == len(expected) > 0


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("limits", [(1, 1), (3, 2), (50, 20)])
@pytest.mark.parametrize("in_version", [False, True])
@pytest.mark.parametrize("within", [None, "chapter"])
def test_short_lists_read_only_what_they_show_and_show_the_same(
    schedule, chapter, language, limits, in_version, within
):
    """upcoming_and_past reads only the first n one-off events of each window, from the
    database or, within a content version, from its index: the result must be what the whole
    windows give, cut to n."""
    forget_versions()
    host = chapter if within else None
    with content_version(1) if in_version else contextlib.nullcontext():
        _short_lists_show_the_same(language, limits, host)
        assert (occurrences.one_off_index(language, host) is not None) == in_version


def _short_lists_show_the_same(language, limits, within):
    upcoming_limit, past_limit = limits
    now = dt.datetime(2026, 3, 20, 18, 30, tzinfo=dt.UTC)
    window = listings.UPCOMING_WINDOW
    upcoming = [
        o.id
        for o in occurrences.occurrences_between(now, now + window, language, within=within)
        if not (o.end and o.end <= now)
    ][:upcoming_limit]
    past = [
        o.id
        for o in occurrences.occurrences_between(
            now - listings.PAST_WINDOW, now, language, within=within
        )
        if o.end and o.end <= now
    ][::-1][:past_limit]

    shown = listings.upcoming_and_past(
        language, within=within, now=now, upcoming_limit=upcoming_limit, past_limit=past_limit
    )

    assert [o.id for o in shown["upcoming"]] == upcoming
    assert [o.id for o in shown["past"]] == past
    assert upcoming and past  # neither comparison is vacuous
    if past_limit > 5:  # both kinds are among the ended: one-off events and series dates
        assert any("_" in i for i in past) and any("_" not in i for i in past)


def _slot(start, minutes, n, audience="public", path="0001"):
    begins = START + dt.timedelta(minutes=start)
    return occurrences.Slot(
        begins, begins + dt.timedelta(minutes=minutes), f"{n:05d}", audience, "scheduled", path
    )


@pytest.mark.parametrize("seed", range(20))
def test_an_index_window_is_every_event_overlapping_it_in_order(seed):
    """OneOffIndex.window bisects on the starts (from the window's start less the longest
    event): it must list exactly what testing every event lists, in the listings' order, for
    events of any length (zero and ended-before-they-start included), ties and filters."""
    rng = random.Random(seed)
    irregular = seed % 2 == 0
    slots = [
        _slot(
            rng.randrange(0, 20_000, 30),
            rng.choice([0, -30] if irregular and n % 17 == 0 else [30, 60, 90, 2_000, 6_000]),
            n,
            audience=rng.choice(["public", "elected"]),
            path=rng.choice(["00010001", "00010002"]),
        )
        for n in range(300)
    ]
    index = occurrences.OneOffIndex(list(reversed(slots)))
    assert index.regular is not irregular
    for _ in range(40):
        start = START + dt.timedelta(minutes=rng.randrange(-3_000, 22_000, 15))
        end = start + dt.timedelta(minutes=rng.choice([1, 30, 600, 5_000, 30_000]))
        ended_by = rng.choice([None, start + dt.timedelta(minutes=100)])
        fields = rng.choice([{}, {"audience": "elected"}])
        path_sets = rng.choice([(), (["00010002"],)])
        expected = sorted(
            (
                s
                for s in slots
                if s.start < end
                and s.end > start
                and (ended_by is None or s.end <= ended_by)
                and all(getattr(s, k) == v for k, v in fields.items())
                and all(s.path.startswith(tuple(paths)) for paths in path_sets)
            ),
            key=lambda s: (s.start, s.id),
        )
        found = index.window(start, end, ended_by=ended_by, path_sets=path_sets, fields=fields)
        # Unfiltered, a span of the index (occurrences.Span), not a copy.
        unfiltered = ended_by is None and not fields and not path_sets and not irregular
        assert isinstance(found, occurrences.Span) is unfiltered
        assert list(found) == expected and len(found) == len(expected)
        for _ in range(5):
            a, b = rng.randrange(-5, len(expected) + 5), rng.randrange(-5, len(expected) + 5)
            assert found[a:b] == expected[a:b] and found[a:] == expected[a:]
            assert found[:b] == expected[:b]
        assert found + expected[:1] == expected + expected[:1]
        latest_first = rng.random() < 0.5
        sequence = occurrences.IndexedSequence(found, [], latest_first=latest_first)
        order = expected[::-1] if latest_first else expected
        assert sequence.count() == len(order)
        assert sequence[2:9] == order[2:9] and sequence[len(order) :] == []
        assert sequence[0:1] == order[0:1] and sequence[:0] == []


@pytest.fixture
def queued_builds(settings, monkeypatch):
    """one_off_index as in production (not inline), its builds queued here instead of on the
    render thread: run them with `run()` when the test says."""
    settings.PAGE_CACHE_REVALIDATE_INLINE = False
    queued = []

    def submit(work, *args, lapses=True):
        assert lapses is False  # an index build is never dropped: nobody else would redo it
        queued.append((work, args))

    monkeypatch.setattr(occurrences.revalidations, "submit", submit)
    forget_versions()
    yield queued
    forget_versions()


def _the_current_version_builds_once(queued):
    """The current version's first ask queues one build; once it ran, the index is there."""
    version = freshness.current_version()
    with content_version(version):
        assert occurrences.one_off_index("en") is None
        assert len(queued) == 1
    _run(queued)
    with content_version(version):
        assert occurrences.one_off_index("en") is not None


def _run(queued):
    """The queued builds, as the render thread runs them: outside any request's version."""
    while queued:
        work, args = queued.pop(0)
        work(*args)


@pytest.mark.parametrize("within", [None, "chapter"])
def test_an_index_is_built_off_the_request_once_and_read_once_built(
    schedule, chapter, queued_builds, within
):
    """The first request of a version to need an index hands its build to the render thread
    and reads the database, as every request does until it is built (one build however many
    ask); then the index is the one an inline build makes."""
    host = chapter if within else None
    version = freshness.current_version()
    now = dt.datetime(2026, 3, 20, 18, 30, tzinfo=dt.UTC)
    with content_version(version):
        database = listings.index_listing({}, "fr", now=now, page_size=7)
        for _ in range(3):
            assert occurrences.one_off_index("fr", host) is None
        asked = [args[1] for _work, args in queued_builds]  # (language, host's group)
        group = chapter.translation_key if within else ""
        assert asked.count(("fr", group)) == 1 and len(set(asked)) == len(asked)
    _run(queued_builds)
    with content_version(version):
        index = occurrences.one_off_index("fr", host)
        indexed = listings.index_listing({}, "fr", now=now, page_size=7)
        assert not queued_builds
        expected = occurrences._build_index("fr", host)
    assert index is not None and index.slots == expected.slots != []
    assert [o.id for o in indexed["listing"].object_list] == [
        o.id for o in database["listing"].object_list
    ]
    assert indexed["listing"].paginator.count == database["listing"].paginator.count


def test_a_build_overtaken_by_a_new_version_keeps_nothing_and_the_new_version_builds(
    schedule, queued_builds
):
    version = freshness.current_version()
    with content_version(version):
        assert occurrences.one_off_index("en") is None
    freshness.bump()
    _run(queued_builds)  # skipped: the version it was asked for is past
    with content_version(version):  # a request still on it reads the database, asks nothing
        assert occurrences.one_off_index("en") is None and not queued_builds
    _the_current_version_builds_once(queued_builds)


def test_a_failed_build_is_not_retried_within_its_version_and_the_next_version_builds(
    schedule, queued_builds, monkeypatch
):
    """A build that fails (a statement timeout on a very large schedule) leaves its version to
    the database: not one failing build per request, and the next version tries again."""
    version = freshness.current_version()
    with content_version(version):
        occurrences.one_off_index("en")

    def fail(language, within):
        raise RuntimeError("canceling statement due to statement timeout")

    real = occurrences._build_index
    monkeypatch.setattr(occurrences, "_build_index", fail)
    with pytest.raises(RuntimeError):
        _run(queued_builds)
    monkeypatch.setattr(occurrences, "_build_index", real)
    with content_version(version):
        assert occurrences.one_off_index("en") is None and not queued_builds
    freshness.bump()
    _the_current_version_builds_once(queued_builds)


def test_pages_kept_for_a_version_are_read_again_in_the_next(schedule):
    """pages_for keeps a version's one-off pages in the worker (one query for a slice, none the
    next time); a change is a new version, whose listing reads the pages as they are now."""
    forget_versions()
    slots = occurrences.slots_between(START, END, "en")
    page = schedule[0]
    with content_version(1):
        before = occurrences.occurrences_for(slots)
        with CaptureQueriesContext(connection) as queries:
            assert shape(occurrences.occurrences_for(slots)) == shape(before)
        assert len(queries) == 0
    page.title = "Renamed"
    page.save_revision().publish()
    with content_version(2):
        titles = {o.id: o.title for o in occurrences.occurrences_for(slots)}
    assert titles[str(page.translation_key)] == "Renamed"
    page.unpublish()
    with content_version(3):
        shown = occurrences.occurrences_for(slots)
    assert str(page.translation_key) not in {o.id for o in shown}
