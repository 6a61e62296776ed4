"""Every French page of the demo reads as a Québec reader expects (issue 13 item 3): no ordinary
space before ":", ";", "!", "?" or inside « », and no English interface string.

The pages are those of the French sitemap plus the French surfaces it does not list (search,
the events index's filtered, past and later pages). English interface strings are caught two
ways: each message the French pages ask gettext for must be in the French catalogue (recorded
while they render), and no English message of the project's .po files may appear verbatim.
"""

import io
import re
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import get_language_info, trans_real

import pytest
from babel.messages.pofile import read_po

pytestmark = pytest.mark.django_db

PO_FILES = [
    Path(settings.BASE_DIR, app, "locale/fr/LC_MESSAGES/django.po")
    for app in ("", "events", "members")
]
EXTRA = [
    "/fr/search/?q=climat",
    "/fr/search/?q=Candel",
    "/fr/search/?q=zzyzx",
    "/fr/search/?q=%26%26",
    "/fr/evenements/?when=past",
    "/fr/evenements/?page=2",
    "/fr/evenements/?audience=elected_officials&when=nope",
    "/fr/account/login/",
    "/fr/account/request-access/",
    "/fr/page-inexistante/",
    "/fr/this-month/",
    "/fr/evenements/?when=month",
]
# Text a reader sees: element text and the attributes read aloud or shown.
# Left out: scripts, styles, comments, what screen readers skip (aria-hidden), and what is
# marked as English (lang="en": the language switch, the 404 page's English half).
RAW = re.compile(
    r"<(script|style)\b.*?</\1\s*>|<!--.*?-->"
    r"|<(\w+)[^>]*(?:aria-hidden=\"true\"|\slang=\"en\")[^>]*>.*?</\2>",
    re.S | re.I,
)
READ_ATTRIBUTES = re.compile(r'\s(?:aria-label|title|alt|placeholder)="([^"]*)"')
TAG = re.compile(r"<[^>]+>")
BAD_SPACE = re.compile(r"[ \u00a0]([:;!?])|«[ \u00a0]|[ \u00a0]»")


def reader_text(html):
    html = RAW.sub(" ", html)
    attributes = " ".join(READ_ATTRIBUTES.findall(html))
    text = TAG.sub(" ", html) + " " + attributes
    return text.replace("&nbsp;", "\u00a0").replace("&amp;", "&").replace("&#x27;", "'")


def english_messages():
    """English interface strings of the project (several words, not the same in French)."""
    found = set()
    for path in PO_FILES:
        with path.open("rb") as handle:
            for message in read_po(handle):
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                for english in ids:
                    for piece in re.split(r"%\(\w+\)[sd]|\{\w*\}|<[^>]+>", english):
                        piece = piece.strip(" .:,;!?“”\"'()—-")
                        if len(piece.split()) >= 3 and all(piece not in s for s in strings):
                            found.add(piece)
    return found


@pytest.fixture
def demo(locales, settings):
    settings.DEBUG = True
    for command in ("seed_demo", "setup_groups", "seed_members_demo"):
        call_command(command, stdout=io.StringIO())
    settings.DEBUG = False


@pytest.fixture
def missing_messages(monkeypatch):
    """Messages asked of the French catalogue and not found in it (English shown instead)."""
    missing = set()
    cls = trans_real.DjangoTranslation
    gettext, ngettext = cls.gettext, cls.ngettext

    def recording_gettext(self, message):
        if self.to_language().startswith("fr") and self._catalog.get(message) is None:
            missing.add(message.split(trans_real.CONTEXT_SEPARATOR)[-1])
        return gettext(self, message)

    def recording_ngettext(self, singular, plural, n):
        if self.to_language().startswith("fr") and self._catalog.get((singular, 0)) is None:
            missing.add(singular.split(trans_real.CONTEXT_SEPARATOR)[-1])
        return ngettext(self, singular, plural, n)

    monkeypatch.setattr(cls, "gettext", recording_gettext)
    monkeypatch.setattr(cls, "ngettext", recording_ngettext)
    return missing


def test_every_french_message_of_the_project_is_translated():
    untranslated = []
    for path in PO_FILES:
        with path.open("rb") as handle:
            for message in read_po(handle):
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                if message.id and (message.fuzzy or not all(strings)):
                    untranslated.append((path.parent.parent.parent.parent.name, message.id))
    assert untranslated == []


def test_french_pages_of_the_demo_have_french_spacing_and_no_english(
    client, demo, missing_messages
):
    sitemap = client.get("/sitemap.xml").text
    urls = [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    french = sorted({u for u in urls if u.startswith("/fr/")}) + EXTRA
    assert len(french) > 15
    english = english_messages()
    problems = []
    for url in french:
        response = client.get(url, follow=True)
        assert response.status_code in (200, 404), url
        text = reader_text(response.text)
        for match in BAD_SPACE.finditer(text):
            problems.append((url, "space", text[max(0, match.start() - 30) : match.end() + 5]))
        problems += [(url, "English", e) for e in sorted(english) if e in text]
    # Language names arrive already in French (Django's get_language_info) and are asked again.
    with translation.override("fr"):
        names = {get_language_info(code)["name_translated"] for code, _ in settings.LANGUAGES}
    missing = sorted(missing_messages - names)
    problems += [("(render)", "not in the French catalogue", m) for m in missing]
    assert problems == []
