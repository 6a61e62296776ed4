"""The reader's way in (issue 12, "Done when" 1-4), walked in a real Chromium at 390×844 and
1280×900, in English and French, asserting what the reader sees; axe-core on every page visited
(the request form with its errors shown included)."""

import datetime as dt

from django.contrib.auth.models import Group
from django.utils import timezone

import pytest

from events.models import AccessDetails, EventPage, EventSeriesPage
from events.reads.access import ELECTED_OFFICIALS
from members.models import AccessRequest
from tests.browser.conftest import chromium
from tests.browser.test_reader_pages import AXE_OPTIONS, VIEWPORTS, describe
from tests.factories import event, translate

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "a-long-demo-password-1"
TEXT = {
    "en": {
        "who": "Who may join: elected officials",
        "how": "How to join",
        "request": "Request access",
        "sign_in": "Sign in",
        "send": "Send my request",
        "received": "Request received",
        "join": "Join or register",
        "took_place": "This call took place on",
        "cancelled": "This call is cancelled.",
        "moved": "Moved from",
        "add": "Add to calendar",
        "language": "English",
        "name": "Name",
        "join_page": "/en/join/",
    },
    "fr": {
        "who": "Qui peut participer\u202f: les élus et élues",
        "how": "Comment participer",
        "request": "Demander l’accès",
        "sign_in": "Se connecter",
        "send": "Envoyer ma demande",
        "received": "Demande reçue",
        "join": "Participer ou s’inscrire",
        "took_place": "Cet appel a eu lieu le",
        "cancelled": "Cet appel est annulé.",
        "moved": "Déplacé\u202f; initialement prévu le",
        "add": "Ajouter au calendrier",
        "language": "français",
        "name": "Nom",
        "join_page": "/fr/adherer/",
    },
}


@pytest.fixture
def journeys(reader_site, event_index, django_user_model):
    """reader_site plus what the journeys need: the restricted Bee City call's details, an open
    event publishing its link, a moved and a cancelled date of the open series, and a member."""
    bee = EventPage.objects.get(slug="bee-city")
    AccessDetails.objects.create(
        event_key=bee.translation_key, join_url="https://meet.example.org/members-bee"
    )
    today = timezone.now().date()
    open_talk = event(
        event_index, "Open talk on heat", slug="open-talk", start_date=today + dt.timedelta(days=3)
    )
    translate(open_talk, "fr", title="Causerie ouverte sur la chaleur", slug="causerie")
    AccessDetails.objects.create(
        event_key=open_talk.translation_key,
        join_url="https://meet.example.org/open-heat",
        publish_openly=True,
    )
    calls = EventSeriesPage.objects.get(slug="electeds")
    week = calls.next_starts(n=2)[1].date()  # the series' second date to come
    moved = event(
        calls,
        "Electeds call",
        slug="moved",
        occurrence_date=week,
        start_date=week + dt.timedelta(days=1),
        start_time=dt.time(13),
        end_time=dt.time(14),
        status_reason="The council meets on Wednesday",
    )
    translate(
        moved,
        "fr",
        title="Appel des élus",
        slug="deplace",
        status_reason="Le conseil siège le mercredi",
    )
    member = django_user_model.objects.create_user(
        "elected@example.org", "elected@example.org", PASSWORD, first_name="Ada"
    )
    member.groups.add(Group.objects.get_or_create(name=ELECTED_OFFICIALS)[0])
    urls = {
        "en": {"open": "/en/events/open-talk/", "moved": "/en/events/electeds/moved/"},
        "fr": {
            "open": "/fr/evenements/causerie/",
            "moved": "/fr/evenements/appel-des-elus/deplace/",
        },
    }
    for language in ("en", "fr"):
        urls[language].update(reader_site[language])
    urls["en"]["past"] = "/en/chapters/bc/spring/"
    urls["fr"]["past"] = "/fr/sections/section-cb/printemps/"
    urls["en"]["cancelled"] = "/en/working-groups/outdoor-rec/cancelled/"
    urls["fr"]["cancelled"] = "/fr/groupes/plein-air/annulee/"
    return urls


class Walk:
    """A browser page that runs axe on every page it lands on and collects violations."""

    def __init__(self, page, base, label):
        from axe_playwright_python.sync_playwright import Axe

        self.page, self.base, self.label, self.axe, self.failures = page, base, label, Axe(), {}

    def check(self, name):
        results = self.axe.run(self.page, options=AXE_OPTIONS).response
        assert results["passes"], f"axe checked nothing on {name}"
        if results["violations"]:
            self.failures[f"{name} ({self.label})"] = describe(results["violations"])

    def go(self, path, name):
        response = self.page.goto(self.base + path)
        assert response.status == 200, path
        self.check(name)

    def click(self, locator, name):
        with self.page.expect_navigation():
            locator.click()
        self.check(name)


