"""Shared fixtures: locales, a site whose root is an English HomePage with its French copy."""

from wagtail.models import Locale, Page, Site

import pytest

from chapters.models import ChapterIndexPage, ChapterPage, WorkingGroupIndexPage, WorkingGroupPage
from events.models import EventIndexPage
from home.models import HomePage
from tests.factories import add, translate


@pytest.fixture
def locales(db):
    en = Locale.objects.get_or_create(language_code="en")[0]
    fr = Locale.objects.get_or_create(language_code="fr")[0]
    return en, fr


@pytest.fixture
def home(locales):
    root = Page.get_first_root_node()
    home = HomePage(title="Climate Caucus Events", slug="caucus", locale=locales[0])
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    placeholder = site.root_page
    site.root_page = home
    site.hostname = "testserver"
    site.save()
    placeholder.delete()
    return HomePage.objects.get(pk=home.pk)


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
