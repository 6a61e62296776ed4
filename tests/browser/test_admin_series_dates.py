"""A series' date cancelled and another moved from the series' edit view, in a few clicks each;
then the public page, the API and the feed show both."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.test import Client

import pytest

from events.domain.choices import Audience
from events.models import EventPage
from tests.browser.conftest import chromium, sign_in
from tests.factories import series

# live_server serves from another thread: the data must be committed (see test_reader_pages).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Clicks:
    """Counts the clicks a journey takes."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, selector):
        self.count += 1
        self.page.click(selector)


def test_cancel_one_date_and_move_another_from_the_series(live_server, admin_editor, event_index):
    first = dt.date.today() + dt.timedelta(days=1)
    calls = series(
        event_index,
        "Electeds call",
        slug="electeds",
        first_date=first,
        interval=1,
        audience=Audience.PUBLIC,
    )
    cancelled = first + dt.timedelta(weeks=1)
    moved = first + dt.timedelta(weeks=2)
    edit = f"{live_server.url}/admin/pages/{calls.pk}/edit/"
    with chromium(viewport={"width": 1280, "height": 900}) as context:
        page = context.new_page()
        sign_in(page, live_server.url, admin_editor)
        page.goto(edit)
        cancel = Clicks(page)
        cancel.click(f"[data-date='{cancelled}'] >> text=Cancel this call")
        page.fill("input[name=status_reason]", "Council budget week")
        cancel.click("form button[type=submit]:has-text('Cancel this call')")
        page.wait_for_url(edit)
        marked = page.locator(f"[data-date='{cancelled}']")
        assert "Cancelled" in marked.inner_text()
        change = Clicks(page)
        change.click(f"[data-date='{moved}'] >> text=Change this call")
        page.fill("input[name=start_time]", "14:00")
        page.fill("input[name=end_time]", "15:00")
        change.click("form button[type=submit]:has-text('Change this call')")
        page.wait_for_url(edit)
        moved_text = page.locator(f"[data-date='{moved}']").inner_text()
        # The date's own page opens from the list; it says what it inherits.
        page.click(f"[data-date='{moved}'] >> text=Open this call's page")
        inherited = page.locator("[data-inheritance]").inner_text()
    assert cancel.count <= 4
    assert change.count <= 4
    assert "Moved to" in moved_text and "14:00" in moved_text
    assert "Electeds call" in inherited and "Open to all" in inherited
    assert EventPage.objects.filter(series_key=calls.translation_key, live=True).count() == 2

    reader = Client()
    public = reader.get("/en/events/electeds/").content.decode()
    assert "Council budget week" in public
    window = {"start": first.isoformat(), "end": (first + dt.timedelta(weeks=4)).isoformat()}
    events = reader.get("/api/v1/events/", window).json()["results"]
    by_day = {e["recurrence_id"][:10]: e for e in events if e["recurrence_id"]}
    assert by_day[cancelled.isoformat()]["status"] == "cancelled"
    assert by_day[cancelled.isoformat()]["status_reason"] == "Council budget week"
    moved_start = dt.datetime.fromisoformat(by_day[moved.isoformat()]["start"])
    assert moved_start == dt.datetime.combine(moved, dt.time(14), ZoneInfo("America/Vancouver"))
    feed = reader.get("/en/events/electeds/calendar.ics").content.decode()
    assert "STATUS:CANCELLED" in feed
    assert f"DTSTART;TZID=America/Vancouver:{moved:%Y%m%d}T140000" in feed
