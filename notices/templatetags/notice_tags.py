"""Template tags of the change log: a series' changes, worded for the page's language."""

from django import template

from notices import selectors, text

register = template.Library()
SHOWN = 10


@register.simple_tag
def change_log(page, limit=SHOWN):
    """[{changed_at, headline, lines, reason}] of a series' latest public changes, in the
    page's language, times in its announced zones (the reader's own come from localtime.js)."""
    language = page.locale.language_code
    changes = selectors.changes_of(series_key=page.translation_key, limit=limit)
    return [
        {
            "change": change,
            "headline": text.headline(change, language),
            "title": change.title(language),
            "lines": text.lines(change, language),
            "reason": change.reason(language),
        }
        for change in changes
    ]


@register.simple_tag(takes_context=True)
def atom_links(context, page):
    """The Atom feeds a page offers: [{"title", "url"}] (notices.feeds)."""
    from notices import feeds

    return feeds.links(page, context.get("request"))
