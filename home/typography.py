"""French punctuation spacing as a Québec reader expects it (OQLF): a narrow no-break space
(U+202F) before ":", ";", "!" and "?" and inside « », so a line never starts with a sign.

Interface strings carry the right spaces in the .po files; this fixes text that comes from data
(titles and bodies typed by editors with ordinary spaces). `french_spacing_html` changes only
text between tags, never attributes, URLs, scripts or code.
"""

import re

NNBSP = "\u202f"
_SPACE = r"(?:[ \u00a0\u2009]|&nbsp;|&#160;)+"
_BEFORE_SIGN = re.compile(_SPACE + r"([:;!?])")
_AFTER_OPENING = re.compile(r"(«|&laquo;)" + _SPACE)
_BEFORE_CLOSING = re.compile(_SPACE + r"(»|&raquo;)")
_TAG_OR_RAW = re.compile(
    r"(<(script|style|pre|code|textarea)\b.*?</\2\s*>|<!--.*?-->|<[^>]*>)", re.S | re.I
)


def french_spacing(text):
    """Plain text with U+202F before : ; ! ? and inside « » (other spaces there replaced)."""
    text = _BEFORE_SIGN.sub(NNBSP + r"\1", text)
    text = _AFTER_OPENING.sub(r"\1" + NNBSP, text)
    return _BEFORE_CLOSING.sub(NNBSP + r"\1", text)


# Every place one of the three patterns above could match, and more: a sign or » after a space
# or an entity's ";", « before a space or an entity, any « or » entity. Where it finds nothing,
# nothing changes: a page is scanned once (in C) instead of split into its thousand texts, and
# of a page it finds something in, only the texts it finds something in are spaced.
_MAYBE = re.compile(r"(?<=[ \u00a0\u2009;])[:;!?»]|«(?=[ \u00a0\u2009&])|&[lr]aquo;")


def french_spacing_html(markup):
    """`french_spacing` applied to the text of HTML markup, tags and raw elements untouched."""
    if not _MAYBE.search(markup):
        return markup
    return _spaced_texts(markup, every_text=False)


def _spaced_texts(markup, every_text=True):
    """`french_spacing` applied to each text between tags and raw elements (`every_text`
    False: to each text `_MAYBE` finds something in, the others being left as they are)."""
    parts = _TAG_OR_RAW.split(markup)
    # split() with two groups yields: text, whole tag, raw-element name (or None), text, …
    out = []
    for i in range(0, len(parts), 3):
        text = parts[i]
        out.append(french_spacing(text) if every_text or _MAYBE.search(text) else text)
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)
