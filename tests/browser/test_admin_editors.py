"""Editors in the page editor, in the browser: a chapter editor sets access details on their own
chapter's event only; a mistake in the event form shows on the tab where it was made, with
nothing typed lost (the server-side cases are in tests/events/test_admin_access_details.py and
tests/events/test_admin_form.py)."""

from django.core.management import call_command

import pytest

from chapters.models import ChapterPage
from events.domain.choices import Audience
from tests.browser.conftest import chromium, make_editor, sign_in
from tests.factories import add, event, translate

# live_server serves from another thread: the data must be committed (see test_reader_pages).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

VIEWPORT = {"width": 1280, "height": 900}


def header_link(page, href):
    """The header's "Access details" link, opening the header's actions menu if it hides it."""
    link = page.locator(f"a[href='{href}']").first
    if not link.is_visible():
        page.locator(
            "header button[aria-label='Actions'], header .w-dropdown__toggle"
        ).first.click()
    link.wait_for(state="visible")
    return link


def test_a_chapter_editor_sets_details_on_their_chapter_only(
    live_server, chapter, django_user_model, settings
):
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    other_chapter = add(chapter.get_parent(), ChapterPage(title="Quebec Chapter", slug="qc"))
    translate(other_chapter, "fr", title="Section Québec", slug="section-qc")
    call_command("setup_groups", verbosity=0)
    own = event(chapter, "BC meeting", slug="bc-meeting", audience=Audience.ELECTED)
    other = event(other_chapter, "QC meeting", slug="qc-meeting", audience=Audience.ELECTED)
    editor = make_editor(django_user_model, "bc-lead", "Chapter editors: B.C. Chapter")
    base = live_server.url
    own_details = f"/admin/access-details/{own.pk}/"
    other_details = f"/admin/access-details/{other.pk}/"
    with chromium(viewport=VIEWPORT) as context:
        page = context.new_page()
        sign_in(page, base, editor)
        page.goto(f"{base}/admin/pages/{own.pk}/edit/")
        before = header_link(page, own_details).inner_text()
        header_link(page, own_details).click()
        page.wait_for_url(f"{base}{own_details}")
        heading = page.title()
        page.fill("input[name=join_url]", "https://meet.example.org/j/7")
        page.click("button[type=submit]:has-text('Save access details')")
        page.wait_for_url(f"{base}/admin/pages/{own.pk}/edit/")
        saved_message = page.locator(".messages").inner_text()
        after = header_link(page, own_details).inner_text()

        # The other chapter's event: no link to its details, and the address itself is refused.
        page.goto(f"{base}/admin/pages/{other.pk}/edit/")
        other_links = page.locator(f"a[href='{other_details}']").count()
        refused = page.goto(f"{base}{other_details}")
        refused_status = refused.status
        refused_form = page.locator("input[name=join_url]").count()

    assert "Access details: not set" in before
    assert "Access details: BC meeting" in heading
    assert "BC meeting" in saved_message
    assert "Access details: set" in after and "not set" not in after
    assert other_links == 0
    assert refused_status == 403
    assert refused_form == 0


def save_draft(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").first.click()


def fill_event(page, title, start_time, end_time):
    page.fill("input[name=title]", title)
    page.fill("input[name=start_date]", "2026-05-27")
    page.fill("input[name=start_time]", start_time)
    page.fill("input[name=end_time]", end_time)
    page.keyboard.press("Escape")
    zone = page.locator("[name=timezone]")
    if zone.evaluate("el => el.tagName") == "SELECT":
        zone.select_option("America/Vancouver")
    else:
        zone.fill("America/Vancouver")


def test_validation_messages_show_on_the_right_tab_and_keep_what_was_typed(
    live_server, admin_editor, event_index
):
    event(event_index, "Chapter meeting", slug="chapter-meeting")
    base = live_server.url
    with chromium(viewport=VIEWPORT) as context:
        page = context.new_page()
        sign_in(page, base, admin_editor)
        # "Add child page" under the events index, then "Event".
        page.goto(f"{base}/admin/pages/{event_index.pk}/add_subpage/")
        page.click(f"a[href*='/admin/pages/add/events/eventpage/{event_index.pk}/']")
        page.wait_for_url(f"{base}/admin/pages/add/events/eventpage/{event_index.pk}/*")

        # An evening past midnight without an end date.
        fill_event(page, "Late call for the north", "22:00", "00:30")
        save_draft(page)
        content = page.locator("#tab-content")
        midnight_error = content.locator(
            "[data-field-wrapper]:has(input[name=end_time]) .error-message"
        )
        midnight_visible = midnight_error.is_visible()
        midnight_text = midnight_error.inner_text()
        kept = {
            name: page.locator(f"input[name={name}]").input_value()
            for name in ("title", "start_time", "end_time")
        }

        # A sibling already has this address: the title says so on Content, the slug on Promote.
        page.fill("input[name=title]", "Chapter meeting")
        page.fill("input[name=end_time]", "23:30")
        page.click("[role=tab]:has-text('Promote')")
        page.fill("input[name=slug]", "chapter-meeting")
        page.click("[role=tab]:has-text('Content')")
        save_draft(page)
        shown_first = page.locator("[role=tab][aria-selected=true]").inner_text()
        page.click("[role=tab]:has-text('Content')")
        title_error = content.locator("[data-field-wrapper]:has(input[name=title]) .error-message")
        title_visible = title_error.is_visible()
        title_text = title_error.inner_text()
        page.click("[role=tab]:has-text('Promote')")
        slug_error = page.locator(
            "#tab-promote [data-field-wrapper]:has(input[name=slug]) .error-message"
        )
        slug_visible = slug_error.is_visible()
        slug_text = slug_error.inner_text()

    assert midnight_visible
    assert "set the end date to the next day" in midnight_text
    assert kept == {"title": "Late call for the north", "start_time": "22:00", "end_time": "00:30"}
    assert "Content" in shown_first
    assert title_visible
    assert "Another page here already has this page's address" in title_text
    assert "Promote tab" in title_text
    assert slug_visible
    assert "already in use" in slug_text
