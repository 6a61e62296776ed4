"""RFC 5545 content lines written directly: the bytes icalendar 7 writes, without its objects.

A feed holds thousands of VEVENTs. Building icalendar's property objects for each value and
folding each line character by character cost about a millisecond per event
(bench/results/feed_bench.txt), most of a feed's time. These functions write the few value
types `events.ical` needs to the same bytes: tests/events/test_contentlines.py compares them
with icalendar's own output for arbitrary text, and the golden feeds are unchanged.
"""

from __future__ import annotations

from functools import cache

from icalendar.parser import Parameters

# icalendar folds before a line would reach 75 octets, so a line holds at most 74 of them
# (a continuation line 74 after its leading space).
FOLD_AT = 75
FOLD = b"\r\n "
# A fold never separates a backslash (TEXT) or caret (RFC 6868) from the character it escapes,
# as icalendar ensures for clients that unfold badly (icalendar issue #1501).
ESCAPES = frozenset(b"\\^")


def text(value):
    """A TEXT value escaped as RFC 5545 §3.3.11 says; CRLF, LF and a lone CR become "\\n".

    icalendar's vText does the same, except that it also reads a typed "\\N" as a line break.
    """
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


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
