"""Template access to a page's calendar feed links (events.calendar.feeds); no logic of its own."""

from django import template

from events.calendar import feeds

register = template.Library()


@register.simple_tag(takes_context=True)
def feed_links(context, page):
    """The Subscribe links of `page`'s feed, or None when it has none (or is not public).

    Memoised on the request: the head link and the Subscribe control ask for the same page.
    """
    request = context.get("request")
    memo = getattr(request, "_feed_links", None) if request is not None else None
    if memo is None:
        memo = {}
        if request is not None:
            request._feed_links = memo
    if page is None or not getattr(page, "pk", None):
        return None
    if page.pk not in memo:
        memo[page.pk] = feeds.subscribe_links(page, request)
    return memo[page.pk]
