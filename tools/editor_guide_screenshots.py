"""The editor's guide's screenshots (docs/guide/), in the English and the French admin.

    python tools/editor_guide_screenshots.py                          # a fresh throwaway demo
    python tools/editor_guide_screenshots.py http://127.0.0.1:8130    # a demo already running

Without a URL it builds the demo in a throwaway SQLite database (migrate, seed_demo,
setup_groups, `seed_members_demo --editors`), serves it on a free local port and photographs
it. With a URL, that site must hold the same demo, made with development settings by::

    python manage.py seed_demo && python manage.py setup_groups
    python manage.py seed_members_demo --editors --password guide-demo-2026

(or `--password` here for another one). It signs in as each demo role: the superuser
(admin / caucus-demo), the national editor, the B.C. chapter editor and the translator. It writes
to the demo as those editors would: the chapter editor creates a draft event and submits it,
the national editor asks for changes; each run adds one such draft per language.

The admin's language follows the browser's (Accept-Language) for users who chose none, so the
French pictures come from a browser context in fr-CA. It drives the system's Chromium through
Playwright (the same browser as tests/browser; `CHROMIUM_PATH` to use another), at 1280×900;
each picture is reduced to a 256-colour palette to stay small.
"""

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "screenshots"))

import make  # noqa: E402 - the README's screenshot helpers (docs/screenshots/make.py)

OUT = ROOT / "docs" / "guide" / "img"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
VIEWPORT = {"width": 1280, "height": 900}
SUPERUSER = ("admin", "caucus-demo")
NATIONAL = "national@example.org"
CHAPTER = "chapter-bc@example.org"
TRANSLATOR = "translator@example.org"
DEMO_PASSWORD = "guide-demo-2026"  # noqa: S105 - the demo's, printed by seed_members_demo

# What the editors type in each language; the script finds buttons by their names in the HTML
# (name="action-submit", data-workflow-action-name="reject"), never by their words.
TEXT = {
    "en": {
        "locale": "en-CA",
        "title": "B.C. Chapter: heat pumps for town halls",
        "intro": "Councillors who retrofitted their town halls share what it took.",
        "reason": "Council budget week",
        "comment": "Please add the speakers' names before we publish.",
    },
    "fr": {
        "locale": "fr-CA",
        "title": "Section C.-B. : des thermopompes pour les hôtels de ville",
        "intro": "Des élus qui ont rénové leur hôtel de ville racontent ce qu’il a fallu faire.",
        "reason": "Semaine du budget municipal",
        "comment": "Ajoutez le nom des conférenciers avant la publication, s’il vous plaît.",
    },
}


def serve_demo(workdir):
    """The README's throwaway demo with its editors, served; returns (url, server process)."""
    return make.serve_demo(
        workdir,
        then=(["setup_groups"], ["seed_members_demo", "--editors", "--password", DEMO_PASSWORD]),
    )


