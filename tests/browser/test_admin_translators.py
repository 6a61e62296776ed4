"""A translator hands a French translation to the national editors, who publish it from their
dashboard; the translator cannot change the English page's start time
(docs/architecture.md#translators-hand-off)."""

import datetime as dt

from django.core import mail
from django.core.management import call_command

import pytest

from events.models import EventPage
from tests.browser.conftest import chromium, make_editor, sign_in
from tests.factories import event

# live_server serves from another thread: the data must be committed (see test_reader_pages).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_translator_hands_off_and_a_national_editor_publishes(
    live_server, event_index, django_user_model, settings
):
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    call_command("setup_groups", verbosity=0)
    translator = make_editor(django_user_model, "tr", "Translators")
    national = make_editor(django_user_model, "nat", "National editors")
    english = event(
        event_index,
        "Bee City",
        slug="bee-city",
        start_date=dt.date.today() + dt.timedelta(days=9),
    )
    base = live_server.url
    with chromium(viewport={"width": 1280, "height": 900}) as context:
        page = context.new_page()
        sign_in(page, base, translator)
        # "Translate" on the English page: the French copy opens in the translation editor.
        page.goto(f"{base}/admin/localize/submit/page/{english.pk}/")
        page.check("input[name=locales]")
        page.click("input[type=submit][value=Submit]")
        # The translation editor (wagtail-localize's React view): translate the title.
        title = page.locator("#tab-content li:has(> h3:text-is('Title'))")
        title.locator("button:has-text('Translate')").click()
        title.locator("textarea").fill("Ville abeille")
        title.locator("button:has-text('Save')").click()
        title.locator("li.complete:has-text('Ville abeille')").wait_for()
        page.click("[data-submit-translation]")
        page.locator("[data-review-status]").wait_for()
        submitted = page.locator(".messages").inner_text()

        # The national editor's dashboard lists it; "Approve" publishes it.
        context.clear_cookies()
        sign_in(page, base, national)
        review = page.locator("#awaiting-review-section tr:has-text('Ville abeille')")
        listed = review.inner_text()
        review.locator("[aria-label=Actions]").click()
        review.locator("button[data-workflow-action-url]:text-is('Approve')").click()
        # The dashboard reloads without it: nothing else awaits review.
        page.locator("#awaiting-review-section").wait_for(state="detached")

        # Back as the translator: the English page's schedule is not theirs to change.
        context.clear_cookies()
        sign_in(page, base, translator)
        page.goto(f"{base}/admin/pages/{english.pk}/edit/")
        start_time = page.locator("input[name=start_time]")
        start_time_disabled = start_time.is_disabled()
        title_editable = page.locator("input[name=title]").is_editable()
        start_time_help = page.locator(
            "[data-field-wrapper]:has(input[name=start_time])"
        ).inner_text()

    assert "submitted for review" in submitted
    assert "French" in listed
    french = EventPage.objects.get(
        translation_key=english.translation_key, locale__language_code="fr"
    )
    assert french.live
    assert french.title == "Ville abeille"
    assert french.start_time == english.start_time
    assert any(national.email in m.to for m in mail.outbox)
    assert start_time_disabled
    assert title_editable
    assert "a translator changes the text only" in start_time_help
