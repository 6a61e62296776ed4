"""setup_site on the database Wagtail's migrations leave (locale en, the "Welcome" page, a Site
at localhost): the bilingual tree without events, the Site at SITE_URL, groups and workflow,
a first superuser; a second run changes nothing; the demo builds on the same tree."""

import io

from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from wagtail.models import (
    GroupPagePermission,
    Locale,
    Page,
    Revision,
    Site,
    WorkflowPage,
)
from wagtail_localize.models import Translation

import pytest

from chapters.models import ChapterIndexPage, ChapterPage, WorkingGroupIndexPage
from events.models import EventIndexPage, EventPage, EventSeriesPage
from home.models import HomePage, StandardPage
from members.groups import CHAPTER_EDITORS_PREFIX, NATIONAL_EDITORS, WORKFLOW_NAME

pytestmark = pytest.mark.django_db

STRONG = "correct-horse-battery-staple-42"
SECTIONS = {
    "en": [
        (EventIndexPage, "Events", "events"),
        (ChapterIndexPage, "Chapters", "chapters"),
        (WorkingGroupIndexPage, "Working groups", "working-groups"),
        (StandardPage, "How to join", "join"),
    ],
    "fr": [
        (EventIndexPage, "Événements", "evenements"),
        (ChapterIndexPage, "Sections régionales", "sections"),
        (WorkingGroupIndexPage, "Groupes de travail", "groupes-de-travail"),
        (StandardPage, "Comment adhérer", "adherer"),
    ],
}


@pytest.fixture(autouse=True)
def _no_superuser_from_the_shell(monkeypatch):
    for name in ("USERNAME", "EMAIL", "PASSWORD"):
        monkeypatch.delenv(f"DJANGO_SUPERUSER_{name}", raising=False)


def setup_site(*args):
    out = io.StringIO()
    call_command("setup_site", *args, stdout=out)
    return out.getvalue()


def snapshot():
    pages = Page.objects.order_by("path").values_list(
        "path", "locale__language_code", "title", "slug", "live", "translation_key"
    )
    sites = Site.objects.values_list("hostname", "port", "site_name", "root_page_id")
    groups = Group.objects.order_by("name").values_list("name", "permissions")
    return (
        list(pages),
        list(sites),
        list(groups),
        GroupPagePermission.objects.count(),
        Revision.objects.count(),
        list(Locale.objects.values_list("language_code", flat=True)),
        get_user_model().objects.count(),
    )


def test_builds_the_bilingual_tree_without_events(settings):
    settings.SITE_URL = "https://events.example.org"
    out = setup_site()
    assert "Welcome to your new Wagtail site!" not in Page.objects.values_list("title", flat=True)
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"en", "fr"}
    en, fr = (HomePage.objects.get(locale__language_code=code) for code in ("en", "fr"))
    assert (en.title, fr.title) == ("Climate Caucus Events", "Événements du Caucus climat")
    assert en.translation_key == fr.translation_key
    for home, language in ((en, "en"), (fr, "fr")):
        children = [(type(p), p.title, p.slug) for p in home.get_children().specific()]
        assert children == SECTIONS[language]
        assert all(p.live for p in home.get_descendants(inclusive=True))
        # Each French page is a wagtail-localize translation, open in the translation editor.
        for page in home.get_descendants(inclusive=True):
            if language == "en":
                assert Translation.objects.filter(
                    source__object_id=page.translation_key, target_locale__language_code="fr"
                ).exists()
    assert not EventPage.objects.exists() and not EventSeriesPage.objects.exists()
    assert not ChapterPage.objects.exists()
    site = Site.objects.get(is_default_site=True)
    assert (site.root_page_id, site.root_url, site.site_name) == (
        en.pk,
        "https://events.example.org",
        "Climate Caucus Events",
    )
    assert EventIndexPage.objects.get(locale=fr.locale).get_full_url() == (
        "https://events.example.org/fr/evenements/"
    )
    # The groups and the approval workflow, on both home pages.
    assert {NATIONAL_EDITORS, "Elected officials", "Municipal staff"} <= set(
        Group.objects.values_list("name", flat=True)
    )
    homes = WorkflowPage.objects.filter(page__depth=2)
    assert set(homes.values_list("page_id", "workflow__name")) == {
        (en.pk, WORKFLOW_NAME),
        (fr.pk, WORKFLOW_NAME),
    }
    assert "Portal ready (" in out and "nothing to change" not in out


