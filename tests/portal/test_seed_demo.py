"""The demo schedule: idempotent, bilingual, reachable by navigation from /en/ and /fr/, and true
to the network's original page (a moved call, a series in Atlantic time, no call on Christmas,
the Ontario contacts, the on-demand transit talk as a past working-group event)."""

import datetime as dt
import io
import re

from django.core.management import CommandError, call_command
from django.utils import timezone

from wagtail.models import Page, Revision

import pytest

from chapters.models import ChapterPage, WorkingGroupPage
from events.models import EventPage, EventSeriesPage, Speaker
from home.models import StandardPage
from portal.tree import translation_strings

pytestmark = pytest.mark.django_db

# A day when, without the loader's care, two demo calls would fall on December 24, 2025: the
# bi-weekly Electeds-Only Call (first date June 11, 2025) and the Quebec chapter's call (the
# first Wednesday 16 days on).
CHRISTMAS_CLASH = "2025-12-08"


def seed(**options):
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def snapshot():
    pages = Page.objects.order_by("path").values_list(
        "path", "locale__language_code", "title", "slug", "live", "translation_key", "numchild"
    )
    events = EventPage.objects.order_by("pk").values_list("pk", "starts_at", "status", "sequence")
    speakers = Speaker.objects.order_by("pk").values_list("pk", "name", "role", "locale_id")
    return list(pages), list(events), list(speakers), Revision.objects.count()


def api_events(client, **params):
    """Every event the API lists for these parameters, following `next`."""
    response = client.get("/api/v1/events/", {"limit": 100, **params})
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    while response.json()["next"]:
        response = client.get(response.json()["next"])
        results += response.json()["results"]
    return results


def local(value):
    return dt.datetime.fromisoformat(value)


def test_seed_twice_writes_the_same_content(locales):
    assert "(0 pages or snippets created)" not in seed()
    first = snapshot()
    assert "(0 pages or snippets created)" in seed()
    assert snapshot() == first


def test_seed_covers_the_reference_schedule(locales):
    seed()
    for language in ("en", "fr"):
        assert EventSeriesPage.objects.filter(locale__language_code=language).count() == 3
    bee = EventPage.objects.get(slug="bee-city", locale__language_code="en")
    assert bee.series_key is not None
    assert [link.speaker.name for link in bee.speaker_links.all()] == [
        "Shelly Candel",
        "Mike McCann",
    ]
    conference = EventPage.objects.get(slug="electeds-only-call-conference-week")
    assert conference.status == "cancelled"
    assert conference.status_reason.startswith("Most members are at the national")
    assert EventPage.objects.filter(date_tba=True, locale__language_code="en").count() == 1
    quebec = EventPage.objects.get(slug="premier-appel-quebec")
    assert quebec.locale.language_code == "fr"
    # Quebec wrote French first: the English page is the translation of the French one.
    english = EventPage.objects.get(
        translation_key=quebec.translation_key, locale__language_code="en"
    )
    assert english.pk > quebec.pk
    assert english.title == "Quebec Chapter's first network call"
    assert not Page.objects.filter(live=False, depth__gt=1).exists()
    # Every page in both languages, the French one really translated.
    pages = Page.objects.filter(locale__language_code="en", depth__gt=1).specific()
    assert len(pages) > 20
    for page in pages:
        french = page.get_translation(locales[1])
        assert french.live
        assert french.title != page.title, page.title
    # "&" reaches the translation intact (the PO file holds it as "&amp;").
    group = WorkingGroupPage.objects.get(locale__language_code="fr")
    assert group.title == "Plein air / Collectivités rurales et petites collectivités"
    # No text that goes stale ("next month's call"); no invented address outside example.org.
    stale = re.compile(
        r"next month|last month|this year|next week|mois prochain|cette année|semaine prochaine",
        re.IGNORECASE,
    )
    texts = [
        " ".join(
            str(getattr(page, name, "")) for name in ("title", "intro", "body", "status_reason")
        )
        for page in Page.objects.filter(depth__gt=1).specific()
    ]
    assert [text for text in texts if stale.search(text)] == []
    addresses = set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", " ".join(texts)))
    assert addresses == {"gaby@example.org", "alex@example.org"}


