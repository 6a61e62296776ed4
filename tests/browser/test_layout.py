"""Reading on every screen (issue 13): no sideways scrolling, no time or date broken across
lines, the reader's own time first, named zones only, a zone picker kept in the browser, and
a light events index. Phone 390×844 and desktop 1280×900, English and French."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from tests.browser.conftest import chromium

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
# Pages listing timed events (each has at least one .js-localtime block).
TIMED_PAGES = ("home", "index", "series", "event", "yukon", "chapter")

# Every <time> element's line boxes: a time or a date that wraps has two or more.
TIME_LINES = """() => Array.from(document.querySelectorAll("time"))
  .filter((el) => el.getClientRects().length > 0)
  .map((el) => ({text: el.textContent, lines: el.getClientRects().length}))"""

# For each block of times: what comes first, and where the reader's and announced times sit.
TIME_BLOCKS = """() => Array.from(document.querySelectorAll(".js-localtime")).map((block) => {
  const reader = block.querySelector(".reader-time");
  const announced = block.querySelector(".announced");
  return {
    start: block.dataset.start,
    first: block.firstElementChild ? block.firstElementChild.className : null,
    reader: reader ? reader.textContent : null,
    readerTop: reader ? reader.getBoundingClientRect().top : null,
    announcedTop: announced ? announced.getBoundingClientRect().top : null,
  };
})"""

# A UTC offset in place of a zone name: "GMT+1", "UTC−7", "-0700", "+02:00".
OFFSET = re.compile(r"(?:GMT|UTC)\s?[+\-−]\s?\d|[+\-−]\d{4}\b|[+\-−]\d{2}:\d{2}")


def reader_clock(start, zone, language):
    """The clock time the reader should see first, as the page writes it."""
    local = dt.datetime.fromisoformat(start).astimezone(ZoneInfo(zone))
    if language == "fr":
        return f"{local.hour}\xa0h" + (f"\xa0{local.minute:02d}" if local.minute else "")
    return f"{local.hour % 12 or 12}:{local.minute:02d}"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_pages_fit_the_screen_and_never_break_a_time_or_date(live_server, reader_site, language):
    """No horizontal scrolling, and each <time> (a date, a time with its zone, the reader's
    own time) on one line, on a phone and a desktop; the reader is in Paris, whose long zone
    name ("Central European Time") is the hardest to fit."""
    too_wide, broken, measured = {}, {}, {}
    for size, viewport in VIEWPORTS.items():
        with chromium(
            viewport=viewport, is_mobile=size == "phone", timezone_id="Europe/Paris"
        ) as context:
            page = context.new_page()
            for name in reader_site[language]:  # every reader page of the fixture
                page.goto(live_server.url + reader_site[language][name])
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > viewport["width"]:
                    too_wide[f"{name} ({size})"] = width
                times = page.evaluate(TIME_LINES)
                measured[f"{name} ({size})"] = len(times)
                wrapped = [t["text"] for t in times if t["lines"] != 1]
                if wrapped:
                    broken[f"{name} ({size})"] = wrapped
    assert not too_wide, f"pages wider than the screen: {too_wide}"
    assert not broken, f"times or dates broken across lines: {broken}"
    assert all(measured[f"{name} (phone)"] >= 2 for name in TIMED_PAGES), measured


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("zone", ["Europe/Paris", "America/Halifax"])
def test_readers_own_time_comes_first_when_their_zone_differs(
    live_server, reader_site, language, zone
):
    """Every event's times start with the reader's own clock time, above the announced times."""
    checked = 0
    for size, viewport in VIEWPORTS.items():
        with chromium(viewport=viewport, is_mobile=size == "phone", timezone_id=zone) as context:
            page = context.new_page()
            for name in TIMED_PAGES:
                page.goto(live_server.url + reader_site[language][name])
                blocks = page.evaluate(TIME_BLOCKS)
                assert blocks, f"no event times on {name}"
                for block in blocks:
                    where = f"{name} ({size}): {block}"
                    assert block["first"] == "reader-time", where
                    assert block["readerTop"] < block["announcedTop"], where
                    assert reader_clock(block["start"], zone, language) in block["reader"], where
                    checked += 1
    assert checked >= 2 * len(TIMED_PAGES)


def test_readers_in_the_events_zone_see_the_announced_times_only(live_server, reader_site):
    """The Bee City event is announced in Pacific time: a Vancouver reader gets no extra line."""
    with chromium(timezone_id="America/Vancouver") as context:
        page = context.new_page()
        page.goto(live_server.url + reader_site["en"]["event"])
        assert page.locator("article.event > .when .announced").count() == 1
        assert page.locator(".reader-time").count() == 0


@pytest.mark.parametrize("language", ["en", "fr"])
def test_zone_names_are_names_never_offsets(live_server, reader_site, language):
    """The Yukon event (America/Whitehorse: no abbreviation of its own in CLDR) names its zone
    as the zone database does (MST, named by CLDR in each language), and the reader's zones
    without an abbreviation (Paris, Tokyo) are named too."""
    yukon = {"en": "MST", "fr": "HNR"}[language]
    for zone in ("Europe/Paris", "Asia/Tokyo", "America/Whitehorse"):
        with chromium(timezone_id=zone) as context:
            page = context.new_page()
            for name in ("yukon", "event", "index"):
                page.goto(live_server.url + reader_site[language][name])
                text = page.locator("main").text_content()
                assert not OFFSET.findall(text), f"{name} for a reader in {zone}: {text}"
                if name == "yukon":
                    assert yukon in text
                    assert (page.locator(".reader-time").count() == 0) == (
                        zone == "America/Whitehorse"
                    )


def test_zone_picker_keeps_the_choice_in_this_browser_only(live_server, reader_site):
    """Canadian zones first; the choice survives a reload, lives in localStorage, never in a
    cookie (every reader gets the same cached page), and "This device" forgets it."""
    with chromium(timezone_id="Europe/Paris") as context:
        page = context.new_page()
        requests = []
        page.on("request", lambda request: requests.append(request.headers))
        url = live_server.url + reader_site["en"]["event"]
        page.goto(url)
        picker = page.locator("#zone-picker")
        assert picker.is_visible()
        groups = picker.locator("optgroup")
        assert groups.first.get_attribute("label") == "Canada"
        canadian = groups.first.locator("option").evaluate_all("els => els.map(e => e.value)")
        assert canadian[:2] == ["America/Vancouver", "America/Whitehorse"]
        assert "America/St_Johns" in canadian
        assert groups.nth(1).locator("option[value='Asia/Tokyo']").count() == 1
        assert picker.locator("option").first.inner_text() == "This device (Paris)"

        picker.select_option("America/Halifax")
        assert re.search(r"\bA[DS]T\b", page.locator(".reader-time").first.inner_text())
        page.reload()
        assert page.locator("#zone-picker").input_value() == "America/Halifax"
        assert re.search(r"\bA[DS]T\b", page.locator(".reader-time").first.inner_text())
        stored = page.evaluate("localStorage.getItem('portal.timezone')")
        assert stored == "America/Halifax"
        assert not context.cookies()
        assert not any("Halifax" in str(headers) for headers in requests)

        # The event's own zone: nothing to add.
        page.locator("#zone-picker").select_option("America/Vancouver")
        assert page.locator(".reader-time").count() == 0
        # Back to the device's zone, and the browser forgets the choice.
        page.locator("#zone-picker").select_option("")
        assert "(Central European Time)" in page.locator(".reader-time").first.inner_text()
        assert page.evaluate("localStorage.getItem('portal.timezone')") is None


def test_zone_picker_stays_hidden_on_pages_without_times(live_server, reader_site):
    with chromium(timezone_id="Europe/Paris") as context:
        page = context.new_page()
        page.goto(live_server.url + reader_site["en"]["request_access"])
        assert page.locator(".zone-picker").is_hidden()


def test_events_index_first_page_weighs_under_60_kb(live_server, reader_site):
    """HTML + CSS + JavaScript of a full first page (20 events), uncompressed, in each language."""
    totals = {}
    for language in ("en", "fr"):
        weights = {}
        with chromium() as context:
            page = context.new_page()

            def weigh(response, weights=weights):
                if response.request.resource_type in ("document", "stylesheet", "script"):
                    weights[response.url] = len(response.body())

            page.on("response", weigh)
            page.goto(live_server.url + reader_site[language]["index"])
            page.wait_for_load_state("load")
            assert page.locator(".event-card").count() == 20
        kinds = {url.rsplit(".", 1)[-1] for url in weights}
        assert {"css", "js"} <= kinds, weights
        totals[language] = sum(weights.values())
    assert all(total < 60_000 for total in totals.values()), totals


@pytest.mark.parametrize("language", ["en", "fr"])
def test_filter_form_is_folded_on_the_phone_and_open_on_the_desktop(
    live_server, reader_site, language
):
    shown = {}
    for size, viewport in VIEWPORTS.items():
        with chromium(viewport=viewport, is_mobile=size == "phone") as context:
            page = context.new_page()
            page.goto(live_server.url + reader_site[language]["index"])
            shown[size] = page.locator("#filter-chapter").is_visible()
            if size == "phone":
                first_card = page.locator(".event-card").first.bounding_box()
                subscribe = page.locator(".subscribe").bounding_box()
                # The first event and Subscribe within the first two screens, not after a form.
                assert first_card["y"] < 2 * viewport["height"]
                assert subscribe["y"] < viewport["height"]
                page.locator(".filter-panel > summary").click()
                assert page.locator("#filter-chapter").is_visible()
    assert shown == {"phone": False, "desktop": True}
