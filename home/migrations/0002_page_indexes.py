"""Indexes on Wagtail's page table for the reads the portal makes of it, which Wagtail's own
indexes do not serve (docs/architecture.md#caching-and-freshness). Without them each read the
whole table: 1-2 ms of the database's CPU per 10,000 pages, ten times that at 100,000.

- `url_path`: home.routing reads every page along a requested path in one query (`url_path IN
  (...)`), and a calendar feed finds its page by its path (events.calendar.feeds). On
  PostgreSQL a hash index: only equality and IN are asked of it, and a hash index has no limit
  on the length of what it holds (a B-tree entry may not pass about 2.7 kB, which a deep tree
  of long slugs could). Elsewhere (SQLite) a B-tree, which has no such limit there.
- `depth`: the pages right under each language's home, the header's links (home.navigation).
- the paths of pages not live: the unpublished branches every public read leaves out
  (home.visibility.hidden_paths); few pages are not live, so the index is small.

The last two are read once per content version, after every publish.
"""

from django.db import migrations


def _url_path(vendor):
    using = " USING hash" if vendor == "postgresql" else ""
    return (
        f"CREATE INDEX IF NOT EXISTS home_page_url_path_idx ON wagtailcore_page{using} (url_path)"
    )


STATEMENTS = [
    _url_path,
    lambda vendor: "CREATE INDEX IF NOT EXISTS home_page_depth_idx ON wagtailcore_page (depth)",
    lambda vendor: (
        "CREATE INDEX IF NOT EXISTS home_page_not_live_idx ON wagtailcore_page (path) WHERE NOT live"
    ),
]
NAMES = ["home_page_url_path_idx", "home_page_depth_idx", "home_page_not_live_idx"]


def create(apps, schema_editor):
    for statement in STATEMENTS:
        schema_editor.execute(statement(schema_editor.connection.vendor))


def drop(apps, schema_editor):
    for name in NAMES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