def test_atlantic_call_moves_once_and_keeps_11_local_across_dst(client, locales):
    """The series in America/Halifax: one date moved (listed as moved, with its reason, in
    both languages); every other date at 11:00 Atlantic time, daylight and standard."""
    seed()
    calls = EventSeriesPage.objects.get(slug="atlantic-chapter-call")
    for language, reason in (("en", "Moved to Thursday afternoon"), ("fr", "Déplacé au jeudi")):
        events = api_events(client, series=calls.translation_key, lang=language)
        moved = [e for e in events if local(e["start"]) != local(e["recurrence_id"])]
        assert len(moved) == 1
        (moved,) = moved
        original, start = local(moved["recurrence_id"]), local(moved["start"])
        assert (original.strftime("%A %H:%M"), start.strftime("%A %H:%M")) == (
            "Tuesday 11:00",
            "Thursday 13:00",
        )
        assert start.date() - original.date() == dt.timedelta(days=2)
        assert moved["status"] == "scheduled"
        assert moved["status_reason"].startswith(reason)
    now = timezone.now()
    window = {"start": now.isoformat(), "end": (now + dt.timedelta(days=366)).isoformat()}
    events = api_events(client, series=calls.translation_key, lang="en", **window)
    assert len(events) >= 12
    kept = [e for e in events if e["start"] == e["recurrence_id"]]
    assert len(kept) == len(events) - 1  # all but the moved one
    assert {local(e["start"]).strftime("%H:%M") for e in kept} == {"11:00"}
    # Both sides of the change: Atlantic daylight (UTC−3) and standard (UTC−4) time.
    assert {local(e["start"]).strftime("%z") for e in kept} == {"-0300", "-0400"}
    assert {e["timezone"] for e in events} == {"America/Halifax"}


def test_no_demo_call_on_december_24_or_25(client, locales):
    seed(today=dt.date.fromisoformat(CHRISTMAS_CLASH))
    window = {"start": "2025-06-01T00:00:00Z", "end": "2027-06-01T00:00:00Z"}
    events = api_events(client, lang="en", **window)
    assert len(events) > 40
    christmas = [
        e
        for e in events
        if e["start"] and local(e["start"]).strftime("%m-%d") in ("12-24", "12-25")
    ]
    # The bi-weekly call's date on Christmas Eve 2025 is listed, cancelled, with a reason.
    assert [(e["title"], e["start"][:10]) for e in christmas] == [
        ("Electeds-Only Call: holiday break", "2025-12-24")
    ]
    assert christmas[0]["status"] == "cancelled"
    assert christmas[0]["status_reason"] == "No call over the holidays. Happy holidays!"
    # The one-off call that would have fallen on it takes place after the holidays.
    quebec = EventPage.objects.get(slug="premier-appel-quebec")
    assert quebec.start_date == dt.date(2026, 1, 7)


def test_pages_show_the_transit_talk_as_past_and_the_ontario_contacts(client, locales):
    seed()
    talk = EventPage.objects.get(slug="on-demand-transit-rural", locale__language_code="en")
    group = talk.get_parent().specific
    assert isinstance(group, WorkingGroupPage)
    assert talk.ends_at < timezone.now()
    assert "WSP Consulting" in talk.intro
    # The planners are the event's subject, not invented speakers.
    assert not Speaker.objects.filter(name__icontains="WSP").exists()
    for page in (group, group.get_translation(locales[1])):
        upcoming, past = client.get(page.url).text.split('id="past"')
        title = page.get_children().get(translation_key=talk.translation_key).title
        assert title in past and title not in upcoming
    for chapter in ChapterPage.objects.filter(slug__in=["ontario-chapter", "section-ontario"]):
        html = client.get(chapter.url).text
        assert "Gaby" in html and "Alex" in html


def test_translation_strings_pair_paragraphs_and_refuse_a_mismatch():
    strings = translation_strings(
        StandardPage,
        {"title": "Rural & Small", "body": "<p>One.</p><p>Two <a href='/x'>link</a>.</p>"},
        {"title": "Rural et petit", "body": "<p>Un.</p><p>Deux <a href='/x'>lien</a>.</p>"},
        "demo",
    )
    assert strings == {
        "Rural &amp; Small": "Rural et petit",
        "One.": "Un.",
        'Two <a id="a1">link</a>.': 'Deux <a id="a1">lien</a>.',
    }
    with pytest.raises(CommandError, match="paragraphs"):
        translation_strings(StandardPage, {"body": "<p>A</p><p>B</p>"}, {"body": "<p>A</p>"}, "x")


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


def test_seed_serves_the_demo_at_site_url_and_follows_a_new_port(client, locales, settings):
    """`make run PORT=9000` after `make run`: the same demo, every absolute link at :9000."""
    settings.SITE_URL = "http://127.0.0.1:8000"
    seed()
    settings.SITE_URL = "http://127.0.0.1:9000"
    out = seed()
    assert "Site: now at http://127.0.0.1:9000 (port)." in out
    assert "(0 pages or snippets created)" in out
    (event,) = client.get("/api/v1/events/", {"limit": 1}).json()["results"]
    assert event["url"].startswith("http://127.0.0.1:9000/en/")
    assert event["ics_url"].startswith("http://127.0.0.1:9000/en/")
