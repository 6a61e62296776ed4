"""The side-panel preview as an editor uses it: the frame shows the page for every page type,
and a series' dates follow its rule as typed, before any save."""

import datetime as dt

import pytest

from home.models import StandardPage
from tests.browser.conftest import chromium, sign_in
from tests.factories import add, event, series

# live_server serves from another thread: the data must be committed (see test_reader_pages).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def open_preview(page):
    page.click("[data-side-panel-toggle=preview]")
    frame = page.frame_locator("#w-preview-iframe")
    return frame


def test_side_panel_preview_shows_every_page_type(
    live_server, admin_editor, home, event_index, chapter
):
    today = dt.date.today()
    pages = {
        "Climate Caucus Events": home,
        "Events": event_index,
        "B.C. Chapter": chapter,
        "How to join": add(home, StandardPage(title="How to join", slug="join")),
        "Chapter meeting": event(
            chapter, "Chapter meeting", start_date=today + dt.timedelta(days=4)
        ),
        "Electeds call": series(event_index, "Electeds call", first_date=today),
    }
    blocked = []
    with chromium(viewport={"width": 1280, "height": 900}) as context:
        page = context.new_page()
        page.on("console", lambda m: blocked.append(m.text) if "frame" in m.text else None)
        sign_in(page, live_server.url, admin_editor)
        for title, target in pages.items():
            page.goto(f"{live_server.url}/admin/pages/{target.pk}/edit/")
            frame = open_preview(page)
            heading = frame.locator("h1").first
            heading.wait_for(state="attached", timeout=15000)
            assert heading.text_content() == title
    assert not blocked, blocked


def test_series_preview_follows_the_rule_as_typed(live_server, admin_editor, event_index):
    today = dt.date.today()
    monday = today + dt.timedelta(days=7 - today.weekday())
    calls = series(event_index, "Electeds call", first_date=monday, interval=1)
    second = (monday + dt.timedelta(weeks=1)).isoformat()
    with chromium(viewport={"width": 1280, "height": 900}) as context:
        page = context.new_page()
        # Wagtail's unsaved-changes watcher takes the form as it is about two seconds after
        # load as the unedited form (once or twice: "watch-edits"); typing before the last of
        # those counts as no change, and the preview would never refresh.
        page.add_init_script(
            "document.addEventListener('w-unsaved:watch-edits', () => {"
            " window.watched = performance.now() })"
        )
        sign_in(page, live_server.url, admin_editor)
        page.goto(f"{live_server.url}/admin/pages/{calls.pk}/edit/")
        frame = open_preview(page)
        next_calls = frame.locator("#next + *, section[aria-labelledby=next]")
        next_calls.locator(f"time[datetime^='{second}']").first.wait_for(timeout=15000)
        page.wait_for_function("window.watched && performance.now() - window.watched > 1000")
        page.fill("input[name=interval]", "2")
        # The preview refreshes on its own after a pause in typing: every second week now.
        frame.locator(f"section[aria-labelledby=next] time[datetime^='{second}']").first.wait_for(
            state="detached", timeout=15000
        )
        third = (monday + dt.timedelta(weeks=2)).isoformat()
        assert frame.locator(f"section[aria-labelledby=next] time[datetime^='{third}']").count()
