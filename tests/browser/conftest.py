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

from events.choices import Audience, Status
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
    """A small bilingual schedule covering every badge and both languages; returns URLs."""
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
    call_command("update_index", verbosity=0)
    return {
        "en": {
            "index": "/en/events/",
            "event": "/en/events/bee-city/",
            "chapter": "/en/chapters/bc/",
            "search": "/en/search/?query=pollinators",
        },
        "fr": {
            "index": "/fr/evenements/",
            "event": "/fr/evenements/ville-abeille/",
            "chapter": "/fr/sections/section-cb/",
            "search": "/fr/search/?query=pollinisateurs",
        },
    }
