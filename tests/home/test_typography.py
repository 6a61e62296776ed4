"""French punctuation spacing for text from data: U+202F before : ; ! ? and inside « », in text
only (never in tags, attributes, scripts or code), and only in French."""

import random

from django.template import Context, Template
from django.utils import translation

from home import typography
from home.typography import french_spacing, french_spacing_html

N = "\u202f"


def test_french_spacing_replaces_ordinary_and_no_break_spaces():
    assert french_spacing("Ville abeille : protéger") == f"Ville abeille{N}: protéger"
    assert (
        french_spacing("Vraiment ! Et alors ? Oui ; non")
        == f"Vraiment{N}! Et alors{N}? Oui{N}; non"
    )
    assert french_spacing("« Bonjour »") == f"«{N}Bonjour{N}»"
    assert french_spacing("Note\u00a0: ici") == f"Note{N}: ici"
    assert french_spacing("Note&nbsp;: ici") == f"Note{N}: ici"


def test_french_spacing_leaves_text_without_a_space_alone():
    assert french_spacing("https://example.org/?q=a:b") == "https://example.org/?q=a:b"
    assert french_spacing("11 h 30") == "11 h 30"


def test_french_spacing_html_changes_text_only():
    markup = (
        '<a href="/x?a=1 ;b" title="Titre : x">Lien : ici</a>'
        "<script>var a = b ? c : d;</script><code>a ? b : c</code><!-- x : y -->"
    )
    assert french_spacing_html(markup) == (
        f'<a href="/x?a=1 ;b" title="Titre : x">Lien{N}: ici</a>'
        "<script>var a = b ? c : d;</script><code>a ? b : c</code><!-- x : y -->"
    )


def test_filter_applies_in_french_only():
    template = Template("{% load typography %}{% filter french_spacing %}{{ t }}{% endfilter %}")
    with translation.override("fr"):
        assert template.render(Context({"t": "A : <b>"})) == f"A{N}: &lt;b&gt;"
    with translation.override("en"):
        assert template.render(Context({"t": "A : b"})) == "A : b"


def test_french_spacing_html_skips_only_markup_and_texts_it_would_not_change():
    """Against every text spaced: the whole markup skipped, or each text of it skipped, only
    where spacing would change nothing."""
    pieces = [" ", "\u00a0", "\u2009", "&nbsp;", "&#160;", "&amp;", ":", ";", "!", "?", "«", "»"]
    pieces += ["&laquo;", "&raquo;", "a", "<b>", "</b>", '<a title="x :">', "<code> ?</code>"]
    chosen = random.Random(15)
    for _ in range(3000):
        markup = "".join(chosen.choice(pieces) for _ in range(chosen.randint(1, 12)))
        assert typography.french_spacing_html(markup) == typography._spaced_texts(markup)
