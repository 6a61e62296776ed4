"""The editor's guide (docs/guide/): both languages show the same pictures, every picture and
link exists, the README leads to both, and the French follows French typography. The pictures
themselves come from tools/editor_guide_screenshots.py, run by hand (no browser here)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "guide"
GUIDES = {"en": GUIDE / "editors.md", "fr": GUIDE / "editeurs.md"}
# ![alt](target) and [text](target), targets without a scheme or an anchor-only reference.
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s#][^)\s]*)\)")


def images(language):
    return IMAGE.findall(GUIDES[language].read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", sorted(GUIDES))
def test_every_picture_and_link_of_the_guide_exists(language):
    text = GUIDES[language].read_text(encoding="utf-8")
    targets = IMAGE.findall(text) + [t for t in LINK.findall(text) if "://" not in t]
    missing = [t for t in targets if not (GUIDES[language].parent / t.split("#")[0]).is_file()]
    assert images(language)
    assert missing == []


@pytest.mark.parametrize("language", sorted(GUIDES))
def test_each_guide_shows_its_own_language_s_pictures(language):
    assert all(name.endswith(f"-{language}.png") for name in images(language))


def test_both_guides_show_the_same_steps_and_every_picture_is_shown():
    steps = {lang: [name.rsplit("-", 1)[0] for name in images(lang)] for lang in GUIDES}
    assert steps["en"] == steps["fr"]
    shown = {Path(name).name for lang in GUIDES for name in images(lang)}
    assert {path.name for path in (GUIDE / "img").glob("*.png")} == shown


def test_the_readme_leads_to_both_guides():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/guide/editors.md)" in readme
    assert "(docs/guide/editeurs.md)" in readme


def test_the_french_guide_puts_a_narrow_no_break_space_before_double_punctuation():
    prose = re.sub(r"`[^`]*`|\([^)\s]*\)", "", GUIDES["fr"].read_text(encoding="utf-8"))
    assert re.findall(r"\S*[ \u00a0][:;!?»]|«[ \u00a0]", prose) == []