class Guide:
    """One language's pictures: a browser context per role, signed in through the admin."""

    def __init__(self, browser, base, language, password):
        self.browser, self.base, self.language = browser, base, language
        self.text = TEXT[language]
        self.password = password
        self.contexts = []

    def close(self):
        for context in self.contexts:
            context.close()

    def sign_in(self, username, password=None):
        context = self.browser.new_context(
            viewport=VIEWPORT, locale=self.text["locale"], timezone_id="America/Vancouver"
        )
        self.contexts.append(context)
        page = context.new_page()
        page.goto(f"{self.base}/admin/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password or self.password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{self.base}/admin/")
        return page

    def shot(self, page, name, *, top=None, block="start"):
        """The viewport, with `top` (a locator) scrolled to the top (or `block`) if given."""
        from PIL import Image

        if top is not None:
            top.first.evaluate(f"e => e.scrollIntoView({{block: '{block}'}})")
        page.wait_for_timeout(300)
        target = OUT / f"{name}-{self.language}.png"
        page.screenshot(path=str(target))
        image = Image.open(target).convert("RGB")
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
        sys.stdout.write(f"{target.relative_to(ROOT)}: {target.stat().st_size} bytes\n")

    def goto(self, page, path):
        response = page.goto(self.base + path)
        if response is None or response.status != 200:
            raise SystemExit(f"{path}: {response.status if response else 'no answer'}")
        page.wait_for_load_state("networkidle")

    def page_id(self, page, search, content_type):
        """The admin id of the first page of `content_type` the admin's search finds."""
        self.goto(page, f"/admin/pages/search/?q={search}&content_type={content_type}")
        link = page.locator("a[href*='/admin/pages/'][href$='/edit/']").first
        return link.get_attribute("href").split("/")[-3]

    def open_actions(self, page):
        """Opens the footer's action menu (the arrow beside the main button)."""
        page.locator(
            "footer [data-w-dropdown-target='toggle'], footer .dropdown-toggle"
        ).first.click()
        page.wait_for_timeout(300)

    def run(self):
        """The guide's steps in its order; the reviewer's step needs the chapter editor's draft."""
        chapter = self.sign_in(CHAPTER)
        new_event = self.create_event(chapter)
        self.access_details(chapter)
        self.submit(chapter, new_event)
        admin = self.sign_in(*SUPERUSER)
        self.create_series(admin)
        self.series_dates(admin)
        national = self.sign_in(NATIONAL)
        self.review(national, chapter, new_event)
        self.translate(national, new_event)

    def create_event(self, chapter):
        """A chapter editor's new event under their chapter, saved as a draft; its edit URL."""
        text = self.text
        chapter_id = self.page_id(chapter, "B.C. Chapter", "chapters.chapterpage")
        self.goto(chapter, f"/admin/pages/add/events/eventpage/{chapter_id}/")
        day = dt.date.today() + dt.timedelta(days=24)
        chapter.fill("input[name=title]", text["title"])
        chapter.fill("textarea[name=intro]", text["intro"])
        chapter.fill("input[name=start_date]", day.isoformat())
        chapter.fill("input[name=start_time]", "12:00")
        chapter.fill("input[name=end_time]", "13:00")
        chapter.select_option("select[name=timezone]", "America/Vancouver")
        chapter.click("textarea[name=intro]")  # closes the date and time pickers
        # Each run adds a draft: its own slug (on the Promote tab), so a second run is no clash.
        slug = f"guide-{self.language}-{dt.datetime.now():%Y%m%d%H%M%S}"
        chapter.eval_on_selector("input[name=slug]", "(e, v) => { e.value = v; }", slug)
        self.shot(chapter, "event-new")
        chapter.click("footer button.action-save")
        chapter.wait_for_url("**/edit/")
        return chapter.url

    def access_details(self, chapter):
        """The header's menu says whether they are set; the form, then the member's view."""
        chapter.click("header [data-w-dropdown-target='toggle'] >> nth=0")
        self.shot(chapter, "access-menu")
        access = chapter.locator("a[href*='/admin/access-details/']").first.get_attribute("href")
        self.goto(chapter, access)
        chapter.fill("input[name=join_url]", "https://meet.example.org/bc-heat-pumps")
        chapter.fill("textarea[name=dial_in]", "+1 555 0100 (Canada)")
        chapter.fill("input[name=passcode]", "4271")
        chapter.click("button[type=submit].button:not(.w-dropdown__toggle) >> nth=-1")
        chapter.wait_for_url("**/edit/")
        self.goto(chapter, access)
        self.shot(chapter, "access-details", top=chapter.locator("[data-member-view]"), block="end")

    def submit(self, chapter, new_event):
        chapter.goto(new_event)
        self.open_actions(chapter)
        self.shot(chapter, "submit")
        chapter.click("button[name=action-submit]")
        chapter.wait_for_load_state("networkidle")

    def create_series(self, admin):
        day = dt.date.today() + dt.timedelta(days=21)
        index_id = self.page_id(admin, "Events", "events.eventindexpage")
        self.goto(admin, f"/admin/pages/add/events/eventseriespage/{index_id}/")
        admin.fill("input[name=title]", "Heat pump office hours")
        admin.fill("input[name=first_date]", day.isoformat())
        admin.fill("input[name=start_time]", "12:00")
        admin.fill("input[name=end_time]", "13:00")
        admin.select_option("select[name=timezone]", "America/Toronto")
        admin.click("input[name=title]")
        self.shot(admin, "series-new", top=admin.locator("#panel-child-content-schedule-section"))

    def series_dates(self, admin):
        """A demo series with a moved date; one date's "Cancel this call" form, not sent."""
        series_id = self.page_id(admin, "Atlantic Chapter call", "events.eventseriespage")
        self.goto(admin, f"/admin/pages/{series_id}/edit/")
        self.shot(admin, "series-dates", top=admin.locator(".occurrence-preview"))
        admin.locator("a[href*='/admin/series-date/'][href$='/cancel/']").first.click()
        admin.wait_for_load_state("networkidle")
        admin.fill("input[name=status_reason]", self.text["reason"])
        self.shot(admin, "date-cancel")

    def review(self, national, chapter, new_event):
        """The national editor's dashboard, "Request changes", and what the author then sees."""
        self.shot(national, "review-dashboard")
        national.goto(new_event)
        national.wait_for_load_state("networkidle")
        self.open_actions(national)
        self.shot(national, "review-actions")
        national.click("button[data-workflow-action-name=reject]")
        national.fill("textarea[name=comment]", self.text["comment"])
        self.shot(national, "request-changes")
        # The dialog posts the comment, then the page's form: wait for that answer's redirect.
        with national.expect_navigation():
            national.locator(".modal button[type=submit]").last.click()
        chapter.goto(new_event)
        chapter.wait_for_load_state("networkidle")
        self.shot(chapter, "changes-requested")

    def translate(self, national, new_event):
        """A national editor starts the French page; a translator in the translation editor."""
        self.goto(national, "/admin/localize/submit/page/{}/".format(new_event.split("/")[-3]))
        national.check("input[name=locales]")
        self.shot(national, "translate-start")
        translator = self.sign_in(TRANSLATOR)
        fr_id = self.page_id(translator, "Appel de la section", "events.eventseriespage")
        self.goto(translator, f"/admin/pages/{fr_id}/edit/")
        self.shot(translator, "translate")
        self.open_actions(translator)
        self.shot(translator, "translate-actions")


def shoot(base, languages, password):
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for language in languages:
                guide = Guide(browser, base, language, password)
                try:
                    guide.run()
                finally:
                    guide.close()
        finally:
            browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", nargs="?", help="a running demo (else a fresh throwaway one)")
    parser.add_argument("--password", default=DEMO_PASSWORD, help="the demo editors' password")
    parser.add_argument("--language", choices=sorted(TEXT), action="append")
    args = parser.parse_args()
    languages = args.language or sorted(TEXT)
    if args.url:
        shoot(args.url.rstrip("/"), languages, args.password)
        return
    with tempfile.TemporaryDirectory(prefix="guide-") as workdir:
        base, server = serve_demo(Path(workdir))
        try:
            shoot(base, languages, args.password)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