def panel(page):
    return page.locator("section.how-to-join")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_journeys_of_readers_and_members(live_server, journeys, language):
    urls, text = journeys[language], TEXT[language]
    failures = {}
    for size, viewport in VIEWPORTS.items():
        with chromium(viewport=viewport, timezone_id="America/Halifax") as context:
            page = context.new_page()
            walk = Walk(page, live_server.url, f"{language}, {size}")

            # 1. Anonymous: home -> the elected-only call -> How to join -> request form.
            walk.go(urls["home"], "home")
            walk.click(page.locator(f"main a[href='{urls['event']}']").first, "event")
            assert text["who"] in panel(page).inner_text()
            assert panel(page).get_by_role("link", name=text["request"]).is_visible()
            sign_in = panel(page).get_by_role("link", name=text["sign_in"])
            assert sign_in.get_attribute("href").endswith("?next=" + urls["event"])
            walk.click(panel(page).locator(f"a[href^='{text['join_page']}?next=']"), "how to join")
            # The How-to-join page's Sign in returns to the call the reader came from.
            back = page.locator("main").get_by_role("link", name=text["sign_in"])
            assert back.get_attribute("href").endswith("?next=" + urls["event"])
            walk.click(page.locator("main").get_by_role("link", name=text["request"]), "request")
            assert page.locator("html").get_attribute("lang") == language
            assert page.locator(f"input[name=language][value={language}]").is_checked()
            assert page.locator("input[name=role][value='']").count() == 0
            walk.click(page.get_by_role("button", name=text["send"]), "request with errors")
            assert page.evaluate("document.activeElement.id") == "error-summary"
            first = page.locator("#error-summary a").first
            assert first.get_attribute("href") == "#id_name"
            described = page.locator("#id_email").get_attribute("aria-describedby").split()
            for element_id in described:
                assert page.locator(f"#{element_id}").count() == 1, element_id
            page.fill("#id_name", "Jo Councillor")
            page.fill("#id_email", f"jo-{size}@example.org")
            page.fill("#id_municipality", "Barrie")
            page.select_option("#id_province", "ON")
            page.locator("input[name=role][value=elected]").check()
            walk.click(page.get_by_role("button", name=text["send"]), "request received")
            assert page.locator("h1").inner_text() == text["received"]

            # 3. Anonymous: an open-to-all event shows its published link.
            walk.go(urls["open"], "open event")
            join = panel(page).get_by_role("link", name=text["join"])
            assert join.get_attribute("href") == "https://meet.example.org/open-heat"

            # 4. A past event, a cancelled and a moved date: their states, no wrong action.
            walk.go(urls["past"], "past event")
            assert text["took_place"] in panel(page).inner_text()
            assert page.get_by_role("heading", name=text["add"]).count() == 0
            assert panel(page).get_by_role("link", name=text["request"]).count() == 0
            walk.go(urls["cancelled"], "cancelled event")
            assert text["cancelled"] in page.locator(".notice--cancelled").inner_text()
            decoration = page.evaluate(
                "getComputedStyle(document.querySelector('.struck .when')).textDecorationLine"
            )
            assert decoration == "line-through"
            assert page.get_by_role("heading", name=text["add"]).count() == 0
            assert panel(page).get_by_role("link", name=text["join"]).count() == 0
            walk.go(urls["moved"], "moved date")
            assert text["moved"] in page.locator(".notice--info").inner_text()
            walk.go(urls["series"], "series")
            assert text["moved"] in page.locator(".moved").first.inner_text()

            # 2. A member: Sign in from the header -> back on the call -> its join link.
            walk.go(urls["event"], "event again")
            walk.click(page.locator("header").get_by_role("link", name=text["sign_in"]), "sign in")
            page.fill("#id_username", "elected@example.org")
            page.fill("#id_password", PASSWORD)
            with page.expect_navigation():
                page.locator("main").get_by_role("button", name=text["sign_in"]).click()
            assert page.url == live_server.url + urls["event"]
            walk.check("event as a member")
            shown = panel(page).get_by_role("link", name="https://meet.example.org/members-bee")
            assert shown.is_visible()
            assert "Ada" in page.locator("header").inner_text()
            failures.update(walk.failures)
    assert AccessRequest.objects.filter(email__startswith="jo-").count() == 2
    assert AccessRequest.objects.filter(language=language).count() == 2
    assert not failures, "\n".join(f"{name}:\n{text}" for name, text in failures.items())
