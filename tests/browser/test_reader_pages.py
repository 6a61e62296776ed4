"""The reader pages in a real Chromium: axe-core in both colour schemes, the filters by keyboard.

Layout, times and page weight: test_layout.py."""

import pytest

from tests.browser.conftest import chromium

# live_server serves from another thread: the data must be committed, hence a transactional
# database; serialized_rollback restores the migrations' rows (root page, locales) after the
# flush, for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# axe-core rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's best practices.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
SCHEMES = ("light", "dark")
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def describe(violations):
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in violations
    )


@pytest.mark.parametrize("language", ["en", "fr"])
def test_reader_pages_have_no_axe_violations_in_light_and_dark_schemes(
    live_server, reader_site, language
):
    """WCAG 2.2 AA (contrast included) on every page, phone and desktop, light and dark; the
    reader's own time and the zone picker are shown (a zone other than the events')."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    failures = {}
    for scheme in SCHEMES:
        for size, viewport in VIEWPORTS.items():
            with chromium(
                viewport=viewport, color_scheme=scheme, timezone_id="Europe/Paris"
            ) as context:
                page = context.new_page()
                for name in reader_site[language]:  # every reader page of the fixture
                    response = page.goto(live_server.url + reader_site[language][name])
                    assert response.status == 200, name
                    assert page.locator("html").get_attribute("lang") == language
                    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (
                        scheme == "dark"
                    )
                    results = axe.run(page, options=AXE_OPTIONS).response
                    assert results["passes"], f"axe checked nothing on {name}"
                    violations = results["violations"]
                    if violations:
                        failures[f"{name} ({size}, {scheme})"] = describe(violations)
    assert not failures, "\n".join(f"{name}:\n{text}" for name, text in failures.items())


def test_axe_harness_reports_a_known_violation(live_server):
    """The harness can fail: an unlabelled field and an image without alt are reported."""
    from axe_playwright_python.sync_playwright import Axe

    with chromium() as context:
        page = context.new_page()
        page.goto(live_server.url + "/static/css/portal.css")
        page.set_content(
            '<html lang="en"><title>t</title><main><input type="text"><img src="x.png"></main>'
        )
        ids = {v["id"] for v in Axe().run(page, options=AXE_OPTIONS).response["violations"]}
    assert {"label", "image-alt"} <= ids


def test_axe_harness_sees_the_dark_scheme(live_server):
    """Contrast is checked in the emulated scheme: grey on black fails in dark only."""
    from axe_playwright_python.sync_playwright import Axe

    html = (
        '<html lang="en"><title>t</title><style>p { color: #222; background: #fff; }'
        " @media (prefers-color-scheme: dark) { p { color: #333; background: #111; } }</style>"
        "<main><p>Some text</p></main></html>"
    )
    found = {}
    for scheme in SCHEMES:
        with chromium(color_scheme=scheme) as context:
            page = context.new_page()
            page.goto(live_server.url + "/static/css/portal.css")
            page.set_content(html)
            violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
            found[scheme] = {v["id"] for v in violations}
    assert "color-contrast" not in found["light"]
    assert "color-contrast" in found["dark"]


def test_filters_work_with_the_keyboard_alone(live_server, reader_site):
    with chromium() as context:
        page = context.new_page()
        page.goto(live_server.url + reader_site["en"]["index"])
        # The first Tab reaches the skip link, which moves focus to the main content.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        focused = []
        for _ in range(30):
            page.keyboard.press("Tab")
            element_id = page.evaluate("document.activeElement.id")
            focused.append(element_id or page.evaluate("document.activeElement.tagName"))
            if element_id == "filter-chapter":
                break
        assert focused[-1] == "filter-chapter", f"Tab order never reached the filters: {focused}"
        # A visible focus indicator on the focused control (WCAG 2.4.7).
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"
        page.keyboard.press("ArrowDown")  # the first chapter
        chosen = page.evaluate("document.activeElement.value")
        assert chosen == "bc"
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.type") == "submit":
                break
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "chapter=bc" in page.url
        titles = page.locator(".event-title").all_inner_texts()
        assert titles == ["B.C. chapter meeting"]
        assert page.locator("#filter-chapter").input_value() == "bc"
