"""RFC 5545 content lines written directly: the bytes icalendar 7 writes, without its objects.

A feed holds thousands of VEVENTs. Building icalendar's property objects for each value and
folding each line character by character cost about a millisecond per event
(bench/results/feed_bench.txt), most of a feed's time. These functions write the few value
types `events.calendar.ical` needs to the same bytes: tests/events/calendar/test_contentlines.py
compares them with icalendar's own output for arbitrary text, and the golden feeds are unchanged.

One difference is deliberate: icalendar writes the line boundaries other than CR and LF
(U+2028, U+2029, NEL, …) raw, where a client that splits lines on them would read an injected
property; `text` writes them as escaped line breaks and `uri` percent-encodes them.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import quote

from icalendar.parser import Parameters

# icalendar folds before a line would reach 75 octets, so a line holds at most 74 of them
# (a continuation line 74 after its leading space).
FOLD_AT = 75
FOLD = b"\r\n "
# A fold never separates a backslash (TEXT) or caret (RFC 6868) from the character it escapes,
# as icalendar ensures for clients that unfold badly (icalendar issue #1501).
ESCAPES = frozenset(b"\\^")
# Where str.splitlines() and Unicode-aware clients (JavaScript's line terminators) also break a
# line, CR and LF aside: vertical tab, form feed, the information separators, NEL, LINE
# SEPARATOR and PARAGRAPH SEPARATOR. Written raw, one would start a line of its own there,
# read as a property of its own ("X-INJECTED:1").
LINE_BOUNDARIES = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
URI_LINE_BOUNDARIES = re.compile("[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def text(value):
    """A TEXT value escaped as RFC 5545 §3.3.11 says; CRLF, LF, a lone CR and every other line
    boundary (LINE_BOUNDARIES) become "\\n".

    icalendar's vText does the same for CR and LF; it writes the other boundaries raw, and it
    reads a typed "\\N" as a line break.
    """
    value = (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )
    return LINE_BOUNDARIES.sub(r"\\n", value) if _has_line_boundary(value) else value


def _has_line_boundary(value):
    """Whether `value` holds one of LINE_BOUNDARIES. Most text holds none: eight substring
    searches cost a fifth of the regular expression's scan (0.4 µs for a 200-character
    description), and this runs for every text value of every event."""
    return (
        "\u2028" in value
        or "\u2029" in value
        or "\x85" in value
        or "\x0b" in value
        or "\x0c" in value
        or "\x1c" in value
        or "\x1d" in value
        or "\x1e" in value
    )


def uri(value):
    """A URI value (URL, SOURCE) on one line: a line boundary in it is percent-encoded,
    everything else written as given."""
    if not URI_LINE_BOUNDARIES.search(value):
        return value
    return URI_LINE_BOUNDARIES.sub(lambda found: quote(found.group()), value)


def date_value(value):
    """A DATE value: 20260107."""
    return f"{value.year:04}{value.month:02}{value.day:02}"


def date_time(value):
    """A DATE-TIME value as wall-clock time, without zone or "Z": 20260107T110000."""
    # %-formatting: the fastest form in CPython, and this runs four times per event.
    v = value
    return "%04d%02d%02dT%02d%02d%02d" % (v.year, v.month, v.day, v.hour, v.minute, v.second)  # noqa: UP031


@cache
def parameter(name, value):
    """ ";NAME=value" as icalendar writes it (quoted where RFC 5545 requires), or ""."""
    written = Parameters({name: value}).to_ical().decode()
    return f";{written}" if written else ""


def fold(line):
    """One content line as UTF-8 bytes, folded with CRLF and a space before 75 octets,
    never inside a character."""
    data = line.encode()
    size = len(data)
    if size < FOLD_AT:
        return data
    parts, start = [], 0
    while size - start >= FOLD_AT:
        end = start + FOLD_AT - 1
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back to its lead byte
            end -= 1
        if data[end - 1] in ESCAPES:
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return FOLD.join(parts)


class Component:
    """One component's properties, written in icalendar's order: the component class's
    `canonical_order` first, then the others alphabetically. One value per property name."""

    def __init__(self, name, canonical_order=()):
        self.name = name
        self.canonical_order = canonical_order
        self.properties = {}

    def add(self, name, value, params=""):
        """Set property `name` (upper case) to an already written `value` with `params`
        (";NAME=value…", see `parameter`)."""
        self.properties[name] = (params, value)

    def __contains__(self, name):
        return name in self.properties

    def to_ical(self):
        """The component's content lines as bytes, each ending with CRLF."""
        properties = self.properties
        lines = [b"BEGIN:" + self.name.encode()]
        for name in _order(self.canonical_order, tuple(properties)):
            params, value = properties[name]
            lines.append(fold(f"{name}{params}:{value}"))
        lines.append(b"END:" + self.name.encode())
        lines.append(b"")
        return b"\r\n".join(lines)


@cache
def _order(canonical_order, names):
    """`names` in icalendar's order; a feed's components have a handful of property sets."""
    return [n for n in canonical_order if n in names] + sorted(
        n for n in names if n not in canonical_order
    )
