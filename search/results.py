"""What each search result shows besides its title: the date, the host and the status of an
event or series, and a spelling to suggest when nothing is found.

A constant number of queries per page of results: the
hosts of all results in one query, the series of all series dates in one.
"""

import difflib

from django.utils.translation import get_language

from wagtail.models import Locale, Page

from events.models import EventPage, EventSeriesPage, Speaker
from events.reads import hosts as host_reads
from events.reads import occurrences
from home.visibility import visible
from search import highlight

# Words shorter than this are never "corrected" (de, la, of…).
MIN_SUGGESTED_LENGTH = 4


def _occurrences_of(pages):
    """{page pk: Occurrence} for event pages; a series date's series read in one query."""
    events = [p for p in pages if isinstance(p, EventPage)]
    series_keys = {p.series_key for p in events if p.series_key}
    series = {}
    if series_keys:
        for s in EventSeriesPage.objects.filter(translation_key__in=series_keys).select_related(
            "locale"
        ):
            series.setdefault((s.translation_key, s.locale_id), s)
            series.setdefault((s.translation_key, None), s)
    result = {}
    for page in events:
        parent = series.get((page.series_key, page.locale_id)) or series.get(
            (page.series_key, None)
        )
        if page.series_key and parent is not None and page.occurrence_date:
            original = parent.occurrence_start(page.occurrence_date)
            result[page.pk] = occurrences.series_occurrence(parent, original, page)
        else:
            result[page.pk] = occurrences.event_from_page(page)
    return result


def describe(pages, query_terms):
    """The search results of one page of results, each a dict for the template: the page, a
    marked excerpt, and for events the occurrence (date, status) and host."""
    locales = Locale.objects.in_bulk({p.locale_id for p in pages})
    for page in pages:
        page.locale = locales[page.locale_id]
    scheduled = [p for p in pages if isinstance(p, EventPage | EventSeriesPage)]
    hosts = host_reads.hosts_for(scheduled, get_language() or "en")
    occs = _occurrences_of(scheduled)
    found = []
    for page in pages:
        host = hosts.get(page.pk)
        found.append(
            {
                "page": page,
                "excerpt": highlight.excerpt(_excerpt_source(page), query_terms),
                "occurrence": occs.get(page.pk),
                "series": page if isinstance(page, EventSeriesPage) else None,
                "host": host,
            }
        )
    return found


def _excerpt_source(page):
    """The plain text an excerpt is cut from: the introduction (plain) and the body (rich)."""
    body = highlight.html_to_text(str(getattr(page, "body", "") or ""))
    return " ".join(filter(None, [getattr(page, "intro", ""), body]))


def vocabulary(locale):
    """The words of the visible pages' titles and search descriptions, and of the speakers'
    names and organisations, in `locale`: what a suggested spelling is chosen from."""
    words = set()
    rows = visible(Page.objects.filter(locale=locale, depth__gt=1)).values_list(
        "title", "search_description"
    )
    speakers = Speaker.objects.filter(locale=locale).values_list("name", "organisation")
    for row in [*rows, *speakers]:
        for text in row:
            words.update(w.lower() for w in highlight.terms_of(text or ""))
    return words


def suggest(terms, words):
    """A corrected query ("abeille" for "abeilles") or "" when every word is known or none has
    a close match."""
    corrected, changed = [], False
    for term in terms:
        lower = term.lower()
        if len(lower) < MIN_SUGGESTED_LENGTH or lower in words:
            corrected.append(term)
            continue
        match = difflib.get_close_matches(lower, words, n=1, cutoff=0.75)
        if match:
            corrected.append(match[0])
            changed = True
        else:
            corrected.append(term)
    return " ".join(corrected) if changed else ""