def test_serves_the_tree_in_both_languages(client):
    setup_site()
    for path, title in (
        ("/en/", "Climate Caucus Events"),
        ("/fr/", "Événements du Caucus climat"),
        ("/en/events/", "Events"),
        ("/fr/evenements/", "Événements"),
        ("/en/join/", "How to join"),
        ("/fr/adherer/", "Comment adhérer"),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert f"<h1>{title}</h1>" in response.text, path


def test_second_run_changes_nothing_and_says_so():
    setup_site()
    first = snapshot()
    out = setup_site()
    assert snapshot() == first
    assert "Pages: 0 pages or translations created." in out
    assert out.strip().endswith("Portal ready (nothing to change).")


def test_name_and_chapters_from_options():
    out = setup_site(
        "--name",
        "Prairie Climate Network=Réseau climat des Prairies",
        "--chapter",
        "Manitoba Chapter=Section du Manitoba",
        "--chapter",
        "Yukon",
    )
    assert "Portal ready" in out
    homes = dict(HomePage.objects.values_list("locale__language_code", "title"))
    assert homes == {"en": "Prairie Climate Network", "fr": "Réseau climat des Prairies"}
    assert Site.objects.get(is_default_site=True).site_name == "Prairie Climate Network"
    chapters = ChapterPage.objects.order_by("locale__language_code", "path")
    assert [(c.locale.language_code, c.title, c.slug) for c in chapters] == [
        ("en", "Manitoba Chapter", "manitoba-chapter"),
        ("en", "Yukon", "yukon"),
        ("fr", "Section du Manitoba", "section-du-manitoba"),
        ("fr", "Yukon", "yukon"),
    ]
    # Each chapter's editors may edit it in both languages.
    group = Group.objects.get(name=CHAPTER_EDITORS_PREFIX + "Manitoba Chapter")
    pages = GroupPagePermission.objects.filter(group=group).values_list("page_id", flat=True)
    manitoba = ChapterPage.objects.filter(slug__in=["manitoba-chapter", "section-du-manitoba"])
    assert set(pages) == set(manitoba.values_list("pk", flat=True))
    # A chapter added later: only it (and its group) is created.
    setup_site("--chapter", "Manitoba Chapter=Section du Manitoba", "--chapter", "Nunavut")
    assert ChapterPage.objects.count() == 6
    assert Group.objects.filter(name=CHAPTER_EDITORS_PREFIX + "Nunavut").exists()


def test_moves_the_site_when_the_address_changes(settings, client):
    settings.SITE_URL = "http://127.0.0.1:8000"
    setup_site()
    settings.SITE_URL = "http://127.0.0.1:9000"
    out = setup_site()
    assert "Site: now at http://127.0.0.1:9000 (port changed)." in out
    assert "Pages: 0 pages or translations created." in out
    response = client.get("/api/v1/")
    assert response.json()["calendars"] == {
        "en": "http://127.0.0.1:9000/en/events/calendar.ics",
        "fr": "http://127.0.0.1:9000/fr/evenements/calendar.ics",
    }
    setup_site("--site-url", "https://events.example.org")
    assert Site.objects.get(is_default_site=True).root_url == "https://events.example.org"


def test_refuses_a_site_url_option_it_cannot_print():
    with pytest.raises(CommandError, match="--site-url .*no path"):
        setup_site("--site-url", "https://events.example.org/portal/")


def test_creates_the_first_superuser_from_the_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "ada")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "ada@example.org")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", STRONG)
    assert "Superuser: created" in setup_site()
    user = authenticate(username="ada", password=STRONG)
    assert user is not None and user.is_superuser and user.email == "ada@example.org"
    # Never changed afterwards, whatever the environment says.
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "another-long-passphrase-77")
    out = setup_site()
    assert "exists already (left unchanged)" in out and "nothing to change" in out
    assert authenticate(username="ada", password=STRONG) is not None


def test_refuses_a_weak_superuser_password_and_writes_nothing(monkeypatch):
    before = snapshot()
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "ada")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "password")
    with pytest.raises(CommandError, match="DJANGO_SUPERUSER_PASSWORD: This password is too"):
        setup_site()
    assert snapshot() == before


def test_refuses_a_superuser_without_a_password(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "ada")
    with pytest.raises(CommandError, match="DJANGO_SUPERUSER_PASSWORD is not"):
        setup_site()


def test_refuses_to_replace_a_tree_built_by_hand(home):
    """A site whose root is a real page is not a new portal: nothing is written."""
    before = snapshot()
    with pytest.raises(CommandError, match="not the home page setup_site makes"):
        setup_site()
    assert snapshot() == before


def test_demo_and_new_portal_share_one_tree():
    """seed_demo builds on setup_site's pages (the same keys), and setup_site finds the
    demo's: neither creates the other's skeleton again."""
    setup_site()
    skeleton = dict(Page.objects.filter(depth__gt=1).values_list("pk", "translation_key"))
    call_command("seed_demo", stdout=io.StringIO())
    after = dict(Page.objects.filter(pk__in=skeleton).values_list("pk", "translation_key"))
    assert after == skeleton
    assert HomePage.objects.count() == 2 and EventIndexPage.objects.count() == 2
    assert "Pages: 0 pages or translations created." in setup_site()


def test_refuses_a_database_without_the_page_tree():
    Page.get_first_root_node().delete()
    with pytest.raises(CommandError, match="run `python manage.py migrate` first"):
        setup_site()
