"""An index on Wagtail's `wagtailcore_page.url_path`, which Wagtail does not index.

The portal finds pages by their url_path: home.routing reads every page along a requested path
in one query (`url_path IN (...)`), and a calendar feed finds its page by its path
(events.calendar.feeds). Without an index each of those read the whole page table: about 1.3 ms
of the database's CPU at 10,000 pages, ten times that at 100,000, in every uncached feed and in
every page's first route of a content version (docs/architecture.md#caching-and-freshness).

On PostgreSQL a hash index: only equality and IN are asked of it, and a hash index has no limit
on the length of what it holds (a B-tree entry may not pass about 2.7 kB, which a deep tree of
long slugs could). Elsewhere (SQLite) a B-tree, which has no such limit there.
"""

from django.db import migrations

NAME = "home_page_url_path_idx"


def create(apps, schema_editor):
    using = " USING hash" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON wagtailcore_page{using} (url_path)"
    )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
