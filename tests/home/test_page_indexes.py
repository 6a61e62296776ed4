"""The portal's reads of the page table go through indexes Wagtail does not make (home's
migration 0002, events' 0006): a page found by its url_path (a route's pages, a feed's page),
and the reads made once per content version, after every publish: the header's pages (depth),
the unpublished branches (pages not live) and the longest one-off event (its duration).
Without them each read the whole table: 1-2 ms of the database's CPU per 10,000 pages, ten
times that at 100,000 (bench/results)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from events.reads.occurrences import longest_one_off
from home import navigation
from home.visibility import content_version, hidden_paths
from tests.factories import event

pytestmark = pytest.mark.django_db

# index: (the read, what its query's SQL holds)
READS = {
    "home_page_depth_idx": (lambda: navigation.top_pages("en"), '"depth" ='),
    "home_page_not_live_idx": (lambda: list(hidden_paths()), "UNION"),
    "event_one_off_duration_idx": (longest_one_off, "MAX("),
}


def index_on(table, name):
    """The index `name` of `table` as the database describes it (columns, type), or None."""
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, table).get(name)


def plan(sql):
    """PostgreSQL's plan for a captured query (its parameters in place), with sequential scans
    priced out: a test's few rows are cheaper to scan than to look up, and no other index
    serves these reads as well, so the plan names this one only if it exists and fits."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("index", READS)
def test_a_per_version_read_goes_through_its_index(index, home, event_index, chapter):
    read, marker = READS[index]
    with content_version(1), CaptureQueriesContext(connection) as queries:
        read()
    (sql,) = [q["sql"] for q in queries if marker in q["sql"]]
    table = "events_eventpage" if index.startswith("event_") else "wagtailcore_page"
    assert index_on(table, index) is not None
    if connection.vendor != "postgresql":
        # SQLite, with no statistics, plans these few rows by other indexes (the locale, the
        # series key), and takes MAX over an expression from the rows: the index exists
        # (above); how it is used is checked on PostgreSQL, the production shape.
        return
    text = plan(sql)
    assert index in text, text


def test_pages_are_found_by_url_path_through_an_index(client, home, chapter):
    """Wagtail does not index url_path; home's migration 0002 does. A route's pages on the path
    and a feed's page are found by it: without the index each read the whole page table (about
    1.3 ms of the database's CPU per 10,000 pages)."""
    call = event(chapter, "Call", slug="call")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(call.url).status_code == 200
        assert client.get(call.url + "calendar.ics").status_code == 200
    by_path = [
        q["sql"] for q in queries if '"url_path" IN' in q["sql"] or '"url_path" =' in q["sql"]
    ]
    assert len(by_path) == 2, by_path  # the route's walk, the feed's page
    index = index_on("wagtailcore_page", "home_page_url_path_idx")
    assert index is not None and index["columns"] == ["url_path"]
    if connection.vendor == "postgresql":
        # Equality and IN are all that is asked of it, with no limit on a path's length.
        assert index["type"] == "hash"
        # A test's handful of pages is found as cheaply through the path index: the plan
        # chooses ours only at scale (bench/results: 10,000 pages).
        return
    with connection.cursor() as cursor:
        for sql in by_path:
            # The captured SQL has its parameters in place, as SQLite quotes them.
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            text = " ".join(str(row) for row in cursor.fetchall())
            assert "home_page_url_path_idx" in text, text
