"""The demo schedule: idempotent, bilingual, reachable by navigation from /en/ and /fr/."""

import io
import re

from django.core.management import call_command

from wagtail.models import Page, Revision

import pytest

from events.models import EventPage, EventSeriesPage, Speaker

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def snapshot():
    pages = Page.objects.order_by("path").values_list(
        "path", "locale__language_code", "title", "slug", "live", "translation_key", "numchild"
    )
    events = EventPage.objects.order_by("pk").values_list("pk", "starts_at", "status", "sequence")
    speakers = Speaker.objects.order_by("pk").values_list("pk", "name", "role", "locale_id")
    return list(pages), list(events), list(speakers), Revision.objects.count()


def test_seed_twice_writes_the_same_content(locales):
    seed()
    first = snapshot()
    seed()
    assert snapshot() == first


def test_seed_covers_the_reference_schedule(locales):
    seed()
    assert EventSeriesPage.objects.filter(locale__language_code="en").count() == 2
    assert EventSeriesPage.objects.filter(locale__language_code="fr").count() == 2
    bee = EventPage.objects.get(slug="bee-city")
    assert bee.series_key is not None
    assert bee.speaker_links.count() == 2
    assert EventPage.objects.filter(status="cancelled", locale__language_code="en").count() == 1
    assert EventPage.objects.filter(date_tba=True, locale__language_code="en").count() == 2
    quebec = EventPage.objects.get(slug="premier-appel-quebec")
    assert quebec.locale.language_code == "fr"
    # Quebec wrote French first: the English page is the translation of the French one.
    english = EventPage.objects.get(
        translation_key=quebec.translation_key, locale__language_code="en"
    )
    assert english.pk > quebec.pk
    assert not Page.objects.filter(live=False, depth__gt=1).exists()


@pytest.mark.parametrize(("home", "index"), [("/en/", "/en/events/"), ("/fr/", "/fr/evenements/")])
def test_demo_events_reachable_by_navigation(client, locales, home, index):
    seed()
    front = client.get(home)
    assert front.status_code == 200
    assert f'href="{index}"' in front.text
    listing = client.get(index)
    assert listing.status_code == 200
    links = set(re.findall(rf'href="({index}[^"#?]+/)"', listing.text))
    assert len(links) >= 3
    for link in links:
        assert client.get(link).status_code == 200, link


def test_root_redirects_by_accept_language(client, locales):
    seed()
    assert client.get("/", headers={"accept-language": "fr-CA,fr;q=0.9"})["Location"] == "/fr/"
    assert client.get("/", headers={"accept-language": "en-CA,en;q=0.9"})["Location"] == "/en/"
