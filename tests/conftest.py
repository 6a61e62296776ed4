"""Shared fixtures: locales, a site whose root is an English HomePage with its French copy.

The test database is built by the real migrations: Wagtail's data migrations write rows the
suite relies on (admin-access permissions, the SQLite full-text table), which a model-only
schema (--nomigrations) lacks.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.management.sql import emit_post_migrate_signal

from wagtail.models import Collection, Locale, Page, Site

import pytest

from chapters.models import ChapterIndexPage, ChapterPage, WorkingGroupIndexPage, WorkingGroupPage
from events.models import EventIndexPage
from home.models import HomePage
from tests.factories import add, translate
from tests.helpers import clear_caches


def ensure_wagtail_base():
    """The tree root, root collection and default locale that Wagtail's migrations create."""
    Locale.objects.get_or_create(language_code="en")
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        # A transactional test flushed the database (with serialized_rollback, without the
        # post-migrate handlers): content types and permissions are gone, and the content type
        # ids this process cached with them. Write them again, as a migrate does.
        ContentType.objects.clear_cache()
        emit_post_migrate_signal(0, False, "default")
        english = Locale.objects.get(language_code="en")
        root = Page.add_root(title="Root", slug="root", locale=english)
    return root


@pytest.fixture(scope="module", autouse=True)
def _migrated_data_back_after_the_module(django_db_blocker):
    """Put the migrations' data back once a module's tests are done, if they flushed it.

    A transactional test (`transaction=True, serialized_rollback=True`: the live server's
    thread, a second connection, must see committed data) empties every table when it ends, and
    `serialized_rollback` restores what the migrations made (the root page, locales, Wagtail's
    groups and permissions) only when the next such test starts. pytest-django runs these tests
    after the others, but with `--dist worksteal` a worker done with them may take other tests
    from a busy worker: those would find an empty database (CI failed so twice:
    members/test_groups.py). Acts only once the test database exists (its serialized contents
    are kept on the connection), so it never touches another database.
    """
    yield
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        contents = getattr(connection, "_test_serialized_contents", None)
        if not contents:
            continue
        with django_db_blocker.unblock():
            if not Page.objects.using(connection.alias).filter(depth=1).exists():
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def locales(db):
    ensure_wagtail_base()
    en = Locale.objects.get_or_create(language_code="en")[0]
    fr = Locale.objects.get_or_create(language_code="fr")[0]
    return en, fr


@pytest.fixture
def home(locales):
    root = Page.get_first_root_node()
    home = HomePage(title="Climate Caucus Events", slug="caucus", locale=locales[0])
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": home, "hostname": "testserver", "port": 80},
    )
    # Wagtail's "Welcome to your new Wagtail site!" placeholder would otherwise be a public page.
    Page.objects.filter(depth=2, content_type__model="page").exclude(pk=home.pk).delete()
    return HomePage.objects.get(pk=home.pk)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a shared Redis must not carry one test's site
    root paths or cached answers into the next (keys are per xdist worker, settings/test.py)."""
    clear_caches()


@pytest.fixture(autouse=True)
def _reset_language():
    """Each test starts and ends in the default language: an activated "fr" must not leak."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def fr_home(home):
    return translate(home, "fr", title="Événements du Caucus climat", slug="caucus-fr")


@pytest.fixture
def event_index(home, fr_home):
    index = add(home, EventIndexPage(title="Events", slug="events"))
    translate(index, "fr", title="Événements", slug="evenements")
    return index


@pytest.fixture
def chapter(home, fr_home):
    index = add(home, ChapterIndexPage(title="Chapters", slug="chapters"))
    translate(index, "fr", title="Sections", slug="sections")
    chapter = add(index, ChapterPage(title="B.C. Chapter", slug="bc"))
    translate(chapter, "fr", title="Section C.-B.", slug="section-cb")
    return chapter


@pytest.fixture
def working_group(home, fr_home):
    index = add(home, WorkingGroupIndexPage(title="Working groups", slug="working-groups"))
    translate(index, "fr", title="Groupes de travail", slug="groupes")
    group = add(index, WorkingGroupPage(title="Outdoor Rec", slug="outdoor-rec"))
    translate(group, "fr", title="Plein air", slug="plein-air")
    return group
