"""The reads made once per content version, after every publish, go through indexes: the
header's pages (depth), the unpublished branches (pages not live) and the longest one-off event
(its duration). Wagtail indexes none of these; home's migration 0002 and events' 0006 do.
Without them each read the whole table: 1-2 ms of the database's CPU per 10,000 pages, ten
times that at 100,000 (bench/results)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from events.reads.occurrences import longest_one_off
from home import navigation
from home.visibility import content_version, hidden_paths

pytestmark = pytest.mark.django_db

# index: (the read, what its query's SQL holds)
READS = {
    "home_page_depth_idx": (lambda: navigation.top_pages("en"), '"depth" ='),
    "home_page_not_live_idx": (lambda: list(hidden_paths()), "UNION"),
    "event_one_off_duration_idx": (longest_one_off, "MAX("),
}


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
    with connection.cursor() as cursor:
        assert index in connection.introspection.get_constraints(cursor, table)
    if connection.vendor != "postgresql":
        # SQLite, with no statistics, plans these few rows by other indexes (the locale, the
        # series key), and takes MAX over an expression from the rows: the index exists
        # (above); how it is used is checked on PostgreSQL, the production shape.
        return
    text = plan(sql)
    assert index in text, text
