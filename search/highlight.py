"""Search queries made safe for the backend, and result excerpts with the terms marked."""

import html
import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
WORD = re.compile(r"\w+", re.UNICODE)
# Block-level tags end words: "them.</p><p>A" must read "them. A", not "them.A".
BLOCK_TAG = re.compile(r"(?i)</?(?:p|br|li|ul|ol|h[1-6]|div|blockquote)\b[^>]*>")


def terms_of(query):
    """The words of a query, operators and punctuation dropped: the database backends parse
    some characters as syntax (SQLite FTS5 would reject a stray quote), readers mean words."""
    return WORD.findall(query)[:MAX_TERMS]


def is_mostly_operators(query):
    """True when a query has no words, or more operator characters than word characters."""
    compact = "".join(query.split())
    words = "".join(terms_of(query))
    return not words or len(compact) - len(words) > len(words)


def html_to_text(markup):
    """Rich text as plain text, block boundaries kept as spaces."""
    return html.unescape(strip_tags(BLOCK_TAG.sub(" ", markup or "")))


def excerpt(text, terms, width=200):
    """An escaped excerpt of plain `text` around the first term found, every term wrapped in
    <mark>."""
    plain = " ".join((text or "").split())
    if not plain:
        return ""
    pattern = (
        re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
        if terms
        else None
    )
    start = 0
    first = pattern.search(plain) if pattern else None
    if first and first.start() > width // 3:
        start = plain.rfind(" ", 0, first.start() - width // 3) + 1
    end = min(len(plain), start + width)
    if end < len(plain):
        end = plain.rfind(" ", start, end) if plain.rfind(" ", start, end) > start else end
    piece = plain[start:end]
    parts, last = [], 0
    for match in pattern.finditer(piece) if pattern else ():
        parts.append(escape(piece[last : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(escape(piece[last:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(plain) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 - every piece escaped
