"""Browser tests: the system's Chromium driven by Playwright against pytest-django's live server.

Chromium comes from the distribution (`apt-get install chromium`), never from Playwright's
download. Locally these tests skip when it is absent; in CI (CI=true) they must run, so a
missing browser fails them instead.
"""

import contextlib
import datetime as dt
import os
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone

import pytest

from events.domain.choices import Audience, Status
from home.models import StandardPage
from tests.factories import SpeakerFactory, add, add_speakers, event, series, translate

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
IN_CI = os.environ.get("CI") == "true"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists() or IN_CI:
        return
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} not found (apt-get install chromium); CI runs these"
    )
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


@contextlib.contextmanager
def chromium(**context_options):
    """A fresh browser context; opened inside the test, after every database write, because
    Playwright's sync API runs an event loop in this thread and Django refuses ORM calls
    while one runs."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install the Debian package `chromium`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(**context_options)
            yield context
            context.close()
        finally:
            browser.close()


@pytest.fixture
def reader_site(event_index, chapter, working_group, home, fr_home):
    """A small bilingual schedule covering every badge, notice and both languages: a
    restricted one-off event with a speaker, a postponed, a cancelled, a past and a Yukon event,
    and a series that fills the events index's first page. Returns URLs by language and name."""
    today = timezone.now().date()
    join = add(home, StandardPage(title="How to join", slug="join"))
    translate(join, "fr", title="Comment adhérer", slug="adherer")
    bee = event(
        event_index,
        "Bee City: protecting pollinators",
        slug="bee-city",
        start_date=today + dt.timedelta(days=9),
        intro="How towns can protect pollinators.",
        audience=Audience.ELECTED,
    )
    translate(
        bee,
        "fr",
        title="Ville abeille : protéger les pollinisateurs",
        slug="ville-abeille",
        intro="Comment les villes peuvent protéger les pollinisateurs.",
    )
    add_speakers(bee, [SpeakerFactory(name="Shelly Candel", organisation="Bee City Canada")])
    meeting = event(
        chapter,
        "B.C. chapter meeting",
        slug="bc-meeting",
        start_date=today + dt.timedelta(days=12),
        status=Status.POSTPONED,
        status_reason="Council budget week",
    )
    translate(meeting, "fr", title="Réunion de la section C.-B.", slug="reunion-cb")
    calls = series(event_index, "Electeds call", slug="electeds", first_date=today)
    translate(calls, "fr", title="Appel des élus", slug="appel-des-elus")
    # Yukon has no CLDR abbreviation: its name must still be a name, never "-0700".
    yukon = event(
        working_group,
        "Northern chapter meeting",
        slug="northern",
        start_date=today + dt.timedelta(days=5),
        timezone="America/Whitehorse",
    )
    translate(yukon, "fr", title="Rencontre de la section du Nord", slug="nord")
    cancelled = event(
        working_group,
        "Cancelled session",
        slug="cancelled",
        start_date=today + dt.timedelta(days=6),
        status=Status.CANCELLED,
        status_reason="Speaker ill",
    )
    translate(cancelled, "fr", title="Séance annulée", slug="annulee")
    spring = event(
        chapter, "Spring meeting", slug="spring", start_date=today - dt.timedelta(days=20)
    )
    translate(spring, "fr", title="Rencontre du printemps", slug="printemps")
    call_command("update_index", verbosity=0)
    return {
        "en": {
            "home": "/en/",
            "index": "/en/events/",
            "series": "/en/events/electeds/",
            "event": "/en/events/bee-city/",
            "yukon": "/en/working-groups/outdoor-rec/northern/",
            "chapter": "/en/chapters/bc/",
            "search": "/en/search/?query=pollinators",
            "request_access": "/en/account/request-access/",
            "speaker_search": "/en/search/?q=Candel",
            "this_month": "/en/this-month/",
            "index_month": "/en/events/?when=month",
        },
        "fr": {
            "home": "/fr/",
            "index": "/fr/evenements/",
            "series": "/fr/evenements/appel-des-elus/",
            "event": "/fr/evenements/ville-abeille/",
            "yukon": "/fr/groupes/plein-air/nord/",
            "chapter": "/fr/sections/section-cb/",
            "search": "/fr/search/?query=pollinisateurs",
            "request_access": "/fr/account/request-access/",
            "speaker_search": "/fr/search/?q=Candel",
            "this_month": "/fr/this-month/",
            "index_month": "/fr/evenements/?when=month",
        },
    }


ADMIN_PASSWORD = "a-long-editor-password-2026"


@pytest.fixture
def admin_editor(django_user_model, settings):
    """A superuser for the admin's browser tests; sign in with `sign_in(page, url, user)`.

    Wagtail's autosave (a draft every half second of typing) is off: on SQLite, the live
    server's threads share the test's one in-memory connection, and an autosave writing while
    the preview posts the same form fails with "database table is locked". The preview and
    every explicit save are what these tests drive.
    """
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    return django_user_model.objects.create_superuser(
        "chief", "chief@example.org", ADMIN_PASSWORD, first_name="Chief", last_name="Editor"
    )


def make_editor(django_user_model, username, *groups):
    """A staff user in `groups` (members.groups names), signed in with ADMIN_PASSWORD."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username, f"{username}@example.org", ADMIN_PASSWORD, first_name=username.title()
    )
    user.groups.set([Group.objects.get(name=name) for name in groups])
    return user


def sign_in(page, base_url, user, next_path="/admin/"):
    """Sign `user` in through the admin's own sign-in form, landing on `next_path`."""
    page.goto(f"{base_url}/admin/login/?next={next_path}")
    page.fill("input[name=username]", user.get_username())
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}{next_path}*")
